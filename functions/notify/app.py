"""Notify: emails for domain events from the bus."""

from aws_lambda_powertools import Logger

from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.notify.emails import NotifyDeps, notify_event

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event, context):
    deps = NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), mailer=wiring.mailer())
    if event.get("kind") == "digest":
        from switchboard.notify.digest import send_digests

        return {"sent": send_digests(deps, organizations=wiring.organizations(), clock=current_clock())}
    recipients = notify_event(event.get("detail-type", ""), event.get("detail") or {}, deps)
    return {"sent": len(recipients)}
