"""What every channel adapter provides, and helpers they share."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.errors import BadSignature, InvalidFields, MalformedRequest
from switchboard.models import Attachment, Channel, Connection, ConnectionSecrets, InboundEvent


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


class ChannelAdapter(Protocol):
    channel: Channel

    def require_signature(self, request: WebhookRequest) -> None: ...

    def locate(self, request: WebhookRequest) -> ConnectionLocator: ...

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None: ...

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]: ...

    def outbound(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str) -> HttpRequest: ...

    def sent_id(self, response: HttpResponse) -> str: ...


def json_body(request: WebhookRequest) -> dict[str, Any]:
    try:
        value = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedRequest("the body is not valid JSON", code="malformed_json") from None
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
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidFields(f"{field_name} must be a time in milliseconds") from None


def field(obj: dict, *path: str) -> Any:
    for name in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(name)
    return obj


def required_str(obj: dict, *path: str) -> str:
    value = field(obj, *path)
    if not isinstance(value, (str, int)) or str(value) == "":
        raise InvalidFields(f"{'.'.join(path)} is required")
    return str(value)
