"""An agent's reply: stored, the response clock stopped, handed to delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from switchboard.clock import Clock
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import Conflict, InvalidFields, NotFound, OutsideMessagingWindow
from switchboard.ids import timed_id
from switchboard.models import (
    Agent, Attachment, Card, ChannelAppRole, ChannelEnforcement, CloseReason, ConnectionSettings, Conversation, Deadlines,
    Message, Status,
)
from switchboard.conversations.cards import require_card
from switchboard.conversations.access import require_can_act
from switchboard.conversations.attachments import stored_attachments
from switchboard.conversations.mentions import mentioned_agents
from switchboard.conversations.lifecycle import closed_state
from switchboard.conversations.messaging_window import ReplyWindow, conversation_window, free_replies_used
from switchboard.conversations.templates import template_text
from switchboard.inbox.counters import anyone_queued
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
    agents: object = None  # AgentRepository: a note's @mentions are looked up among the team
    terms: object = None  # ConnectionDirectory: each connection's messaging terms (`connection_terms`)


def reply(
    actor: Agent, conversation_id: str, *, text: str | None, attachments: list[Attachment], resolve: bool,
    deps: ReplyDeps, template_id: str | None = None, language: str | None = None, card: Card | None = None,
) -> Message:
    """Store the agent's message and hand it to delivery.

    Replies sent at the same moment all succeed, once each. The first one that answers a wait
    changes the conversation (status, clock, counters, load) under its version condition; every
    later one, which changes nothing but the latest message, is appended by a write that commutes
    with the others (`append_outbound`), so they do not fight over the version. Each message sorts
    after the conversation's previous agent message, and that write holds only while it still
    does: the thread's order is the order agent messages were stored in, which delivery follows.

    `card`: an item or order card sent after the text, where the conversation's channel carries that card
    (conversations/cards.py); elsewhere 422 card_not_supported, before anything is stored or queued.
    """
    template = deps.templates.get(actor.org_id, template_id) if template_id else None
    if not (text and text.strip()) and not attachments and template is None and card is None:
        raise InvalidFields("a reply needs text, a template, an attachment or a card")
    attachments = stored_attachments(actor.org_id, attachments, deps.attachments)

    def attempt() -> tuple[Message, tuple[LoadChange, ...]]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        if card is not None:
            require_card(conv.channel, card)
        now = deps.clock.now()
        body = text if (text and text.strip()) or template is None else template_text(template, language, conv)
        require_open_window(conv, now)
        window = require_messaging_window(conv, now, deps)
        message = outbound_message(conv, actor, body if body and body.strip() else None, attachments, now, window, card=card)
        new, loads = after_reply(conv, actor, message, deps, close_reason=CloseReason.RESOLVED if resolve else None)
        if window.counts_free_reply:
            # Counted in the conversation's versioned write: replies racing for the last free one cannot all pass.
            new = new.model_copy(update=free_reply_counted(conv))
        counts = replied(conv, new, actor.agent_id, now)
        lock = now if conv.status == Status.CLOSED else None  # the reply lock, decided by the write's condition
        if not loads and not counts and _only_appends(conv, new):
            deps.conversations.append_outbound(conv, message, replies_open_at=lock)
        else:
            deps.conversations.save(new, expected_version=conv.version, messages=(message,), load_changes=loads,
                                    service_counts=counts, replies_open_at=lock)
        return message, loads

    message, loads = retry_on_conflict(attempt)
    hand_over(actor.org_id, message, loads, deps)
    return message


def add_note(actor: Agent, conversation_id: str, *, text: str | None, attachments: list[Attachment],
             deps: ReplyDeps) -> Message:
    """A private note for the team: stored in the thread, never delivered, the conversation otherwise
    unchanged (the customer still waits; a closed or blocked conversation can still be annotated).

    Written with the conversation's version condition, so a note never lands on a conversation that
    was deleted or changed hands between the read and the write without being re-checked.
    """
    if not (text and text.strip()):
        raise InvalidFields("a note needs text")
    attachments = stored_attachments(actor.org_id, attachments, deps.attachments)
    # The mentioned are told by the Notify function, from the table's stream: a stored note is never lost
    # to a failed notice, nor a notice sent for a note that was not stored.
    mentions = mentioned_agents(text, deps.agents.list(actor.org_id), actor.agent_id) if "@" in text else []

    def attempt() -> Message:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        at = deps.clock.now()
        message_id = timed_id("ms", at)
        note = Message(
            conversation_id=conversation_id, message_id=message_id, sort_key=keys.message_sk(at, message_id),
            direction="note", text=text, attachments=attachments, author_id=actor.agent_id, status="sent",
            mentions=mentions, created_at=at,
        )
        deps.conversations.save(conv, expected_version=conv.version, messages=(note,))
        return note

    return retry_on_conflict(attempt)


def retry_failed(actor: Agent, conversation_id: str, message_id: str, deps: ReplyDeps) -> Message:
    """Queue a failed agent message for delivery again; whoever may reply may retry.

    The message moves from failed to queued by a condition, so of retries racing each other (two
    consoles, a double click) one queues it and the others are told it is not failed. The channel's
    window is decided again, before anything is queued (409 outside_messaging_window). On Zalo a retry
    is a reply like a first send: it uses a free reply of the customer's latest message, counted under
    the conversation's version, unless it already holds one of that message's (counted when first sent),
    which it keeps: one message is never counted twice.
    """

    def attempt() -> tuple[Message, tuple[str | None, str | None]]:
        conv = deps.conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        message = deps.conversations.find_message(conversation_id, message_id)
        if message is None:
            raise NotFound(f"message {message_id} not found")
        now = deps.clock.now()
        require_open_window(conv, now)
        holds = conv.last_inbound_key is not None and message.free_reply_key == conv.last_inbound_key
        # Its own free reply is among those used: the window is the one it had without it.
        window = require_messaging_window(
            conv.model_copy(update={"free_replies_used": conv.free_replies_used - 1}) if holds else conv, now, deps)
        sent_as = (window.messaging_type, window.messaging_tag)
        if window.counts_free_reply and not holds:
            if message.status != "failed":
                raise Conflict("only a failed message can be retried", code="not_failed")
            counted = free_reply_counted(conv)
            queued = deps.conversations.requeue_counting_free_reply(conv, message.sort_key, sent_as=sent_as,
                                                                    **counted)
        else:
            queued = deps.conversations.set_message_status(conversation_id, message.sort_key, "queued",
                                                           only_from="failed", sent_as=sent_as)
        if not queued:
            raise Conflict("only a failed message can be retried", code="not_failed")
        return message, sent_as

    message, sent_as = retry_on_conflict(attempt)
    deps.outbound_queue.send(conversation_id, message.sort_key)
    return message.model_copy(update={"status": "queued", "error": None, "messaging_type": sent_as[0],
                                      "messaging_tag": sent_as[1]})


def _only_appends(conv: Conversation, new: Conversation) -> bool:
    """The reply changes nothing but the conversation's latest message."""
    latest = {"last_message_at": conv.last_message_at, "last_outbound_key": conv.last_outbound_key}
    return new.model_copy(update=latest) == conv


