"""Our own signed webhook scheme, used by the web widget, the partner inbox and marketplace feeds.

Headers: X-Switchboard-Timestamp: <unix seconds>, X-Switchboard-Signature:
sha256=<hex HMAC-SHA256(signing secret, timestamp + "." + raw body)>. Older than 5 minutes is
refused, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime

from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.channels.base import (
    ConnectionLocator,
    OutboundMessage,
    WebhookRequest,
    json_body,
    list_field,
    required_str,
    same_signature,
    text_field,
)
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields
from switchboard.models import (
    Attachment,
    Channel,
    Connection,
    ConnectionSecrets,
    InboundContact,
    InboundEvent,
    Ticket,
    WorkItem,
    WorkItemStatus,
    WorkItemType,
)

TIMESTAMP_HEADER = "x-switchboard-timestamp"
SIGNATURE_HEADER = "x-switchboard-signature"
REPLAY_WINDOW_SECONDS = 300
EVENT_KINDS = ("message", "rating", "read")
CATEGORIES = ("pre_purchase", "post_purchase_ticket", "post_purchase_support")
MAX_WORK_ITEMS_PER_EVENT = 20
WORK_ITEM_ID_CHARS = 64
WORK_ITEM_TYPES = tuple(t.value for t in WorkItemType)
WORK_ITEM_STATUSES = tuple(s.value for s in WorkItemStatus)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class SignedWebhookAdapter:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def require_signature(self, request: WebhookRequest) -> None:
        if not request.header(SIGNATURE_HEADER) or not request.header(TIMESTAMP_HEADER):
            raise BadSignature("X-Switchboard-Signature and X-Switchboard-Timestamp are required", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        return ConnectionLocator(self.channel, connection_id=request.path_params.get("connection_id"))

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        return [self.locate(request)]

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        timestamp = request.header(TIMESTAMP_HEADER) or ""
        try:
            sent = int(timestamp)
        except ValueError:
            raise BadSignature("X-Switchboard-Timestamp must be unix seconds", code="bad_timestamp") from None
        # The window is checked against both the wall clock and the stack's clock: they are the
        # same in AWS, and a locally advanced clock must not refuse a sender signing with real time.
        if min(abs(time.time() - sent), abs(now.timestamp() - sent)) > REPLAY_WINDOW_SECONDS:
            raise BadSignature("the request is older than 5 minutes; sign it again", code="stale_request")
        same_signature(sign(secrets.get("signing_secret"), timestamp, request.body), request.header(SIGNATURE_HEADER))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        body = json_body(request)
        kind = body.get("type", "message")
        if kind not in EVENT_KINDS:
            raise InvalidFields(f"type must be one of {', '.join(EVENT_KINDS)}")
        contact = body.get("contact") if isinstance(body.get("contact"), dict) else {}
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        entry = body.get("entry") if isinstance(body.get("entry"), dict) else {}
        ticket = _ticket(body.get("ticket"))
        # Linked work items belong to the partner inbox; other channels' bodies do not carry them.
        work_items = _work_items(body) if self.channel == Channel.PARTNER else []
        rating = body.get("rating")
        # bool is an int in Python; JSON true is not a rating.
        if kind == "rating" and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
            raise InvalidFields("rating must be a whole number from 1 to 5")
        text = text_field(message.get("text"), "message.text")
        try:
            attachments = [Attachment.model_validate(a) for a in list_field(message, "attachments", "message.")]
        except ValueError:
            raise InvalidFields("message.attachments must be a list of {type, url, name}") from None
        if kind == "message" and not (text or attachments):
            raise InvalidFields("message.text or message.attachments is required")
        message_id = required_str(message, "id") if message.get("id") not in (None, "") else None
        return [
            InboundEvent(
                connection=connection,
                kind=kind,
                event_key=message_id or required_str(body, "event_id"),
                sent_at=_time(body.get("sent_at")),
                contact=InboundContact(
                    channel_user_id=required_str(contact, "id"),
                    name=text_field(contact.get("name"), "contact.name"),
                    store_name=text_field(contact.get("store_name"), "contact.store_name"),
                    store_url=text_field(contact.get("store_url"), "contact.store_url"),
                    language=text_field(contact.get("language"), "contact.language"),
                ),
                text=text,
                attachments=attachments,
                channel_message_id=message_id,
                entry_group=text_field(entry.get("group"), "entry.group"),
                entry_page=text_field(entry.get("page"), "entry.page"),
                ticket=ticket,
                rating=rating if kind == "rating" else None,
                work_items=work_items if kind == "message" else [],
            )
        ]

    def outbound(
        self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str
    ) -> HttpRequest:
        import json

        url = secrets.get("callback_url") or f"{base_url.rstrip('/')}/{self.channel.value}/messages"
        body = {
            "channel": self.channel.value,
            "connection_id": connection.connection_id,
            "recipient": {"id": message.recipient},
            "message": {
                "id": message.message_id,
                "text": message.text,
                "attachments": [a.model_dump(exclude_none=True) for a in message.attachments],
            },
        }
        timestamp = str(int(time.time()))
        signature = sign(secrets.get("signing_secret"), timestamp, json.dumps(body).encode())
        return HttpRequest(
            url=url,
            body=body,
            headers={
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: signature,
                "X-Switchboard-Connection-Id": connection.connection_id,
            },
        )

    def sent_id(self, response: HttpResponse) -> str:
        if response.status >= 500 or response.status == 429:
            raise ChannelRejected(f"the {self.channel.value} endpoint answered {response.status}", retryable=True)
        if response.status >= 400:
            raise ChannelRejected(f"the {self.channel.value} endpoint refused the message ({response.status})", retryable=False)
        return str(response.body.get("message_id") or "")


def _time(value: object) -> datetime:
    if not isinstance(value, str):
        raise InvalidFields("sent_at is required (ISO 8601)")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidFields("sent_at must be an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _ticket(value: object) -> Ticket | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidFields("ticket must be an object")
    category = value.get("category")
    if category is not None and category not in CATEGORIES:
        raise InvalidFields(f"ticket.category must be one of {', '.join(CATEGORIES)}")
    order = value.get("order")
    return Ticket(
        id=text_field(value.get("id"), "ticket.id"),
        category=category,
        issue_type=text_field(value.get("issue_type"), "ticket.issue_type"),
        region=text_field(value.get("region"), "ticket.region"),
        order=order if isinstance(order, dict) else None,
    )


def _work_items(body: dict) -> list[WorkItem]:
    """`work_items: [{"id", "type": proposal|job|invoice, "status": open|completed|cancelled|declined|closed}]`;
    an id listed twice counts once, with its last entry."""
    listed = list_field(body, "work_items", "")
    if len(listed) > MAX_WORK_ITEMS_PER_EVENT:
        raise InvalidFields(f"work_items lists at most {MAX_WORK_ITEMS_PER_EVENT} items")
    found: dict[str, WorkItem] = {}
    for n, entry in enumerate(listed):
        where = f"work_items[{n}]"
        if not isinstance(entry, dict):
            raise InvalidFields(f"{where} must be an object with id, type and status")
        work_item_id = text_field(entry.get("id"), f"{where}.id")
        if work_item_id is None or len(work_item_id) > WORK_ITEM_ID_CHARS:
            raise InvalidFields(f"{where}.id is required (at most {WORK_ITEM_ID_CHARS} characters)")
        kind, status = entry.get("type"), entry.get("status", WorkItemStatus.OPEN.value)
        if not isinstance(kind, str) or kind not in WORK_ITEM_TYPES:
            raise InvalidFields(f"{where}.type must be one of {', '.join(WORK_ITEM_TYPES)}")
        if not isinstance(status, str) or status not in WORK_ITEM_STATUSES:
            raise InvalidFields(f"{where}.status must be one of {', '.join(WORK_ITEM_STATUSES)}")
        found.pop(work_item_id, None)
        found[work_item_id] = WorkItem(work_item_id=work_item_id, type=kind, status=status)
    return list(found.values())
