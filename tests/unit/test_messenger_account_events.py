"""Messenger's events about a message, the thread, the contact or the page (message_edits, messaging_handovers,
messaging_policy_enforcement, messaging_optins, messaging_account_linking): what the adapter makes of each, what
ingest applies, and the replies they refuse. Bodies as Meta's webhook reference pages show them
(developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from switchboard.clock import FrozenClock
from switchboard.conversations.reply import ReplyDeps, require_channel_accepts, reply
from switchboard.errors import Conflict, InvalidFields
from switchboard.inbound.applied import apply_edit, apply_handover
from switchboard.models import Channel, ChannelAppRole, ChannelEnforcement, ConnectionSettings, Message
from switchboard.store import keys
from tests.unit.builders import FakeOrganizations, Recorder, agent, conversation
from tests.unit.test_channels import FB_CONN, MESSENGER, fb_body, fb_request
from tests.unit.test_reply_rules import FakeConversations, NOW

AT = 1458692752478
PAGE_INBOX = "263902037430900"  # the Page Inbox's app id, as the handover protocol documents it


def _parse(**event):
    item = {"sender": {"id": "psid-7"}, "recipient": {"id": "page-1"}, "timestamp": AT, **event}
    item = {k: v for k, v in item.items() if v is not None}  # sender=None: an event that names none
    return MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)


def test_an_edit_names_the_customers_message_its_new_text_and_count():
    # Given the documented message_edit (num_edit written as a string, as the example does)
    # When parsed / Then it is an edit of that message, with the new text and the count
    (event,) = _parse(message_edit={"mid": "m-1", "text": "hello again", "num_edit": "2"})
    assert (event.kind, event.channel_message_id, event.text, event.edit_count, event.contact.channel_user_id) == (
        "edit", "m-1", "hello again", 2, "psid-7")


@pytest.mark.parametrize("count", ["two", -1, True, "9" * 20, None, "²"])
def test_an_edit_whose_count_is_no_count_is_refused(count):
    # Given an edit with a count that is not a whole number / When parsed / Then it is the sender's mistake (422)
    with pytest.raises(InvalidFields):
        _parse(message_edit={"mid": "m-1", "text": "x", "num_edit": count})


@pytest.mark.parametrize(("control", "owner"), [
    ({"pass_thread_control": {"previous_owner_app_id": PAGE_INBOX, "new_owner_app_id": "our-app"}}, "our-app"),
    ({"pass_thread_control": {"previous_owner_app_id": PAGE_INBOX, "metadata": "x"}}, None),
    ({"take_thread_control": {"previous_owner_app_id": "our-app", "new_owner_app_id": PAGE_INBOX}}, PAGE_INBOX),
    ({"take_thread_control": {"previous_owner_app_id": "our-app", "metadata": "x"}}, "unknown"),
], ids=["passed, named", "passed to us, unnamed", "taken, named", "taken, unnamed"])
def test_a_handover_names_the_app_that_holds_the_thread(control, owner):
    # Given a pass or a take of the thread / When parsed / Then the event names the app now holding it
    (event,) = _parse(**control)
    assert (event.kind, event.thread_owner_app_id) == ("handover", owner)


def test_another_apps_request_for_the_thread_names_that_app():
    # Given another app's request for the thread (its id a number, as Meta's example writes it)
    # When parsed / Then it is a request naming that app, not a handover: the thread stays ours
    (event,) = _parse(request_thread_control={"requested_owner_app_id": 123456789, "metadata": "x"})
    assert (event.kind, event.thread_owner_app_id) == ("thread_request", "123456789")


@pytest.mark.parametrize(("said", "feedback"), [("Good response", "good"), ("Bad response", "bad")])
def test_the_customers_feedback_on_a_message_of_the_page_names_it(said, feedback):
    # Given the customer's thumbs up or down on a message of the page / When parsed
    (event,) = _parse(response_feedback={"feedback": said, "mid": "m-1"})
    # Then it is their feedback on that message
    assert (event.kind, event.feedback, event.channel_message_id) == ("feedback", feedback, "m-1")


def test_a_long_cart_lists_thirty_products_and_counts_the_rest():
    # Given a cart of 32 products, each one of a kind / When parsed
    products = [{"id": i, "name": f"p{i}", "unit_price": 1.5, "currency": "VND", "quantity": 1} for i in range(32)]
    (event,) = _parse(order={"products": products})
    # Then the message lists the first 30 and counts the other two
    assert (event.kind, event.text) == ("message", "[cart] " + ", ".join(f"1 × p{i} (1.5 VND)" for i in range(30))
                                        + ", and 2 more")


def test_a_change_of_the_apps_roles_names_each_apps_roles():
    # Given Meta's app_roles (no customer: the page stands in) / When parsed / Then each app's roles, as given
    (event,) = _parse(app_roles={"123456789": ["primary_receiver"], "our-app": ["secondary_receiver"]}, sender=None)
    assert (event.kind, event.app_roles) == ("app_roles", {"123456789": ["primary_receiver"],
                                                           "our-app": ["secondary_receiver"]})


@pytest.mark.parametrize("event", [
    {"optin": {"ref": "<PASS_THROUGH_PARAM>", "user_ref": "<REF_FROM_CHECKBOX_PLUGIN>"}, "sender": None},
    {"messaging_feedback": {"feedback_screens": [{"screen_id": 0, "questions": {"q": {"type": "nps", "payload": "9"}}}]}},
    {"response_feedback": {"feedback": "Meh", "mid": "m-1"}},
    {"game_play": {"game_id": "1", "player_id": "2", "score": 3}},
], ids=["checkbox plugin opt-in", "NPS feedback only", "response feedback of no documented value",
        "game play"])
def test_what_is_acknowledged_only_makes_no_event(event):
    # Given an opt-in without a PSID, a feedback Meta does not document, or an event not handled
    # When parsed / Then nothing is applied or stored
    assert _parse(**event) == []


@pytest.mark.parametrize(("enforcement", "action", "reason"), [
    ({"action": "block", "reason": "spam"}, "block", "spam"),
    ({"action": "warning", "reason": "tags"}, "warning", "tags"),
    ({"action": "unblock"}, "unblock", None),
])
def test_a_policy_enforcement_is_the_pages_and_names_no_customer(enforcement, action, reason):
    # Given the documented policy_enforcement, which has no sender
    item = {"recipient": {"id": "page-1"}, "timestamp": AT, "policy_enforcement": enforcement}
    # When parsed / Then it is the page's, with the action, why and when
    (event,) = MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)
    assert (event.kind, event.enforcement.action, event.enforcement.reason) == ("enforcement", action, reason)
    assert event.enforcement.at == datetime.fromtimestamp(AT / 1000, UTC)


def test_a_handover_naming_an_app_id_longer_than_any_id_is_refused():
    # Given a pass naming an "app" of 300 characters / When parsed / Then 422: the conversation does not keep it
    with pytest.raises(InvalidFields):
        _parse(pass_thread_control={"new_owner_app_id": "9" * 300})


def test_a_policy_action_meta_does_not_document_is_refused():
    item = {"recipient": {"id": "page-1"}, "timestamp": AT, "policy_enforcement": {"action": "ban"}}
    with pytest.raises(InvalidFields):
        MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)


@pytest.mark.parametrize(("event", "flags"), [
    ({"optin": {"type": "notification_messages", "notification_messages_token": "t"}}, {"notifications": True}),
    ({"optin": {"type": "notification_messages", "notification_messages_token": "t",
                "notification_messages_status": "STOP NOTIFICATIONS"}}, {"notifications": False}),
    ({"optin": {"type": "notification_messages", "notification_messages_token": "t",
                "notification_messages_status": "RESUME NOTIFICATIONS"}}, {"notifications": True}),
    ({"optin": {"type": "one_time_notif_req", "payload": "p", "one_time_notif_token": "t"}}, {"notifications": True}),
    ({"account_linking": {"status": "linked", "authorization_code": "code"}}, {"linked": True}),
    ({"account_linking": {"status": "unlinked"}}, {"linked": False}),
], ids=["opt in", "stop", "resume", "one-time notification", "linked", "unlinked"])
def test_opt_ins_and_account_linking_are_flags_of_the_contact(event, flags):
    # Given an opt-in (or out) or an account linking / When parsed / Then it sets the contact's flag
    (parsed,) = _parse(**event)
    assert (parsed.kind, parsed.contact.channel_user_id, parsed.contact_flags) == ("contact", "psid-7", flags)


@pytest.mark.parametrize(("payload", "rating"), [("4", 4), (5, 5), ("1", 1), ("0", None), ("6", None), ("45", None),
                                                 (True, None)])
def test_a_csat_answer_to_the_feedback_template_is_the_contacts_rating(payload, rating):
    # Given the customer's answers to Meta's customer feedback template, with a CSAT score
    answers = {"feedback_screens": [{"screen_id": 0, "questions": {
        "q1": {"type": "csat", "payload": payload, "follow_up": {"type": "free_form", "payload": "Good service!"}}}}]}
    # When parsed / Then a score of 1 to 5 is their rating, anything else nothing
    events = _parse(messaging_feedback=answers)
    assert [(e.kind, e.rating) for e in events] == ([("rating", rating)] if rating else [])


def test_a_send_to_messenger_opt_in_starts_the_conversation_with_its_ref():
    # Given the Send to Messenger plugin's opt-in / When parsed / Then it is the customer's message, as a referral
    (event,) = _parse(optin={"ref": "product-42"})
    assert (event.kind, event.text, event.event_key) == ("message", "[optin] product-42", f"optin:psid-7:{AT}")


class FakeThread:
    """A conversation's messages and the writes an edit or a handover makes."""

    def __init__(self, *messages: Message):
        self.messages = list(messages)
        self.owner: list[str | None] = []

    def thread_newest_first(self, conversation_id, *, up_to, page_size):
        return iter(sorted(self.messages, key=lambda m: m.sort_key, reverse=True))

    def edit_inbound(self, conversation_id, sort_key, text, *, edits, original_text):
        for i, m in enumerate(self.messages):
            if m.sort_key == sort_key and m.edits < edits:
                self.messages[i] = m.model_copy(update={"text": text, "edits": edits,
                                                        "original_text": m.original_text or original_text})
                return True
        return False

    def set_thread_owner(self, conversation_id, app_id, *, at):
        self.owner.append(app_id)
        return True


