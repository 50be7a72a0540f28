"""Organizations and their agents."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from switchboard.errors import Conflict, NotFound
from switchboard.models import Agent, Organization, OrgSettings, Role
from switchboard.store import keys
from switchboard.store.table import AgentItem, OrgItem, OrgRegistryItem

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
        created_at=item.created_at,
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
    )


class OrganizationRepository:
    def create(self, org: Organization, owner: Agent) -> None:
        from pynamodb.transactions import TransactWrite

        from switchboard.store.connection import dynamo_connection

        with TransactWrite(connection=dynamo_connection()) as tx:
            tx.save(
                OrgItem(
                    keys.org_pk(org.org_id),
                    keys.ORG_SK,
                    org_id=org.org_id,
                    name=org.name,
                    owner_agent_id=org.owner_agent_id,
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


class AgentRepository:
    def add(self, agent: Agent) -> None:
        try:
            _agent_item(agent).save(condition=AgentItem.PK.does_not_exist())
        except PutError as error:
            if _condition_failed(error):
                raise Conflict("agent already exists") from None
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

    def update_profile(self, org_id: str, agent_id: str, changes: dict) -> Agent:
        """Set profile fields (nickname, role, capacity, groups, weight, bound_pages, accepting)."""
        actions = [getattr(AgentItem, name).set(value) for name, value in changes.items()]
        return self._update(org_id, agent_id, actions)

    def record_presence(self, org_id: str, agent_id: str, online: bool, at: datetime) -> Agent:
        return self._update(
            org_id, agent_id, [AgentItem.online.set(online), AgentItem.last_seen_at.set(at)]
        )

    def _update(self, org_id: str, agent_id: str, actions: list) -> Agent:
        item = AgentItem(keys.org_pk(org_id), keys.agent_sk(agent_id))
        try:
            item.update(actions=actions, condition=AgentItem.PK.exists())
        except UpdateError as error:
            if _condition_failed(error):
                raise NotFound(f"agent {agent_id} not found") from None
            raise
        return _agent(item)


def _condition_failed(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"
