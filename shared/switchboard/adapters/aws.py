"""boto3 clients, one per service and configuration per container, created on first use (keeps cold
imports small)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=None)
def client(
    service: str, *, signature_version: str | None = None, max_attempts: int | None = None,
    connect_timeout: float | None = None, read_timeout: float | None = None,
) -> Any:
    """The service's client; options that are given go into its botocore Config (e.g. fewer retries
    and short timeouts for a call the console waits on, SigV4 for pre-signed S3 URLs)."""
    import boto3

    options: dict[str, Any] = {}
    if signature_version:
        options["signature_version"] = signature_version
    if max_attempts:
        options["retries"] = {"mode": "standard", "max_attempts": max_attempts}
    if connect_timeout:
        options["connect_timeout"] = connect_timeout
    if read_timeout:
        options["read_timeout"] = read_timeout
    if not options:
        return boto3.session.Session().client(service)
    from botocore.config import Config

    return boto3.session.Session().client(service, config=Config(**options))
