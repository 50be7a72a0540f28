"""Open WebSockets of the live updates (the only code that stores them)."""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import DoesNotExist, UpdateError

from switchboard.models import LiveSocket, Role
from switchboard.store import keys
from switchboard.store.table import LiveSocketItem

# API Gateway closes a WebSocket after 2 hours at most; a socket item outlives that by an hour and
# then DynamoDB's TTL drops it, should its $disconnect never have come.
SOCKET_TTL = timedelta(hours=3)


def _socket(item: LiveSocketItem, socket_id: str) -> LiveSocket:
    return LiveSocket(socket_id=socket_id, org_id=item.org_id, agent_id=item.agent_id, role=Role(item.role),
                      connected_at=item.connected_at)


class SocketRepository:
    def open(self, socket: LiveSocket) -> None:
        """Both copies in one BatchWriteItem (2 WCU): nothing reads one without the other mattering."""
        expires_at = int((socket.connected_at + SOCKET_TTL).timestamp())
        fields = dict(org_id=socket.org_id, agent_id=socket.agent_id, role=socket.role.value,
                      connected_at=socket.connected_at, expires_at=expires_at)
        with LiveSocketItem.batch_write() as batch:
            batch.save(LiveSocketItem(keys.org_pk(socket.org_id), keys.socket_sk(socket.socket_id), **fields))
            batch.save(LiveSocketItem(keys.socket_pk(socket.socket_id), keys.SOCKET_SK, **fields))

    def close(self, socket_id: str) -> LiveSocket | None:
        """Forget a socket; the one it was, or None when it is already gone (a repeated $disconnect)."""
        try:
            item = LiveSocketItem.get(keys.socket_pk(socket_id), keys.SOCKET_SK)
        except DoesNotExist:
            return None
        with LiveSocketItem.batch_write() as batch:
            batch.delete(LiveSocketItem(keys.org_pk(item.org_id), keys.socket_sk(socket_id)))
            batch.delete(item)
        return _socket(item, socket_id)

    def of_organization(self, org_id: str) -> list[LiveSocket]:
        """Everyone listening in the organization: one Query of its WS# items."""
        found = LiveSocketItem.query(keys.org_pk(org_id), LiveSocketItem.SK.startswith(keys.SOCKET_PREFIX))
        return [_socket(item, item.SK[len(keys.SOCKET_PREFIX):]) for item in found]

    def change_role(self, socket: LiveSocket, role: Role) -> None:
        """The role its agent has now, in both copies; a copy already forgotten (the socket closed
        meanwhile) is not written again."""
        for pk, sk in ((keys.org_pk(socket.org_id), keys.socket_sk(socket.socket_id)),
                       (keys.socket_pk(socket.socket_id), keys.SOCKET_SK)):
            try:
                LiveSocketItem(pk, sk).update(actions=[LiveSocketItem.role.set(role.value)],
                                              condition=LiveSocketItem.PK.exists())
            except UpdateError as error:
                if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                    raise
