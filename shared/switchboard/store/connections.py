"""Channel connections (with their lookup pointers) and routing rules."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from switchboard.errors import AccountConnectedElsewhere, ConcurrentUpdate, NotFound, SwitchboardError, VerifyTokenTaken
from switchboard.models import (
    CONNECTED,
    DISCONNECTED,
    Channel,
    ChannelAppRole,
    ChannelEnforcement,
    Connection,
    ConnectionMode,
    ConnectionSettings,
    ExistingConversations,
    Rule,
    RoutingMethod,
)
from switchboard.store import keys
from switchboard.store.connection import dynamo_connection
from switchboard.store.table import ConnectionItem, RuleItem


def _connection(item: ConnectionItem) -> Connection:
    return Connection(
        org_id=item.org_id,
        connection_id=item.connection_id,
        channel=Channel(item.channel),
        name=item.name,
        external_id=item.external_id,
        mode=ConnectionMode(item.mode),
        rule_id=item.rule_id,
        status=item.status,
        connected_by=item.connected_by,
        connected_at=item.connected_at,
        verify_token_hash=item.verify_token_hash,
        settings=ConnectionSettings.model_validate(item.settings or {}),
        market=item.market,
        enforcement=ChannelEnforcement.model_validate(item.enforcement) if item.enforcement else None,
        app_role=ChannelAppRole(role=item.app_role, at=item.app_role_at) if item.app_role and item.app_role_at else None,
    )


VERIFY_TOKEN_CHANNEL = "messenger-verify"
ATTEMPTS = 3  # writes of a connection that changed since it was read, read again each time


def _item(conn: Connection, pk: str, sk: str) -> ConnectionItem:
    return ConnectionItem(
        pk, sk,
        org_id=conn.org_id,
        connection_id=conn.connection_id,
        channel=conn.channel.value,
        name=conn.name,
        external_id=conn.external_id,
        mode=conn.mode.value,
        rule_id=conn.rule_id,
        status=conn.status,
        connected_by=conn.connected_by,
        connected_at=conn.connected_at,
        verify_token_hash=conn.verify_token_hash,
        settings=conn.settings.model_dump(exclude_defaults=True) or None,
        market=conn.market,
        enforcement=conn.enforcement.model_dump(mode="json") if conn.enforcement else None,
        enforced_at=conn.enforcement.at if conn.enforcement else None,
        app_role=conn.app_role.role if conn.app_role else None,
        app_role_at=conn.app_role.at if conn.app_role else None,
    )


def _own_items(conn: Connection) -> list[ConnectionItem]:
    """The connection under its organization (listing) and under its id (signed webhooks)."""
    return [_item(conn, keys.org_pk(conn.org_id), keys.org_connection_sk(conn.connection_id)),
            _item(conn, keys.connection_pk(conn.connection_id), keys.CONNECTION_SK)]


def _account_pk(conn: Connection) -> str:
    return keys.external_pk(conn.channel.value, conn.external_id)


def _verify_pk(token_hash: str) -> str:
    return keys.external_pk(VERIFY_TOKEN_CHANNEL, token_hash)


def _free_or(condition):
    """A pointer that nobody holds (none, or left by a disconnected connection), or else `condition`."""
    return ConnectionItem.PK.does_not_exist() | (ConnectionItem.status == DISCONNECTED) | condition


def _same_enforcement(conn: Connection):
    """The stored copy still holds the channel's policy action and app role `conn` was read with (or none): a
    change that writes the whole connection never writes over what the channel said since it was read
    (`set_enforcement`, `set_app_role`)."""
    C = ConnectionItem
    action = C.enforced_at.does_not_exist() if conn.enforcement is None else C.enforced_at == conn.enforcement.at
    role = C.app_role_at.does_not_exist() if conn.app_role is None else C.app_role_at == conn.app_role.at
    return action & role


def _cancelled(error: TransactWriteError) -> list[str | None]:
    return [reason.code if reason else None for reason in (error.cancellation_reasons or [])]


def _rule(item: RuleItem) -> Rule:
    return Rule(
        org_id=item.org_id,
        rule_id=item.rule_id,
        name=item.name,
        sources=list(item.sources or []),
        members=list(item.members or []),
        method=RoutingMethod(item.method),
        existing_conversations=ExistingConversations(item.existing_conversations),
        last_assigned_agent_id=item.last_assigned_agent_id,
        created_at=item.created_at,
    )


class ConnectionRepository:
    """Each connection is stored under its organization and under its id; while connected it also holds
    its channel account's pointer (`EXT#<channel>#<external id>`, how Zalo and Messenger webhooks find it)
    and, for Messenger, its verify token's pointer (read only for who holds it and whether it is connected).
    The account's pointer is a full copy of the connection, so a webhook reads one item. Who may take a pointer is decided by conditions in the transaction that writes
    the connection: an account belongs to one organization at a time (no read-then-write race)."""

    def connect(self, conn: Connection, *, previous: Connection | None = None) -> None:
        """Store `conn` connected: a new connection, or `previous` reconnected (same id, new credentials), with
        the channel's policy action `previous` was read with: ConcurrentUpdate if another was applied since.

        Its account's pointer is taken only if free or already this connection's, and its verify token's
        only if free or already its organization's; otherwise nothing is written and AccountConnectedElsewhere
        (VerifyTokenTaken) is raised. A verify token the reconnection no longer uses is released.
        """
        released = previous and previous.verify_token_hash not in (None, conn.verify_token_hash) \
            and self._holds(_verify_pk(previous.verify_token_hash), previous)
        refusals: list[SwitchboardError] = []  # why each write of the transaction may be cancelled
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                for item in _own_items(conn):
                    # The account's pointer needs no such guard: an action is written to all three copies at once.
                    tx.save(item, condition=ConnectionItem.PK.does_not_exist() if previous is None
                            else (ConnectionItem.org_id == conn.org_id) & _same_enforcement(previous))
                    refusals.append(ConcurrentUpdate("the connection changed meanwhile; try again"))
                tx.save(_item(conn, _account_pk(conn), keys.CONNECTION_SK),
                        condition=_free_or(ConnectionItem.connection_id == conn.connection_id))
                refusals.append(AccountConnectedElsewhere(
                    f"this {conn.channel.value} account is connected by another organization"))
                if conn.verify_token_hash:
                    tx.save(_item(conn, _verify_pk(conn.verify_token_hash), keys.CONNECTION_SK),
                            condition=_free_or(ConnectionItem.org_id == conn.org_id))
                    refusals.append(VerifyTokenTaken("this verify token is used by another organization; choose another"))
                if released:
                    tx.update(ConnectionItem(_verify_pk(previous.verify_token_hash), keys.CONNECTION_SK),
                              actions=[ConnectionItem.status.set(DISCONNECTED)],
                              condition=ConnectionItem.connection_id == previous.connection_id)
                    refusals.append(ConcurrentUpdate("the verify token changed meanwhile; try again"))
        except TransactWriteError as error:
            failed = [r for r, code in zip(refusals, _cancelled(error)) if code == "ConditionalCheckFailed"]
            raise (failed[0] if failed else ConcurrentUpdate("the connection changed meanwhile; try again")) from None

    def update(self, conn: Connection, *, was: Connection) -> Connection:
        """Change what does not move the account (name, mode, rule) on every copy `was` holds; ConcurrentUpdate
        if it changed meanwhile (its status, or the channel's policy action on it)."""
        items = _own_items(conn)
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                for item in items:
                    tx.save(item, condition=(ConnectionItem.org_id == conn.org_id) & (ConnectionItem.status == was.status)
                            & _same_enforcement(was))
                if was.status == CONNECTED:
                    tx.save(_item(conn, _account_pk(conn), keys.CONNECTION_SK),
                            condition=(ConnectionItem.connection_id == conn.connection_id)
                            & (ConnectionItem.status == CONNECTED))
        except TransactWriteError:
            raise ConcurrentUpdate("the connection changed meanwhile; try again") from None
        return conn

    def set_rule(self, conn: Connection, rule_id: str | None) -> Connection:
        """`conn` routed by `rule_id` (shared), or by none; read again when it changed since `conn` was read (the
        channel's policy action on it applied meanwhile is kept)."""
        for _ in range(ATTEMPTS):
            mode = ConnectionMode.SHARED if rule_id else conn.mode
            try:
                return self.update(conn.model_copy(update={"rule_id": rule_id, "mode": mode}), was=conn)
            except ConcurrentUpdate:
                conn = self.get(conn.org_id, conn.connection_id)
        raise ConcurrentUpdate("the connection changed meanwhile; try again")

    def disconnect(self, conn: Connection) -> Connection:
        """Mark a connected connection disconnected, and the pointers it holds with it: its webhooks find
        nothing connected any more, and another organization may connect the account."""
        gone = conn.model_copy(update={"status": DISCONNECTED})
        pointers = [pk for pk in (_account_pk(conn), conn.verify_token_hash and _verify_pk(conn.verify_token_hash))
                    if pk and self._holds(pk, conn)]
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                for item in _own_items(gone):
                    tx.save(item, condition=(ConnectionItem.org_id == conn.org_id) & (ConnectionItem.status == CONNECTED)
                            & _same_enforcement(conn))
                for pk in pointers:
                    tx.update(ConnectionItem(pk, keys.CONNECTION_SK), actions=[ConnectionItem.status.set(DISCONNECTED)],
                              condition=ConnectionItem.connection_id == conn.connection_id)
        except TransactWriteError:
            raise ConcurrentUpdate("the connection changed meanwhile; try again") from None
        return gone

    def set_enforcement(self, conn: Connection, enforcement: ChannelEnforcement) -> bool:
        """The channel's policy action on a connected account, on every copy of the connection, in one transaction;
        only over an older action (or none): a late delivery never undoes a newer one. False when not applied."""
        C = ConnectionItem
        newer = C.enforced_at.does_not_exist() | (C.enforced_at < enforcement.at)
        actions = [C.enforcement.set(enforcement.model_dump(mode="json")), C.enforced_at.set(enforcement.at)]
        return self._set_channel_state(conn, actions, newer)

    def set_app_role(self, conn: Connection, role: ChannelAppRole) -> bool:
        """Our app's role on the account (Messenger's app_roles), as `set_enforcement` keeps a policy action: on
        every copy, only over an older role (or none). False when not applied."""
        C = ConnectionItem
        newer = C.app_role_at.does_not_exist() | (C.app_role_at < role.at)
        return self._set_channel_state(conn, [C.app_role.set(role.role), C.app_role_at.set(role.at)], newer)

    def _set_channel_state(self, conn: Connection, actions: list, newer) -> bool:
        """`actions` on the connection's three copies in one transaction, each while connected and `newer`."""
        C = ConnectionItem
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                for item in _own_items(conn):
                    tx.update(C(item.PK, item.SK), actions=actions,
                              condition=(C.connection_id == conn.connection_id) & (C.status == CONNECTED) & newer)
                tx.update(C(_account_pk(conn), keys.CONNECTION_SK), actions=actions,
                          condition=(C.connection_id == conn.connection_id) & (C.status == CONNECTED) & newer)
        except TransactWriteError:
            return False
        return True

    def _holds(self, pk: str, conn: Connection) -> bool:
        """Whether the pointer `pk` names `conn` (the write that follows is conditioned on it too)."""
        try:
            return ConnectionItem.get(pk, keys.CONNECTION_SK, consistent_read=True).connection_id == conn.connection_id
        except DoesNotExist:
            return False

    def get(self, org_id: str, connection_id: str) -> Connection:
        try:
            item = ConnectionItem.get(keys.org_pk(org_id), keys.org_connection_sk(connection_id))
        except DoesNotExist:
            raise NotFound(f"connection {connection_id} not found") from None
        return _connection(item)

    def find_by_id(self, connection_id: str) -> Connection | None:
        try:
            return _connection(ConnectionItem.get(keys.connection_pk(connection_id), keys.CONNECTION_SK))
        except DoesNotExist:
            return None

    def find_by_external_id(self, channel: Channel, external_id: str) -> Connection | None:
        try:
            return _connection(ConnectionItem.get(keys.external_pk(channel.value, external_id), keys.CONNECTION_SK))
        except DoesNotExist:
            return None

    def find_by_verify_token_hash(self, token_hash: str) -> Connection | None:
        try:
            return _connection(ConnectionItem.get(_verify_pk(token_hash), keys.CONNECTION_SK))
        except DoesNotExist:
            return None

    def list(self, org_id: str) -> list[Connection]:
        return [
            _connection(item)
            for item in ConnectionItem.query(keys.org_pk(org_id), ConnectionItem.SK.startswith("CONN#"))
        ]


class RuleRepository:
    def save(self, rule: Rule) -> None:
        RuleItem(
            keys.org_pk(rule.org_id),
            keys.rule_sk(rule.rule_id),
            org_id=rule.org_id,
            rule_id=rule.rule_id,
            name=rule.name,
            sources=rule.sources,
            members=rule.members,
            method=rule.method.value,
            existing_conversations=rule.existing_conversations.value,
            last_assigned_agent_id=rule.last_assigned_agent_id,
            created_at=rule.created_at,
        ).save()

    def get(self, org_id: str, rule_id: str) -> Rule:
        try:
            return _rule(RuleItem.get(keys.org_pk(org_id), keys.rule_sk(rule_id), consistent_read=True))
        except DoesNotExist:
            raise NotFound(f"rule {rule_id} not found") from None

    def list(self, org_id: str) -> list[Rule]:
        return [_rule(item) for item in RuleItem.query(keys.org_pk(org_id), RuleItem.SK.startswith("RULE#"))]

    def delete(self, org_id: str, rule_id: str) -> None:
        RuleItem(keys.org_pk(org_id), keys.rule_sk(rule_id)).delete()
