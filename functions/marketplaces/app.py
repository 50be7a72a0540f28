"""Marketplace sync: the scheduled catch-up poll of every connected marketplace store (Wish has no push; the
others' pushes can be lost)."""

from aws_lambda_powertools import Logger

from switchboard import wiring
from switchboard.channels.marketplaces.sync import PollDeps, poll_every_store
from switchboard.clock import current_clock
from switchboard.inbound.ingest import IngestDeps
from switchboard.settings import settings

logger = Logger()


class StoresNotSynced(Exception):
    """Raised after every store was visited: Lambda retries the run once, then keeps it in the failure queue."""


def _deps() -> PollDeps:
    return PollDeps(
        connections=wiring.connections(),
        stores=wiring.marketplace_stores(),
        connectors=wiring.marketplace_connectors(),
        ingest=IngestDeps(directory=wiring.directory(), conversations=wiring.conversations(),
                          assign_queue=wiring.assign_queue(), clock=current_clock(),
                          max_body_bytes=settings().max_body_bytes, stats=wiring.stats()),
        clock=current_clock(),
    )


@logger.inject_lambda_context
def lambda_handler(event, context):
    outcome = poll_every_store(_deps())
    failed = {store: result for store, result in outcome.items() if isinstance(result, str) and result != "disconnected"}
    for store, result in failed.items():
        logger.error("marketplace store not synced", extra={"connection_id": store, "reason": result})
    synced = {store: r for store, r in outcome.items() if not isinstance(r, str)}
    logger.info("marketplace sync", extra={"stores": len(outcome), "failed": len(failed),
                                           "tickets": sum(r.tickets for r in synced.values()),
                                           "stored": sum(r.stored for r in synced.values())})
    if failed:
        raise StoresNotSynced(f"{len(failed)} of {len(outcome)} marketplace stores not synced: {sorted(failed.items())[:5]}")
    return {"stores": len(outcome), "failed": 0, "tickets": sum(r.tickets for r in synced.values()),
            "stored": sum(r.stored for r in synced.values())}
