"""Ending and closing: the conversation goes to history and its agent's capacity is freed.

Each use case is one conversation save: the new state, with what goes with it (a refund record,
a decline message, linked work items settled) and the agent's load, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from switchboard.clock import Clock
from switchboard.conversations.access import require_can_act
from switchboard.conversations.lifecycle import closed_state
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.conversations.refunds import refund_for
from switchboard.conversations.reply import (
    ReplyDeps, after_reply, drain_if_anyone_waits, free_reply_counted, hand_over, outbound_message, require_messaging_window, require_open_window,
)
from switchboard.reports.counts import replied
from switchboard.conversations.work_items import settle_open
from switchboard.errors import Conflict, InvalidFields, NotFound
from switchboard.ids import conversation_id_for
from switchboard.models import (
    Agent,
    CloseReason,
    Conversation,
    Deadlines,
    Escalation,
    Message,
    SlaSettings,
    Status,
    WorkItemStatus,
    holds_load,
)
from switchboard.store.conversations import LoadChange


@dataclass
class CloseDeps:
    conversations: object
    organizations: object
    assign_queue: object
    clock: Clock
    # The marketplace a ticket lives on (channels/marketplaces/actions.py): told first, it may refuse.
    platform: object = None


def _save_releasing(deps: CloseDeps, conv: Conversation, new: Conversation, released: str | None, **save) -> Conversation:
    """Save the new state; the agent whose capacity it frees loses one load in the same transaction."""
    loads = (LoadChange(conv.org_id, released, -1),) if released else ()
    return deps.conversations.save(new, expected_version=conv.version, load_changes=loads, **save)


def _drain_if_freed(deps: CloseDeps, org_id: str, released: str | None) -> None:
    if released:
        drain_if_anyone_waits(org_id, deps.conversations, deps.assign_queue)


def _require_not_closed(conv: Conversation) -> None:
    if conv.status == Status.CLOSED:
        raise Conflict("the conversation is already closed", code="already_closed")


def close_conversation(
    actor: Agent, conversation_id: str, reason: CloseReason, deps: CloseDeps,
    with_changes: Callable[[Conversation, datetime], dict] | None = None,
) -> Conversation:
    """Close for `reason`; `with_changes(conv, now)` adds to the closed state (and may refuse)."""

    def attempt() -> tuple[Conversation, str | None]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        _require_not_closed(conv)
        now = deps.clock.now()
        changed = conv.model_copy(update=with_changes(conv, now)) if with_changes else conv
        sla = deps.organizations.get(conv.org_id).settings.sla
        closed, released = closed_state(changed, reason, now, sla)
        if deps.platform:
            deps.platform.closing(conv, closed)
        return _save_releasing(deps, conv, closed, released), released

    saved, released = retry_on_conflict(attempt)
    _drain_if_freed(deps, saved.org_id, released)
    return saved


def close_as_the_channel_did(org_id: str, conversation_id: str, *, sla: SlaSettings, deps: CloseDeps) -> Conversation | None:
    """The channel closed it on its side (a marketplace, or its support team, closed the ticket): closed here
    as resolved, the channel not told again (`deps.platform` is not called). None when there is nothing to
    close (no conversation yet, or already closed): a poll that reads the closed ticket again writes nothing."""

    def attempt() -> tuple[Conversation | None, str | None]:
        conv = deps.conversations.find(conversation_id)
        if conv is None or conv.org_id != org_id or conv.status == Status.CLOSED:
            return None, None
        closed, released = closed_state(conv, CloseReason.RESOLVED, deps.clock.now(), sla)
        return _save_releasing(deps, conv, closed, released), released

    saved, released = retry_on_conflict(attempt)
    if saved is not None:
        _drain_if_freed(deps, saved.org_id, released)
    return saved


def refund_and_close(actor: Agent, conversation_id: str, item_ids: list[str], deps: CloseDeps) -> Conversation:
    """Refund marked items of a post-purchase ticket: closed as refunded, the refund recorded on it."""

    def refund(conv: Conversation, now: datetime) -> dict:
        return {"refund": refund_for(conv, item_ids, refunded_by=actor.agent_id, at=now)}

    return close_conversation(actor, conversation_id, CloseReason.REFUNDED, deps, with_changes=refund)


def decline(actor: Agent, conversation_id: str, text: str, deps: ReplyDeps) -> Conversation:
    """Tell the contact we cannot help and close as declined, declining every open linked work item.

    One save: the outbound message, the closed conversation, its work items and the load; then
    the message goes to delivery like any reply.
    """
    if not text.strip():
        raise InvalidFields("a decline needs the text sent to the contact")

    def attempt() -> tuple[Conversation, tuple[LoadChange, ...], Message]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        _require_not_closed(conv)
        now = deps.clock.now()
        require_open_window(conv, now)
        window = require_messaging_window(conv, now, deps)
        message = outbound_message(conv, actor, text, [], now, window)
        new, loads = after_reply(conv, actor, message, deps, close_reason=CloseReason.DECLINED)
        new = new.model_copy(update={"work_items": settle_open(new.work_items, WorkItemStatus.DECLINED),
                                     **(free_reply_counted(conv) if window.counts_free_reply else {})})
        saved = deps.conversations.save(new, expected_version=conv.version, messages=(message,), load_changes=loads,
                                        service_counts=replied(conv, new, actor.agent_id, now))
        return saved, loads, message

    saved, loads, message = retry_on_conflict(attempt)
    hand_over(saved.org_id, message, loads, deps)
    return saved


def reopen_conversation(actor: Agent, conversation_id: str, deps: CloseDeps) -> Conversation:
    """Back to routing; assignment prefers the previous agent while they are eligible.

    Not once the reply lock has passed (409 reply_window_closed), or the lock would mean nothing:
    the write itself is conditioned on the lock lying ahead, so the check and the reopen cannot part.
    """

    def attempt() -> Conversation:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        if conv.status != Status.CLOSED:
            raise Conflict("only a closed conversation can be reopened", code="not_closed")
        now = deps.clock.now()
        require_open_window(conv, now)
        if deps.platform:
            deps.platform.reopening(conv)
        reopened = conv.model_copy(
            update=dict(
                status=Status.UNASSIGNED, close_reason=None, closed_at=None, assignee_id=None,
                previous_assignee_id=conv.assignee_id, deadlines=Deadlines(), taken_over=False, escalation=None,
            )
        )
        return deps.conversations.save(reopened, expected_version=conv.version, replies_open_at=now)

    saved = retry_on_conflict(attempt)
    deps.assign_queue.conversation(saved.org_id, saved.conversation_id, reason="reopened")
    return saved


def block_contact(actor: Agent, contact_id: str, deps: CloseDeps) -> Conversation:
    """Irreversible: the contact's conversation closes (reason blocked), its open linked work items
    close with it (even when the conversation was closed already), and later messages are dropped."""
    # One conversation per contact (ids.conversation_id_for): the contact is the snapshot on it.
    found = deps.conversations.find(conversation_id_for(contact_id))
    if found is None or found.org_id != actor.org_id:
        raise NotFound(f"contact {contact_id} not found")

    def attempt() -> tuple[Conversation, str | None]:
        conv = deps.conversations.get(actor.org_id, conversation_id_for(contact_id))
        require_can_act(actor, conv)
        if conv.contact.blocked:
            return conv, None
        blocked = conv.model_copy(update={
            "contact": conv.contact.model_copy(update={"blocked": True}),
            "work_items": settle_open(conv.work_items, WorkItemStatus.CLOSED),
        })
        released = None
        if conv.status != Status.CLOSED:
            sla = deps.organizations.get(conv.org_id).settings.sla
            blocked, released = closed_state(blocked, CloseReason.BLOCKED, deps.clock.now(), sla)
        return _save_releasing(deps, conv, blocked, released), released

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
        if deps.platform:
            deps.platform.appealing(conv)
        escalated = conv.model_copy(
            update=dict(status=Status.ESCALATED, escalation=Escalation(reason="appeal", note=note, at=deps.clock.now()))
        )
        released = conv.assignee_id if holds_load(conv.assignee_id, conv.status) else None
        return _save_releasing(deps, conv, escalated, released), released

    saved, released = retry_on_conflict(attempt)
    _drain_if_freed(deps, saved.org_id, released)
    return saved
