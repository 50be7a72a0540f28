"""Ending and closing: the conversation goes to history and its agent's capacity is freed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from switchboard.clock import Clock
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import Conflict, NotFound
from switchboard.ids import conversation_id_for
from switchboard.models import Agent, CloseReason, Conversation, Deadlines, Escalation, SlaSettings, Status
from switchboard.conversations.access import require_can_act
from switchboard.sla.policy import reply_lock_from
from switchboard.store.conversations import LoadChange


@dataclass
class CloseDeps:
    conversations: object
    organizations: object
    assign_queue: object
    clock: Clock


def closed_state(conv: Conversation, reason: CloseReason, now: datetime, sla: SlaSettings) -> tuple[Conversation, str | None]:
    """The conversation closed for `reason`, and the agent whose capacity that frees (if any)."""
    holds_capacity = conv.assignee_id is not None and conv.status in (Status.OPEN, Status.AWAITING_CUSTOMER)
    closed = conv.model_copy(
        update=dict(
            status=Status.CLOSED,
            close_reason=reason,
            closed_at=now,
            waiting_since=None,
            deadlines=Deadlines(reply_locked_at=reply_lock_from(now, sla)),
            expiring_warned=False,
        )
    )
    return closed, conv.assignee_id if holds_capacity else None


def _save_releasing(deps: CloseDeps, conv: Conversation, new: Conversation, released: str | None, **save) -> Conversation:
    """Save the new state; the agent whose capacity it frees loses one load in the same transaction."""
    loads = (LoadChange(conv.org_id, released, -1),) if released else ()
    return deps.conversations.save(new, expected_version=conv.version, load_changes=loads, **save)


def _drain_if_freed(deps: CloseDeps, org_id: str, released: str | None) -> None:
    if released:
        deps.assign_queue.drain(org_id, reason="capacity freed")


def close_conversation(actor: Agent, conversation_id: str, reason: CloseReason, deps: CloseDeps) -> Conversation:
    def attempt() -> tuple[Conversation, str | None]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        if conv.status == Status.CLOSED:
            raise Conflict("the conversation is already closed", code="already_closed")
        sla = deps.organizations.get(conv.org_id).settings.sla
        closed, released = closed_state(conv, reason, deps.clock.now(), sla)
        return _save_releasing(deps, conv, closed, released), released

    saved, released = retry_on_conflict(attempt)
    _drain_if_freed(deps, saved.org_id, released)
    return saved


def reopen_conversation(actor: Agent, conversation_id: str, deps: CloseDeps) -> Conversation:
    """Back to routing; assignment prefers the previous agent while they are eligible."""

    def attempt() -> Conversation:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        if conv.status != Status.CLOSED:
            raise Conflict("only a closed conversation can be reopened", code="not_closed")
        if conv.contact.blocked:
            raise Conflict("the contact is blocked", code="contact_blocked")
        reopened = conv.model_copy(
            update=dict(
                status=Status.UNASSIGNED, close_reason=None, closed_at=None, assignee_id=None,
                previous_assignee_id=conv.assignee_id, deadlines=Deadlines(), taken_over=False, escalation=None,
            )
        )
        return deps.conversations.save(reopened, expected_version=conv.version)

    saved = retry_on_conflict(attempt)
    deps.assign_queue.conversation(saved.org_id, saved.conversation_id, reason="reopened")
    return saved


def block_contact(actor: Agent, contact_id: str, deps: CloseDeps) -> Conversation:
    """Irreversible: the contact's conversation closes (reason blocked) and their later messages are dropped."""
    found = deps.conversations.get_contact(contact_id)
    if found is None or found[0] != actor.org_id:
        raise NotFound(f"contact {contact_id} not found")

    def attempt() -> tuple[Conversation, str | None]:
        conv = deps.conversations.get(actor.org_id, conversation_id_for(contact_id))
        require_can_act(actor, conv)
        if conv.contact.blocked:
            return conv, None
        blocked = conv.model_copy(update={"contact": conv.contact.model_copy(update={"blocked": True})})
        released = None
        if conv.status != Status.CLOSED:
            sla = deps.organizations.get(conv.org_id).settings.sla
            blocked, released = closed_state(blocked, CloseReason.BLOCKED, deps.clock.now(), sla)
        return _save_releasing(deps, conv, blocked, released, contact_org_id=conv.org_id), released

    saved, released = retry_on_conflict(attempt)
    _drain_if_freed(deps, saved.org_id, released)
    return saved


def appeal(actor: Agent, conversation_id: str, note: str, deps: CloseDeps) -> Conversation:
    """Escalate to platform support: the note is kept and the thread goes on."""

    def attempt() -> tuple[Conversation, str | None]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        if conv.status in (Status.CLOSED, Status.ESCALATED):
            raise Conflict(f"a {conv.status.value} conversation cannot be appealed", code="cannot_appeal")
        holds = conv.assignee_id is not None and conv.status in (Status.OPEN, Status.AWAITING_CUSTOMER)
        escalated = conv.model_copy(
            update=dict(status=Status.ESCALATED, escalation=Escalation(reason="appeal", note=note, at=deps.clock.now()))
        )
        released = conv.assignee_id if holds else None
        return _save_releasing(deps, conv, escalated, released), released

    saved, released = retry_on_conflict(attempt)
    _drain_if_freed(deps, saved.org_id, released)
    return saved
