"""The channels' documented events, adapter by adapter: which account an event is for, and what is kept of it
(issue 13; the whole corpus runs through the ingest handler in tests/integration/test_channel_corpus.py)."""

from __future__ import annotations

import pytest

from switchboard.models import Channel
from tests.unit.builders import connection
from tests.unit.test_channels import MESSENGER, ZALO, ZALO_CONN, FB_CONN, fb_body, fb_item, fb_request, zalo_body, zalo_request


@pytest.mark.parametrize(
    ("overrides", "oa"),
    [
        ({"event_name": "user_send_text"}, "oa-1"),
        ({"event_name": "follow", "oa_id": "oa-9", "follower": {"id": "zu-42"}, "sender": None, "recipient": None}, "oa-9"),
        ({"event_name": "unfollow", "oa_id": "oa-9", "follower": {"id": "zu-42"}, "sender": None, "recipient": None}, "oa-9"),
        ({"event_name": "user_received_message", "sender": {"id": "oa-7"}, "recipient": {"id": "zu-42"}}, "oa-7"),
        ({"event_name": "user_seen_message", "sender": {"id": "oa-7"}, "recipient": {"id": "zu-42"}}, "oa-7"),
        ({"event_name": "oa_send_text", "sender": {"id": "oa-7"}, "recipient": {"id": "zu-42"}}, "oa-7"),
    ],
    ids=["customer message", "follow", "unfollow", "received", "seen", "echo"],
)
def test_a_zalo_event_is_located_by_the_oa_whichever_side_it_is_on(overrides, oa):
    # Given a Zalo event where the OA is the recipient, the sender, or named by oa_id
    body = {k: v for k, v in zalo_body(**overrides).items() if v is not None}
    # When located / Then the locator names the OA
    assert ZALO.locate(zalo_request(body)).external_id == oa


@pytest.mark.parametrize(
    ("overrides", "kind", "receipt", "ids"),
    [
        ({"event_name": "follow", "oa_id": "oa-1", "follower": {"id": "zu-42"}}, "follow", None, []),
        ({"event_name": "unfollow", "oa_id": "oa-1", "follower": {"id": "zu-42"}}, "unfollow", None, []),
        ({"event_name": "user_received_message", "message": {"msg_ids": ["zm-1", "zm-2"]}}, "receipt", "delivered",
         ["zm-1", "zm-2"]),
        ({"event_name": "user_seen_message", "message": {"msg_ids": ["zm-1"]}}, "receipt", "read", ["zm-1"]),
        ({"event_name": "oa_send_text"}, "echo", None, []),
    ],
    ids=["follow", "unfollow", "received", "seen", "echo"],
)
def test_zalo_events_that_are_no_customer_message_name_the_user_and_what_they_apply(overrides, kind, receipt, ids):
    # Given a follow, a receipt or an echo (the OA the sender, the user the recipient or the follower)
    body = zalo_body(**{"sender": {"id": "oa-1"}, "recipient": {"id": "zu-42"}, **overrides})
    # When parsed / Then it is that kind of event, for the user, naming what it covers
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert (event.kind, event.contact.channel_user_id, event.receipt, event.receipt_ids) == (kind, "zu-42", receipt, ids)


@pytest.mark.parametrize("name", ["user_reacted_message", "user_submit_info"])
def test_a_zalo_reaction_or_shared_details_is_an_interaction_of_the_user(name):
    # Given the user reacted to a message or shared their details (the user the sender)
    body = zalo_body(name, sender={"id": "zu-42"}, recipient={"id": "oa-1"})
    # When parsed / Then it is an interaction of that user, no message
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert (event.kind, event.contact.channel_user_id, event.text) == ("interaction", "zu-42", None)


def test_the_oas_own_reaction_and_a_seen_message_are_no_interaction_of_the_user():
    assert ZALO.parse(zalo_request(zalo_body("oa_reacted_message", sender={"id": "oa-1"})), ZALO_CONN) == []
    body = zalo_body("user_seen_message", sender={"id": "oa-1"}, recipient={"id": "zu-42"})
    assert [e.kind for e in ZALO.parse(zalo_request(body), ZALO_CONN)] == ["receipt"]


def test_a_zalo_location_keeps_its_coordinates():
    # Given a location as Zalo sends it (numbers written as text)
    body = zalo_body("user_send_location", message={"msg_id": "zm-loc", "attachments": [
        {"type": "location", "payload": {"coordinates": {"latitude": "10.7642473", "longitude": "106.6564313"}}}]})
    # When parsed / Then the point is kept, as a geo: URI and as text
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert [(a.type, a.url, a.name) for a in event.attachments] == [
        ("location", "geo:10.7642473,106.6564313", "10.7642473,106.6564313")]


def test_a_zalo_location_off_the_globe_keeps_no_point():
    body = zalo_body("user_send_location", message={"msg_id": "zm-loc", "attachments": [
        {"type": "location", "payload": {"coordinates": {"latitude": "NaN", "longitude": "200"}}}]})
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert [(a.type, a.url) for a in event.attachments] == [("location", None)]