def outbound_message(conv: Conversation, actor: Agent, text: str | None, attachments: list[Attachment], now,
                     window: ReplyWindow | None = None, *, card: Card | None = None) -> Message:
    """An agent's message to the contact, queued for delivery once it is stored, with how the channel must
    be asked to send it (`window`: Messenger's messaging type and tag; the Zalo free reply it uses).

    It sorts after the conversation's previous agent message, even when the clock reads the same
    moment (or an earlier one: another container's clock), and its id tells its key.
    """
    at = now
    if conv.last_outbound_key is not None:
        at = max(now, keys.message_time(conv.last_outbound_key) + timedelta(microseconds=1))
    message_id = timed_id("ms", at)
    return Message(
        conversation_id=conv.conversation_id,
        message_id=message_id,
        sort_key=keys.message_sk(at, message_id),
        direction="out",
        text=text,
        attachments=attachments,
        author_id=actor.agent_id,
        status="queued",
        created_at=at,
        messaging_type=window.messaging_type if window else None,
        messaging_tag=window.messaging_tag if window else None,
        # The customer message whose free reply it uses (Zalo), counted by the caller's write.
        free_reply_key=conv.last_inbound_key if window and window.counts_free_reply else None,
        card=card,
    )


def hand_over(org_id: str, message: Message, loads: tuple[LoadChange, ...], deps: ReplyDeps) -> None:
    """After the save: the message goes to delivery; freed capacity drains the assignment queue."""
    deps.outbound_queue.send(message.conversation_id, message.sort_key)
    if any(change.delta < 0 for change in loads):
        drain_if_anyone_waits(org_id, deps.conversations, deps.assign_queue)


def drain_if_anyone_waits(org_id: str, conversations, assign_queue) -> None:
    """Capacity a saved write freed drains the assignment queue, if a conversation waits there.

    A drain is an Assign invocation and three SQS requests, and most closes find the queue empty. The inbox
    counters are exact (each conversation joins `queued` in the transaction that queues it and leaves it in the
    one that assigns it), and they are read consistently after the write that freed the capacity: a conversation
    queued before that read is counted, so it is drained; one queued after it is handled by its own assign
    message, which finds the capacity already free.
    """
    if anyone_queued(conversations.counter_totals(org_id)):
        assign_queue.drain(org_id, reason="capacity freed")


def require_open_window(conv: Conversation, now) -> None:
    if conv.contact.blocked:
        raise Conflict("the contact is blocked", code="contact_blocked")
    locked_at = conv.deadlines.reply_locked_at
    if conv.status == Status.CLOSED and locked_at is not None and now >= locked_at:
        raise Conflict("the reply window of this closed conversation has ended", code="reply_window_closed")


