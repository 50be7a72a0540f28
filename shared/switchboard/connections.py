"""Channel connections: connect a channel account, reconnect it, change it, disconnect it.

A channel account (channel + external id: a Zalo OA, a Messenger page) belongs to one organization at a
time. The repository decides it with conditions in the transaction that writes the connection
(store/connections.py), so two organizations connecting one account at once cannot both win.
"""

from __future__ import annotations

import hashlib

from switchboard.clock import Clock
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import AccountConnectedElsewhere, InvalidFields, NotFound
from switchboard.ids import new_id
from switchboard.models import CONNECTED, Agent, Channel, Connection, ConnectionMode
from switchboard.onboarding import require_manager, update_rule

ATTEMPTS = 3


def connect_channel(
    actor: Agent, *, channel: Channel, name: str, external_id: str | None, credentials: dict[str, str],
    mode: ConnectionMode, rule_id: str | None, connections, rules, secrets, clock: Clock, agents=None,
    assign_queue=None, market: str | None = None,
) -> Connection:
    """A new connection, or, when the organization connected this account before, that connection
    reconnected with the new name and credentials (and moved to `rule_id` if one is named).

    Another organization's connected account is refused (409 `account_connected_elsewhere`); a
    disconnected one may be connected by anyone (a shop can change hands).
    """
    require_manager(actor)
    if not external_id:  # a Lazada store's may be left out when its token answer names it (marketplaces/authorize.py)
        raise InvalidFields("external_id (the channel's account id) is required", code="external_id_required")
    _check_credentials(channel, credentials)
    rule = rules.get(actor.org_id, rule_id) if rule_id else None
    for _ in range(ATTEMPTS):
        holder = connections.find_by_external_id(channel, external_id)
        if holder and holder.org_id == actor.org_id:
            changes = {"name": name, "credentials": credentials, **({"rule_id": rule_id} if rule_id else {}),
                       **({"market": market} if market else {})}
            return change_connection(actor, holder.connection_id, changes, connections=connections, rules=rules,
                                     agents=agents, secrets=secrets, clock=clock, assign_queue=assign_queue)
        if holder and holder.status == CONNECTED:
            break
        conn = Connection(
            org_id=actor.org_id,
            connection_id=new_id("cn"),
            channel=channel,
            name=name,
            external_id=external_id,
            mode=ConnectionMode.SHARED if rule else mode,
            rule_id=rule.rule_id if rule else None,
            connected_by=actor.agent_id,
            connected_at=clock.now(),
            verify_token_hash=verify_token_hash(credentials.get("verify_token")),
            market=market,
        )
        secrets.put(conn.connection_id, credentials)
        try:
            connections.connect(conn)
        except AccountConnectedElsewhere:
            continue  # connected meanwhile, by this organization (reconnect it) or another (refuse)
        if rule and conn.connection_id not in rule.sources:
            rules.save(rule.model_copy(update={"sources": [*rule.sources, conn.connection_id]}))
        return conn
    raise AccountConnectedElsewhere(f"this {channel.value} account is connected by another organization")


def change_connection(
    actor: Agent, connection_id: str, changes: dict, *, connections, rules, agents, secrets, clock: Clock,
    assign_queue=None,
) -> Connection:
    """Apply `changes` (`name`, `mode`, `credentials`, `rule_id`, `settings`, `market`; a `rule_id` of None leaves
    its rule).

    New credentials reconnect it: connected again, now, by the actor. The rest just changes. Every id
    and credential is checked before anything is written.
    """
    require_manager(actor)
    credentials = changes.get("credentials")

    def attempt() -> tuple[Connection, bool]:
        # The write is conditioned on the connection as read (its status, the channel's policy action on it):
        # a block Meta applies meanwhile is kept, by reading again and writing over it with it.
        conn = connections.get(actor.org_id, connection_id)
        if credentials is not None:
            _check_credentials(conn.channel, credentials)
        moves = "rule_id" in changes and changes["rule_id"] != conn.rule_id
        if moves and changes["rule_id"]:
            rules.get(actor.org_id, changes["rule_id"])  # 404 for unknown and foreign rules, before any write
        fields = {k: changes[k] for k in ("name", "mode", "market") if changes.get(k) is not None}
        if changes.get("settings"):
            # Only the terms named change (conversations/messaging_window.py reads them).
            fields["settings"] = conn.settings.model_copy(update=changes["settings"])
        if "mode" in fields:
            fields["mode"] = ConnectionMode(fields["mode"])
        if fields.get("mode") == ConnectionMode.ONLY_ME and (changes["rule_id"] if moves else conn.rule_id):
            raise InvalidFields("a connection in a routing rule is shared; leave the rule (rule_id: null) first")
        changed = conn.model_copy(update=fields)
        if credentials is not None:
            secrets.replace(conn.connection_id, credentials)
            changed = changed.model_copy(update={
                "status": CONNECTED, "connected_by": actor.agent_id, "connected_at": clock.now(),
                "verify_token_hash": verify_token_hash(credentials.get("verify_token")),
            })
            connections.connect(changed, previous=conn)
        elif changed != conn:
            connections.update(changed, was=conn)
        return changed, moves

    changed, moves = retry_on_conflict(attempt)
    if moves:
        _move_to_rule(actor, changed, changes["rule_id"], connections=connections, rules=rules, agents=agents,
                      assign_queue=assign_queue)
        changed = connections.get(actor.org_id, connection_id)
    return changed


def disconnect_channel(actor: Agent, connection_id: str, *, connections) -> Connection:
    """Its webhooks find nothing from now on (404 `unknown_connection`); its conversations stay. Doing it
    again changes nothing."""
    require_manager(actor)

    def attempt() -> Connection:
        conn = connections.get(actor.org_id, connection_id)
        return connections.disconnect(conn) if conn.status == CONNECTED else conn

    return retry_on_conflict(attempt)


def verify_token_hash(token: str | None) -> str | None:
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def _check_credentials(channel: Channel, credentials: dict[str, str]) -> None:
    from switchboard.channels.registry import required_credentials

    missing = [k for k in required_credentials(channel) if not credentials.get(k)]
    if missing:
        raise InvalidFields(f"credentials need {', '.join(missing)} for {channel.value}")


def _move_to_rule(actor: Agent, conn: Connection, rule_id: str | None, *, connections, rules, agents,
                  assign_queue) -> None:
    """Out of its rule's sources and into `rule_id`'s, as changing the rules' sources would do (their
    `existing_conversations` applies)."""
    if conn.rule_id:
        try:
            previous = rules.get(actor.org_id, conn.rule_id)
        except NotFound:
            previous = None  # deleted meanwhile: nothing to leave
        if previous:
            update_rule(actor, previous.rule_id, {"sources": [s for s in previous.sources if s != conn.connection_id]},
                        connections=connections, rules=rules, agents=agents, assign_queue=assign_queue)
    if rule_id:
        joined = rules.get(actor.org_id, rule_id)
        update_rule(actor, rule_id, {"sources": [*joined.sources, conn.connection_id]}, connections=connections,
                    rules=rules, agents=agents, assign_queue=assign_queue)
