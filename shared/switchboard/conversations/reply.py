"""An agent's reply: stored, the response clock stopped, handed to delivery."""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.clock import Clock
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import Conflict, InvalidFields
from switchboard.ids import new_id
from switchboard.models import Agent, Attachment, CloseReason, Conversation, Deadlines, Message, Status
from switchboard.conversations.access import require_can_act
from switchboard.conversations.attachments import stored_attachments
from switchboard.conversations.lifecycle import closed_state
from switchboard.conversations.templates import template_text
from switchboard.reports.counts import replied
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
    attachments: object = None  # AttachmentStore: asked only about files named by object_key


def reply(
    actor: Agent, conversation_id: str, *, text: str | None, attachments: list[Attachment], resolve: bool,
    deps: ReplyDeps, template_id: str | None = None, language: str | None = None,
) -> Message:
    template = deps.templates.get(actor.org_id, template_id) if template_id else None
    if not (text and text.strip()) and not attachments and template is None:
        raise InvalidFields("a reply needs text, a template or an attachment")
    attachments = stored_attachments(actor.org_id, attachments, deps.attachments)

    def attempt() -> tuple[Message, tuple[LoadChange, ...]]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        now = deps.clock.now()
        body = text if (text and text.strip()) or template is None else template_text(template, language, conv)
        require_open_window(conv, now)
        message = outbound_message(conv, actor, body, attachments, now)
        new, loads = after_reply(conv, actor, now, deps, close_reason=CloseReason.RESOLVED if resolve else None)
        deps.conversations.save(new, expected_version=conv.version, messages=(message,), load_changes=loads,
                                service_counts=replied(conv, new, actor.agent_id, now))
        return message, loads

    message, loads = retry_on_conflict(attempt)
    hand_over(actor.org_id, message, loads, deps)
    return message


def outbound_message(conv: Conversation, actor: Agent, text: str | None, attachments: list[Attachment], now) -> Message:
    """An agent's message to the contact, queued for delivery once it is stored."""
    message_id = new_id("ms")
    return Message(
        conversation_id=conv.conversation_id,
        message_id=message_id,
        sort_key=keys.message_sk(now, message_id),
        direction="out",
        text=text,
        attachments=attachments,
        author_id=actor.agent_id,
        status="queued",
        created_at=now,
    )


def hand_over(org_id: str, message: Message, loads: tuple[LoadChange, ...], deps: ReplyDeps) -> None:
    """After the save: the message goes to delivery; freed capacity drains the assignment queue."""
    deps.outbound_queue.send(message.conversation_id, message.sort_key)
    if any(change.delta < 0 for change in loads):
        deps.assign_queue.drain(org_id, reason="capacity freed")


def require_open_window(conv: Conversation, now) -> None:
    if conv.contact.blocked:
        raise Conflict("the contact is blocked", code="contact_blocked")
    locked_at = conv.deadlines.reply_locked_at
    if conv.status == Status.CLOSED and locked_at is not None and now >= locked_at:
        raise Conflict("the reply window of this closed conversation has ended", code="reply_window_closed")


def after_reply(conv: Conversation, actor: Agent, now, deps: ReplyDeps, *, close_reason: CloseReason | None = None):
    """The conversation after an agent's message: answered, taken if it was waiting, closed for
    `close_reason` when given; and the load moves that go with it."""
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
    if close_reason is not None and conv.status != Status.CLOSED:
        sla = deps.organizations.get(conv.org_id).settings.sla
        new, released = closed_state(new, close_reason, now, sla)
        if loads:
            loads = []  # taken from the queue and closed in one step: the load never moves
        elif released:
            loads = [LoadChange(conv.org_id, released, -1)]
    return new, tuple(loads)
