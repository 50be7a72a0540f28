"""Connections, their secrets and their organization's SLA settings, as webhooks need them.

Cached per container for a short while: a busy connection's webhooks then cost no reads
besides the conversation write itself.
"""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

from switchboard.channels.base import ConnectionLocator
from switchboard.errors import NotFound
from switchboard.models import CONNECTED, ChannelAppRole, ChannelEnforcement, Connection, ConnectionSecrets, ConnectionSettings, OrgSettings

T = TypeVar("T")


class TtlCache(Generic[T]):
    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._items: dict[object, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: object) -> T | None:
        with self._lock:
            hit = self._items.get(key)
        if hit and time.monotonic() - hit[0] < self._seconds:
            return hit[1]
        return None

    def put(self, key: object, value: T) -> T:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# A signature that fails with cached credentials is checked again with fresh ones at most this often
# per connection and container, so forged requests cannot turn every call into reads.
READ_AGAIN_SECONDS = 1.0


class ConnectionDirectory:
    """What a container has read lasts `cache_seconds`: in AWS, for that long after a connection is
    disconnected or given new credentials, a container that read it before may still accept its webhooks,
    and its old credentials (see README, "Channel accounts"). New credentials verify at once: a signature
    that fails with cached credentials is checked once more with fresh ones (`may_read_again`)."""

    def __init__(self, connections, organizations, secrets, cache_seconds: float) -> None:
        self._connections = connections
        self._organizations = organizations
        self._secrets = secrets
        self._by_locator: TtlCache[Connection] = TtlCache(cache_seconds)
        self._settings: TtlCache[OrgSettings] = TtlCache(cache_seconds)
        self._org_connections: TtlCache[dict[str, Connection]] = TtlCache(cache_seconds)
        self._read_again: TtlCache[bool] = TtlCache(READ_AGAIN_SECONDS)

    def find(self, locator: ConnectionLocator, *, fresh: bool = False) -> Connection:
        cached = None if fresh else self._by_locator.get(locator)
        if cached:
            return cached
        if locator.connection_id:
            conn = self._connections.find_by_id(locator.connection_id)
        else:
            conn = self._connections.find_by_external_id(locator.channel, locator.external_id or "")
        # A disconnected connection is unknown to webhooks (and never cached as connected).
        if conn is None or conn.channel != locator.channel or conn.status != CONNECTED:
            raise NotFound("no connected connection for this channel account", code="unknown_connection")
        return self._by_locator.put(locator, conn)

    def secrets(self, conn: Connection, *, fresh: bool = False) -> ConnectionSecrets:
        return self._secrets.get(conn.connection_id, fresh=fresh)

    def may_read_again(self, locator: ConnectionLocator) -> bool:
        """Whether a failed signature may be checked with credentials read afresh (once a second at most)."""
        if self._read_again.get(locator):
            return False
        self._read_again.put(locator, True)
        return True

    def org_settings(self, org_id: str) -> OrgSettings:
        cached = self._settings.get(org_id)
        if cached:
            return cached
        return self._settings.put(org_id, self._organizations.get(org_id).settings)

    def org_connections(self, org_id: str, needed: frozenset[str] = frozenset()) -> dict[str, Connection]:
        """The organization's connections by id, read in one query and kept like the rest, so a page of
        conversations costs no read for their terms or store names; read again when one of `needed` is
        missing (a connection made since)."""
        found = self._org_connections.get(org_id)
        if found is None or not needed <= found.keys():
            found = self._org_connections.put(org_id, {c.connection_id: c for c in self._connections.list(org_id)})
        return found

    def connection_terms(self, org_id: str, connection_id: str) -> ConnectionSettings:
        """A connection's messaging terms (reply windows)."""
        conn = self.org_connections(org_id).get(connection_id)
        return conn.settings if conn else ConnectionSettings()

    def connection_enforcement(self, org_id: str, connection_id: str) -> ChannelEnforcement | None:
        """The channel's latest policy action on a connection's account (a blocked page cannot send)."""
        conn = self.org_connections(org_id).get(connection_id)
        return conn.enforcement if conn else None

    def connection_app_role(self, org_id: str, connection_id: str) -> ChannelAppRole | None:
        """Our app's role on a connection's account (a Messenger secondary receiver waits for threads)."""
        conn = self.org_connections(org_id).get(connection_id)
        return conn.app_role if conn else None

    def forget(self) -> None:
        """Read everything again: the local stack calls it after each change of a connection, rule or settings."""
        self._by_locator.clear()
        self._settings.clear()
        self._org_connections.clear()
        self._secrets.forget()
