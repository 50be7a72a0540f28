"""Reply rules with fakes: which write a reply takes, the order agent messages are keyed in, and who
may retry which message."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from switchboard.clock import FrozenClock
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.conversations.reply import ReplyDeps, reply, retry_failed
from switchboard.conversations.cards import CardNotSupported, require_card
from switchboard.errors import ConcurrentUpdate, Conflict, Forbidden, InvalidFields, NotFound
from switchboard.ids import time_of
from switchboard.models import Card, Channel, ContactSnapshot, Conversation, Message, Status
from switchboard.store import keys

from tests.unit.builders import FakeOrganizations, Recorder, agent, conversation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class FakeConversations:
    """One conversation and its messages in memory, with the repository's writes recorded."""

    def __init__(self, conv: Conversation):
        self.current = conv
        self.writes: list[tuple[str, Message]] = []
        self.messages: dict[str, Message] = {}

    def get(self, org_id, conversation_id):
        if (org_id, conversation_id) != (self.current.org_id, self.current.conversation_id):
            raise NotFound("conversation not found")
        return self.current

    def save(self, conv, *, expected_version, messages=(), **_):
        assert expected_version == self.current.version
        self.current = conv.model_copy(update={"version": expected_version + 1})
        self._store("save", *messages)
        return self.current

    def append_outbound(self, conv, message, *, replies_open_at=None):
        assert self.current.last_outbound_key is None or message.sort_key > self.current.last_outbound_key
        self.current = self.current.model_copy(update={
            "last_message_at": message.created_at, "last_outbound_key": message.sort_key,
            "version": self.current.version + 1,
        })
        self._store("append", message)

    def _store(self, how, *messages):
        for message in messages:
            self.writes.append((how, message))
            self.messages[message.message_id] = message

    def find_message(self, conversation_id, message_id):
        found = self.messages.get(message_id)
        return found if found and found.conversation_id == conversation_id else None

    def set_message_status(self, conversation_id, sort_key, status, *, only_from=None, **_):
        message = next(m for m in self.messages.values() if m.sort_key == sort_key)
        if only_from and message.status != only_from:
            return False
        self.messages[message.message_id] = message.model_copy(update={"status": status})
        return True


def deps(store: FakeConversations, clock: FrozenClock | None = None) -> ReplyDeps:
    return ReplyDeps(conversations=store, organizations=FakeOrganizations(), outbound_queue=Recorder(),
                     assign_queue=Recorder(), clock=clock or FrozenClock(NOW))


def _say(store, text, d=None, who="ag-1"):
    return reply(agent(who), "cv-1", text=text, attachments=[], resolve=False, deps=d or deps(store))


def test_the_reply_that_answers_a_wait_is_a_versioned_save_and_later_ones_are_appended():
    # Given a customer waiting on ag-1's open conversation
    store = FakeConversations(conversation("cv-1", waiting_since=NOW - timedelta(minutes=5), unread=True))
    # When ag-1 replies three times
    for text in ("one", "two", "three"):
        _say(store, text)
    # Then the first answered the wait under the version; the others only appended their message
    assert [how for how, _ in store.writes] == ["save", "append", "append"]
    assert store.current.status == Status.AWAITING_CUSTOMER and store.current.waiting_since is None


@pytest.mark.parametrize("state", [
    {"status": Status.UNASSIGNED, "assignee_id": None}, {"unread": True}, {"first_response_at": None},
])
def test_a_reply_that_changes_more_than_the_latest_message_is_a_versioned_save(state):
    # Given an answered conversation still queued, unread, or never answered before
    base = conversation("cv-1", status=Status.AWAITING_CUSTOMER).model_copy(update={"first_response_at": NOW})
    store = FakeConversations(base.model_copy(update=state))
    # When ag-1 replies / Then the conversation is saved whole, under its version
    _say(store, "hello")
    assert [how for how, _ in store.writes] == ["save"]


def test_each_agent_message_sorts_after_the_previous_one_and_its_id_tells_its_key():
    # Given a clock that does not move, then one that reads earlier (another container's)
    store = FakeConversations(conversation("cv-1", waiting_since=NOW, unread=True))
    clock = FrozenClock(NOW)
    sent = [_say(store, "a", deps(store, clock)), _say(store, "b", deps(store, clock))]
    sent.append(_say(store, "c", deps(store, FrozenClock(NOW - timedelta(seconds=3)))))
    # Then the keys follow the order they were stored in, and each id gives back its key
    assert [m.sort_key for m in sent] == sorted(m.sort_key for m in sent) and len({m.sort_key for m in sent}) == 3
    assert sent[0].created_at == NOW and sent[2].created_at == NOW + timedelta(microseconds=2)
    assert all(keys.message_sk(time_of(m.message_id), m.message_id) == m.sort_key for m in sent)
    assert time_of("ms_3f0c9a8e1b2d4c5a6e7f") is None  # a customer message's id says nothing


def _failed(store: FakeConversations) -> Message:
    message = _say(store, "lost")
    store.set_message_status("cv-1", message.sort_key, "failed")
    return message


