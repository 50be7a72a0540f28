"""AWS clients, one per service and configuration per container, created on first use (keeps cold
imports small). botocore's, not boto3's: the clients are the same, and importing boto3 (s3transfer,
multiprocessing, concurrent.futures) added about a third to the first client's creation, which the
first request that sends a message, an event or an email pays (`python -m tests.bench` cold imports).

Every client of the container, PynamoDB's too (store/table.py), comes from one botocore session: a
session loads and parses botocore's endpoint, partition and service JSON files once, and each further
session parsed them all again (a webhook's first request made five: three PynamoDB models', Secrets
Manager's and SQS's; a session and client cost about 100 ms of CPU, a further client of the same
session a few ms)."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def session() -> Any:
    """The container's botocore session. botocore sessions are not thread-safe while they make clients
    (PynamoDB makes one per model class, possibly from several threads), so making them takes a lock;
    the clients themselves are thread-safe."""
    from botocore.session import Session

    class _Session(Session):
        _making = threading.Lock()

        def create_client(self, *args: Any, **kwargs: Any) -> Any:
            with self._making:
                return super().create_client(*args, **kwargs)

    return _Session()


@lru_cache(maxsize=None)
def client(
    service: str, *, signature_version: str | None = None, max_attempts: int | None = None,
    connect_timeout: float | None = None, read_timeout: float | None = None, endpoint_url: str | None = None,
) -> Any:
    """The service's client; options that are given go into its botocore Config (e.g. fewer retries
    and short timeouts for a call the console waits on, SigV4 for pre-signed S3 URLs)."""
    from botocore.config import Config

    options: dict[str, Any] = {}
    if signature_version:
        options["signature_version"] = signature_version
    if max_attempts:
        options["retries"] = {"mode": "standard", "max_attempts": max_attempts}
    if connect_timeout:
        options["connect_timeout"] = connect_timeout
    if read_timeout:
        options["read_timeout"] = read_timeout
    return session().create_client(service, endpoint_url=endpoint_url, config=Config(**options) if options else None)
