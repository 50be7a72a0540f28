"""The pure choice of who gets a conversation: an ordered list of candidates to try in turn.

Order matters because the write that assigns may still fail (another assignment filled the
agent first); the caller then tries the next candidate.

Who is in the running, narrowest first:
1. the previous agent of a reopened conversation, while eligible (stickiness);
2. an entry page bound to members: only those members;
3. an entry group: only the group's members, unless none of them is present (online and
   accepting: seed 003 counts members who are offline or suspended alike as away), then any
   other member;
4. otherwise every member.
When nobody who could take the conversation is online, the organization's fallback agent
may (the caller decides; `Choice.nobody_online` says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from switchboard.models import Agent, Rule, RoutingMethod
from switchboard.routing.eligibility import is_eligible, is_online, is_present


@dataclass(frozen=True)
class Entry:
    """Where the contact came in: a group such as "pre-sales", a page such as "home"."""

    group: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class Choice:
    candidates: list[Agent] = field(default_factory=list)
    # Nobody who could serve this conversation is online: the fallback agent may take it.
    nobody_online: bool = False


def choose(
    rule_members: list[str],
    agents: list[Agent],
    now: datetime,
    *,
    method: RoutingMethod,
    last_assigned_agent_id: str | None,
    entry: Entry = Entry(),
    preferred_agent_id: str | None = None,
) -> Choice:
    if method == RoutingMethod.SELF_CLAIM:
        return Choice()  # shown to every member as unclaimed; the first claim wins
    by_id = {a.agent_id: a for a in agents}
    members = [by_id[m] for m in rule_members if m in by_id]
    pool = _entry_pool(members, entry, now)
    eligible = [a for a in pool if is_eligible(a, now)]
    if method == RoutingMethod.WEIGHTED:
        ordered = _weighted(eligible)
    else:
        ordered = _round_robin([a.agent_id for a in members], eligible, last_assigned_agent_id)
    preferred = by_id.get(preferred_agent_id or "")
    if preferred in members and is_eligible(preferred, now):
        ordered = [preferred, *(a for a in ordered if a.agent_id != preferred.agent_id)]
    return Choice(candidates=ordered, nobody_online=not any(is_online(a, now) for a in pool))


def candidates(*args, **kwargs) -> list[Agent]:
    """Just the ordered candidates of `choose` (same arguments)."""
    return choose(*args, **kwargs).candidates


def _entry_pool(members: list[Agent], entry: Entry, now: datetime) -> list[Agent]:
    """The members who may take a conversation that came in through `entry`."""
    if entry.page:
        bound = [a for a in members if entry.page in a.bound_pages]
        if bound:
            return bound  # a page bound to agents goes only to them
    if entry.group:
        in_group = [a for a in members if entry.group in a.groups]
        if any(is_present(a, now) for a in in_group):
            return in_group  # present but full: it waits for the group
        # The group is away (offline or not accepting): any other online member rather than a long wait.
        return [a for a in members if a not in in_group] or in_group
    return members


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
    """Members and method for a connection: its rule's, or, with no rule, every agent balanced by load.

    Without a rule there is nowhere to keep a round-robin turn, so the least loaded (for their
    weight) goes first, which spreads conversations just as evenly.
    """
    if rule is None:
        return [a.agent_id for a in all_agents], RoutingMethod.WEIGHTED, None
    return rule.members, rule.method, last_turn(rule, all_agents)


def last_turn(rule: Rule, agents: list[Agent]) -> str | None:
    """Who got the rule's latest round-robin turn: the member holding its highest turn number (each agent keeps
    the number of the last turn of each rule it got, written with the load of that assignment), the later member
    on a tie (two assignments at once both took the next number); while no member holds one, the rule's own
    record, kept before the turns moved to the agents."""
    held = [(a.turns[rule.rule_id], rule.members.index(a.agent_id), a.agent_id)
            for a in agents if a.agent_id in rule.members and rule.rule_id in a.turns]
    return max(held)[2] if held else rule.last_assigned_agent_id


def next_turn(rule: Rule, agents: list[Agent]) -> int:
    """The number of the rule's next turn: one more than any agent holds."""
    return max((a.turns.get(rule.rule_id, 0) for a in agents), default=0) + 1