def _inbound(mid: str, text: str, minute: int) -> Message:
    at = NOW + timedelta(minutes=minute)
    return Message(conversation_id="cv", message_id=f"ms-{mid}", sort_key=keys.message_sk(at, mid), direction="in",
                   text=text, channel_message_id=mid, created_at=at)


def _edit(mid: str, text: str, count: int):
    (event,) = _parse(message_edit={"mid": mid, "text": text, "num_edit": count})
    return event


def test_an_edit_replaces_the_text_and_keeps_what_the_customer_first_wrote():
    # Given two messages of the customer
    thread = FakeThread(_inbound("m-1", "helo", 0), _inbound("m-2", "bye", 1))
    # When they edit the first twice
    first, second = apply_edit(_edit("m-1", "hello", 1), thread), apply_edit(_edit("m-1", "hello!", 2), thread)
    # Then it reads the latest text, counts two edits and keeps the first text; the other message is untouched
    assert first.applied and second.applied
    assert [(m.text, m.edits, m.original_text) for m in thread.messages] == [("hello!", 2, "helo"), ("bye", 0, None)]


def test_a_late_earlier_edit_and_an_edit_of_an_unknown_message_change_nothing():
    # Given a message edited twice already
    thread = FakeThread(_inbound("m-1", "hello!", 0).model_copy(update={"edits": 2, "original_text": "helo"}))
    # When the first edit arrives late, and an edit of a message never stored arrives
    late, unknown = apply_edit(_edit("m-1", "hello", 1), thread), apply_edit(_edit("m-9", "x", 1), thread)
    # Then neither is applied
    assert (late.applied, unknown.applied, unknown.reason) == (False, False, "edit of a message not found")
    assert thread.messages[0].text == "hello!"


