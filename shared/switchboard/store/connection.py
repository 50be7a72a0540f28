"""One PynamoDB connection per container, for transactions."""

from __future__ import annotations

from functools import lru_cache

from pynamodb.connection import Connection


@lru_cache(maxsize=1)
def dynamo_connection() -> Connection:
    return Connection()
