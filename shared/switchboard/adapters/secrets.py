"""Channel credentials in Secrets Manager, one secret per connection, cached per container for
`cache_seconds`. Read with the container's botocore client (adapters/aws.py), not Powertools' parameters,
which import boto3 and make a boto3 session of their own: a webhook's first request paid both."""

from __future__ import annotations

import json
import time

from switchboard.adapters.aws import client
from switchboard.models import ConnectionSecrets


class SecretStore:
    def __init__(self, prefix: str, cache_seconds: int = 30) -> None:
        self._prefix = prefix
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, ConnectionSecrets]] = {}  # secret name: (read at, values)

    def _name(self, connection_id: str) -> str:
        return f"{self._prefix}{connection_id}"

    def put(self, connection_id: str, values: dict[str, str]) -> None:
        client("secretsmanager").create_secret(Name=self._name(connection_id), SecretString=json.dumps(values))

    def replace(self, connection_id: str, values: dict[str, str]) -> None:
        """New credentials for a connection that has a secret already (a reconnection)."""
        client("secretsmanager").put_secret_value(SecretId=self._name(connection_id), SecretString=json.dumps(values))

    def replace_after(self, connection_id: str, values: dict[str, str], *, after: str) -> bool:
        """Store `values` as the version that follows the one identified by `after` (an id of the values it
        replaces, e.g. the refresh token they were made from); False if another writer stored a different
        successor of that version first. Secrets Manager refuses a ClientRequestToken already used with
        other content, so two concurrent refreshes of one token cannot both win, and the first one stays."""
        import uuid

        token = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self._name(connection_id)}#{after}"))
        try:
            client("secretsmanager").put_secret_value(SecretId=self._name(connection_id),
                                                      SecretString=json.dumps(values), ClientRequestToken=token)
        except client("secretsmanager").exceptions.ResourceExistsException:
            return False
        return True

    def get(self, connection_id: str, *, fresh: bool = False, max_age: int | None = None) -> ConnectionSecrets:
        """`max_age`: how long a copy this container read may serve this caller (default: `cache_seconds`)."""
        name = self._name(connection_id)
        limit = self._cache_seconds if max_age is None else max_age
        cached = self._cache.get(name)
        if fresh or cached is None or time.monotonic() - cached[0] >= limit:
            answer = client("secretsmanager").get_secret_value(SecretId=name)
            cached = (time.monotonic(), ConnectionSecrets(values={k: str(v) for k, v in json.loads(answer["SecretString"]).items()}))
            self._cache[name] = cached
        return cached[1]

    def forget(self) -> None:
        """Drop the secrets this container cached (the local stack runs every function in one process)."""
        self._cache.clear()
