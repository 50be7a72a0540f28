"""API Gateway's management API for WebSocket connections (PostToConnection, DeleteConnection)."""

from __future__ import annotations

from typing import Any

from switchboard.adapters.aws import client

# PostToConnection: short timeouts and few retries, so one stuck socket does not hold up the others.
CONNECT_TIMEOUT_S = 2
READ_TIMEOUT_S = 3
MAX_ATTEMPTS = 2


class SocketPoster:
    def __init__(self, endpoint_url: str) -> None:
        # https://<api id>.execute-api.<region>.amazonaws.com/<stage>; locally the stack's own port
        self.endpoint_url = endpoint_url

    @property
    def _client(self) -> Any:
        return client("apigatewaymanagementapi", endpoint_url=self.endpoint_url, connect_timeout=CONNECT_TIMEOUT_S,
                      read_timeout=READ_TIMEOUT_S, max_attempts=MAX_ATTEMPTS)

    def post(self, socket_id: str, data: bytes) -> bool:
        """Send one message; False when the socket is gone (410), so the caller forgets it."""
        client = self._client
        try:
            client.post_to_connection(ConnectionId=socket_id, Data=data)
        except client.exceptions.GoneException:
            return False
        return True

    def close(self, socket_id: str) -> None:
        """Close a socket from the server's side (its $disconnect follows); one already gone is fine."""
        client = self._client
        try:
            client.delete_connection(ConnectionId=socket_id)
        except client.exceptions.GoneException:
            pass
