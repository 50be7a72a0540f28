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
from switchboard.models import Connection, ConnectionSecrets, OrgSettings

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


class ConnectionDirectory:
    def __init__(self, connections, organizations, secrets, cache_seconds: float) -> None:
        self._connections = connections
        self._organizations = organizations
        self._secrets = secrets
        self._by_locator: TtlCache[Connection] = TtlCache(cache_seconds)
        self._settings: TtlCache[OrgSettings] = TtlCache(cache_seconds)

    def find(self, locator: ConnectionLocator) -> Connection:
        cached = self._by_locator.get(locator)
        if cached:
            return cached
        if locator.connection_id:
            conn = self._connections.find_by_id(locator.connection_id)
        else:
            conn = self._connections.find_by_external_id(locator.channel, locator.external_id or "")
        if conn is None or conn.channel != locator.channel:
            raise NotFound("no such connection for this channel", code="unknown_connection")
        if conn.status != "connected":
            raise NotFound("this connection was replaced by a newer one", code="connection_disconnected")
        return self._by_locator.put(locator, conn)

    def secrets(self, conn: Connection) -> ConnectionSecrets:
        return self._secrets.get(conn.connection_id)

    def org_settings(self, org_id: str) -> OrgSettings:
        cached = self._settings.get(org_id)
        if cached:
            return cached
        return self._settings.put(org_id, self._organizations.get(org_id).settings)

    def forget(self) -> None:
        self._by_locator.clear()
        self._settings.clear()