@pytest.mark.parametrize(("owner", "app_id", "recorded"), [
    (PAGE_INBOX, "our-app", PAGE_INBOX),  # another app holds it
    ("our-app", "our-app", None),  # passed back to us
    (None, "our-app", None),  # a pass to us that names no app
    ("some-app", None, None),  # the connection names no app of ours: a pass is sent to the app it passes to, us
], ids=["another app", "ours again", "passed to us", "no app id"])
def test_a_handover_records_another_apps_hold_and_clears_it_when_ours(owner, app_id, recorded):
    # Given a handover naming the app that holds the thread now
    thread = FakeThread()
    event = _parse(pass_thread_control={"new_owner_app_id": owner} if owner else {"metadata": "m"})[0]
    # When applied for the connection's app / Then the conversation records the other app, or none when ours
    apply_handover(event, thread, app_id=app_id)
    assert thread.owner == [recorded]


def test_a_take_records_the_app_that_took_the_thread_even_when_the_connection_names_no_app_of_ours():
    # Given a connection without app_id, and the Page Inbox taking the thread (sent to the app that loses it)
    thread = FakeThread()
    event = _parse(take_thread_control={"previous_owner_app_id": "our-app", "new_owner_app_id": PAGE_INBOX})[0]
    # When applied / Then the Page Inbox holds the thread: replies wait
    apply_handover(event, thread, app_id=None)
    assert thread.owner == [PAGE_INBOX]


