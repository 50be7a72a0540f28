"""Channel events that are no customer's message but change what is stored: delivery and read receipts move the
account's messages forward, echoes put the account's own messages (sent from the channel's app) in the thread,
follow / unfollow mark the contact, other interactions (reactions, shared info) keep the messaging windows open,
a marketplace's closing of a ticket closes its conversation. Each finds its thread from the contact the event
names, never by a scan."""

from __future__ import annotations

from switchboard.errors import ConcurrentUpdate, SwitchboardError
from switchboard.ids import contact_id_for, conversation_id_for, derived_id, time_of
from switchboard.models import (
    UNNAMED_APP, ChannelAppRole, ContactSnapshot, Conversation, InboundEvent, IngestResult, Message, Status,
)
from switchboard.store import keys
from switchboard.store.conversations import DuplicateEvent

# How far a message has come; a receipt only moves a message forward (read beats delivered).
PROGRESS = {"sent": 1, "delivered": 2, "read": 3}
RECEIPT_PAGE = 10  # messages read per page, newest first: a receipt is usually for the last few
RECEIPT_SCAN = 50  # messages read at most for one receipt (its first one on a long thread that never had any)
ECHO_LOOKBACK = 20  # newest messages an echo is compared with: our own send is among the last few
EDIT_SCAN = 50  # messages read back at most for an edit (Messenger lets a message be edited for minutes, not days)
PREVIEW_CHARS = 80  # a message's text (or a call's sentence) as the list's preview of its conversation


def channel_message(event: InboundEvent, conversation_id: str, now, *, echo: bool = False) -> Message:
    """A message the channel sent us: the customer's (in), or with `echo` the account's own (out), its id and
    sort key derived from the channel's, so a redelivery lands on the same item."""
    key = ("echo", event.event_key) if echo else (event.event_key,)
    return Message(
        conversation_id=conversation_id,
        message_id=derived_id("ms", event.connection.connection_id, *key),
        sort_key=keys.message_sk(event.sent_at, derived_id("k", *key)),
        direction="out" if echo else "in",
        text=event.text,
        attachments=event.attachments,
        status="sent" if echo else "received",
        channel_message_id=event.channel_message_id,
        created_at=now,
        card=event.card,
    )


def _conversation_id(event: InboundEvent) -> str:
    return conversation_id_for(contact_id_for(event.connection.connection_id, event.contact.channel_user_id))


def apply_receipt(event: InboundEvent, conversations) -> IngestResult:
    """Move the account's messages the receipt covers to `delivered` / `read`.

    A receipt covers the messages it names by the channel's id (Zalo's msg_ids, Messenger's mids) and, with a
    watermark (Messenger), every message before it. The thread is read newest first from the watermark and stops,
    with a watermark, at the first message of the account already as far as the receipt (watermarks are
    cumulative: an earlier one covered it and everything before it); without one, once every named message is
    found (Zalo's receipts may arrive in any order), and in any case after RECEIPT_SCAN messages. Each move is a conditional update
    from the statuses before the target, so two receipts racing never move a message backwards. A message still
    queued or failed is left alone (its delivery owns it), and a receipt for a message not found changes nothing.
    """
    conversation_id = _conversation_id(event)
    target = event.receipt or "delivered"
    earlier = tuple(status for status, rank in PROGRESS.items() if rank < PROGRESS[target])
    wanted = set(event.receipt_ids)
    moved = 0
    thread = conversations.thread_newest_first(conversation_id, up_to=event.watermark, page_size=RECEIPT_PAGE)
    for read, message in enumerate(thread, start=1):
        if message.direction == "out":
            named = message.channel_message_id in wanted
            wanted.discard(message.channel_message_id)
            if (named or event.watermark is not None) and message.status in earlier:
                moved += conversations.advance_message_status(conversation_id, message.sort_key, target,
                                                              from_statuses=earlier)
            elif event.watermark is not None and not named and PROGRESS.get(message.status, 0) >= PROGRESS[target]:
                break  # a watermark covers everything before it, as the receipt that moved this one did
            if event.watermark is None and not wanted:
                break
        if read >= RECEIPT_SCAN:
            break
    return IngestResult(conversation_id=conversation_id if moved else None, message_id=None, stored=False,
                        applied=moved > 0, reason=f"receipt: {moved} message(s) {target}")


