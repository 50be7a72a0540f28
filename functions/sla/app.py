"""SLA: one shard of a sweep, called by the SlaSweep state machine's Map."""

from dataclasses import asdict

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.sla.sweep import SweepDeps, sweep_shard

logger = Logger()
metrics = Metrics()  # namespace from POWERTOOLS_METRICS_NAMESPACE (template.yaml); an alarm watches it


@metrics.log_metrics
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
            agents=wiring.agents(),
        ),
    )
    # A sweep that found nothing to do writes nothing: 350,000 of them a month would be the largest log
    # and metric bill of an idle deployment. The alarm treats a missing SlaActionsFailed as not breaching.
    if report.acted or report.failed or report.offline:
        logger.info("sweep", extra=asdict(report))
        metrics.add_metric(name="SlaActionsFailed", unit=MetricUnit.Count, value=report.failed)
        metrics.add_metric(name="SlaActionsTaken", unit=MetricUnit.Count, value=report.acted)
    else:
        logger.debug("sweep", extra=asdict(report))
    return asdict(report)