def test_replies_are_refused_while_another_app_holds_the_thread_or_the_page_is_blocked():
    conv = conversation("cv-1").model_copy(update={"channel": Channel.MESSENGER})
    blocked = ChannelEnforcement(action="block", reason="spam", at=NOW)
    # Given a page blocked by Meta / When a reply is checked / Then 409 account_blocked_by_channel
    with pytest.raises(Conflict) as refused:
        require_channel_accepts(conv, blocked)
    assert refused.value.code == "account_blocked_by_channel"
    # Given a thread held by the Page Inbox / Then 409 thread_controlled_by_other_app
    with pytest.raises(Conflict) as refused:
        require_channel_accepts(conv.model_copy(update={"thread_owner_app_id": PAGE_INBOX}), None)
    assert refused.value.code == "thread_controlled_by_other_app"
    # Given a warning, or an unblock, and our own thread / Then the reply may go
    for action in ("warning", "unblock"):
        require_channel_accepts(conv, blocked.model_copy(update={"action": action}))


def test_a_secondary_receivers_reply_waits_until_a_handover_gives_it_the_thread():
    conv = conversation("cv-1").model_copy(update={"channel": Channel.MESSENGER})
    secondary, primary = ChannelAppRole(role="secondary_receiver", at=NOW), ChannelAppRole(role="primary_receiver", at=NOW)
    # Given our app is the page's secondary receiver and no handover gave it this thread / Then 409
    with pytest.raises(Conflict) as refused:
        require_channel_accepts(conv, None, app_role=secondary)
    assert refused.value.code == "thread_controlled_by_other_app"
    # Given the thread was passed to us, or our app is the primary receiver / Then the reply may go
    require_channel_accepts(conv.model_copy(update={"handover_at": NOW}), None, app_role=secondary)
    require_channel_accepts(conv, None, app_role=primary)


class Terms:
    def __init__(self, enforcement, app_role=None):
        self.enforcement, self.app_role = enforcement, app_role

    def connection_enforcement(self, org_id, connection_id):
        return self.enforcement

    def connection_app_role(self, org_id, connection_id):
        return self.app_role

    def connection_terms(self, org_id, connection_id):
        return ConnectionSettings()


@pytest.mark.parametrize(("update", "enforcement"), [
    ({"thread_owner_app_id": PAGE_INBOX}, None),
    ({}, ChannelEnforcement(action="block", at=NOW)),
], ids=["thread held elsewhere", "page blocked"])
def test_a_refused_reply_stores_and_queues_nothing(update, enforcement):
    # Given a Messenger customer waiting within the 24-hour window, whose thread or page refuses messages
    conv = conversation("cv-1", waiting_since=NOW - timedelta(minutes=5)).model_copy(
        update={"channel": Channel.MESSENGER})
    store = FakeConversations(conv.model_copy(update={"last_inbound_at": NOW - timedelta(minutes=5), **update}))
    queue = Recorder()
    deps = ReplyDeps(conversations=store, organizations=FakeOrganizations(), outbound_queue=queue,
                     assign_queue=Recorder(), clock=FrozenClock(NOW), terms=Terms(enforcement))
    # When the agent replies / Then it is refused (409), nothing stored, nothing queued
    with pytest.raises(Conflict):
        reply(agent("ag-1"), "cv-1", text="hi", attachments=[], resolve=False, deps=deps)
    assert store.writes == [] and not queue.calls