def store_echo(event: InboundEvent, conversations, now, *, app_id: str | None = None) -> IngestResult:
    """The account's own message, sent from the channel's app, as an outbound message of the thread, once.

    An echo of a message we sent is recognized by the metadata we sent with it (Messenger: our message's id,
    echoed with the sending app's id, which must be ours, `app_id`, when the connection names it), by its
    channel id on one of the newest messages, or, for a send without metadata still in flight (the channel may
    echo before our delivery records the id it answered), as a queued message of the same content; either way
    it is not stored again. Metadata also covers each part of a message sent in several (a text and a photo
    are echoed as two messages, neither of the same content as ours). An echo for a contact with no conversation
    here is acknowledged: there is no thread to show it in. It changes nothing else of the conversation (no
    agent answered, so no clock stops and nobody's response is counted), unless the channel says it `answers`
    the customer (a marketplace's seller dashboard): then it is the seller's reply, with a console reply's
    effect on the conversation (`answered_on_the_channel`).
    """
    conversation_id = _conversation_id(event)
    ignored = IngestResult(conversation_id=None, message_id=None, stored=False)
    if _names_our_message(event, conversation_id, conversations, app_id):
        return ignored.model_copy(update={"duplicate": True, "reason": "echo of our own message (its metadata)"})
    recent, _ = conversations.messages(conversation_id, limit=ECHO_LOOKBACK, cursor=None)
    if not recent:
        return ignored.model_copy(update={"reason": "echo without a conversation"})
    for message in recent:
        if message.direction != "out":
            continue
        in_flight = (message.status == "queued" and message.channel_message_id is None and message.text == event.text
                     and bool(message.attachments) == bool(event.attachments) and message.card == event.card)
        # A reply's card is a message of its own on the channel (after the text): its echo has another id.
        our_card = event.card is not None and message.author_id is not None and message.card == event.card
        if message.channel_message_id == event.channel_message_id or in_flight or our_card:
            return ignored.model_copy(update={"duplicate": True, "reason": "echo of our own message"})
    echo = channel_message(event, conversation_id, now, echo=True)
    result = IngestResult(conversation_id=conversation_id, message_id=echo.message_id, stored=True)
    try:
        if event.answers:
            # Imported here: the reply use case costs ~0.5 s of cold imports that webhooks never need.
            from switchboard.conversations.reply import answered_on_the_channel

            answered_on_the_channel(conversation_id, echo, answered_at=event.sent_at, conversations=conversations)
        else:
            conversations.add_message(echo)
    except DuplicateEvent:
        return result.model_copy(update={"stored": False, "duplicate": True})
    return result


def _names_our_message(event: InboundEvent, conversation_id: str, conversations, app_id: str | None) -> bool:
    """The echo's metadata is the id of an agent message of this thread, sent by our app: one GetItem (an agent
    message's id tells its key; any other metadata is not looked up)."""
    metadata = event.echo_metadata
    if not metadata or time_of(metadata) is None or (app_id and event.echo_app_id != app_id):
        return False
    ours = conversations.find_message(conversation_id, metadata)
    return ours is not None and ours.direction == "out"


def apply_follow(event: InboundEvent, conversations, now) -> IngestResult:
    """follow / unfollow: the contact's `following` flag, on its conversation (none yet: nothing to show it on).
    A follow is also an interaction with the OA (it keeps Zalo's consultation window open, as a message does)."""
    conversation_id = _conversation_id(event)
    following = event.kind == "follow"
    applied = conversations.set_following(conversation_id, following, interaction_at=now if following else None)
    return IngestResult(conversation_id=conversation_id if applied else None, message_id=None, stored=False,
                        applied=applied, reason=f"{event.kind} {'applied' if applied else 'without a conversation'}")


def apply_interaction(event: InboundEvent, conversations, now) -> IngestResult:
    """The customer interacted without writing (reacted to a message, shared their details): the conversation's
    latest interaction, timed by our clock as messages are, which the channels' windows count
    (conversations/messaging_window.py). Nothing is stored in the thread and no clock starts: nobody waits."""
    conversation_id = _conversation_id(event)
    # Zalo's user_submit_info carries the details the customer shared: the contact's, with the interaction.
    applied = conversations.record_interaction(conversation_id, now, name=event.contact.name, phone=event.contact.phone)
    return IngestResult(conversation_id=conversation_id if applied else None, message_id=None, stored=False,
                        applied=applied,
                        reason=f"interaction {'applied' if applied else 'without a conversation or older'}")


