"""SLA: one shard of a sweep, called by the SlaSweep state machine's Map."""

from dataclasses import asdict

from aws_lambda_powertools import Logger

from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.sla.sweep import SweepDeps, sweep_shard

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event, context):
    report = sweep_shard(
        int(event["shard"]),
        SweepDeps(
            conversations=wiring.conversations(),
            organizations=wiring.organizations(),
            events=wiring.event_bus(),
            assign_queue=wiring.assign_queue(),
            clock=current_clock(),
        ),
    )
    logger.info("sweep", extra=asdict(report))
    return asdict(report)
