"""Assignments people make: assign, claim, transfer. Loads move in the same transaction."""

from __future__ import annotations

from switchboard.conversations.access import is_supervising
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import AlreadyAssigned, Conflict, Forbidden, NotFound
from switchboard.models import Agent, Conversation, Status, holds_load
from switchboard.reports.counts import handed_over
from switchboard.routing.assign import RoutingDeps
from switchboard.store.conversations import LoadChange


def assign_manually(actor: Agent, conversation_id: str, target_id: str, deps: RoutingDeps) -> Conversation:
    """To oneself or anyone else, even someone not accepting. Agents may only give out unassigned ones or their own."""
    # Assigning to oneself (the console's Enter) needs no second read of the actor.
    target = actor if target_id == actor.agent_id else deps.agents.get(actor.org_id, target_id)
    return _reassign(actor, conversation_id, target, deps, claim=False)


def claim(actor: Agent, conversation_id: str, deps: RoutingDeps) -> Conversation:
    """The first claim wins; every later one gets 409."""
    return _reassign(actor, conversation_id, actor, deps, claim=True)


def transfer(actor: Agent, conversation_id: str, *, agent_id: str | None, nickname: str | None, deps: RoutingDeps) -> Conversation:
    if agent_id:
        target = deps.agents.get(actor.org_id, agent_id)
    else:
        named = [a for a in deps.agents.list(actor.org_id) if a.nickname.casefold() == (nickname or "").casefold()]
        if not named:
            raise NotFound(f"no agent with nickname {nickname}")
        target = named[0]
    conv = deps.conversations.get(actor.org_id, conversation_id)
    if not is_supervising(actor) and conv.assignee_id != actor.agent_id:
        raise Forbidden("only the assignee or a supervisor may transfer this conversation")
    return _reassign(actor, conversation_id, target, deps, claim=False)


def _reassign(actor: Agent, conversation_id: str, target: Agent, deps: RoutingDeps, *, claim: bool) -> Conversation:
    def attempt() -> Conversation:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        if conv.status == Status.CLOSED:
            raise Conflict("the conversation is closed; reopen it first", code="conversation_closed")
        if claim and conv.assignee_id is not None:
            raise AlreadyAssigned("someone already claimed this conversation", code="already_claimed")
        if not is_supervising(actor) and conv.assignee_id not in (None, actor.agent_id):
            raise Forbidden("this conversation is assigned to someone else")
        if conv.assignee_id == target.agent_id:
            return conv
        loads = [LoadChange(actor.org_id, target.agent_id, +1, within_capacity=claim)]
        if holds_load(conv.assignee_id, conv.status):
            loads.append(LoadChange(actor.org_id, conv.assignee_id, -1))
        status = Status.OPEN if conv.status in (Status.UNASSIGNED, Status.ESCALATED) else conv.status
        updated = conv.model_copy(
            update={"assignee_id": target.agent_id, "previous_assignee_id": conv.assignee_id or conv.previous_assignee_id, "status": status}
        )
        return deps.conversations.save(updated, expected_version=conv.version, load_changes=tuple(loads),
                                       service_counts=handed_over(conv, updated, deps.clock.now()))

    return retry_on_conflict(attempt)
