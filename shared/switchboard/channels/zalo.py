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
from switchboard.models import Attachment, Channel, Connection, ConnectionSecrets, InboundContact, InboundEvent

SIGNATURE_HEADER = "x-zevent-signature"
# Events that carry a customer's message, and the attachment type each one is stored as.
MESSAGE_EVENTS = {
    "user_send_text": None,
    "user_send_image": "image",
    "user_send_gif": "image",
    "user_send_sticker": "image",
    "user_send_file": "file",
    "user_send_audio": "file",
    "user_send_video": "video",
    "user_send_link": "link",
    "user_send_business_card": "link",
    "user_send_location": "location",
}
# Events where the OA is the sender (sender.id is the OA, recipient.id the user): receipts for the OA's
# messages, and every oa_send_* / oa_reacted_* echo of what the OA did.
OA_SENDER_EVENTS = ("user_received_message", "user_seen_message")
# Receipts for the OA's messages, and the status each moves them to.
RECEIPT_EVENTS = {"user_received_message": "delivered", "user_seen_message": "read"}
# The attachment type an echo (oa_send_<kind>) of each kind is stored as; text has none, any other is a file.
ECHO_ATTACHMENTS = {"text": None, "image": "image", "gif": "image", "sticker": "image", "video": "video",
                    "audio": "file", "file": "file", "link": "link", "location": "location"}


class ZaloAdapter:
    channel = Channel.ZALO

    def require_signature(self, request: WebhookRequest) -> None:
        if not request.header(SIGNATURE_HEADER):
            raise BadSignature("X-ZEvent-Signature is missing", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        """The OA the event is for: `oa_id` where the event names it (follow, unfollow), the sender where the OA
        sent or its message was received or seen, else the recipient (the customer wrote to the OA)."""
        body = json_body(request)
        name = str(body.get("event_name", ""))
        if body.get("oa_id") not in (None, ""):
            path: tuple[str, ...] = ("oa_id",)
        elif name.startswith("oa_") or name in OA_SENDER_EVENTS:
            path = ("sender", "id")
        else:
            path = ("recipient", "id")
        return ConnectionLocator(self.channel, external_id=required_str(body, *path))

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        return [self.locate(request)]

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
        sent_at = millis_to_datetime(body.get("timestamp"), "timestamp")
        if name in RECEIPT_EVENTS:
            # The OA's messages the user received or saw, by the ids the send API answered.
            message = body.get("message") if isinstance(body.get("message"), dict) else {}
            ids = [required_str({"id": i}, "id") for i in list_field(message, "msg_ids", "message.")]
            return [InboundEvent(
                connection=connection, kind="receipt", event_key=f"{name}:{body.get('timestamp')}", sent_at=sent_at,
                contact=InboundContact(channel_user_id=required_str(body, "recipient", "id")),
                receipt=RECEIPT_EVENTS[name], receipt_ids=ids,
            )]
        if name in ("follow", "unfollow"):
            return [InboundEvent(
                connection=connection, kind=name, event_key=f"{name}:{body.get('timestamp')}", sent_at=sent_at,
                contact=InboundContact(channel_user_id=required_str(body, "follower", "id")),
            )]
        echo = name.startswith("oa_send_")
        if name not in MESSAGE_EVENTS and not echo:
            return []  # reactions: acknowledged, nothing an agent answers
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        kind = MESSAGE_EVENTS.get(name) if not echo else ECHO_ATTACHMENTS.get(name.removeprefix("oa_send_"), "file")
        attachments = [
            _attachment(a, kind) for a in list_field(message, "attachments", "message.") if isinstance(a, dict)
        ]
        # An echo is the OA's own message (sent from Zalo's OA tools or by us): the user is the recipient.
        user = required_str(body, "recipient" if echo else "sender", "id")
        return [
            InboundEvent(
                connection=connection,
                kind="echo" if echo else "message",
                event_key=required_str(body, "message", "msg_id"),
                sent_at=sent_at,
                contact=InboundContact(channel_user_id=user),
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


def _attachment(value: dict, kind: str | None) -> Attachment:
    """A Zalo attachment kept whole: a file's name and size, a location's coordinates (as a geo: URI, RFC 5870)."""
    found = attachment_of(value, kind)
    payload = value.get("payload") if isinstance(value.get("payload"), dict) else {}
    if found.type == "location":
        point = _coordinates(payload.get("coordinates"))
        return found.model_copy(update={"url": f"geo:{point}", "name": point}) if point else found
    if found.type == "file":
        size = payload.get("size")
        return found.model_copy(update={
            "name": text_field(payload.get("name"), "attachments[].payload.name"),
            "size": _size(size),
        })
    return found


def _coordinates(value: object) -> str | None:
    """"latitude,longitude" from Zalo's {latitude, longitude} (numbers written as text), or None if they are not numbers."""
    if not isinstance(value, dict):
        return None
    latitude, longitude = value.get("latitude", value.get("lat")), value.get("longitude", value.get("long"))
    try:
        if isinstance(latitude, bool) or isinstance(longitude, bool):
            return None
        if not (-90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180):
            return None
    except (TypeError, ValueError):
        return None
    # Written back from the numbers: the same text for what Zalo sends, bounded whatever a body holds.
    return f"{float(latitude)},{float(longitude)}"


def _size(value: object) -> int | None:
    """A file's size in bytes (Zalo writes it as text); anything else, or beyond any real file, is not kept."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit() or len(str(value)) > 15:
        return None
    return int(value)
