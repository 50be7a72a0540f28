"""Identifiers. Random ids for things people create; derived ids where a redelivery must land on the same item."""

from __future__ import annotations

import hashlib
import secrets


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


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
