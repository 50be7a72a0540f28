"""Issue 13, point 4: each channel's messaging window, as pure rules read at given moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from switchboard.conversations.messaging_window import (
    FREE_REPLIES_USED,
    NO_CUSTOMER_MESSAGE,
    ORDER_TOO_OLD,
    ORDER_UNKNOWN,
    SELLER_CANNOT_START,
    WINDOW_EXPIRED,
    WindowFacts,
    facts_of,
    may_start,
    reply_window,
)
from switchboard.models import Channel, ConnectionSettings
from switchboard.store import keys
from tests.unit.builders import T0, conversation, hours

STANDARD = ConnectionSettings()
TAGGED = ConnectionSettings(human_agent_tag=True)
CONSULTING = ConnectionSettings(consultation_messages=True)
US = timedelta(microseconds=1)


def wrote_at(at, used: int = 0, order: dict | None = None) -> WindowFacts:
    return WindowFacts(last_customer_message_at=at, free_replies_used=used, order=order)


# ------------------------------------------------------------------ Messenger
def test_messenger_a_reply_within_24_hours_is_a_response_and_the_window_closes_24_hours_after_the_message():
    # Given a customer who wrote at T0, on a page without the HUMAN_AGENT tag
    # When the agent replies a moment before 24 h
    window = reply_window(Channel.MESSENGER, STANDARD, wrote_at(T0), T0 + hours(24) - US)
    # Then it is open, sent as a RESPONSE, and closes exactly 24 h after the message
    assert window.open and window.messaging_type == "RESPONSE" and window.messaging_tag is None
    assert window.closes_at == T0 + hours(24)


def test_messenger_at_exactly_24_hours_without_the_tag_the_window_is_closed():
    window = reply_window(Channel.MESSENGER, STANDARD, wrote_at(T0), T0 + hours(24))
    assert not window.open and window.reason == WINDOW_EXPIRED and window.closes_at == T0 + hours(24)


def test_messenger_with_the_tag_permitted_a_reply_after_24_hours_carries_human_agent_until_7_days():
    # Given a page permitted the HUMAN_AGENT tag
    # When the agent replies exactly 24 h after the customer's message
    window = reply_window(Channel.MESSENGER, TAGGED, wrote_at(T0), T0 + hours(24))
    # Then it is open as a tagged message, and the window closes 7 days after the message
    assert window.open and (window.messaging_type, window.messaging_tag) == ("MESSAGE_TAG", "HUMAN_AGENT")
    assert window.closes_at == T0 + timedelta(days=7)
    # And within 24 h the same page still sends a plain response
    assert reply_window(Channel.MESSENGER, TAGGED, wrote_at(T0), T0 + hours(1)).messaging_type == "RESPONSE"


def test_messenger_with_the_tag_the_window_closes_at_exactly_7_days():
    assert reply_window(Channel.MESSENGER, TAGGED, wrote_at(T0), T0 + timedelta(days=7) - US).open
    window = reply_window(Channel.MESSENGER, TAGGED, wrote_at(T0), T0 + timedelta(days=7))
    assert not window.open and window.reason == WINDOW_EXPIRED


def test_messenger_a_new_customer_message_opens_the_window_again():
    # Given the window of the first message closed
    assert not reply_window(Channel.MESSENGER, STANDARD, wrote_at(T0), T0 + hours(30)).open
    # When the customer writes again at 29 h
    window = reply_window(Channel.MESSENGER, STANDARD, wrote_at(T0 + hours(29)), T0 + hours(30))
    # Then it is open until 24 h after that message
    assert window.open and window.closes_at == T0 + hours(53)


@pytest.mark.parametrize("channel", [Channel.MESSENGER, Channel.ZALO])
def test_messenger_and_zalo_never_let_the_seller_write_first(channel):
    window = reply_window(channel, TAGGED, wrote_at(None), T0)
    assert not window.open and window.reason == NO_CUSTOMER_MESSAGE and window.closes_at is None


# ------------------------------------------------------------------ Zalo
def test_zalo_the_8th_free_reply_is_allowed_and_the_9th_is_refused():
    # Given seven replies already followed the customer's message
    eighth = reply_window(Channel.ZALO, STANDARD, wrote_at(T0, used=7), T0 + hours(1))
    # Then the 8th is allowed and counted, within the 48 h window
    assert eighth.open and eighth.counts_free_reply and eighth.closes_at == T0 + hours(48)
    # When eight were sent, the 9th is refused until the customer writes again
    ninth = reply_window(Channel.ZALO, STANDARD, wrote_at(T0, used=8), T0 + hours(1))
    assert not ninth.open and ninth.reason == FREE_REPLIES_USED and ninth.closes_at is None


def test_zalo_free_replies_end_at_exactly_48_hours():
    assert reply_window(Channel.ZALO, STANDARD, wrote_at(T0), T0 + hours(48) - US).open
    window = reply_window(Channel.ZALO, STANDARD, wrote_at(T0), T0 + hours(48))
    assert not window.open and window.reason == WINDOW_EXPIRED and window.closes_at == T0 + hours(48)


def test_zalo_an_account_with_other_terms_has_its_own_number_of_free_replies():
    terms = ConnectionSettings(free_replies=2)
    assert reply_window(Channel.ZALO, terms, wrote_at(T0, used=1), T0).open
    assert reply_window(Channel.ZALO, terms, wrote_at(T0, used=2), T0).reason == FREE_REPLIES_USED


def test_zalo_consultation_messages_go_on_after_the_free_replies_until_7_days_and_are_not_counted():
    # Given an OA that sends consultation messages, whose free replies are used
    window = reply_window(Channel.ZALO, CONSULTING, wrote_at(T0, used=8), T0 + hours(1))
    # Then it may still reply, uncounted, until 7 days after the user's last message
    assert window.open and not window.counts_free_reply and window.closes_at == T0 + timedelta(days=7)
    assert reply_window(Channel.ZALO, CONSULTING, wrote_at(T0), T0 + hours(100)).open
    # And from exactly 7 days Zalo would answer -230: closed
    late = reply_window(Channel.ZALO, CONSULTING, wrote_at(T0), T0 + timedelta(days=7))
    assert not late.open and late.reason == WINDOW_EXPIRED


def test_zalo_a_new_customer_message_resets_the_free_replies():
    # Given eight replies followed the customer's first message
    first_key = keys.inbound_key(T0, "m-1")
    conv = conversation("cv-1").model_copy(update={"channel": Channel.ZALO,
        "last_inbound_key": first_key, "last_inbound_at": T0, "free_replies_key": first_key, "free_replies_used": 8})
    assert facts_of(conv).free_replies_used == 8
    assert not reply_window(Channel.ZALO, STANDARD, facts_of(conv), T0 + hours(1)).open
    # When the customer writes again
    again = conv.model_copy(update={"last_inbound_key": keys.inbound_key(T0 + hours(1), "m-2"),
                                    "last_inbound_at": T0 + hours(1)})
    # Then none of the new message's free replies is used: the window is open for 48 h from it
    assert facts_of(again).free_replies_used == 0
    window = reply_window(Channel.ZALO, STANDARD, facts_of(again), T0 + hours(2))
    assert window.open and window.closes_at == T0 + hours(49)


def test_a_conversation_stored_before_arrival_times_were_kept_is_timed_by_the_channels_time():
    conv = conversation("cv-1").model_copy(
        update={"channel": Channel.MESSENGER, "last_inbound_key": keys.inbound_key(T0, "m-1"), "last_inbound_at": None})
    assert facts_of(conv).last_customer_message_at == T0


# ------------------------------------------------------------------ web, partner, marketplace
@pytest.mark.parametrize("channel", [Channel.WEB, Channel.PARTNER, Channel.MARKETPLACE])
def test_web_partner_and_marketplace_conversations_the_customer_started_are_always_open(channel):
    window = reply_window(channel, STANDARD, wrote_at(T0), T0 + timedelta(days=365))
    assert window.open and window.closes_at is None and window.reason is None


def test_a_marketplace_order_created_within_60_days_may_be_contacted_until_day_60():
    order = {"id": "o-1", "created_at": "2026-11-22T09:00:00Z"}
    window = may_start(Channel.MARKETPLACE, order, T0 + timedelta(days=60) - US)
    assert window.open and window.closes_at == T0 + timedelta(days=60)
    refused = may_start(Channel.MARKETPLACE, order, T0 + timedelta(days=60))
    assert not refused.open and refused.reason == ORDER_TOO_OLD


def test_a_marketplace_order_older_than_60_days_with_a_return_in_progress_may_be_contacted():
    order = {"id": "o-1", "created_at": "2026-01-01T00:00:00Z", "return_status": "open"}
    assert may_start(Channel.MARKETPLACE, order, T0).open
    assert not may_start(Channel.MARKETPLACE, {**order, "return_status": "closed"}, T0).open


def test_an_unknown_order_or_another_channel_does_not_let_the_seller_start():
    assert may_start(Channel.MARKETPLACE, None, T0).reason == ORDER_UNKNOWN
    for channel in (Channel.MESSENGER, Channel.WEB, Channel.PARTNER):
        assert may_start(channel, {"created_at": "2026-11-22T09:00:00Z"}, T0).reason == SELLER_CANNOT_START


def test_a_zalo_shop_order_lets_the_seller_start_as_a_marketplace_order_does():
    # Given an order the buyer placed in the OA's shop (shop_has_order) / Then its 60 days are the seller's
    order = {"id": "zalo-1", "created_at": "2026-11-22T09:00:00Z"}
    assert may_start(Channel.ZALO, order, T0).open
    assert may_start(Channel.ZALO, order, datetime(2026, 11, 22, 9, tzinfo=UTC) + timedelta(days=60)).reason == ORDER_TOO_OLD
    assert may_start(Channel.ZALO, None, T0).reason == ORDER_UNKNOWN


def test_a_conversation_the_seller_started_follows_its_order_until_the_buyer_writes():
    order = {"id": "o-1", "created_at": "2026-11-22T09:00:00Z"}
    assert reply_window(Channel.MARKETPLACE, STANDARD, wrote_at(None, order=order), T0 + timedelta(days=59)).open
    late = reply_window(Channel.MARKETPLACE, STANDARD, wrote_at(None, order=order), T0 + timedelta(days=61))
    assert not late.open and late.reason == ORDER_TOO_OLD
    assert reply_window(Channel.MARKETPLACE, STANDARD, wrote_at(T0, order=order), T0 + timedelta(days=61)).open


# ------------------------------------------------------------------ interactions other than messages
def interacted(message_at, interaction_at, used: int = 0) -> WindowFacts:
    return WindowFacts(last_customer_message_at=message_at, free_replies_used=used, last_interaction_at=interaction_at)


def test_zalo_a_later_interaction_keeps_the_consultation_window_open_7_days_from_it():
    # Given an OA that sends consultation messages, a user who wrote at T0 and reacted (or followed) on day 6
    facts = interacted(T0, T0 + timedelta(days=6))
    # When the agent replies on day 8, past 7 days from the message
    window = reply_window(Channel.ZALO, CONSULTING, facts, T0 + timedelta(days=8))
    # Then it is open, not a free reply, and closes 7 days after the interaction
    assert window.open and not window.counts_free_reply and window.closes_at == T0 + timedelta(days=13)
    # And at exactly 7 days from the interaction it is closed
    late = reply_window(Channel.ZALO, CONSULTING, facts, T0 + timedelta(days=13))
    assert not late.open and late.reason == WINDOW_EXPIRED


def test_zalo_an_interaction_gives_no_free_replies_they_answer_a_message():
    # Given a user who wrote at T0 and reacted 47 h later, on an OA without consultation messages
    facts = interacted(T0, T0 + hours(47))
    # Then the free replies still end 48 h after the message, and the reaction does not reopen them
    assert reply_window(Channel.ZALO, STANDARD, facts, T0 + hours(47)).counts_free_reply
    closed = reply_window(Channel.ZALO, STANDARD, facts, T0 + hours(48))
    assert not closed.open and closed.reason == WINDOW_EXPIRED and closed.closes_at == T0 + hours(48)
    # And with every free reply used, the reaction does not count them again
    used = reply_window(Channel.ZALO, STANDARD, interacted(T0, T0 + hours(1), used=8), T0 + hours(2))
    assert not used.open and used.reason == FREE_REPLIES_USED


def test_zalo_an_interaction_older_than_the_message_changes_nothing():
    facts = interacted(T0, T0 - timedelta(days=3))
    assert reply_window(Channel.ZALO, CONSULTING, facts, T0 + hours(1)).closes_at == T0 + timedelta(days=7)


def test_messenger_a_reaction_opens_the_standard_window_for_24_hours_from_it():
    # Given a customer who wrote at T0 and reacted to the page's message 23 h later
    facts = interacted(T0, T0 + hours(23))
    # When the agent replies 30 h after the message
    window = reply_window(Channel.MESSENGER, STANDARD, facts, T0 + hours(30))
    # Then it is a plain RESPONSE, open until 24 h after the reaction
    assert window.open and window.messaging_type == "RESPONSE" and window.closes_at == T0 + hours(47)
    assert reply_window(Channel.MESSENGER, STANDARD, facts, T0 + hours(47)).reason == WINDOW_EXPIRED


def test_messenger_human_agent_still_counts_its_7_days_from_the_persons_message():
    # Given a page permitted the tag, a customer who wrote at T0 and reacted on day 6
    facts = interacted(T0, T0 + timedelta(days=6))
    # Then on day 6.5 the reaction's standard window sends a RESPONSE, and the window closes at the later end
    window = reply_window(Channel.MESSENGER, TAGGED, facts, T0 + timedelta(days=6, hours=12))
    assert window.messaging_type == "RESPONSE" and window.closes_at == T0 + timedelta(days=7)
    # And a reaction alone long after the message gives only its 24 h, never a tagged week from it
    late = interacted(T0, T0 + timedelta(days=10))
    assert reply_window(Channel.MESSENGER, TAGGED, late, T0 + timedelta(days=10, hours=1)).messaging_type == "RESPONSE"
    assert not reply_window(Channel.MESSENGER, TAGGED, late, T0 + timedelta(days=11)).open


def test_the_latest_interaction_is_read_from_the_conversation():
    conv = conversation("cv-1").model_copy(update={"channel": Channel.ZALO, "last_interaction_at": T0 + hours(5)})
    assert facts_of(conv).last_interaction_at == T0 + hours(5)