def test_a_zalo_file_keeps_its_name_and_size():
    body = zalo_body("user_send_file", message={"msg_id": "zm-file", "attachments": [
        {"type": "file", "payload": {"url": "https://f/x.pdf", "name": "hoa-don.pdf", "size": "137588", "type": "pdf"}}]})
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert [(a.type, a.name, a.size) for a in event.attachments] == [("file", "hoa-don.pdf", 137588)]


def test_a_messenger_batch_names_each_page_once_in_order():
    body = fb_body({"id": "page-2", "messaging": [fb_item("a")]}, {"id": "page-1", "messaging": [fb_item("b")]},
                   {"id": "page-2", "messaging": [fb_item("c")]})
    assert [loc.external_id for loc in MESSENGER.locate_all(fb_request(body))] == ["page-2", "page-1"]


def test_each_page_of_a_messenger_batch_gets_only_its_own_messages():
    body = fb_body({"id": "page-1", "messaging": [fb_item("m-1")]}, {"id": "page-2", "messaging": [fb_item("m-2")]})
    page_2 = connection(Channel.MESSENGER, external_id="page-2", connection_id="cn-fb-2")
    assert [e.event_key for e in MESSENGER.parse(fb_request(body), FB_CONN)] == ["m-1"]
    assert [e.event_key for e in MESSENGER.parse(fb_request(body), page_2)] == ["m-2"]


def test_a_messenger_sticker_sent_as_image_and_as_sticker_is_one_attachment():
    sticker = {"url": "https://s/st.png", "sticker_id": 369239263222822}
    item = fb_item("m-st", text=None, sticker_id=369239263222822,
                   attachments=[{"type": "image", "payload": sticker}, {"type": "sticker", "payload": sticker}])
    (event,) = MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)
    assert [(a.type, a.url) for a in event.attachments] == [("image", "https://s/st.png")]


def test_a_messenger_postback_is_the_customer_choosing_its_title():
    item = {"sender": {"id": "psid-7"}, "recipient": {"id": "page-1"}, "timestamp": "1527459824",
            "postback": {"mid": "m-pb", "title": "Get Started", "payload": "GET_STARTED"}}
    (event,) = MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)
    assert (event.kind, event.text, event.event_key, event.sent_at.year) == ("message", "Get Started", "m-pb", 2018)


def test_a_messenger_standby_message_is_kept_and_its_echo_is_the_pages_message():
    # Given the customer's message and the answer of the app that owns the thread, in the standby channel
    echo = {**fb_item("m-echo", is_echo=True), "sender": {"id": "page-1"}, "recipient": {"id": "psid-7"}}
    events = MESSENGER.parse(fb_request(fb_body({"id": "page-1", "standby": [fb_item("m-standby"), echo]})), FB_CONN)
    # When parsed / Then both are kept: the customer's message, and the page's own to the customer
    assert [(e.kind, e.event_key, e.contact.channel_user_id) for e in events] == [
        ("message", "m-standby", "psid-7"), ("echo", "m-echo", "psid-7")]


@pytest.mark.parametrize(("referral", "text"), [
    ({"ref": "summer-sale", "source": "SHORTLINK", "type": "OPEN_THREAD"}, "[SHORTLINK] summer-sale"),
    ({"ref": "ad-ref", "ad_id": "1", "source": "ADS", "type": "OPEN_THREAD", "ads_context_data": {"ad_title": "Sale"}},
     "[ADS] Sale"),
], ids=["m.me link", "ad"])
def test_a_messenger_referral_starts_the_conversation_with_where_the_customer_came_from(referral, text):
    item = {"sender": {"id": "psid-7"}, "recipient": {"id": "page-1"}, "timestamp": 1458692752478, "referral": referral}
    (event,) = MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)
    assert (event.kind, event.text, event.event_key) == ("message", text, "referral:psid-7:1458692752478")


@pytest.mark.parametrize("size", ["9" * 40, "-1", "12kB", True])
def test_a_zalo_file_size_that_is_no_size_is_not_kept(size):
    body = zalo_body("user_send_file", message={"msg_id": "zm-file", "attachments": [
        {"type": "file", "payload": {"url": "https://f/x.pdf", "name": "x.pdf", "size": size}}]})
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert [(a.name, a.size) for a in event.attachments] == [("x.pdf", None)]


def test_a_messenger_reaction_is_an_interaction_and_removing_it_is_acknowledged():
    # Given a customer who reacted to the page's message, and one who took a reaction back
    def reaction(action):
        return {"sender": {"id": "psid-7"}, "recipient": {"id": "page-1"}, "timestamp": 1763802000000,
                "reaction": {"reaction": "love", "emoji": "\u2764\ufe0f", "action": action, "mid": "m-1"}}
    # When parsed / Then the reaction is the customer's interaction (no message), and the removal nothing
    (event,) = MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [reaction("react")]})), FB_CONN)
    assert (event.kind, event.contact.channel_user_id, event.text) == ("interaction", "psid-7", None)
    assert MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [reaction("unreact")]})), FB_CONN) == []
