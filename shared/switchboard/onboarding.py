"""Organizations, agents, connections and rules: how a team sets itself up."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from switchboard.clock import Clock, current_clock
from switchboard.errors import Forbidden, InvalidFields, NotFound
from switchboard.ids import new_id
from switchboard.models import (
    Agent,
    Channel,
    Connection,
    ConnectionMode,
    ExistingConversations,
    Organization,
    OrgSettings,
    Role,
    Rule,
    RoutingMethod,
)


@dataclass
class CreatedOrganization:
    org_id: str
    owner_agent_id: str


def create_organization(name: str, owner_email: str | None = None) -> CreatedOrganization:
    """A new organization and its owner, with the owner's sign-in account."""
    from switchboard import wiring

    if not name or not name.strip():
        raise InvalidFields("name is required")
    clock = current_clock()
    org_id, owner_id = new_id("org"), new_id("ag")
    now = clock.now()
    owner = Agent(
        org_id=org_id, agent_id=owner_id, email=owner_email or f"owner@{org_id}.switchboard.example",
        nickname="owner", role=Role.OWNER, created_at=now,
    )
    wiring.organizations().create(
        Organization(org_id=org_id, name=name.strip(), owner_agent_id=owner_id, settings=OrgSettings(), created_at=now),
        owner,
    )
    wiring.users().create_user(org_id, owner_id, owner.email)
    return CreatedOrganization(org_id=org_id, owner_agent_id=owner_id)


def require_manager(actor: Agent) -> None:
    if actor.role not in (Role.OWNER, Role.SUPERVISOR):
        raise Forbidden("only owners and supervisors may do this")


def add_agent(actor: Agent, fields: dict, *, agents, users, clock: Clock) -> Agent:
    require_manager(actor)
    if fields.get("role") == Role.OWNER and actor.role != Role.OWNER:
        raise Forbidden("only an owner may add another owner")
    agent = Agent(org_id=actor.org_id, agent_id=new_id("ag"), created_at=clock.now(), **fields)
    agents.add(agent)
    users.create_user(agent.org_id, agent.agent_id, agent.email)
    return agent


def connect_channel(
    actor: Agent, *, channel: Channel, name: str, external_id: str, credentials: dict[str, str],
    mode: ConnectionMode, rule_id: str | None, connections, rules, secrets, clock: Clock,
) -> Connection:
    from switchboard.channels.registry import required_credentials

    require_manager(actor)
    missing = [k for k in required_credentials(channel) if not credentials.get(k)]
    if missing:
        raise InvalidFields(f"credentials need {', '.join(missing)} for {channel.value}")
    rule = rules.get(actor.org_id, rule_id) if rule_id else None
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
    )
    secrets.put(conn.connection_id, credentials)
    connections.add(conn, verify_token_hash=verify_token_hash(credentials.get("verify_token")))
    if rule and conn.connection_id not in rule.sources:
        rules.save(rule.model_copy(update={"sources": [*rule.sources, conn.connection_id]}))
    return conn


def verify_token_hash(token: str | None) -> str | None:
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def create_rule(
    actor: Agent, *, name: str, sources: list[str], members: list[str], method: RoutingMethod,
    existing: ExistingConversations, connections, rules, agents, clock: Clock,
) -> Rule:
    require_manager(actor)
    team = {a.agent_id for a in agents.list(actor.org_id)}
    unknown = [m for m in members if m not in team]
    if unknown:
        raise NotFound(f"agent {unknown[0]} not found")
    sourced = [connections.get(actor.org_id, source) for source in sources]  # NotFound for foreign ids
    rule = Rule(
        org_id=actor.org_id, rule_id=new_id("rl"), name=name, sources=sources, members=members,
        method=method, existing_conversations=existing, created_at=clock.now(),
    )
    rules.save(rule)
    for conn in sourced:
        connections.set_rule(conn, rule.rule_id)
    return rule
