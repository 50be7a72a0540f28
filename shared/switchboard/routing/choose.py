"""The pure choice of who gets a conversation: an ordered list of candidates to try in turn.

Order matters because the write that assigns may still fail (another assignment filled the
agent first); the caller then tries the next candidate.
"""

from __future__ import annotations

from datetime import datetime

from switchboard.models import Agent, Rule, RoutingMethod
from switchboard.routing.eligibility import is_eligible


def candidates(
    rule_members: list[str],
    agents: list[Agent],
    now: datetime,
    *,
    method: RoutingMethod,
    last_assigned_agent_id: str | None,
    preferred_agent_id: str | None = None,
) -> list[Agent]:
    by_id = {a.agent_id: a for a in agents}
    members = [by_id[m] for m in rule_members if m in by_id]
    eligible = [a for a in members if is_eligible(a, now)]
    if method == RoutingMethod.SELF_CLAIM:
        return []
    if method == RoutingMethod.WEIGHTED:
        ordered = _weighted(eligible)
    else:
        ordered = _round_robin([a.agent_id for a in members], eligible, last_assigned_agent_id)
    if preferred_agent_id:
        ordered.sort(key=lambda a: a.agent_id != preferred_agent_id)  # stable: the rest keep their order
    return ordered


def _round_robin(member_order: list[str], eligible: list[Agent], last: str | None) -> list[Agent]:
    """In turn: start with the member after the one who got the last conversation."""
    if not eligible:
        return []
    start = member_order.index(last) + 1 if last in member_order else 0
    rotation = member_order[start:] + member_order[:start]
    by_id = {a.agent_id: a for a in eligible}
    return [by_id[m] for m in rotation if m in by_id]


def _weighted(eligible: list[Agent]) -> list[Agent]:
    """In proportion to weight: whoever is furthest below their share goes first, higher weight on ties."""
    return sorted(eligible, key=lambda a: (a.load / max(a.weight, 1), -a.weight, a.agent_id))


def rule_for_members(rule: Rule | None, all_agents: list[Agent]) -> tuple[list[str], RoutingMethod, str | None]:
    """Members and method for a connection: its rule's, or, with no rule, every agent in round robin."""
    if rule is None:
        return [a.agent_id for a in all_agents], RoutingMethod.ROUND_ROBIN, None
    return rule.members, rule.method, rule.last_assigned_agent_id
