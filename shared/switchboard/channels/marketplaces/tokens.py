"""OAuth2 tokens of a marketplace store, kept in the connection's secret (Secrets Manager).

The access token is refreshed before it expires (`refresh_ahead`), and once more when the marketplace
refuses it anyway (revoked, clock skew). A refresh may rotate the refresh token; the new pair is written
as the successor of the refresh token it was made from (`SecretStore.replace_after`), so when two
refreshes race (the poll and a reply's delivery), only the first pair is stored, and the other caller
adopts it instead of overwriting it with a pair made from a token that is no longer the newest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from switchboard.channels.marketplaces.base import Grant, MarketplaceConnector
from switchboard.clock import Clock, current_clock
from switchboard.models import Connection

T = TypeVar("T")


class AccessTokenRejected(Exception):
    """The marketplace answered 401 to a call made with this access token."""


def grant_values(grant: Grant) -> dict[str, str]:
    return {"access_token": grant.access_token, "refresh_token": grant.refresh_token,
            "expires_at": grant.expires_at.isoformat(), **grant.extra}


class TokenKeeper:
    def __init__(self, connector: MarketplaceConnector, secrets, clock: Clock | None = None,
                 refresh_ahead: timedelta = timedelta(hours=1), cache_seconds: int = 3600) -> None:
        self._connector = connector
        self._secrets = secrets
        self._clock = clock  # None: the process's current clock at each call (the local stack moves it)
        self._ahead = refresh_ahead
        # A container keeps the tokens it read this long: the 5-minute poll then reads the secret about once
        # an hour, not every run. A copy made stale by another container's refresh is harmless: a refused
        # token, or one near its expiry, is checked against the secret read afresh before any refresh.
        self._cache_seconds = cache_seconds
        self.refreshes = 0  # how many refresh calls this keeper made (bench and tests read it)

    def call(self, connection: Connection, use: Callable[[str], T]) -> T:
        """`use(access_token)`; a token the marketplace refuses is refreshed and `use` runs once more."""
        values = self._values(connection, fresh=False)
        if self._expiring(values):
            values = self._refresh(connection, values)
        try:
            return use(self._credential(values))
        except AccessTokenRejected:
            return use(self._credential(self._refresh(connection, values)))

    def _credential(self, values: dict[str, str]):
        """What `use` gets: the access token, or what the connector signs its calls with besides it (Shopee
        signs each call with the app's key and the shop's id, Lazada with the app's key and secret:
        `connector.session(values)`)."""
        session = getattr(self._connector, "session", None)
        return session(values) if session is not None else values["access_token"]

    def _values(self, connection: Connection, *, fresh: bool) -> dict[str, str]:
        return dict(self._secrets.get(connection.connection_id, fresh=fresh, max_age=self._cache_seconds).values)

    def _expiring(self, values: dict[str, str]) -> bool:
        try:
            expires_at = datetime.fromisoformat(values.get("expires_at", ""))
        except ValueError:
            return True
        now = (self._clock or current_clock()).now()
        return expires_at - now <= self._ahead

    def _refresh(self, connection: Connection, seen: dict[str, str]) -> dict[str, str]:
        current = self._values(connection, fresh=True)
        if current.get("refresh_token") != seen.get("refresh_token") and not self._expiring(current):
            return current  # refreshed by someone else since we read it
        self.refreshes += 1
        grant = self._connector.refresh(current, current.get("refresh_token", ""))
        new = {**current, **grant_values(grant)}
        if not self._secrets.replace_after(connection.connection_id, new, after=current.get("refresh_token", "")):
            return self._values(connection, fresh=True)  # a concurrent refresh of the same token stored its pair first
        self._values(connection, fresh=True)  # this container's copy becomes the new pair (one read a refresh)
        return new