def apply_edit(event: InboundEvent, conversations) -> IngestResult:
    """The customer edited a message (Messenger's message_edits): its stored text becomes the new one, what they
    first wrote is kept (`original_text`) and the message counts its edits. The thread is read newest first for
    the message of that channel id (EDIT_SCAN at most; not from the edit's time, which Meta's own example puts
    before the message's); an edit of a message not found here,
    or one older than the edit already applied (a late delivery), changes nothing."""
    conversation_id = _conversation_id(event)
    message = _recent_message(conversations, conversation_id, event.channel_message_id, direction="in")
    if message is None:
        return IngestResult(conversation_id=None, message_id=None, stored=False, reason="edit of a message not found")
    applied = conversations.edit_inbound(conversation_id, message.sort_key, event.text,
                                         edits=event.edit_count or message.edits + 1,
                                         original_text=message.original_text or message.text)
    return IngestResult(conversation_id=conversation_id if applied else None, message_id=message.message_id,
                        stored=False, applied=applied, reason=f"edit {'applied' if applied else 'older'}")


def apply_feedback(event: InboundEvent, conversations) -> IngestResult:
    """The customer's feedback on one of the page's messages (Messenger's response_feedback: thumbs up or down):
    kept on that message (`feedback`), found by its channel id newest first (EDIT_SCAN messages at most), with
    one conditional update; a feedback on a message not found here (sent before the page was connected, or
    older than the scan) changes nothing, and an earlier feedback delivered late does not replace a later one."""
    conversation_id = _conversation_id(event)
    message = _recent_message(conversations, conversation_id, event.channel_message_id, direction="out")
    if message is None:
        return IngestResult(conversation_id=None, message_id=None, stored=False, reason="feedback on a message not found")
    applied = conversations.set_feedback(conversation_id, message.sort_key, event.feedback, at=event.sent_at)
    return IngestResult(conversation_id=conversation_id if applied else None, message_id=message.message_id,
                        stored=False, applied=applied, reason=f"feedback {event.feedback} {'applied' if applied else 'older'}")


def _recent_message(conversations, conversation_id: str, channel_message_id: str | None, *, direction: str):
    """The message of `direction` with that channel id among the thread's newest EDIT_SCAN (None if not there):
    an edit or a feedback concerns a recent message, and a thread is never read whole for one."""
    thread = conversations.thread_newest_first(conversation_id, up_to=None, page_size=RECEIPT_PAGE)
    for read, message in enumerate(thread, start=1):
        if message.direction == direction and message.channel_message_id == channel_message_id:
            return message
        if read >= EDIT_SCAN:
            return None
    return None


def apply_handover(event: InboundEvent, conversations, *, app_id: str | None) -> IngestResult:
    """Messenger's handover protocol: the thread was passed to an app, or taken by the page's primary app. The
    conversation records the app that holds it when that is not ours (`app_id`, the connection's Meta app, when
    it names one), and nothing once it is ours again; replies wait meanwhile (409 thread_controlled_by_other_app),
    messages keep arriving (standby). Meta sends a pass to the app the thread is passed to, so a pass is ours
    unless the connection names our app and the pass names another; a connection without `app_id` would
    otherwise take its own app, named in the pass, for another and refuse every reply."""
    owner = event.thread_owner_app_id
    if event.thread_passed and not app_id:
        owner = None
    other = None if owner is None or (app_id and owner == app_id) else owner
    conversation_id = _conversation_id(event)
    applied = conversations.set_thread_owner(conversation_id, other, at=event.sent_at)
    said = f"held by app {other}" if other else "ours"
    return IngestResult(conversation_id=conversation_id if applied else None, message_id=None, stored=False,
                        applied=applied,
                        reason=f"thread {said}" if applied else "handover without a conversation or older")


def apply_thread_request(event: InboundEvent, conversations, *, pass_thread=None) -> IngestResult:
    """Another app asked us for the thread (Messenger's request_thread_control): the conversation shows which
    (`thread_requested_by_app_id`) until a handover answers it; a person passes the thread, in Meta's inbox.
    Not recorded when the thread is not ours, or a handover newer than the request was applied.

    With `pass_thread` (the connection is set to pass on request: `pass_thread_on_request`), the thread is passed to
    that app at once, by Meta's Handover API (`pass_thread(event)`, which raises when Meta refuses), and recorded as
    held by it; Meta tells the app it passes the thread to, not us. When Meta refuses, or names no app, the request
    stays for a person: the delivery is accepted all the same."""
    conversation_id = _conversation_id(event)
    app = event.thread_owner_app_id or ""
    applied = conversations.set_thread_request(conversation_id, app, at=event.sent_at)
    if not applied:
        return IngestResult(conversation_id=None, message_id=None, stored=False,
                            reason="thread request without a conversation of ours, or older than its handover")
    said = f"thread requested by app {app}"
    if pass_thread is not None and app and app != UNNAMED_APP:
        try:
            pass_thread(event)
        except SwitchboardError as error:
            return IngestResult(conversation_id=conversation_id, message_id=None, stored=False, applied=True,
                                reason=f"{said}; passing it failed: {error}")
        conversations.set_thread_owner(conversation_id, app, at=event.sent_at)
        said = f"thread passed to app {app} on its request"
    return IngestResult(conversation_id=conversation_id, message_id=None, stored=False, applied=True, reason=said)


