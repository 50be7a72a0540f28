"""Existing conversations when a rule's team or sources change, per the rule's `existing_conversations`.

- `none`: nothing moves; a removed agent keeps what they hold, a joining connection's
  conversations stay with whoever has them (waiting ones are routed as always).
- `available`: conversations still in progress (open or awaiting the customer) held by a
  removed agent, or by someone outside the rule on a joining connection, go back through
  the rule: to an eligible member, else the unassigned queue.
- `all`: the same, and closed conversations in history pass to the rule's members in turn,
  so a reopened one comes back to someone still on the team.

Escalated conversations stay with platform support and the takeover agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import ConcurrentUpdate, NotFound
from switchboard.models import ACTIVE_STATUSES, Conversation, ExistingConversations, Rule, Status
from switchboard.routing.assign import Router, RoutingDeps, route_waiting
from switchboard.store.conversations import LoadChange

HISTORY_PAGE = 100


@dataclass(frozen=True)
class Redistribution:
    """What changed in a rule: agents who left it and connections that joined it."""

    org_id: str
    rule_id: str
    removed_agent_ids: tuple[str, ...] = ()
    added_connection_ids: tuple[str, ...] = ()


@dataclass
class Outcome:
    rerouted: list[str] = field(default_factory=list)
    history_moved: list[str] = field(default_factory=list)


def redistribute(change: Redistribution, deps: RoutingDeps) -> Outcome:
    outcome = Outcome()
    try:
        rule = deps.rules.get(change.org_id, change.rule_id)
    except NotFound:
        return outcome  # the rule was deleted since; its connections route without it
    if rule.existing_conversations == ExistingConversations.NONE:
        return outcome
    router = Router(change.org_id, deps)
    for conv in _in_progress(change, rule, router):
        if _reroute(router, conv) is not None:
            outcome.rerouted.append(conv.conversation_id)
    if rule.existing_conversations == ExistingConversations.ALL:
        outcome.history_moved = _hand_over_history(change, rule, deps)
    return outcome


def _affected(conv: Conversation, change: Redistribution, rule: Rule) -> bool:
    if conv.assignee_id in change.removed_agent_ids and conv.connection_id in rule.sources:
        return True
    return conv.connection_id in change.added_connection_ids and conv.assignee_id not in rule.members


def _in_progress(change: Redistribution, rule: Rule, router: Router) -> list[Conversation]:
    if change.added_connection_ids:
        holders = [a for a in router.team if a not in rule.members]
    else:
        holders = [a for a in change.removed_agent_ids if a not in rule.members]
    found = []
    for agent_id in holders:
        active = router.deps.conversations.whole_list(change.org_id, f"A#{agent_id}")
        found.extend(c for c in active if _affected(c, change, rule))
    return found


def _reroute(router: Router, conv: Conversation) -> Conversation | None:
    """Release the conversation from its holder, then route it like any waiting one."""
    conversations = router.deps.conversations

    def release() -> Conversation | None:
        current = conversations.get(conv.org_id, conv.conversation_id)
        if current.assignee_id != conv.assignee_id or current.status not in ACTIVE_STATUSES:
            return None  # someone moved it meanwhile; leave it where they put it
        released = current.model_copy(
            update={"assignee_id": None, "status": Status.UNASSIGNED, "previous_assignee_id": current.assignee_id}
        )
        return conversations.save(
            released, expected_version=current.version,
            load_changes=(LoadChange(conv.org_id, current.assignee_id, -1),),
        )

    released = retry_on_conflict(release)
    if released is None:
        return None
    router.gave_one_up(conv.assignee_id)
    return route_waiting(router, released, released.conversation_id) or released


def _hand_over_history(change: Redistribution, rule: Rule, deps: RoutingDeps) -> list[str]:
    if not rule.members:
        return []
    moved: list[str] = []
    for page in deps.conversations.inbox_pages(change.org_id, "H", page_size=HISTORY_PAGE, newest_first=True):
        for conv in page:
            if _affected(conv, change, rule):
                heir = rule.members[len(moved) % len(rule.members)]
                try:
                    deps.conversations.save(conv.model_copy(update={"assignee_id": heir}), expected_version=conv.version)
                    moved.append(conv.conversation_id)
                except ConcurrentUpdate:
                    pass  # reopened or changed meanwhile: it is in progress now and routed as such
    return moved
