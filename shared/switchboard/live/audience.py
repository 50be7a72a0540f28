"""Who gets what (API.md, "Live updates"): pure, so it is tested on its own.

An agent gets their own conversations (held now or until this change) and the queues of their rules
(unassigned or unclaimed conversations of a connection one of their rules routes); owners and
supervisors get the whole organization; nobody ever gets another organization's changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from switchboard.models import Conversation, LiveSocket, Role, Rule, Status

SUPERVISING = (Role.OWNER, Role.SUPERVISOR)


@dataclass(frozen=True)
class Scope:
    """Whom a change concerns within its organization."""

    org_id: str
    whole_organization: bool = False  # the team (presence, load) and the badges
    agents: frozenset[str] = frozenset()  # who held the conversation, before or after the change
    queues: frozenset[str] = frozenset()  # connections whose queue held it, before or after


def organization_scope(org_id: str) -> Scope:
    return Scope(org_id=org_id, whole_organization=True)


def conversation_scope(*states: Conversation | None) -> Scope:
    """Its states before and after a change: an agent also learns that a conversation left them."""
    known = [c for c in states if c is not None]
    return Scope(
        org_id=known[0].org_id,
        agents=frozenset(c.assignee_id for c in known if c.assignee_id),
        queues=frozenset(c.connection_id for c in known if c.status == Status.UNASSIGNED and not c.assignee_id),
    )


def queue_members(rules: Iterable[Rule]) -> dict[str, frozenset[str]]:
    """Connection id -> the agents whose rules route it (their unassigned and unclaimed queues)."""
    members: dict[str, set[str]] = {}
    for rule in rules:
        for source in rule.sources:
            members.setdefault(source, set()).update(rule.members)
    return {source: frozenset(agents) for source, agents in members.items()}


def may_see(socket: LiveSocket, scope: Scope, members: Mapping[str, frozenset[str]]) -> bool:
    if socket.org_id != scope.org_id:
        return False
    if scope.whole_organization or socket.role in SUPERVISING:
        return True
    if socket.agent_id in scope.agents:
        return True
    return any(socket.agent_id in members.get(connection_id, ()) for connection_id in scope.queues)
