"""Queued replies out to the channel send APIs. Retries come from the queue; a message that cannot
be delivered is kept and marked failed, never dropped."""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.channels.base import OutboundMessage
from switchboard.channels.registry import adapter_for
from switchboard.conversations.attachments import for_channel
from switchboard.errors import ChannelRejected
from switchboard.models import Channel


@dataclass
class DeliverDeps:
    conversations: object
    connections: object
    secrets: object
    sender: object  # HttpSender
    base_urls: dict[Channel, str]
    attachments: object = None  # AttachmentStore: signs the links channels fetch uploaded files from


class RetryLater(Exception):
    """The channel failed in a way worth retrying: leave the message on the queue."""


def deliver(conversation_id: str, sort_key: str, *, attempt: int, max_attempts: int, deps: DeliverDeps) -> str:
    """Send the conversation's agent messages still queued up to the one keyed `sort_key`, oldest first;
    the outcome for that one.

    Each message's queue record is sent after its own write, so records of one conversation may
    arrive in another order than the thread's; the record of a message therefore sends the earlier
    ones still queued first, and theirs find nothing left. The queue is FIFO with the conversation
    as message group, so one delivery per conversation runs at a time: the channel gets the messages
    once each, in the thread's order. A message the channel refuses for good (or past the last
    attempt) is marked failed and the next ones go on; it can be retried (`retry_failed`).
    """
    pending = deps.conversations.pending_outbound(conversation_id, up_to=sort_key)
    conv = deps.conversations.find(conversation_id) if pending else None
    if conv is None:
        return "skipped"  # unknown, or delivered by an earlier record or attempt
    connection = deps.connections.get(conv.org_id, conv.connection_id)
    adapter = adapter_for(connection.channel)
    secrets = deps.secrets.get(connection.connection_id)
    outcome = "skipped"
    for message in pending:
        request = adapter.outbound(
            connection,
            secrets,
            OutboundMessage(
                recipient=conv.contact.channel_user_id,
                text=message.text,
                attachments=for_channel(message.attachments, deps.attachments),
                message_id=message.message_id,
            ),
            deps.base_urls[connection.channel],
        )
        try:
            channel_message_id = adapter.sent_id(deps.sender.post(request))
        except ChannelRejected as error:
            if error.retryable and attempt < max_attempts:
                raise RetryLater(str(error)) from error  # the record comes back; what was sent stays sent
            deps.conversations.set_message_status(conversation_id, message.sort_key, "failed", error=str(error),
                                                  only_from="queued")
            outcome = "failed"
            continue
        deps.conversations.set_message_status(conversation_id, message.sort_key, "sent",
                                              channel_message_id=channel_message_id, only_from="queued")
        outcome = "sent"
    return outcome
