"""Notify: emails for domain events from the bus, and the hourly digest from the schedule."""

from aws_lambda_powertools import Logger

from switchboard import wiring
from switchboard.adapters.events import SOURCE
from switchboard.clock import current_clock
from switchboard.notify.emails import NotifyDeps, notify_event

logger = Logger()


def is_domain_event(event) -> bool:
    """An event of ours from the bus. Anything else is the digest schedule, whatever it sends: its Input
    (`{"kind": "digest"}`), `{}` or nothing from EventBridge Scheduler without one, or a scheduled rule's
    "Scheduled Event" (source aws.events). A digest run sends only what is due, so an extra one is harmless."""
    return isinstance(event, dict) and event.get("source") == SOURCE and "detail-type" in event


@logger.inject_lambda_context
def lambda_handler(event, context):
    if is_domain_event(event):
        deps = NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), organizations=wiring.organizations(), mailer=wiring.mailer())
        return {"sent": len(notify_event(event["detail-type"], event.get("detail") or {}, deps))}
    from switchboard.notify.digest import DigestDeps, send_digests

    deps = DigestDeps(organizations=wiring.organizations(), agents=wiring.agents(), conversations=wiring.conversations(),
                      marks=wiring.digest_marks(), mailer=wiring.mailer(), clock=current_clock())
    return {"sent": send_digests(deps)}
