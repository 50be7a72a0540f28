"""AWS clients, one per service and configuration per container, created on first use (keeps cold
imports small). botocore's, not boto3's: the clients are the same, and importing boto3 (s3transfer,
multiprocessing, concurrent.futures) added about a third to the first client's creation, which the
first request that sends a message, an event or an email pays (`python -m tests.bench` cold imports)."""

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
    from botocore.config import Config
    from botocore.session import get_session

    options: dict[str, Any] = {}
    if signature_version:
        options["signature_version"] = signature_version
    if max_attempts:
        options["retries"] = {"mode": "standard", "max_attempts": max_attempts}
    if connect_timeout:
        options["connect_timeout"] = connect_timeout
    if read_timeout:
        options["read_timeout"] = read_timeout
    # A session per client, as boto3.session.Session().client made: a botocore session is not thread-safe.
    return get_session().create_client(service, config=Config(**options) if options else None)
