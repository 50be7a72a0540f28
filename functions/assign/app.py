"""Assign: automatic assignment from the FIFO queue; manual assign, claim, transfer; status and presence."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from switchboard.api import assignment, presence
from switchboard.api.http import make_resolver
from switchboard.routing.assign import assign_conversation, drain_queue
from switchboard.routing.redistribute import Redistribution, redistribute
from switchboard.routing.work import AssignWork

logger = Logger()
app = make_resolver(assignment.routes(), presence.routes())
# FIFO: when one record fails, the rest of its batch is returned too, so order per organization holds.
processor = SqsFifoPartialProcessor()


def record_handler(record: SQSRecord) -> None:
    work = AssignWork.model_validate_json(record.body)
    logger.append_keys(org_id=work.org_id, conversation_id=work.conversation_id)
    deps = assignment.routing_deps()
    if work.kind == "conversation":
        assign_conversation(work.org_id, work.conversation_id, deps)
    elif work.kind == "redistribute":
        change = Redistribution(
            org_id=work.org_id, rule_id=work.rule_id, removed_agent_ids=tuple(work.removed_agent_ids),
            added_connection_ids=tuple(work.added_connection_ids),
        )
        outcome = redistribute(change, deps)
        logger.info("redistributed", extra={"rerouted": len(outcome.rerouted), "history": len(outcome.history_moved)})
        drain_queue(work.org_id, deps)  # whoever was queued meanwhile may fit the new team
    else:
        drain_queue(work.org_id, deps)


@logger.inject_lambda_context
def lambda_handler(event, context):
    if "Records" in event:
        return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    return app.resolve(event, context)
