"""Deliver: queued replies to the channel send APIs; failures retried by the queue, then marked failed."""

import json

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.delivery.deliver import DeliverDeps, deliver
from switchboard.delivery.tokens import TokenDeps
from switchboard.models import Channel
from switchboard.settings import settings

logger = Logger()
# FIFO, grouped by conversation: a record that fails returns with every later record of its
# conversation in the batch, so none is sent ahead of it; other conversations go on.
processor = SqsFifoPartialProcessor(skip_group_on_error=True)
# Matches the outbound queue's maxReceiveCount: the last attempt marks the message failed.
MAX_ATTEMPTS = 5


def _deps() -> DeliverDeps:
    s = settings()
    signed = s.callback_api_base_url
    sender = wiring.http_sender()
    return DeliverDeps(
        conversations=wiring.conversations(),
        connections=wiring.connections(),
        secrets=wiring.secret_store(),
        sender=sender,
        base_urls={
            Channel.ZALO: s.zalo_api_base_url,
            Channel.MESSENGER: s.messenger_api_base_url,
            Channel.WEB: signed,
            Channel.PARTNER: signed,
            Channel.MARKETPLACE: signed,
            Channel.WISH: s.wish_api_base_url,
            Channel.SHOPEE: s.shopee_api_base_url,
            Channel.LAZADA: s.lazada_api_base_url,
            Channel.TIKTOK_SHOP: s.tiktok_shop_api_base_url,
        },
        attachments=wiring.attachment_store(),
        tokens=TokenDeps(secrets=wiring.secret_store(), leases=wiring.refresh_leases(), post=sender.post,
                         oauth_base_url=s.zalo_oauth_base_url, clock=current_clock()),
        clock=current_clock(),
    )


def record_handler(record: SQSRecord) -> None:
    work = json.loads(record.body)
    logger.append_keys(conversation_id=work["conversation_id"])
    outcome = deliver(
        work["conversation_id"], work["sort_key"],
        attempt=int(record.attributes.approximate_receive_count), max_attempts=MAX_ATTEMPTS, deps=_deps(),
    )
    logger.info("delivery", extra={"outcome": outcome})


@logger.inject_lambda_context
def lambda_handler(event, context):
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
