"""Queued replies out to the channel send APIs. Retries come from the queue; a message that cannot
be delivered is kept and marked failed, never dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from switchboard.channels.base import OutboundMessage, send_message
from switchboard.channels.registry import adapter_for
from switchboard.clock import Clock, current_clock
from switchboard.conversations.attachments import for_channel
from switchboard.delivery import tokens
from switchboard.errors import ChannelRejected, TokenExpired
from switchboard.models import Channel, Connection, ConnectionSecrets, Message
from switchboard.store import keys

# Zalo's free replies answer a customer's message within 48 hours of it; a later reply names only the user.
ZALO_REPLY_WINDOW = timedelta(hours=48)


@dataclass
class DeliverDeps:
    conversations: object
    connections: object
    secrets: object
    sender: object  # HttpSender
    base_urls: dict[Channel, str]
    attachments: object = None  # AttachmentStore: signs the links channels fetch uploaded files from
    tokens: tokens.TokenDeps | None = None  # refreshes channel tokens that expire (Zalo); None: never refreshed
    clock: Clock | None = None  # None: the process's clock


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
        outbound = OutboundMessage(
            recipient=conv.contact.channel_user_id,
            text=message.text,
            attachments=for_channel(message.attachments, deps.attachments),
            message_id=message.message_id,
            reply_to=_answered(conversation_id, message, connection, deps),
            messaging_tag=message.messaging_tag,
            card=message.card,
        )
        try:
            channel_message_id, secrets = _send(adapter, connection, secrets, outbound, deps)
        except ChannelRejected as error:
            if error.retryable and attempt < max_attempts:
                raise RetryLater(str(error)) from error  # the record comes back; what was sent stays sent
            deps.conversations.set_message_status(conversation_id, message.sort_key, "failed", error=str(error),
                                                  error_code=error.code, only_from="queued")
            outcome = "failed"
            continue
        deps.conversations.set_message_status(conversation_id, message.sort_key, "sent",
                                              channel_message_id=channel_message_id, only_from="queued")
        outcome = "sent"
    return outcome


def _send(adapter, connection: Connection, secrets: ConnectionSecrets, outbound: OutboundMessage,
          deps: DeliverDeps) -> tuple[str, ConnectionSecrets]:
    """Send with a token refreshed ahead of its expiry; on the channel's expired-token error, refresh it and
    send once more (a second expired-token error fails the message)."""
    base_url = deps.base_urls[connection.channel]
    if deps.tokens is not None:
        secrets = tokens.current(adapter, connection, secrets, deps.tokens)
    try:
        return send_message(adapter, connection, secrets, outbound, base_url, deps.sender.post), secrets
    except TokenExpired:
        if deps.tokens is None:
            raise
        secrets = tokens.refresh(adapter, connection, secrets, deps.tokens)
    return send_message(adapter, connection, secrets, outbound, base_url, deps.sender.post), secrets


def _answered(conversation_id: str, message: Message, connection: Connection, deps: DeliverDeps) -> str | None:
    """The channel id of the customer's message a reply answers: Zalo's free reply names it (while open, 48 h);
    a Lazada or Shopee reply marks the buyer's conversation read up to it."""
    if connection.channel not in (Channel.ZALO, Channel.LAZADA, Channel.SHOPEE):
        return None
    if message.free_reply_key:
        # The message whose free reply the window policy gave it when it was accepted (a retry's may be newer than
        # the reply itself): named without a read.
        return keys.inbound_event_key(message.free_reply_key)
    customer = deps.conversations.latest_inbound(conversation_id, before=message.sort_key)
    if customer is None or not customer.channel_message_id:
        return None
    if connection.channel in (Channel.LAZADA, Channel.SHOPEE):
        return customer.channel_message_id
    # The window runs from when the customer's message reached us, as the messaging-window policy counts it
    # (conversations/messaging_window.py): one clock for both, whatever the channel's own timestamp says.
    if (deps.clock or current_clock()).now() - customer.created_at > ZALO_REPLY_WINDOW:
        return None
    return customer.channel_message_id
