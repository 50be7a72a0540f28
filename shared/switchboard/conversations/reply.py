"""An agent's reply: stored, the response clock stopped, handed to delivery."""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.clock import Clock
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import Conflict, InvalidFields
from switchboard.ids import new_id
from switchboard.models import Agent, Attachment, CloseReason, Conversation, Deadlines, Message, Status
from switchboard.conversations.access import require_can_act
from switchboard.conversations.closing import closed_state
from switchboard.conversations.templates import template_text
from switchboard.store import keys
from switchboard.store.conversations import LoadChange


@dataclass
class ReplyDeps:
    conversations: object
    organizations: object
    outbound_queue: object
    assign_queue: object
    clock: Clock
    templates: object = None


def reply(
    actor: Agent, conversation_id: str, *, text: str | None, attachments: list[Attachment], resolve: bool,
    deps: ReplyDeps, template_id: str | None = None, language: str | None = None,
) -> Message:
    template = deps.templates.get(actor.org_id, template_id) if template_id else None
    if not (text and text.strip()) and not attachments and template is None:
        raise InvalidFields("a reply needs text, a template or an attachment")

    def attempt() -> tuple[Message, tuple[LoadChange, ...]]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        now = deps.clock.now()
        body = text if (text and text.strip()) or template is None else template_text(template, language, conv)
        _require_open_window(conv, now)
        message_id = new_id("ms")
        message = Message(
            conversation_id=conversation_id,
            message_id=message_id,
            sort_key=keys.message_sk(now, message_id),
            direction="out",
            text=body,
            attachments=attachments,
            author_id=actor.agent_id,
            status="queued",
            created_at=now,
        )
        new, loads = _after_reply(conv, actor, now, resolve, deps)
        deps.conversations.save(new, expected_version=conv.version, messages=(message,), load_changes=loads)
        return message, loads

    message, loads = retry_on_conflict(attempt)
    deps.outbound_queue.send(conversation_id, message.sort_key)
    if any(change.delta < 0 for change in loads):
        deps.assign_queue.drain(actor.org_id, reason="capacity freed")
    return message


def _require_open_window(conv: Conversation, now) -> None:
    if conv.contact.blocked:
        raise Conflict("the contact is blocked", code="contact_blocked")
    locked_at = conv.deadlines.reply_locked_at
    if conv.status == Status.CLOSED and locked_at is not None and now >= locked_at:
        raise Conflict("the reply window of this closed conversation has ended", code="reply_window_closed")


def _after_reply(conv: Conversation, actor: Agent, now, resolve: bool, deps: ReplyDeps):
    changes: dict = dict(
        waiting_since=None,
        deadlines=Deadlines(reply_locked_at=conv.deadlines.reply_locked_at),
        expiring_warned=False,
        unread=False,
        last_message_at=now,
        first_response_at=conv.first_response_at or now,
    )
    loads: list[LoadChange] = []
    assignee = conv.assignee_id
    if conv.status == Status.UNASSIGNED:
        # Answering a waiting conversation takes it: it leaves the queue with the one who answered.
        assignee = actor.agent_id
        changes.update(assignee_id=assignee)
        loads.append(LoadChange(conv.org_id, assignee, +1, within_capacity=False))
    if conv.status in (Status.OPEN, Status.UNASSIGNED, Status.AWAITING_CUSTOMER):
        changes["status"] = Status.AWAITING_CUSTOMER
    new = conv.model_copy(update=changes)
    if resolve and conv.status != Status.CLOSED:
        sla = deps.organizations.get(conv.org_id).settings.sla
        new, released = closed_state(new, CloseReason.RESOLVED, now, sla)
        if loads:
            loads = []  # taken from the queue and closed in one step: the load never moves
        elif released:
            loads = [LoadChange(conv.org_id, released, -1)]
    return new, tuple(loads)
