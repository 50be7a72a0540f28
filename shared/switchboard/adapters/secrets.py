"""Channel credentials in Secrets Manager, one secret per connection, cached per container."""

from __future__ import annotations

import json
import threading
import time

from switchboard.adapters.aws import client
from switchboard.models import ConnectionSecrets


class SecretStore:
    def __init__(self, prefix: str, cache_seconds: int = 30) -> None:
        self._prefix = prefix
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, ConnectionSecrets]] = {}
        self._lock = threading.Lock()

    def _name(self, connection_id: str) -> str:
        return f"{self._prefix}{connection_id}"

    def put(self, connection_id: str, values: dict[str, str]) -> None:
        client("secretsmanager").create_secret(Name=self._name(connection_id), SecretString=json.dumps(values))

    def get(self, connection_id: str) -> ConnectionSecrets:
        with self._lock:
            cached = self._cache.get(connection_id)
        if cached and time.monotonic() - cached[0] < self._cache_seconds:
            return cached[1]
        raw = client("secretsmanager").get_secret_value(SecretId=self._name(connection_id))["SecretString"]
        secrets = ConnectionSecrets(values={k: str(v) for k, v in json.loads(raw).items()})
        with self._lock:
            self._cache[connection_id] = (time.monotonic(), secrets)
        return secrets
