"""Assign: automatic assignment from the FIFO queue; manual assign, claim, transfer; status and presence."""

from aws_lambda_powertools import Logger

import switchboard.api  # noqa: F401, I001  first: Powertools' event classes are then imported one by one (api/__init__.py)
# The batch utility before pydantic: with pydantic already imported it imports Powertools' parser models too
# (utilities/batch/types.py), which SQS records handled as dicts never use.
from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from switchboard import wiring
from switchboard.api import assignment, presence
from switchboard.api.http import make_resolver
from switchboard.routing.work import AssignWork, AssignWorker

logger = Logger()
app = make_resolver(assignment.routes(), presence.routes())
# FIFO: when one record fails, the rest of its batch is returned too, so order per organization holds.
processor = SqsFifoPartialProcessor()


def record_handler(record: SQSRecord, worker: AssignWorker) -> None:
    work = AssignWork.model_validate_json(record.body)
    logger.append_keys(org_id=work.org_id, conversation_id=work.conversation_id)
    outcome = worker.handle(work)
    if outcome is not None:
        logger.info("redistributed", extra={"rerouted": len(outcome.rerouted), "history": len(outcome.history_moved)})


@logger.inject_lambda_context
def lambda_handler(event, context):
    if "Records" in event:
        # One routing pass per organization for this batch; first contacts are announced once routed.
        worker = AssignWorker(assignment.routing_deps(), events=wiring.event_bus())
        return process_partial_response(
            event=event, record_handler=lambda record: record_handler(record, worker), processor=processor,
            context=context,
        )
    return app.resolve(event, context)
