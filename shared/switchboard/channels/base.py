"""What every channel adapter provides, and helpers they share."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from collections.abc import Callable
from typing import Any, Protocol

from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.errors import BadSignature, InvalidFields, MalformedRequest
from switchboard.jsonbody import UnacceptableJson, parse
from switchboard.models import Attachment, Card, Channel, Connection, ConnectionSecrets, InboundEvent


@dataclass(frozen=True)
class WebhookRequest:
    method: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class ConnectionLocator:
    """How to find the connection a webhook is for: by our id, or by the channel's account id."""

    channel: Channel
    connection_id: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class OutboundMessage:
    recipient: str
    text: str | None
    attachments: list[Attachment]
    message_id: str
    # The customer's message this one answers (its channel id): Zalo's free reply names it.
    reply_to: str | None = None
    # A Messenger message tag (HUMAN_AGENT) to send outside the 24-hour window; None: a RESPONSE.
    messaging_tag: str | None = None
    # An item or order card, sent after the text and attachments (channels that carry cards: conversations/cards.py).
    card: Card | None = None


Post = Callable[[HttpRequest], HttpResponse]


class ChannelAdapter(Protocol):
    channel: Channel

    def require_signature(self, request: WebhookRequest) -> None: ...

    def locate(self, request: WebhookRequest) -> ConnectionLocator: ...

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        """Every account the delivery is for (a Messenger delivery batches several pages); usually one."""
        ...

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None: ...

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]: ...

    def outbound(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str) -> HttpRequest: ...

    def sent_id(self, response: HttpResponse) -> str: ...

    # Optional: `send(connection, secrets, message, base_url, post) -> channel message id`, for channels whose
    # message takes several requests (an upload, then the send); `send_message` falls back to one request.


def send_message(adapter: ChannelAdapter, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage,
                 base_url: str, post: Post) -> str:
    """Send `message` in the channel's own form; the channel's id for it. Raises ChannelRejected (or a subclass)."""
    send = getattr(adapter, "send", None)
    if send is not None:
        return send(connection, secrets, message, base_url, post)
    return adapter.sent_id(post(adapter.outbound(connection, secrets, message, base_url)))


def json_body(request: WebhookRequest) -> dict[str, Any]:
    """The body, parsed; a lone surrogate in it becomes U+FFFD, so the customer's message is stored, not lost."""
    try:
        value = parse(request.body, lone_surrogates="replace")
    except UnacceptableJson as error:
        raise MalformedRequest(f"the body is not acceptable JSON: {error.message}", code="malformed_json") from None
    if not isinstance(value, dict):
        raise MalformedRequest("the body must be a JSON object", code="malformed_json")
    return value


def same_signature(expected: str, given: str | None) -> None:
    # compare_digest refuses non-ASCII text; a forged header of any alphabet is just a wrong signature.
    candidate = (given or "").strip().lower()
    if not candidate or not candidate.isascii() or not hmac.compare_digest(expected.lower(), candidate):
        raise BadSignature("the webhook signature does not match")


def list_field(obj: dict, name: str, where: str) -> list:
    """A field that must be a list when present; anything else is the sender's mistake (422)."""
    value = obj.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidFields(f"{where}{name} must be a list")
    return value


def millis_to_datetime(value: Any, field_name: str) -> datetime:
    try:
        if isinstance(value, bool):
            raise TypeError("a boolean is not a time")
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidFields(f"{field_name} must be a time in milliseconds") from None


def field(obj: dict, *path: str) -> Any:
    for name in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(name)
    return obj


MAX_ID_CHARS = 256  # channels' ids are far shorter; ids become parts of keys, which DynamoDB bounds


def required_str(obj: dict, *path: str) -> str:
    """An id the channel must send: a string or a whole number, of at most MAX_ID_CHARS characters."""
    value = field(obj, *path)
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value) == "":
        raise InvalidFields(f"{'.'.join(path)} is required (a string)")
    if len(str(value)) > MAX_ID_CHARS:
        raise InvalidFields(f"{'.'.join(path)} is longer than {MAX_ID_CHARS} characters")
    return str(value)


def text_field(value: object, where: str) -> str | None:
    """A text a channel sent: a string, or a number or boolean written as text (the customer wrote it,
    so it is kept); absent or empty is None; an object or a list is not a text (422)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise InvalidFields(f"{where} must be a string")


def attachment_of(value: dict, kind: str | None) -> Attachment:
    """An attachment as Zalo and Messenger describe one: its type (unless the event implies it) and payload.url."""
    url = field(value, "payload", "url")
    return Attachment(type=kind or text_field(value.get("type"), "attachments[].type") or "file",
                      url=url if isinstance(url, str) and url else None)
