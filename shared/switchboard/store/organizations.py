"""Organizations and their agents.

An organization always keeps an owner: its item counts the owners (`owner_count`), and every write
that makes or unmakes an owner moves that count in the same transaction, conditioned on the role
it changes and, for a demotion, on the count staying at least 1. Two owners demoting each other at
the same moment therefore leave one owner, never none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from switchboard.errors import ConcurrentUpdate, Conflict, Forbidden, LastOwner, NotFound
from switchboard.ids import shard_of
from switchboard.models import Agent, Organization, OrgSettings, Role
from switchboard.store import keys
from switchboard.store.connection import dynamo_connection
from switchboard.store.table import AgentItem, OrgItem, OrgRegistryItem

CONDITION_FAILED = "ConditionalCheckFailed"

REGISTRY_PK = "ORGS"


def _agent(item: AgentItem) -> Agent:
    return Agent(
        org_id=item.org_id,
        agent_id=item.agent_id,
        email=item.email,
        nickname=item.nickname,
        role=Role(item.role),
        accepting=item.accepting,
        online=item.online,
        last_seen_at=item.last_seen_at,
        capacity=int(item.capacity),
        load=int(item.load),
        groups=list(item.groups or []),
        weight=int(item.weight),
        bound_pages=list(item.bound_pages or []),
        sockets=len(item.sockets or ()),
        created_at=item.created_at,
        turns={rule_id: int(n) for rule_id, n in (item.turns or {}).items()},
    )


def _agent_item(agent: Agent) -> AgentItem:
    return AgentItem(
        keys.org_pk(agent.org_id),
        keys.agent_sk(agent.agent_id),
        org_id=agent.org_id,
        agent_id=agent.agent_id,
        email=agent.email,
        nickname=agent.nickname,
        role=agent.role.value,
        accepting=agent.accepting,
        online=agent.online,
        last_seen_at=agent.last_seen_at,
        capacity=agent.capacity,
        load=agent.load,
        groups=agent.groups,
        weight=agent.weight,
        bound_pages=agent.bound_pages,
        created_at=agent.created_at,
        turns=agent.turns or None,
    )


class OrganizationRepository:
    def create(self, org: Organization, owner: Agent) -> None:
        with TransactWrite(connection=dynamo_connection()) as tx:
            tx.save(
                OrgItem(
                    keys.org_pk(org.org_id),
                    keys.ORG_SK,
                    org_id=org.org_id,
                    name=org.name,
                    owner_agent_id=org.owner_agent_id,
                    owner_count=1,
                    settings=org.settings.model_dump(mode="json"),
                    created_at=org.created_at,
                ),
                condition=OrgItem.PK.does_not_exist(),
            )
            tx.save(_agent_item(owner), condition=AgentItem.PK.does_not_exist())
            tx.save(OrgRegistryItem(REGISTRY_PK, org.org_id))

    def ids(self) -> list[str]:
        return [item.SK for item in OrgRegistryItem.query(REGISTRY_PK)]

    def get(self, org_id: str) -> Organization:
        try:
            item = OrgItem.get(keys.org_pk(org_id), keys.ORG_SK)
        except DoesNotExist:
            raise NotFound("organization not found") from None
        return Organization(
            org_id=item.org_id,
            name=item.name,
            owner_agent_id=item.owner_agent_id,
            settings=OrgSettings.model_validate(item.settings or {}),
            created_at=item.created_at,
        )

    def update_settings(self, org_id: str, settings: OrgSettings) -> None:
        try:
            OrgItem(keys.org_pk(org_id), keys.ORG_SK).update(
                actions=[OrgItem.settings.set(settings.model_dump(mode="json"))],
                condition=OrgItem.PK.exists(),
            )
        except UpdateError as error:
            if _condition_failed(error):
                raise NotFound("organization not found") from None
            raise


@dataclass(frozen=True)
class DueAgent:
    """An agent in the Due index: their last socket closed, and the grace period ends at the due key."""

    org_id: str
    agent_id: str
    due_key: str


def due_agent(org_id: str, sort_key: str, due_key: str) -> DueAgent:
    return DueAgent(org_id=org_id, agent_id=sort_key[len(keys.agent_sk("")):], due_key=due_key)


class AgentRepository:
    def __init__(self, sla_shards: int = 1) -> None:
        self._shards = sla_shards

    def add(self, agent: Agent, *, by: str | None = None) -> None:
        """A new agent. A new owner also counts among the organization's owners, in one transaction
        that holds only while `by`, who adds them, is still an owner."""
        if agent.role != Role.OWNER:
            try:
                _agent_item(agent).save(condition=AgentItem.PK.does_not_exist())
            except PutError as error:
                if _condition_failed(error):
                    raise Conflict("agent already exists") from None
                raise
            return
        pk = keys.org_pk(agent.org_id)
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.save(_agent_item(agent), condition=AgentItem.PK.does_not_exist())
                tx.update(OrgItem(pk, keys.ORG_SK), actions=[_one_more_owner()], condition=OrgItem.PK.exists())
                if by:
                    tx.condition_check(AgentItem, pk, keys.agent_sk(by), condition=AgentItem.role == Role.OWNER.value)
        except TransactWriteError as error:
            failed = _failed(error)
            if by and failed[2:3] == [True]:
                raise Forbidden("only an owner may add another owner") from None
            if failed[:1] == [True]:
                raise Conflict("agent already exists") from None
            if failed[1:2] == [True]:
                raise NotFound("organization not found") from None
            raise

    def get(self, org_id: str, agent_id: str) -> Agent:
        try:
            return _agent(AgentItem.get(keys.org_pk(org_id), keys.agent_sk(agent_id), consistent_read=True))
        except DoesNotExist:
            raise NotFound(f"agent {agent_id} not found") from None

    def list(self, org_id: str) -> list[Agent]:
        return [
            _agent(item)
            for item in AgentItem.query(
                keys.org_pk(org_id), AgentItem.SK.startswith("AGENT#"), consistent_read=True
            )
        ]

    def update_profile(self, org_id: str, agent_id: str, changes: dict, *, unless_owner: bool = False) -> Agent:
        """Set profile fields other than the role (nickname, capacity, groups, weight, bound_pages,
        accepting); with `unless_owner`, only while the agent is not an owner (a supervisor's change)."""
        if "role" in changes:
            raise ValueError("a role changes through change_role, which keeps the owner count")
        actions = [getattr(AgentItem, name).set(value) for name, value in changes.items()]
        condition = AgentItem.role != Role.OWNER.value if unless_owner else None
        try:
            return self._update(org_id, agent_id, actions, condition)
        except NotFound:
            if unless_owner:  # it exists (the caller read it): it became an owner meanwhile
                raise Forbidden("only owners change an owner") from None
            raise

    def change_role(self, org_id: str, agent_id: str, *, was: Role, to: Role, changes: dict, by: str) -> None:
        """Make the agent `to` (with other `changes`) in one transaction: only while they are still
        `was` and `by` is still an owner; the organization's owner count follows, and a demotion
        that would leave no owner is refused (LastOwner)."""
        pk = keys.org_pk(org_id)
        actions = [getattr(AgentItem, name).set(value) for name, value in {**changes, "role": to.value}.items()]
        org = OrgItem(pk, keys.ORG_SK)
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.update(AgentItem(pk, keys.agent_sk(agent_id)), actions=actions, condition=AgentItem.role == was.value)
                if was == Role.OWNER:
                    tx.update(org, actions=[OrgItem.owner_count.add(-1)], condition=OrgItem.owner_count > 1)
                elif to == Role.OWNER:
                    tx.update(org, actions=[_one_more_owner()], condition=OrgItem.PK.exists())
                if by != agent_id:  # an owner stepping down is checked by the first condition
                    tx.condition_check(AgentItem, pk, keys.agent_sk(by), condition=AgentItem.role == Role.OWNER.value)
        except TransactWriteError as error:
            failed = _failed(error)
            if by != agent_id and failed[-1:] == [True]:
                raise Forbidden("only owners change roles") from None
            if failed[:1] == [True]:
                raise ConcurrentUpdate("the agent's role changed meanwhile; read it again") from None
            if was == Role.OWNER and failed[1:2] == [True]:
                raise LastOwner("the organization must keep an owner: make someone else an owner first") from None
            raise

    def record_presence(self, org_id: str, agent_id: str, online: bool, at: datetime) -> Agent:
        return self._update(
            org_id, agent_id, [AgentItem.online.set(online), AgentItem.last_seen_at.set(at)]
        )

    def socket_opened(self, org_id: str, agent_id: str, socket_id: str, at: datetime) -> Agent:
        """An open WebSocket is presence: the agent is online while it stays open (and no longer due to
        go offline: removing absent index keys costs no index write)."""
        return self._update(org_id, agent_id, [
            AgentItem.sockets.add({socket_id}), AgentItem.online.set(True), AgentItem.last_seen_at.set(at),
            AgentItem.DPK.remove(), AgentItem.DSK.remove(),
        ])

    def socket_closed(self, org_id: str, agent_id: str, socket_id: str, at: datetime,
                      offline_at: datetime | None = None) -> Agent:
        """A set, not a count: a $disconnect delivered twice, or after a reload's $connect, removes only
        its own socket. The close counts as the last heartbeat, so the agent stays online for the
        heartbeat timeout unless a socket opens again (a reload). With `offline_at`, the agent is due
        then in the Due index (in the same write): a sweep writes them offline unless they came back."""
        due = [] if offline_at is None else self._due_at(agent_id, offline_at)
        return self._update(org_id, agent_id, [
            AgentItem.sockets.delete({socket_id}), AgentItem.last_seen_at.set(at), *due,
        ])

    def end_presence(self, entry: DueAgent, *, seen_before: datetime, offline_at) -> Agent | None:
        """Write a due agent offline, only while they have no socket, sent no heartbeat since
        `seen_before` and are still due by this entry; the agent written offline, or None. Otherwise the
        entry moves to `offline_at(last heartbeat)` (heartbeats came after the close) or leaves the
        index (a socket is open, or they went offline themselves)."""
        item = AgentItem(keys.org_pk(entry.org_id), keys.agent_sk(entry.agent_id))
        still_due = AgentItem.DSK == entry.due_key
        try:
            item.update(actions=[AgentItem.online.set(False), AgentItem.DPK.remove(), AgentItem.DSK.remove()],
                        condition=still_due & AgentItem.sockets.does_not_exist()
                        & (AgentItem.last_seen_at <= seen_before))
            return _agent(item)
        except UpdateError as error:
            if not _condition_failed(error):
                raise
        try:
            current = AgentItem.get(item.PK, item.SK, consistent_read=True)
        except DoesNotExist:
            return None
        if current.DSK != entry.due_key:
            return None
        back_by_heartbeat = current.online and not current.sockets and current.last_seen_at is not None
        actions = (self._due_at(entry.agent_id, offline_at(current.last_seen_at)) if back_by_heartbeat
                   else [AgentItem.DPK.remove(), AgentItem.DSK.remove()])
        try:
            item.update(actions=actions, condition=still_due)
        except UpdateError as error:
            if not _condition_failed(error):
                raise
        return None

    def _due_at(self, agent_id: str, at: datetime) -> list:
        return [AgentItem.DPK.set(keys.due_partition(shard_of(agent_id, self._shards))),
                AgentItem.DSK.set(f"{keys.sortable(at)}#{agent_id}")]

    def _update(self, org_id: str, agent_id: str, actions: list, condition=None) -> Agent:
        item = AgentItem(keys.org_pk(org_id), keys.agent_sk(agent_id))
        exists = AgentItem.PK.exists()
        try:
            item.update(actions=actions, condition=exists & condition if condition is not None else exists)
        except UpdateError as error:
            if _condition_failed(error):
                raise NotFound(f"agent {agent_id} not found") from None
            raise
        return _agent(item)


def _one_more_owner():
    # An organization created before owners were counted had one owner as far as anyone knows:
    # counting from 1 can only undercount, which refuses a demotion rather than allowing a last one.
    return OrgItem.owner_count.set((OrgItem.owner_count | 1) + 1)


def _failed(error: TransactWriteError) -> list[bool]:
    """Which of a cancelled transaction's items failed their condition, in the order they were written."""
    return [bool(r and r.code == CONDITION_FAILED) for r in (error.cancellation_reasons or [])]


def _condition_failed(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"
