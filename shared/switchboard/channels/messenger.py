"""Facebook Messenger page: the hub.challenge handshake, signed webhooks, the Send API.

Signature: X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.channels.base import (
    ConnectionLocator,
    OutboundMessage,
    WebhookRequest,
    attachment_of,
    field,
    json_body,
    list_field,
    millis_to_datetime,
    required_str,
    same_signature,
    text_field,
)
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields
from switchboard.models import Channel, Connection, ConnectionSecrets, InboundContact, InboundEvent

SIGNATURE_HEADER = "x-hub-signature-256"
GRAPH_VERSION = "v21.0"


class MessengerAdapter:
    channel = Channel.MESSENGER

    def require_signature(self, request: WebhookRequest) -> None:
        if not request.header(SIGNATURE_HEADER):
            raise BadSignature("X-Hub-Signature-256 is missing", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        body = json_body(request)
        entries = body.get("entry")
        if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
            raise InvalidFields("entry must be a non-empty list")
        return ConnectionLocator(self.channel, external_id=required_str(entries[0], "id"))

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        digest = hmac.new(secrets.get("app_secret").encode(), request.body, hashlib.sha256).hexdigest()
        same_signature(digest, (request.header(SIGNATURE_HEADER) or "").removeprefix("sha256="))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        body = json_body(request)
        events = []
        for entry in list_field(body, "entry", ""):
            if not isinstance(entry, dict) or str(entry.get("id")) != connection.external_id:
                continue  # one delivery may batch several pages; only this connection's are ours
            for item in list_field(entry, "messaging", "entry[]."):
                message = item.get("message") if isinstance(item, dict) else None
                if not isinstance(message, dict) or message.get("is_echo"):
                    continue  # read and delivery receipts, and echoes of our own sends
                events.append(
                    InboundEvent(
                        connection=connection,
                        kind="message",
                        event_key=required_str(message, "mid"),
                        sent_at=millis_to_datetime(item.get("timestamp"), "timestamp"),
                        contact=InboundContact(channel_user_id=required_str(item, "sender", "id")),
                        text=text_field(message.get("text"), "message.text"),
                        attachments=[
                            attachment_of(a, None) for a in list_field(message, "attachments", "message.")
                            if isinstance(a, dict)
                        ],
                        channel_message_id=required_str(message, "mid"),
                    )
                )
        return events

    def outbound(
        self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str
    ) -> HttpRequest:
        body: dict = {"recipient": {"id": message.recipient}, "messaging_type": "RESPONSE", "message": {}}
        if message.text:
            body["message"]["text"] = message.text
        media = [a for a in message.attachments if a.url]
        if media and not message.text:
            kind = media[0].type if media[0].type in ("image", "video", "audio") else "file"
            body["message"]["attachment"] = {"type": kind, "payload": {"url": media[0].url, "is_reusable": True}}
        return HttpRequest(
            url=f"{base_url.rstrip('/')}/{GRAPH_VERSION}/me/messages?access_token={secrets.get('page_access_token')}",
            body=body,
            headers={"X-Switchboard-Connection-Id": connection.connection_id},
        )

    def sent_id(self, response: HttpResponse) -> str:
        if response.status >= 500 or response.status == 429:
            raise ChannelRejected(f"Messenger answered {response.status}", retryable=True)
        if response.status >= 400:
            raise ChannelRejected(f"Messenger refused the message: {field(response.body, 'error', 'message')}", retryable=False)
        return str(response.body.get("message_id") or "")