def require_messaging_window(conv: Conversation, now, deps: ReplyDeps) -> ReplyWindow:
    """The channel's messaging window for a reply now; OutsideMessagingWindow (409) when it is closed, and a 409
    when the channel would refuse any message of the account now (`require_channel_accepts`)."""
    require_channel_accepts(conv, deps.terms.connection_enforcement(conv.org_id, conv.connection_id) if deps.terms else None,
                            app_role=deps.terms.connection_app_role(conv.org_id, conv.connection_id) if deps.terms else None)
    terms = deps.terms.connection_terms(conv.org_id, conv.connection_id) if deps.terms else ConnectionSettings()
    window = conversation_window(conv, terms, now)
    if not window.open:
        raise OutsideMessagingWindow(
            f"{conv.channel.value} does not accept a message to this contact now ({window.reason})", reason=window.reason)
    return window


def require_channel_accepts(conv: Conversation, enforcement: ChannelEnforcement | None, *,
                            app_role: ChannelAppRole | None = None) -> None:
    """Messenger refuses a page's messages while it blocks the page for its policies (messaging_policy_enforcement),
    and a message on a thread another app holds (handover protocol) until the thread is passed back; while our
    app is the page's secondary receiver, the primary receiver holds every thread no handover gave us."""
    if enforcement is not None and enforcement.blocked:
        raise Conflict(f"{conv.channel.value} blocks this account's messages ({enforcement.reason or 'policy'})",
                       code="account_blocked_by_channel")
    if conv.thread_owner_app_id is not None:
        raise Conflict(f"another app ({conv.thread_owner_app_id}) holds this {conv.channel.value} thread; replies wait "
                       "until it passes the thread back", code="thread_controlled_by_other_app")
    if app_role is not None and app_role.waits_for_threads and conv.handover_at is None:
        raise Conflict(f"the page's primary receiver app holds this {conv.channel.value} thread (our app is a "
                       "secondary receiver); replies wait until it passes the thread to us",
                       code="thread_controlled_by_other_app")


def free_reply_counted(conv: Conversation) -> dict:
    """The conversation's Zalo free-reply count after one more reply to the customer's latest message."""
    return {"free_replies_key": conv.last_inbound_key, "free_replies_used": free_replies_used(conv) + 1}


def answered_changes(conv: Conversation, message: Message, at) -> dict:
    """What the seller's `message`, written `at`, changes of the conversation it answers, whoever wrote it
    and wherever: the clock stops (no deadline left), it is read, its first response timed, it awaits the
    customer if it was in progress."""
    changes: dict = dict(
        waiting_since=None,
        deadlines=Deadlines(reply_locked_at=conv.deadlines.reply_locked_at),
        expiring_warned=False,
        unread=False,
        last_message_at=message.created_at,
        last_outbound_key=max(message.sort_key, conv.last_outbound_key or ""),
        first_response_at=conv.first_response_at or at,
    )
    if conv.status in (Status.OPEN, Status.AWAITING_CUSTOMER):
        changes["status"] = Status.AWAITING_CUSTOMER
    return changes


def answered_on_the_channel(conversation_id: str, message: Message, *, answered_at, conversations) -> bool:
    """The seller answered in the marketplace's own dashboard (`message`, the echo the poll read, written
    `answered_at` by the marketplace's clock): stored once with a console reply's effect on the conversation
    (`answered_changes`, the wait's end counted for the organization) in one conditional write, and nothing
    sent. Nobody here answered: no one is assigned and no agent's counts move, so a queued conversation stays
    queued. A reply older than the customer's latest message answers nothing and is only stored. False when
    there is no conversation; DuplicateEvent when the message was stored before."""

    def attempt() -> bool:
        conv = conversations.find(conversation_id)
        if conv is None:
            return False
        answers = conv.waiting_since is not None and (
            conv.last_inbound_key is None or keys.sortable(answered_at) >= conv.last_inbound_key.split("#", 1)[0])
        if not answers:
            conversations.add_message(message)
            return True
        # Timed by the marketplace, within the wait (its clock and ours differ; the poll reads it later).
        at = min(max(answered_at, conv.waiting_since), message.created_at)
        new = conv.model_copy(update=answered_changes(conv, message, at))
        conversations.save(new, expected_version=conv.version, messages=(message,),
                           service_counts=replied(conv, new, None, at))
        return True

    return retry_on_conflict(attempt)


def after_reply(conv: Conversation, actor: Agent, message: Message, deps: ReplyDeps, *,
                close_reason: CloseReason | None = None):
    """The conversation after an agent's `message`: answered, taken if it was waiting, closed for
    `close_reason` when given; and the load moves that go with it."""
    now = message.created_at
    changes = answered_changes(conv, message, now)
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
