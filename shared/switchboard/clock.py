"""The one source of time. Rules take a Clock; nothing in a rule calls datetime.now()."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock UTC time: what every function uses in AWS."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class OffsetClock:
    """Wall-clock time moved forward by an offset that only grows.

    The local stack uses it so that hours can pass in milliseconds while presence
    heartbeats and replay windows still see time moving between calls.
    """

    def __init__(self) -> None:
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    @property
    def offset_seconds(self) -> float:
        return self._offset.total_seconds()

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()


class FrozenClock:
    """A clock that moves only when told: for unit and integration tests."""

    def __init__(self, at: datetime | None = None) -> None:
        self._now = at or datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        self._now += timedelta(seconds=seconds)
        return self._now


_current: Clock = SystemClock()


def current_clock() -> Clock:
    """The process-wide clock handlers pass to use cases."""
    return _current


def use_clock(clock: Clock) -> None:
    """Replace the process-wide clock (the local stack and tests do this)."""
    global _current
    _current = clock
