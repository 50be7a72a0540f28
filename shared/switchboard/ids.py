"""Identifiers. Random ids for things people create; derived ids where a redelivery must land on the same item."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


_TIMED = "%Y%m%d%H%M%S%f"
_TIMED_ID = re.compile(r"^[a-z]+_(\d{20})[0-9a-f]{12}$")


def timed_id(prefix: str, at: datetime) -> str:
    """A random id that also tells the moment (to the microsecond) its thing was stored under:
    an agent's message is found from its id alone, without a second item or an index."""
    return f"{prefix}_{at.astimezone(UTC).strftime(_TIMED)}{secrets.token_hex(6)}"


def time_of(timed: str) -> datetime | None:
    """The moment a `timed_id` carries; None for any other id."""
    match = _TIMED_ID.match(timed)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), _TIMED).replace(tzinfo=UTC)
    except ValueError:
        return None


def derived_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]
    return f"{prefix}_{digest}"


def contact_id_for(connection_id: str, channel_user_id: str) -> str:
    return derived_id("ct", connection_id, channel_user_id)


def conversation_id_for(contact_id: str) -> str:
    # One thread per contact and connection: a new message on a closed conversation reopens it.
    return derived_id("cv", contact_id)


def shard_of(key: str, shards: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % shards
