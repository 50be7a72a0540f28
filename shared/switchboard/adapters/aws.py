"""boto3 clients, one per service per container, created on first use (keeps cold imports small)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=None)
def client(service: str) -> Any:
    import boto3

    return boto3.session.Session().client(service)
