"""Notify: emails for domain events from the bus, for @mentions in new notes from the table's stream, and the
hourly digest from the schedule."""

from aws_lambda_powertools import Logger

from switchboard import wiring
from switchboard.adapters.events import SOURCE
from switchboard.clock import current_clock
from switchboard.notify.emails import NotifyDeps, notify_event, notify_mentions

logger = Logger()


def is_domain_event(event) -> bool:
    """An event of ours from the bus. Anything else is the digest schedule, whatever it sends: its Input
    (`{"kind": "digest"}`), `{}` or nothing from EventBridge Scheduler without one, or a scheduled rule's
    "Scheduled Event" (source aws.events). A digest run sends only what is due, so an extra one is harmless."""
    return isinstance(event, dict) and event.get("source") == SOURCE and "detail-type" in event


def is_stream_batch(event) -> bool:
    """New notes from the table's stream (the MentionedInNotes filter lets only those through)."""
    return isinstance(event, dict) and bool(event.get("Records")) and event["Records"][0].get("eventSource") == "aws:dynamodb"


@logger.inject_lambda_context
def lambda_handler(event, context):
    if is_stream_batch(event):
        from switchboard.store.changes import MessageChange, changes_of

        notes = [c.after for c in changes_of(event["Records"]) if isinstance(c, MessageChange) and c.before is None and c.after]
        deps = NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), organizations=wiring.organizations(), mailer=wiring.mailer())
        # A failure raises: Lambda retries the batch (halved), then records it in FailureQueue.
        return {"sent": len(notify_mentions(notes, deps))}
    if is_domain_event(event):
        deps = NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), organizations=wiring.organizations(), mailer=wiring.mailer())
        return {"sent": len(notify_event(event["detail-type"], event.get("detail") or {}, deps))}
    from switchboard.notify.digest import DigestDeps, send_digests

    deps = DigestDeps(organizations=wiring.organizations(), agents=wiring.agents(), conversations=wiring.conversations(),
                      marks=wiring.digest_marks(), mailer=wiring.mailer(), clock=current_clock())
    return {"sent": send_digests(deps)}
