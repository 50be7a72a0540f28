"""What every marketplace connector provides, and the rules they share: retries, errors, tokens' shape.

A connector speaks one marketplace's own API. Around it, the same parts serve every marketplace:
`tokens.TokenKeeper` (OAuth2 tokens in the connection's secret, refreshed before they expire, a rotated
refresh token stored once even when two refreshes race), `sync.catch_up` (the scheduled poll by update
time with a stored high-water mark per store) and `actions.TicketDesk` (close, reopen, appeal, refund on
the marketplace before they change the conversation here). A marketplace with a push (Lazada, TikTok
Shop, Shopee) adds a `ChannelAdapter` for its webhook beside its connector; the poll stays as the
catch-up that fills a lost push.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from switchboard.adapters.http import HttpResponse
from switchboard.errors import Conflict, ServiceUnavailable
from switchboard.models import Channel, Connection, InboundEvent


class MarketplaceRefused(Conflict):
    """The marketplace refused the action for good (a permanently closed ticket, a reply out of turn)."""

    code = "marketplace_refused"


class MarketplaceUnavailable(ServiceUnavailable):
    """The marketplace kept answering 429 or 5xx past our retries: nothing changed here; try again later."""

    code = "marketplace_unavailable"


class AuthorizationLost(Conflict):
    """The marketplace no longer accepts this store's tokens: the seller must connect the store again."""

    code = "marketplace_authorization_lost"


class TicketAction(StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"
    APPEAL = "appeal"


@dataclass(frozen=True)
class Grant:
    """OAuth2 tokens as the marketplace issued them."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    # What else the marketplace's authorization gives that later calls need, kept in the secret with the
    # tokens (TikTok Shop's shop cipher).
    extra: dict[str, str] = field(default_factory=dict)
    # The store's market (ISO 3166-1 alpha-2) when the marketplace names it with the tokens (Lazada's `country`);
    # Wish's answer names none.
    market: str | None = None
    # The store accounts the authorization is for, when the marketplace names them with the tokens (Lazada's
    # `country_user_info` seller ids): a connection's external id must be one of them.
    accounts: tuple[str, ...] = ()


@dataclass
class RetryPolicy:
    """429 waits as long as the marketplace asks (capped), 5xx and network failures back off
    exponentially; after `attempts` the last answer is returned for the caller to fail visibly."""

    attempts: int = 4
    base_delay_seconds: float = 0.5
    max_wait_seconds: float = 20.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def call(self, send: Callable[[], HttpResponse], wait_hint: Callable[[HttpResponse], float | None]) -> HttpResponse:
        response = send()
        for attempt in range(1, self.attempts):
            if not retryable(response):
                return response
            hinted = wait_hint(response) if response.status == 429 else None
            delay = hinted if hinted is not None else self.base_delay_seconds * 2 ** (attempt - 1)
            self.sleep(min(max(delay, 0.0), self.max_wait_seconds))
            response = send()
        return response


def retryable(response: HttpResponse) -> bool:
    return response.status == 429 or response.status >= 500


class MarketplaceConnector(Protocol):
    """One marketplace's seller API. `token` is a valid access token (TokenKeeper provides it).

    Hooks a connector has only where its marketplace has the thing (the callers look for them):
    - `session(values) -> token`: what each call is signed with, when a token alone is not (TokenKeeper);
    - `last_message(ticket) -> (contact, message id) | None`: the chat's last message as the list names it, so
      the catch-up skips a chat whose push stored it (sync.py);
    - `lost_pushes(token) -> pages`: the pushes the marketplace could not deliver, each page confirmed once
      stored (Shopee; sync.py).
    """

    channel: Channel
    # How far back of the stored high-water mark each poll looks again: updates committed late with an
    # earlier update time are still found; what was seen is stored once (ingest dedupes by event key).
    poll_overlap: timedelta
    # How far back the first poll of a newly connected store looks.
    first_poll_lookback: timedelta

    def exchange_code(self, credentials: dict[str, str]) -> Grant: ...

    def refresh(self, credentials: dict[str, str], refresh_token: str) -> Grant: ...

    def changed_tickets(self, token: str, since: datetime) -> Iterator[dict]:
        """Tickets updated at or after `since`, oldest update first, every page."""
        ...

    def updated_at(self, ticket: dict) -> datetime: ...

    def events(self, token: str, ticket: dict, connection: Connection) -> list[InboundEvent]: ...

    def reply(self, token: str, ticket_id: str, text: str) -> str: ...

    def act(self, token: str, ticket_id: str, action: TicketAction) -> None: ...

    def refund(self, token: str, order_ids: list[str]) -> None: ...


class TokenSource(Protocol):
    def call(self, connection: Connection, use: Callable[[str], object]) -> object: ...


def unauthorized(response: HttpResponse) -> bool:
    return response.status == 401


Pages = Iterator[list[dict]]
