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
    message = deps.conversations.get_message(conversation_id, sort_key)
    if message is None or message.status in ("sent", "read"):
        return "skipped"  # unknown, or delivered by an earlier attempt
    conv = deps.conversations.find(conversation_id)
    if conv is None:
        return "skipped"
    connection = deps.connections.get(conv.org_id, conv.connection_id)
    adapter = adapter_for(connection.channel)
    request = adapter.outbound(
        connection,
        deps.secrets.get(connection.connection_id),
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
            raise RetryLater(str(error)) from error
        deps.conversations.set_message_status(conversation_id, sort_key, "failed", error=str(error))
        return "failed"
    deps.conversations.set_message_status(conversation_id, sort_key, "sent", channel_message_id=channel_message_id)
    return "sent"
