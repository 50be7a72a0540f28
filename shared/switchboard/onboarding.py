"""Organizations, agents, connections and rules: how a team sets itself up."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
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

logger = logging.getLogger(__name__)


@dataclass
class CreatedOrganization:
    org_id: str
    owner_agent_id: str
    owner_email: str


def create_organization(name: str, owner_email: str | None = None) -> CreatedOrganization:
    """A new organization and its owner, whom the user pool invites by email."""
    from switchboard import wiring

    if not name or not name.strip():
        raise InvalidFields("name is required")
    clock = current_clock()
    org_id, owner_id = new_id("org"), new_id("ag")
    now = clock.now()
    # Ids hold an underscore, which no host name (and no browser's email field) accepts.
    default_email = f"owner@{org_id.replace('_', '-')}.switchboard.example"
    owner = Agent(
        org_id=org_id, agent_id=owner_id, email=sign_in_email(owner_email or default_email),
        nickname="owner", role=Role.OWNER, created_at=now,
    )
    org = Organization(org_id=org_id, name=name.strip(), owner_agent_id=owner_id, settings=OrgSettings(), created_at=now)
    _invite_then_store(owner, wiring.users(), lambda: wiring.organizations().create(org, owner))
    return CreatedOrganization(org_id=org_id, owner_agent_id=owner_id, owner_email=owner.email)


def sign_in_email(email: str) -> str:
    """People sign in with their email, whatever its case: one spelling is stored and compared."""
    return email.strip().lower()


def _invite_then_store(agent: Agent, users, store: Callable[[], None]) -> None:
    """The sign-in account first: the pool keeps emails unique, so an email in use is refused (409)
    before anything is stored. If storing the agent then fails, the account is removed again:
    nobody may sign in as an agent that does not exist (a crash in between leaves an account whose
    token is refused with 401 everywhere, never an agent without a way in)."""
    user_name = users.invite(agent.org_id, agent.agent_id, agent.email)
    try:
        store()
    except Exception:
        try:
            users.remove(user_name)
        except Exception:
            logger.exception("could not remove the sign-in account %s of agent %s", user_name, agent.agent_id)
        raise


def require_manager(actor: Agent) -> None:
    if actor.role not in (Role.OWNER, Role.SUPERVISOR):
        raise Forbidden("only owners and supervisors may do this")


def add_agent(actor: Agent, fields: dict, *, agents, users, clock: Clock) -> Agent:
    """A new member, invited by email. Only an owner adds an owner."""
    require_manager(actor)
    if fields.get("role") == Role.OWNER and actor.role != Role.OWNER:
        raise Forbidden("only an owner may add another owner")
    agent = Agent(org_id=actor.org_id, agent_id=new_id("ag"), created_at=clock.now(),
                  **{**fields, "email": sign_in_email(fields["email"])})
    _invite_then_store(agent, users, lambda: agents.add(agent, by=actor.agent_id))
    return agent


def change_agent(actor: Agent, agent_id: str, changes: dict, *, agents) -> Agent:
    """Owners change anything of anyone, roles included; supervisors change the other fields of
    agents and supervisors. The organization keeps an owner (409 last_owner)."""
    require_manager(actor)
    target = agents.get(actor.org_id, agent_id)  # 404 for unknown and foreign ids
    fields = {k: v for k, v in changes.items() if k != "role"}
    role = Role(changes["role"]) if changes.get("role") else None
    if role == target.role:
        role = None  # resending the current role (a whole form) changes nothing
    if actor.role != Role.OWNER:
        if target.role == Role.OWNER:
            raise Forbidden("only owners change an owner")
        if role is not None:
            raise Forbidden("only owners change roles")
    if role is not None:
        agents.change_role(actor.org_id, agent_id, was=target.role, to=role, changes=fields, by=actor.agent_id)
        return agents.get(actor.org_id, agent_id)
    if not fields:
        return target
    # A supervisor's write holds only while the agent is not an owner (one may be promoted meanwhile).
    return agents.update_profile(actor.org_id, agent_id, fields, unless_owner=actor.role != Role.OWNER)


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
    existing: ExistingConversations, connections, rules, agents, clock: Clock, assign_queue=None,
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
    _redistribute(assign_queue, rule, removed_agent_ids=(), added_connection_ids=sources)
    return rule


def update_rule(actor: Agent, rule_id: str, changes: dict, *, connections, rules, agents, assign_queue=None) -> Rule:
    """Change a rule; connections added to its sources route through it, removed ones no longer do.

    Conversations of agents who left the rule and of connections that joined it are
    redistributed in the background, per the rule's `existing_conversations`.
    """
    require_manager(actor)
    rule = rules.get(actor.org_id, rule_id)
    for member in changes.get("members", []):
        agents.get(actor.org_id, member)  # 404 for unknown and foreign agents
    added = [connections.get(actor.org_id, s) for s in changes.get("sources", []) if s not in rule.sources]
    removed = [s for s in rule.sources if "sources" in changes and s not in changes["sources"]]
    updated = Rule.model_validate({**rule.model_dump(), **changes})
    rules.save(updated)
    for conn in added:
        connections.set_rule(conn, rule_id)
    _detach(actor.org_id, removed, rule_id, connections)
    left = tuple(m for m in rule.members if m not in updated.members)
    _redistribute(assign_queue, updated, removed_agent_ids=left, added_connection_ids=[c.connection_id for c in added])
    return updated


def _redistribute(assign_queue, rule: Rule, *, removed_agent_ids, added_connection_ids) -> None:
    if assign_queue is None or rule.existing_conversations == ExistingConversations.NONE:
        return
    if removed_agent_ids or added_connection_ids:
        assign_queue.redistribute(
            rule.org_id, rule.rule_id, removed_agent_ids=list(removed_agent_ids),
            added_connection_ids=list(added_connection_ids),
        )


def delete_rule(actor: Agent, rule_id: str, *, connections, rules) -> None:
    require_manager(actor)
    rule = rules.get(actor.org_id, rule_id)
    _detach(actor.org_id, rule.sources, rule_id, connections)
    rules.delete(actor.org_id, rule_id)


def _detach(org_id: str, connection_ids: list[str], rule_id: str, connections) -> None:
    for connection_id in connection_ids:
        conn = connections.find_by_id(connection_id)
        if conn and conn.org_id == org_id and conn.rule_id == rule_id:
            connections.set_rule(conn, None)


def change_settings(actor: Agent, given: dict, *, organizations, agents) -> OrgSettings:
    """Apply the fields given (SLA values one by one); named agents must belong to the organization."""
    require_manager(actor)
    current = organizations.get(actor.org_id).settings
    for key in ("takeover_agent_id", "fallback_agent_id"):
        if given.get(key):
            agents.get(actor.org_id, given[key])
    sla_given = {k: v for k, v in (given.get("sla") or {}).items() if v is not None}
    top_given = {k: v for k, v in given.items() if k != "sla"}
    updated = OrgSettings.model_validate(
        {**current.model_dump(), **top_given, "sla": {**current.sla.model_dump(), **sla_given}}
    )
    organizations.update_settings(actor.org_id, updated)
    return updated
