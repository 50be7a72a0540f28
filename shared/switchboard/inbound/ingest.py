"""Channel webhooks in: verify, store once, start the response clock, hand new work to routing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from switchboard.channels.base import ChannelAdapter, ConnectionLocator, WebhookRequest
from switchboard.clock import Clock
from switchboard.errors import BadSignature, ConcurrentUpdate, NotFound, PayloadTooLarge
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.models import (
    Connection,
    ContactSnapshot,
    Conversation,
    Deadlines,
    InboundEvent,
    IngestResult,
    Message,
    Status,
)
from switchboard.conversations.work_items import merge_work_items
from switchboard.inbound.applied import (
    apply_app_roles, apply_call, apply_channel_close, apply_contact_flags, apply_data_request, apply_edit,
    PREVIEW_CHARS, apply_enforcement, apply_feedback, apply_follow, apply_handover, apply_interaction, apply_order,
    apply_receipt, apply_thread_request, channel_message, store_echo,
)
from switchboard.reports.counts import wait_started
from switchboard.sla.policy import deadlines_from
from switchboard.store import keys
from switchboard.store.conversations import DuplicateEvent, InboundAppend
from switchboard.store.stats import DuplicateRating


@dataclass
class IngestDeps:
    directory: object  # ConnectionDirectory
    conversations: object  # ConversationRepository
    assign_queue: object
    clock: Clock
    max_body_bytes: int
    stats: object = None  # StatsRepository: ratings count in the service report
    connections: object = None  # ConnectionRepository: the channel's policy actions on an account
    # The channel API, for a Messenger page set to pass a thread to an app that asks for it (pass_thread_on_request):
    # `post` sends an HttpRequest (answering an HttpResponse), to the Graph API at `messenger_api_base_url`.
    post: Callable | None = None
    messenger_api_base_url: str = ""


def ingest_webhook(request: WebhookRequest, adapter: ChannelAdapter, deps: IngestDeps) -> list[IngestResult]:
    """Everything is checked before anything is stored: size, signature presence, connections, signature.

    A delivery for several accounts (Messenger batches the pages of one app) goes to each account's own
    connection; an account not connected here, or whose credentials do not verify the delivery, is skipped
    without failing the others. With no account left, the delivery is refused (404 or 401), as one for a
    single account is.
    """
    if len(request.body) > deps.max_body_bytes:
        raise PayloadTooLarge(f"the body is larger than {deps.max_body_bytes} bytes")
    adapter.require_signature(request)
    locators = adapter.locate_all(request)
    connections: list[Connection] = []
    refusal: BadSignature | NotFound | None = None
    for locator in locators:
        try:
            connections.append(_verified_connection(request, adapter, locator, deps))
        except (BadSignature, NotFound) as error:
            if len(locators) == 1:
                raise
            refusal = error if refusal is None or isinstance(error, BadSignature) else refusal
    if not connections:
        raise refusal or NotFound("no connected connection for this channel account", code="unknown_connection")
    return [ingest_event(event, deps) for connection in connections for event in adapter.parse(request, connection)]


def ingest_recovered_push(body: bytes, adapter: ChannelAdapter, deps: IngestDeps) -> list[IngestResult]:
    """A push the marketplace could not deliver and kept for us (Shopee's lost pushes), read back from its API by
    our own signed call, so there is no signature to check: stored as the push would have been, for the account
    it names; one for an account not connected here is skipped (there is nobody to show it to)."""
    request = WebhookRequest(method="POST", headers={}, body=body)
    results: list[IngestResult] = []
    for locator in adapter.locate_all(request):
        try:
            connection = deps.directory.find(locator)
        except NotFound:
            continue
        results.extend(ingest_event(event, deps) for event in adapter.parse(request, connection))
    return results


def _verified_connection(
    request: WebhookRequest, adapter: ChannelAdapter, locator: ConnectionLocator, deps: IngestDeps,
) -> Connection:
    connection = deps.directory.find(locator)
    try:
        adapter.verify(request, deps.directory.secrets(connection), deps.clock.now())
    except BadSignature:
        if not deps.directory.may_read_again(locator):
            raise
        # This container's copy may predate a reconnection with new credentials: check once with fresh ones.
        connection = deps.directory.find(locator, fresh=True)
        adapter.verify(request, deps.directory.secrets(connection, fresh=True), deps.clock.now())
    return connection


def ingest_event(event: InboundEvent, deps: IngestDeps) -> IngestResult:
    if event.kind == "rating" and event.rating is not None:
        return _ingest_rating(event, deps)
    if event.kind == "receipt":
        return apply_receipt(event, deps.conversations)
    if event.kind == "echo":
        # The app the connection names (Messenger credentials' optional `app_id`): only its echoes are ours.
        app_id = deps.directory.secrets(event.connection).get("app_id") or None
        return store_echo(event, deps.conversations, deps.clock.now(), app_id=app_id)
    if event.kind in ("follow", "unfollow"):
        return apply_follow(event, deps.conversations, deps.clock.now())
    if event.kind == "interaction":
        return apply_interaction(event, deps.conversations, deps.clock.now())
    if event.kind == "closed":
        return apply_channel_close(event, deps)
    if event.kind == "edit":
        return apply_edit(event, deps.conversations)
    if event.kind == "handover":
        return apply_handover(event, deps.conversations,
                              app_id=deps.directory.secrets(event.connection).get("app_id") or None)
    if event.kind == "feedback" and event.feedback:
        return apply_feedback(event, deps.conversations)
    if event.kind == "app_roles":
        result = apply_app_roles(event, deps.connections,
                                 app_id=deps.directory.secrets(event.connection).get("app_id") or None)
        deps.directory.forget()  # this container's replies see it at once; others once their copy expires
        return result
    if event.kind == "thread_request":
        return apply_thread_request(event, deps.conversations, pass_thread=_thread_passer(event, deps))
    if event.kind == "contact":
        return apply_contact_flags(event, deps.conversations)
    if event.kind == "order":
        return apply_order(event, deps.conversations, deps.clock.now())
    if event.kind == "call":
        return apply_call(event, deps.conversations, deps.clock.now())
    if event.kind == "data_request":
        return apply_data_request(event, deps.conversations, deps.clock.now())
    if event.kind == "enforcement" and event.enforcement is not None:
        result = apply_enforcement(event, deps.connections)
        deps.directory.forget()  # this container's replies see it at once; others once their copy expires
        return result
    if event.kind != "message":
        return IngestResult(conversation_id=None, message_id=None, stored=False, reason=f"{event.kind} acknowledged")
    conn = event.connection
    contact_id = contact_id_for(conn.connection_id, event.contact.channel_user_id)
    conversation_id = conversation_id_for(contact_id)
    now = deps.clock.now()
    message = channel_message(event, conversation_id, now)
    inbound_key = f"{keys.sortable(event.sent_at)}#{event.event_key}"
    result = IngestResult(conversation_id=conversation_id, message_id=message.message_id, stored=True)
    try:
        for _ in range(5):
            # Linked work items are merged into the stored list, which needs a read: the slow path.
            attempt = None
            if not event.work_items:
                attempt = deps.conversations.append_inbound_to_active(
                    conversation_id, message, inbound_key=inbound_key, preview=_preview(event), now=now
                )
                if attempt.appended:
                    return result
            try:
                return _ingest_slow(event, message, contact_id, inbound_key, now, deps, attempt) or result
            except ConcurrentUpdate:
                continue  # someone changed the conversation between our read and write: read again
        raise ConcurrentUpdate("the conversation kept changing; the channel will deliver again")
    except DuplicateEvent:
        return result.model_copy(update={"stored": False, "duplicate": True})


def _thread_passer(event: InboundEvent, deps: IngestDeps) -> Callable[[InboundEvent], None] | None:
    """How to pass a requested thread to the app that asks, when the connection is set to (else None): the
    channel's handover call, refused as a send is (the adapter raises)."""
    if not (event.connection.settings.pass_thread_on_request and deps.post is not None):
        return None
    from switchboard.channels.registry import adapter_for  # imported here: only a pass needs an adapter

    adapter = adapter_for(event.connection.channel)

    def pass_thread(requested: InboundEvent) -> None:
        request = adapter.pass_thread(requested.connection, deps.directory.secrets(requested.connection),
                                      requested.contact.channel_user_id, requested.thread_owner_app_id or "",
                                      deps.messenger_api_base_url)
        adapter.thread_passed(deps.post(request))

    return pass_thread


def _ingest_slow(
    event: InboundEvent, message: Message, contact_id: str, inbound_key: str,
    now: datetime, deps: IngestDeps, attempt: InboundAppend | None = None,
) -> IngestResult | None:
    """A new conversation, one that is queued, escalated, closed or blocked, or an event with work items.

    After a refused hot-path `attempt`, the conversation it returned is the one read (no read of our own)."""
    # The deadlines a wait starting now would have (the hot path never starts one).
    new_wait = deadlines_from(now, deps.directory.org_settings(event.connection.org_id).sla)
    conv: Conversation | None = attempt.found if attempt else deps.conversations.find(message.conversation_id)
    if conv is None:
        conv = _new_conversation(event, message, contact_id, new_wait, now)
        deps.conversations.save(conv, expected_version=None, service_counts=wait_started(None, conv, now))
        _store_after(message, deps)
        # The Assign function announces the first contact once routing decided who has it.
        deps.assign_queue.conversation(conv.org_id, conv.conversation_id, reason="new")
        return None
    if conv.contact.blocked:
        return IngestResult(conversation_id=None, message_id=None, stored=False, reason="contact blocked")
    is_newer = conv.last_inbound_key is None or inbound_key > conv.last_inbound_key
    changes: dict = {}
    if is_newer:
        changes = dict(
            unread=True,
            last_message_at=now,
            last_message_preview=_preview(event),
            last_inbound_key=inbound_key,
            last_inbound_at=now,
        )
        if conv.waiting_since is None:
            changes.update(waiting_since=now, deadlines=new_wait, expiring_warned=False)
        changes.update(_snapshot_changes(conv, event))
    if event.work_items:
        changes["work_items"] = merge_work_items(conv.work_items, event.work_items, newer=is_newer)
    reopened = conv.status == Status.CLOSED
    if reopened:
        changes.update(
            status=Status.UNASSIGNED,
            close_reason=None,
            closed_at=None,
            previous_assignee_id=conv.assignee_id,
            assignee_id=None,
            waiting_since=now,
            deadlines=new_wait,
            expiring_warned=False,
            taken_over=False,
            escalation=None,
            first_response_at=None,  # a new episode: its first response is timed again
        )
    elif conv.status == Status.AWAITING_CUSTOMER and is_newer:
        changes["status"] = Status.OPEN
    new = conv.model_copy(update=changes)
    deps.conversations.save(new, expected_version=conv.version, messages=() if is_newer else (message,), found_as=conv,
                            service_counts=wait_started(conv, new, now))
    if is_newer:
        _store_after(message, deps)
    if reopened:
        deps.assign_queue.conversation(conv.org_id, conv.conversation_id, reason="reopened")
    return None


def _store_after(message: Message, deps: IngestDeps) -> None:
    """A newer customer message, stored after the conversation's transaction with one conditional put (1 write
    unit; in the transaction it bills 2), as on the hot path.

    The transaction recorded the event's key as the conversation's latest (`last_inbound_key`), so if this put
    never runs (the container stopped), the channel, which got no answer, delivers again, the hot path's
    condition refuses the redelivery, and the slow path finds the event no newer and stores its message in the
    conversation's transaction (`_ingest_slow`). A message an older event (redelivered or late) brings stays in
    that transaction, whose refusal tells a duplicate before anything moves. Stored once either way: a second
    delivery that raced this one may have stored it first.
    """
    try:
        deps.conversations.add_message(message)
    except DuplicateEvent:
        pass


def _ingest_rating(event: InboundEvent, deps: IngestDeps) -> IngestResult:
    """A contact's rating counts once, for the organization and the conversation's agent."""
    conversation_id = conversation_id_for(contact_id_for(event.connection.connection_id, event.contact.channel_user_id))
    conv = deps.conversations.find(conversation_id)
    if not conv or conv.org_id != event.connection.org_id or conv.contact.blocked:
        return IngestResult(conversation_id=None, message_id=None, stored=False, reason="rating without a conversation")
    result = IngestResult(conversation_id=conversation_id, message_id=None, stored=True, reason="rating counted")
    try:
        deps.stats.record_rating(conv, event.event_key, event.rating, deps.clock.now())
    except DuplicateRating:
        return result.model_copy(update={"stored": False, "duplicate": True})
    return result


def _new_conversation(
    event: InboundEvent, message: Message, contact_id: str, new_wait: Deadlines, now: datetime
) -> Conversation:
    ticket = event.ticket
    return Conversation(
        org_id=event.connection.org_id,
        conversation_id=message.conversation_id,
        connection_id=event.connection.connection_id,
        channel=event.connection.channel,
        contact=ContactSnapshot(
            contact_id=contact_id,
            channel_user_id=event.contact.channel_user_id,
            name=event.contact.name,
            store_name=event.contact.store_name,
            store_url=event.contact.store_url,
            language=event.contact.language,
        ),
        status=Status.UNASSIGNED,
        rule_id=event.connection.rule_id,
        unread=True,
        waiting_since=now,
        last_message_at=now,
        last_message_preview=_preview(event),
        last_inbound_key=f"{keys.sortable(event.sent_at)}#{event.event_key}",
        last_inbound_at=now,
        deadlines=new_wait,
        entry_group=event.entry_group,
        entry_page=event.entry_page,
        category=ticket.category if ticket else None,
        issue_type=ticket.issue_type if ticket else None,
        ticket_id=ticket.id if ticket else None,
        order=ticket.order if ticket else None,
        work_items=merge_work_items([], event.work_items, newer=True),
        created_at=now,
    )


def _snapshot_changes(conv: Conversation, event: InboundEvent) -> dict:
    """Channels may send a newer name or store for the contact; keep the list rows current."""
    fields = {k: v for k, v in event.contact.model_dump().items() if v is not None and k != "channel_user_id"}
    if not fields:
        return {}
    return {"contact": conv.contact.model_copy(update=fields)}


def _preview(event: InboundEvent) -> str:
    if event.text:
        return event.text[:PREVIEW_CHARS]
    if event.attachments:
        return f"[{event.attachments[0].type}]"
    if event.card:
        return f"[{event.card.kind} {event.card.id}]"[:PREVIEW_CHARS]
    return ""
