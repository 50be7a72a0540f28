"""Conversation items written in the long form before the compact one are rewritten once, whole and unchanged in
meaning, and every write after stores the compact form."""

from __future__ import annotations

from switchboard import wiring
from switchboard.models import Conversation
from switchboard.settings import settings
from switchboard.store import keys
from switchboard.store.connection import dynamo_connection
from tests.unit.test_conversation_item_size import long_form, worst_case_in_the_mix


def _raw(conversation_id: str) -> dict:
    client = dynamo_connection().client
    key = {"PK": {"S": keys.conversation_pk(conversation_id)}, "SK": {"S": keys.CONVERSATION_SK}}
    return client.get_item(TableName=settings().table_name, Key=key, ConsistentRead=True)["Item"]


def _stored_before() -> tuple[Conversation, dict]:
    """A conversation stored in the long form of before, and the compact item it is."""
    conv = worst_case_in_the_mix()
    stored = wiring.conversations()._conversation_item(conv).serialize()
    dynamo_connection().client.put_item(TableName=settings().table_name, Item=long_form(conv, stored))
    assert "conversation_id" in _raw(conv.conversation_id)
    return conv, stored


def test_a_conversation_stored_before_is_rewritten_in_the_compact_form_once():
    # Given a conversation stored in the long form of before
    repository = wiring.conversations()
    conv, stored = _stored_before()

    # When the items stored before are rewritten, twice
    first, second = repository.rewrite_stored_before(), repository.rewrite_stored_before()

    # Then it was rewritten once, in the compact form, and reads as the same conversation
    assert (first, second) == (1, 0)
    assert _raw(conv.conversation_id) == stored
    assert repository.find(conv.conversation_id) == conv


def test_reading_a_conversation_stored_before_rewrites_it():
    # Given a conversation stored in the long form of before
    conv, stored = _stored_before()

    # When it is read
    read = wiring.conversations().find(conv.conversation_id)

    # Then it is the conversation, and it is stored in the compact form from then on
    assert read == conv
    assert _raw(conv.conversation_id) == stored


def test_the_sweep_rewrites_a_due_conversation_stored_before_and_acts_on_it_the_next_time():
    # Given a due conversation stored in the long form of before (its due key ends with its id)
    conv, stored = _stored_before()
    shard = int(stored["DPK"]["S"].removeprefix("DUE#"))
    late = conv.deadlines.reply_locked_at

    # When the sweep reads its shard twice
    first, _ = wiring.conversations().due_entries(shard, late)
    second, _ = wiring.conversations().due_entries(shard, late)

    # Then the first read rewrote it instead of handing it over half read, and the second hands it over
    assert conv.conversation_id not in [e.conversation_id for e in first]
    assert _raw(conv.conversation_id) == stored
    assert [e.due_key for e in second if e.conversation_id == conv.conversation_id] == [stored["DSK"]["S"]]


def test_a_follow_on_a_conversation_stored_before_is_shown_on_its_contact():
    # Given a conversation stored in the long form of before (its contact map under the long name)
    conv, _ = _stored_before()

    # When the contact follows the account
    applied = wiring.conversations().set_following(conv.conversation_id, False)

    # Then the flag is set on the conversation, now in the compact form
    assert applied is True
    assert wiring.conversations().find(conv.conversation_id).contact.following is False
    assert _raw(conv.conversation_id)["ct"]["M"]["f"] == {"BOOL": False}
