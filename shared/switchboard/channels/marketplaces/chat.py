"""What the chat marketplaces' connectors share (Shopee, TikTok Shop): a push located by the shop it names
and signed in the `Authorization` header, busy answers retried as the 503 they mean, and Retry-After."""

from __future__ import annotations

from dataclasses import replace

from switchboard.adapters.http import HttpResponse
from switchboard.channels.base import ConnectionLocator, WebhookRequest, json_body, required_str
from switchboard.channels.marketplaces.base import retryable
from switchboard.errors import BadSignature
from switchboard.models import Channel


def retry_after(response: HttpResponse) -> float | None:
    """Seconds a 429 asks us to wait (Retry-After in seconds), else None: the retry policy backs off."""
    value = response.header("retry-after")
    return float(value) if value and value.strip().isdigit() else None


def busy_as_unavailable(response: HttpResponse, busy: bool) -> HttpResponse:
    """A marketplace's "busy, try later" answer is the 503 it means, whatever status carried it, so the retry
    policy retries it."""
    return replace(response, status=503) if busy and not retryable(response) else response


class ShopPushAdapter:
    """The webhook half of a chat marketplace's adapter: the shop is the body's `shop_id` (one callback URL
    serves every shop of the app), and the signature is in `Authorization` (checked by `verify`)."""

    channel: Channel
    marketplace: str  # its name, in messages

    def require_signature(self, request: WebhookRequest) -> None:
        """Before the body is read: an `Authorization` that is no hex HMAC-SHA256 (a console's Bearer token) is
        no signature of the marketplace's."""
        given = (request.header("authorization") or "").strip()
        if len(given) != 64 or not all(c in "0123456789abcdefABCDEF" for c in given):
            raise BadSignature(f"{self.marketplace}'s Authorization header (a hex HMAC-SHA256) is required",
                               code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        return ConnectionLocator(self.channel, external_id=required_str(json_body(request), "shop_id"))

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        return [self.locate(request)]
