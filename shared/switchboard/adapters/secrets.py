"""Channel credentials in Secrets Manager, one secret per connection, read through Powertools
parameters (cached per container for `cache_seconds`)."""

from __future__ import annotations

import json

from switchboard.adapters.aws import client
from switchboard.models import ConnectionSecrets


class SecretStore:
    def __init__(self, prefix: str, cache_seconds: int = 30) -> None:
        self._prefix = prefix
        self._cache_seconds = cache_seconds

    def _name(self, connection_id: str) -> str:
        return f"{self._prefix}{connection_id}"

    def put(self, connection_id: str, values: dict[str, str]) -> None:
        client("secretsmanager").create_secret(Name=self._name(connection_id), SecretString=json.dumps(values))

    def replace(self, connection_id: str, values: dict[str, str]) -> None:
        """New credentials for a connection that has a secret already (a reconnection)."""
        client("secretsmanager").put_secret_value(SecretId=self._name(connection_id), SecretString=json.dumps(values))

    def get(self, connection_id: str, *, fresh: bool = False) -> ConnectionSecrets:
        from aws_lambda_powertools.utilities import parameters  # only the functions that verify or send pay for it

        values = parameters.get_secret(self._name(connection_id), transform="json", max_age=self._cache_seconds,
                                       force_fetch=fresh)
        return ConnectionSecrets(values={k: str(v) for k, v in values.items()})

    def forget(self) -> None:
        """Drop the secrets this container cached (the local stack runs every function in one process)."""
        from aws_lambda_powertools.utilities import parameters

        parameters.clear_caches()