def test_a_failed_message_is_queued_again_once():
    # Given a message the channel refused
    store = FakeConversations(conversation("cv-1", waiting_since=NOW, unread=True))
    message = _failed(store)
    d = deps(store)
    # When ag-1 retries it / Then it is queued and sent to delivery
    assert retry_failed(agent("ag-1"), "cv-1", message.message_id, d).status == "queued"
    assert d.outbound_queue.calls == [("send", "cv-1", message.sort_key)]
    # When it is retried again / Then 409 not_failed, nothing more queued
    with pytest.raises(Conflict) as refused:
        retry_failed(agent("ag-1"), "cv-1", message.message_id, d)
    assert refused.value.code == "not_failed" and len(d.outbound_queue.calls) == 1


def test_a_retry_needs_the_right_to_reply_and_a_message_of_that_conversation():
    # Given a failed message on ag-1's conversation
    store = FakeConversations(conversation("cv-1", waiting_since=NOW, unread=True))
    message = _failed(store)
    # Then another agent may not retry it, an unknown id or conversation is 404
    with pytest.raises(Forbidden):
        retry_failed(agent("ag-2"), "cv-1", message.message_id, deps(store))
    with pytest.raises(NotFound):
        retry_failed(agent("ag-1"), "cv-1", "ms_unknown", deps(store))
    with pytest.raises(NotFound):
        retry_failed(agent("ag-1"), "cv-2", message.message_id, deps(store))
    # And nothing is sent to a contact since blocked
    store.current = store.current.model_copy(update={
        "contact": ContactSnapshot(contact_id="ct", channel_user_id="u", blocked=True),
    })
    with pytest.raises(Conflict) as blocked:
        retry_failed(agent("ag-1"), "cv-1", message.message_id, deps(store))
    assert blocked.value.code == "contact_blocked"


def test_a_write_that_keeps_losing_is_retried_until_the_budget_is_spent_then_refused():
    # Given a write that loses to another writer every time, and one that loses twice then wins
    tries = []

    def always_loses():
        tries.append(time.monotonic())
        raise ConcurrentUpdate("someone else wrote first")

    outcomes = iter([ConcurrentUpdate("x"), ConcurrentUpdate("y"), "saved"])

    def wins_third():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    # When they are retried / Then the first is refused once the budget is spent, not after a count
    started = time.monotonic()
    with pytest.raises(ConcurrentUpdate):
        retry_on_conflict(always_loses, budget_seconds=0.3)
    assert time.monotonic() - started >= 0.3 and len(tries) >= 3
    assert all(later > earlier for earlier, later in zip(tries, tries[1:]))  # a pause between tries
    # And the second wins on its third try
    assert retry_on_conflict(wins_third, budget_seconds=0.3) == "saved"


def test_a_card_is_sent_where_the_channel_carries_it_and_refused_elsewhere_before_anything_is_queued():
    # Given a Lazada chat and a web chat, each with a waiting customer
    lazada = FakeConversations(conversation("cv-1", waiting_since=NOW, unread=True).model_copy(
        update={"channel": Channel.LAZADA}))
    web = FakeConversations(conversation("cv-1", waiting_since=NOW, unread=True))
    # When ag-1 answers the Lazada chat with an order card alone
    d = deps(lazada)
    sent = reply(agent("ag-1"), "cv-1", text=None, attachments=[], resolve=False, deps=d,
                 card=Card(kind="order", id="5566"))
    # Then the message carries the card, no text, and is queued for delivery
    assert (sent.card, sent.text, sent.status) == (Card(kind="order", id="5566"), None, "queued")
    assert d.outbound_queue.calls == [("send", "cv-1", sent.sort_key)]
    # When ag-1 sends a card on the web chat, Then 422 card_not_supported: nothing stored, nothing queued
    d = deps(web)
    with pytest.raises(CardNotSupported):
        reply(agent("ag-1"), "cv-1", text="Your order:", attachments=[], resolve=False, deps=d,
              card=Card(kind="order", id="5566"))
    assert web.writes == [] and d.outbound_queue.calls == []


@pytest.mark.parametrize(("channel", "card", "code"), [
    (Channel.LAZADA, Card(kind="item", id="1762013406"), None),
    (Channel.LAZADA, Card(kind="order", id="SO-1"), "invalid_card"),  # Lazada's ids are numbers
    (Channel.SHOPEE, Card(kind="order", id="240101ABC"), None),  # an order_sn has letters
    (Channel.SHOPEE, Card(kind="item", id="240101ABC"), "invalid_card"),  # an item_id is an int64
    (Channel.TIKTOK_SHOP, Card(kind="item", id="7494560109732334265"), None),
    (Channel.WISH, Card(kind="order", id="1"), "card_not_supported"),
    (Channel.ZALO, Card(kind="item", id="1"), "card_not_supported"),
    (Channel.LAZADA, Card(kind="voucher", id="1"), "card_not_supported"),
])
def test_each_channel_carries_its_cards_with_ids_of_its_form(channel, card, code):
    # Given a card for a conversation on `channel` / When it is checked / Then it passes or is refused (422)
    if code is None:
        assert require_card(channel, card) == card
    else:
        with pytest.raises(InvalidFields) as refused:
            require_card(channel, card)
        assert refused.value.code == code and refused.value.status == 422
