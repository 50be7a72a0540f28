"""One PynamoDB connection per container, for transactions."""

from __future__ import annotations

from functools import lru_cache

from pynamodb.connection import Connection


@lru_cache(maxsize=1)
def dynamo_connection() -> Connection:
    return Connection()


def counter_values(raw_item: dict) -> dict[str, int]:
    """The number attributes of an item read raw: counters whose names are data (a connection id,
    a response-time bucket), which PynamoDB models do not read back. The TTL is not a counter."""
    return {name: int(value["N"]) for name, value in raw_item.items() if "N" in value and name != "expires_at"}
