"""Automatic assignment: a conversation to the first candidate whose capacity the write confirms."""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.clock import Clock
from switchboard.errors import AgentAtCapacity, ConcurrentUpdate, NotFound
from switchboard.models import ConnectionMode, Conversation, RoutingMethod, Status
from switchboard.routing.choose import candidates, rule_for_members
from switchboard.store.conversations import LoadChange

MAX_DRAIN = 200


@dataclass
class RoutingDeps:
    conversations: object
    agents: object
    connections: object
    rules: object
    organizations: object
    clock: Clock


def assign_conversation(org_id: str, conversation_id: str, deps: RoutingDeps) -> Conversation | None:
    """Assign a waiting conversation if someone can take it; otherwise it stays in the queue."""
    for _ in range(5):
        try:
            conv = deps.conversations.get(org_id, conversation_id)
        except NotFound:
            return None
        if conv.status != Status.UNASSIGNED or conv.assignee_id:
            return conv
        try:
            return _try_assign(conv, deps)
        except ConcurrentUpdate:
            continue
    return None


def _try_assign(conv: Conversation, deps: RoutingDeps) -> Conversation | None:
    connection = deps.connections.get(conv.org_id, conv.connection_id)
    all_agents = deps.agents.list(conv.org_id)
    now = deps.clock.now()
    if connection.mode == ConnectionMode.ONLY_ME:
        return _assign_to(conv, connection.connected_by, deps, within_capacity=False)
    if len(all_agents) == 1:
        # A one-person organization has no queue: everything goes to that person.
        return _assign_to(conv, all_agents[0].agent_id, deps, within_capacity=False)
    rule = _rule(conv, deps)
    members, method, last = rule_for_members(rule, all_agents)
    if method == RoutingMethod.SELF_CLAIM:
        return None  # shown as unclaimed to every member; the first claim wins
    for agent in candidates(
        members, all_agents, now, method=method, last_assigned_agent_id=last,
        preferred_agent_id=conv.previous_assignee_id,
    ):
        try:
            assigned = _assign_to(conv, agent.agent_id, deps, within_capacity=True)
        except AgentAtCapacity:
            continue  # another assignment filled this agent first; try the next one
        if rule is not None and method == RoutingMethod.ROUND_ROBIN:
            deps.rules.record_turn(conv.org_id, rule.rule_id, agent.agent_id)
        return assigned
    return None


def _assign_to(conv: Conversation, agent_id: str, deps: RoutingDeps, *, within_capacity: bool) -> Conversation:
    assigned = conv.model_copy(update={"assignee_id": agent_id, "status": Status.OPEN})
    return deps.conversations.save(
        assigned,
        expected_version=conv.version,
        load_changes=(LoadChange(conv.org_id, agent_id, +1, within_capacity=within_capacity),),
    )


def _rule(conv: Conversation, deps: RoutingDeps):
    if not conv.rule_id:
        return None
    try:
        return deps.rules.get(conv.org_id, conv.rule_id)
    except NotFound:
        return None


def drain_queue(org_id: str, deps: RoutingDeps) -> int:
    """Give waiting conversations out, oldest first, until nobody can take the next one."""
    assigned = 0
    cursor = None
    while assigned < MAX_DRAIN:
        waiting, cursor = deps.conversations.inbox(org_id, "Q", limit=25, cursor=cursor, newest_first=False)
        if not waiting:
            return assigned
        for conv in waiting:
            result = assign_conversation(org_id, conv.conversation_id, deps)
            # Connections route through different rules, so one that found nobody does not stop the rest.
            if result is not None and result.assignee_id is not None:
                assigned += 1
        if cursor is None:
            return assigned
    return assigned
