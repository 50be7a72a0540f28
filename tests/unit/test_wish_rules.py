"""Wish's ticket rules as Switchboard shows them: a reply only while the ticket awaits the merchant, and
Wish's own 48 hours in the time left to respond whatever the organization's takeover setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from switchboard.api.views import conversation_view
from switchboard.channels.marketplaces.wish import awaits_merchant, reply_refusal
from switchboard.conversations.messaging_window import conversation_window
from switchboard.models import Channel, ConnectionSettings, ContactSnapshot, Conversation, Deadlines, Escalation, Status

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _conversation(channel: Channel, **changes) -> Conversation:
    fields = dict(
        org_id="org", conversation_id="cv", connection_id="cn", channel=channel,
        contact=ContactSnapshot(contact_id="ct", channel_user_id="t-1"), status=Status.OPEN,
        waiting_since=NOW, deadlines=Deadlines(takeover_at=NOW + timedelta(hours=72)), created_at=NOW)
    return Conversation(**{**fields, **changes})


def test_wish_counts_48_hours_even_when_the_organization_allows_72():
    # Given a waiting Wish ticket and a web chat, both under a 72-hour takeover setting
    wish, web = _conversation(Channel.WISH), _conversation(Channel.WEB)
    # When both are shown an hour later
    later = NOW + timedelta(hours=1)
    # Then the Wish ticket has Wish's 47 hours left, the chat the organization's 71
    assert conversation_view(wish, later, stores={"cn": "Lan's Wish store"})["time_left_to_respond_seconds"] == 47 * 3600
    assert conversation_view(web, later)["time_left_to_respond_seconds"] == 71 * 3600
    assert conversation_view(wish, later, stores={"cn": "Lan's Wish store"})["store"] == {
        "connection_id": "cn", "name": "Lan's Wish store"}
    assert (conversation_view(wish, later)["marketplace"], conversation_view(web, later)["marketplace"]) == ("wish", None)


def test_a_reply_is_for_a_ticket_awaiting_the_merchant_only():
    assert awaits_merchant(_conversation(Channel.WISH))
    assert not awaits_merchant(_conversation(Channel.WISH, waiting_since=None))  # answered: awaits the buyer
    appealed = {"status": Status.ESCALATED, "escalation": Escalation(reason="appeal", at=NOW)}
    taken_over = {"status": Status.ESCALATED, "escalation": Escalation(reason="sla_takeover", at=NOW)}
    assert not awaits_merchant(_conversation(Channel.WISH, **appealed))  # with Wish support
    assert awaits_merchant(_conversation(Channel.WISH, **taken_over))  # our own takeover: Wish still waits on us
    assert not awaits_merchant(_conversation(Channel.WISH, status=Status.CLOSED))
    assert [reply_refusal(_conversation(Channel.WISH, **c)) for c in (
        {}, {"waiting_since": None}, appealed, {"status": Status.CLOSED})] == [
        None, "ticket_awaits_buyer", "ticket_with_wish_support", "ticket_closed"]


def test_the_reply_window_of_a_wish_ticket_says_why_wish_would_refuse_a_reply():
    window = conversation_window(_conversation(Channel.WISH, waiting_since=None), ConnectionSettings(), NOW)
    assert (window.open, window.reason) == (False, "ticket_awaits_buyer")
    assert conversation_window(_conversation(Channel.WISH), ConnectionSettings(), NOW).open