def apply_contact_flags(event: InboundEvent, conversations) -> IngestResult:
    """Messenger's opt-ins to (or out of) the page's Marketing Messages and account linking: on the contact."""
    conversation_id = _conversation_id(event)
    applied = conversations.set_contact_flags(conversation_id, event.contact_flags)
    return IngestResult(conversation_id=conversation_id if applied else None, message_id=None, stored=False,
                        applied=applied, reason="contact updated" if applied else "contact without a conversation")


def apply_order(event: InboundEvent, conversations, now) -> IngestResult:
    """The contact placed an order in the account's shop (Zalo's shop_has_order): the order on their conversation
    (`order`, which lets the seller start a conversation about it: conversations/starting.py), and a system
    message in the thread with the order's card, once. A buyer who never wrote gets a conversation that is closed
    from the start: it waits for nobody and enters no queue, and holds the order for the seller to write about.
    Nothing else of the conversation changes (no clock starts: the buyer asked nothing)."""
    conversation_id = _conversation_id(event)
    message = _system_message(event, conversation_id, now, card=event.card,
                              text=f"The customer placed order {event.card.id} in the shop" if event.card
                              else "The customer placed an order")
    result = IngestResult(conversation_id=conversation_id, message_id=message.message_id, stored=True, applied=True,
                          reason="order recorded")
    recorded = conversations.record_order(conversation_id, event.order or {}, event.sent_at)
    if not recorded and conversations.find(conversation_id) is None:
        try:
            conversations.save(_closed_conversation(
                event, conversation_id, now, preview=f"[order {event.card.id}]" if event.card else "[order]",
                order=event.order, order_at=event.sent_at), expected_version=None, messages=(message,))
            return result
        except (ConcurrentUpdate, DuplicateEvent):
            # The buyer's first message (or this order's redelivery) created it meanwhile: record on it.
            recorded = conversations.record_order(conversation_id, event.order or {}, event.sent_at)
    try:
        conversations.add_message(message)
    except DuplicateEvent:
        return result.model_copy(update={"stored": False, "duplicate": True, "applied": recorded})
    return result.model_copy(update={"applied": recorded})


def apply_call(event: InboundEvent, conversations, now) -> IngestResult:
    """A call between the account and the contact ended (Zalo's user_call_oa, oa_call_user): a system message in
    their thread saying who called and how long they talked, once per call, and, when the contact called, their
    interaction (Zalo counts calling the OA as one: it keeps the consultation window open). A caller who never wrote
    gets a conversation that is closed from the start, holding the call, as a buyer who only ordered does: the call
    was answered (or missed) in Zalo's call center, and nobody here waits for an answer. No clock starts."""
    conversation_id = _conversation_id(event)
    message = _system_message(event, conversation_id, now)
    result = IngestResult(conversation_id=conversation_id, message_id=message.message_id, stored=True, applied=True,
                          reason="call recorded")
    if conversations.find(conversation_id) is None:
        try:
            conversations.save(_closed_conversation(
                event, conversation_id, now, preview=(event.text or "[call]")[:PREVIEW_CHARS],
                interaction_at=now if event.interaction else None), expected_version=None, messages=(message,))
            return result
        except (ConcurrentUpdate, DuplicateEvent):
            pass  # the caller's first message (or this call's redelivery) created it meanwhile: add the call to it
    try:
        conversations.add_message(message)
    except DuplicateEvent:
        # A redelivery: the call is in the thread, and its interaction was kept when it was stored.
        return result.model_copy(update={"stored": False, "duplicate": True, "applied": False})
    if event.interaction:
        conversations.record_interaction(conversation_id, now)
    return result


def apply_data_request(event: InboundEvent, conversations, now) -> IngestResult:
    """The contact asked the account, through the channel, to stop processing or delete their data (Zalo's
    user_withdraw): a system message in their thread, once, so the team learns of it; Switchboard deletes nothing
    by itself (README, not handled). A contact with no conversation has nothing stored here: acknowledged."""
    conversation_id = _conversation_id(event)
    if conversations.find(conversation_id) is None:
        return IngestResult(conversation_id=None, message_id=None, stored=False,
                            reason="data request without a conversation")
    message = _system_message(event, conversation_id, now)
    try:
        conversations.add_message(message)
    except DuplicateEvent:
        return IngestResult(conversation_id=conversation_id, message_id=message.message_id, stored=False,
                            duplicate=True)
    return IngestResult(conversation_id=conversation_id, message_id=message.message_id, stored=True, applied=True,
                        reason="data request shown")


