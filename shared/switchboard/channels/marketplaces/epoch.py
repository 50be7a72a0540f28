"""Marketplaces' times as they send them: unix seconds (TikTok Shop, Shopee's messages) or nanoseconds
(Shopee's conversations). A value that is not such a time is the sender's mistake (422), never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from switchboard.errors import InvalidFields


def from_nanos(value: object, name: str) -> datetime:
    return _from_epoch(value, 1_000_000_000, name)


def from_seconds(value: object, name: str) -> datetime:
    return _from_epoch(value, 1, name)


def _from_epoch(value: object, per_second: int, name: str) -> datetime:
    try:
        if isinstance(value, bool):
            raise TypeError("a boolean is not a time")
        number = int(value)  # type: ignore[arg-type]
        return datetime.fromtimestamp(number // per_second, UTC) + timedelta(
            microseconds=(number % per_second) * 1_000_000 // per_second)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidFields(f"{name} must be a time in {'seconds' if per_second == 1 else 'nanoseconds'}") from None
