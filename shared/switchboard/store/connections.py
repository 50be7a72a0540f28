"""Channel connections (with their lookup pointers) and routing rules."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from switchboard.errors import NotFound
from switchboard.models import Channel, Connection, ConnectionMode, ExistingConversations, Rule, RoutingMethod
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
    )


def _connection_items(conn: Connection) -> list[ConnectionItem]:
    """The connection under its organization, under its id, and under the channel's account id."""
    fields = dict(
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
    )
    return [
        ConnectionItem(keys.org_pk(conn.org_id), keys.org_connection_sk(conn.connection_id), **fields),
        ConnectionItem(keys.connection_pk(conn.connection_id), keys.CONNECTION_SK, **fields),
        ConnectionItem(keys.external_pk(conn.channel.value, conn.external_id), keys.CONNECTION_SK, **fields),
    ]


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


VERIFY_TOKEN_CHANNEL = "messenger-verify"


class ConnectionRepository:
    def add(self, conn: Connection, verify_token_hash: str | None = None) -> Connection | None:
        """Store the connection. A channel account follows its newest connection: one that was
        connected before (here or in another organization) is marked disconnected in the same
        transaction and returned, so webhooks are verified with the new credentials only.

        Messenger's subscription handshake names only the verify token, so a connection with one
        is also found under the token's hash.
        """
        previous = self.find_by_external_id(conn.channel, conn.external_id)
        items = _connection_items(conn)
        if verify_token_hash:
            pointer = _connection_items(conn)[2]
            pointer.PK = keys.external_pk(VERIFY_TOKEN_CHANNEL, verify_token_hash)
            items.append(pointer)
        with TransactWrite(connection=dynamo_connection()) as tx:
            for item in items[:2]:
                tx.save(item, condition=ConnectionItem.PK.does_not_exist())
            for item in items[2:]:
                tx.save(item)  # the account's pointers move to the new connection
            if previous and previous.connection_id != conn.connection_id:
                for item in _connection_items(previous.model_copy(update={"status": "disconnected"}))[:2]:
                    tx.save(item)
        return previous

    def set_rule(self, conn: Connection, rule_id: str | None) -> Connection:
        updated = conn.model_copy(update={"rule_id": rule_id, "mode": ConnectionMode.SHARED if rule_id else conn.mode})
        with TransactWrite(connection=dynamo_connection()) as tx:
            for item in _connection_items(updated):
                tx.save(item)
        return updated

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
            return _connection(ConnectionItem.get(keys.external_pk(VERIFY_TOKEN_CHANNEL, token_hash), keys.CONNECTION_SK))
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
