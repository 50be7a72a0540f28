"""Zalo Official Account: webhook events and the customer-service message API.

Signature: X-ZEvent-Signature: mac=<hex sha256(app_id + raw body + timestamp + OA secret key)>.
"""

from __future__ import annotations

import hashlib
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
from switchboard.errors import BadSignature, ChannelRejected
from switchboard.models import Channel, Connection, ConnectionSecrets, InboundContact, InboundEvent

SIGNATURE_HEADER = "x-zevent-signature"
# Events that carry a customer's message, and the attachment type each one carries.
MESSAGE_EVENTS = {
    "user_send_text": None,
    "user_send_image": "image",
    "user_send_gif": "image",
    "user_send_sticker": "image",
    "user_send_file": "file",
    "user_send_audio": "file",
    "user_send_video": "video",
    "user_send_link": "file",
    "user_send_location": "file",
}


class ZaloAdapter:
    channel = Channel.ZALO

    def require_signature(self, request: WebhookRequest) -> None:
        if not request.header(SIGNATURE_HEADER):
            raise BadSignature("X-ZEvent-Signature is missing", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        body = json_body(request)
        return ConnectionLocator(self.channel, external_id=required_str(body, "recipient", "id"))

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        body = json_body(request)
        sent = body.get("timestamp")
        # Zalo sends the timestamp as text; anything unlike one cannot match a signature (401, not 422).
        timestamp = str(sent) if isinstance(sent, (str, int)) and not isinstance(sent, bool) else ""
        digest = hashlib.sha256(
            secrets.get("app_id").encode() + request.body + timestamp.encode() + secrets.get("oa_secret_key").encode()
        ).hexdigest()
        given = request.header(SIGNATURE_HEADER) or ""
        same_signature(digest, given.removeprefix("mac="))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        body = json_body(request)
        name = str(body.get("event_name", ""))
        if name not in MESSAGE_EVENTS:
            return []  # follow, seen and delivery receipts: acknowledged, nothing for an agent
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        attachments = [
            attachment_of(a, MESSAGE_EVENTS[name]) for a in list_field(message, "attachments", "message.") if isinstance(a, dict)
        ]
        return [
            InboundEvent(
                connection=connection,
                kind="message",
                event_key=required_str(body, "message", "msg_id"),
                sent_at=millis_to_datetime(body.get("timestamp"), "timestamp"),
                contact=InboundContact(channel_user_id=required_str(body, "sender", "id")),
                text=text_field(message.get("text"), "message.text"),
                attachments=attachments,
                channel_message_id=required_str(body, "message", "msg_id"),
            )
        ]

    def outbound(
        self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str
    ) -> HttpRequest:
        payload: dict = {"recipient": {"user_id": message.recipient}, "message": {}}
        if message.text:
            payload["message"]["text"] = message.text
        media = [a for a in message.attachments if a.url]
        if media:
            payload["message"]["attachment"] = {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{"media_type": "image" if a.type == "image" else "file", "url": a.url} for a in media],
                },
            }
        return HttpRequest(
            url=f"{base_url.rstrip('/')}/v3.0/oa/message/cs",
            body=payload,
            headers={"access_token": secrets.get("access_token"), "X-Switchboard-Connection-Id": connection.connection_id},
        )

    def sent_id(self, response: HttpResponse) -> str:
        if response.status >= 500 or response.status == 429:
            raise ChannelRejected(f"Zalo answered {response.status}", retryable=True)
        if response.status >= 400 or response.body.get("error") not in (0, "0"):
            raise ChannelRejected(f"Zalo refused the message: {response.body.get('message')}", retryable=False)
        return str(field(response.body, "data", "message_id") or "")