def _system_message(event: InboundEvent, conversation_id: str, now, *, text: str | None = None,
                    card=None) -> Message:
    """What the channel says happened (an order, a call, a request about the contact's data), as a system message
    of the thread (`text`, else the event's) whose id and sort key derive from the event's kind and key: a
    redelivery lands on the same item."""
    key = (event.kind, event.event_key)
    return Message(
        conversation_id=conversation_id, message_id=derived_id("ms", event.connection.connection_id, *key),
        sort_key=keys.message_sk(event.sent_at, derived_id("k", *key)), direction="system",
        text=text if text is not None else event.text, card=card, status="received", created_at=now,
    )


def _closed_conversation(event: InboundEvent, conversation_id: str, now, *, preview: str, order: dict | None = None,
                         order_at=None, interaction_at=None) -> Conversation:
    """The conversation of a contact who never wrote, created by what the channel says they did (an order, a call):
    closed, so it enters no queue and starts no clock."""
    contact_id = contact_id_for(event.connection.connection_id, event.contact.channel_user_id)
    return Conversation(
        org_id=event.connection.org_id, conversation_id=conversation_id, connection_id=event.connection.connection_id,
        channel=event.connection.channel,
        contact=ContactSnapshot(contact_id=contact_id, channel_user_id=event.contact.channel_user_id),
        status=Status.CLOSED, rule_id=event.connection.rule_id, order=order, order_at=order_at,
        last_message_at=now, last_message_preview=preview, last_interaction_at=interaction_at,
        closed_at=now, created_at=now,
    )


RECEIVER_ROLES = ("primary_receiver", "secondary_receiver")


def apply_app_roles(event: InboundEvent, connections, *, app_id: str | None) -> IngestResult:
    """The apps' roles on the page changed (Messenger's app_roles): our app's role is kept on the connection, where
    a secondary receiver's replies wait for a thread passed to it (reply.py). Ours is the role of the app the
    connection names (`app_id`); without one, the event's only app (Meta sends each app its role). A change that
    names no role of ours, or an older one delivered late, is acknowledged."""
    if app_id:
        roles = event.app_roles.get(app_id) or []
    else:
        roles = next(iter(event.app_roles.values())) if len(event.app_roles) == 1 else []
    role = next((r for r in RECEIVER_ROLES if r in roles), None)
    if role is None:
        return IngestResult(conversation_id=None, message_id=None, stored=False, reason="app roles name no role of ours")
    applied = connections.set_app_role(event.connection, ChannelAppRole(role=role, at=event.sent_at))
    return IngestResult(conversation_id=None, message_id=None, stored=False, applied=applied,
                        reason=f"our app is the {role}" if applied else "app roles older than those kept")


def apply_enforcement(event: InboundEvent, connections) -> IngestResult:
    """The channel's policy action on the account (Messenger's messaging_policy_enforcement), on the connection:
    while the page is blocked its replies are refused before anything is queued (409 account_blocked_by_channel)."""
    applied = connections.set_enforcement(event.connection, event.enforcement)
    return IngestResult(conversation_id=None, message_id=None, stored=False, applied=applied,
                        reason=f"policy {event.enforcement.action} {'applied' if applied else 'older'}")


def apply_channel_close(event: InboundEvent, deps) -> IngestResult:
    """The marketplace closed the ticket (Wish, or Wish support): its conversation closes here, once, and the
    marketplace is not told again. `deps`: the ingest's (IngestDeps)."""
    # Imported here: closing pulls in the reply use case (~0.5 s of cold imports) that webhooks never need;
    # only the marketplaces' poll closes.
    from switchboard.conversations.closing import CloseDeps, close_as_the_channel_did

    conversation_id = _conversation_id(event)
    org_id = event.connection.org_id
    closed = close_as_the_channel_did(
        org_id, conversation_id, sla=deps.directory.org_settings(org_id).sla,
        deps=CloseDeps(conversations=deps.conversations, organizations=None, assign_queue=deps.assign_queue,
                       clock=deps.clock))
    return IngestResult(conversation_id=conversation_id if closed else None, message_id=None, stored=False,
                        applied=closed is not None,
                        reason="closed by the channel" if closed else "nothing to close")
