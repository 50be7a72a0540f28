"""The ingest function on moto: signatures, malformed bodies, redeliveries, and the hot path's cost."""

from __future__ import annotations

import json
import uuid

import pytest

from switchboard import wiring
from tests.e2e.channels import zalo_text
from tests.integration.support import dynamodb_calls, http_event, invoke, new_org


def _webhook(oa_id: str, user: str, text: str = "hello", msg_id: str | None = None, *, secret: str = "secret"):
    body, headers = zalo_text(app_id="app", secret=secret, oa_id=oa_id, user_id=user, text=text, msg_id=msg_id)
    return http_event("POST", "/webhooks/zalo", body=body, headers=headers)


def _conversation_count(org_id: str) -> int:
    conversations = wiring.conversations()
    return sum(len(conversations.inbox(org_id, name, limit=100, cursor=None, newest_first=False)[0]) for name in ("Q", "E", "H")) + sum(
        len(conversations.whole_list(org_id, f"A#{a.agent_id}")) for a in wiring.agents().list(org_id)
    )


def _assigned_and_waiting(owner, team, oa_id: str, user: str) -> None:
    """A conversation of `user`, assigned to the org's agent and waiting for a reply: the hot path's state."""
    invoke("ingest", _webhook(oa_id, user))
    conversation_id = next(iter(wiring.conversations().whole_list(owner.org_id, f"A#{team[0].agent_id}")), None)
    if conversation_id is None:  # one agent in the org: assignment happens through the assign queue
        from switchboard.api.assignment import routing_deps
        from switchboard.routing.assign import drain_queue

        drain_queue(owner.org_id, routing_deps())


def test_a_redelivered_event_is_stored_once(aws, clock):
    # Given a Zalo connection and one signed event
    _, _, _, oa_id = new_org(1)
    event = _webhook(oa_id, "u-1", msg_id=uuid.uuid4().hex)

    # When the channel delivers it twice
    first = invoke("ingest", event)
    second = invoke("ingest", event)

    # Then both are acknowledged, and the thread holds one message
    assert first["statusCode"] == second["statusCode"] == 200
    assert json.loads(second["body"])["duplicates"] == 1
    conversation_id = json.loads(first["body"])["conversation_ids"][0]
    messages, _ = wiring.conversations().messages(conversation_id, limit=10, cursor=None)
    assert len(messages) == 1


@pytest.mark.parametrize(
    ("mutate", "status"),
    [
        (lambda e: e["headers"].pop("x-zevent-signature"), 401),
        (lambda e: e["headers"].update({"x-zevent-signature": "mac=" + "0" * 64}), 401),
        (lambda e: e.update(body='{"recipient": {"id": '), 400),
        (lambda e: e.update(body=json.dumps({**json.loads(e["body"]), "recipient": {"id": "oa-unknown"}})), 404),
        (lambda e: e.update(body=e["body"] + " " * 300_000), 413),
    ],
    ids=["missing signature", "wrong signature", "malformed json", "unknown account", "oversize"],
)
def test_refused_webhooks_store_nothing(aws, clock, mutate, status):
    # Given a signed event that is then damaged
    owner, _, _, oa_id = new_org(1)
    event = _webhook(oa_id, "u-refused")
    mutate(event)

    # When it is delivered
    response = invoke("ingest", event)

    # Then it is refused with the API's error body, and no conversation exists
    assert response["statusCode"] == status
    assert set(json.loads(response["body"])["error"]) == {"code", "message"}
    assert _conversation_count(owner.org_id) == 0


def test_ingest_on_an_existing_conversation_makes_at_most_two_dynamodb_requests(aws, clock, monkeypatch):
    # Given a conversation already assigned and waiting (the connection is cached by a first webhook)
    owner, team, _, oa_id = new_org(1)
    _assigned_and_waiting(owner, team, oa_id, "u-hot")
    calls = dynamodb_calls(monkeypatch)

    # When the customer writes again
    response = invoke("ingest", _webhook(oa_id, "u-hot", text="still there?"))

    # Then one conditional update moved the conversation and one put stored the message: no
    # transaction, which would bill both items twice
    assert response["statusCode"] == 200
    assert calls == ["UpdateItem", "PutItem"]


def test_a_new_contact_costs_the_refused_hot_path_update_a_transaction_and_a_put_without_a_read(aws, clock, monkeypatch):
    # Given a Zalo connection this container has cached (another customer wrote once)
    _, _, _, oa_id = new_org(1)
    invoke("ingest", _webhook(oa_id, "u-known"))
    calls = dynamodb_calls(monkeypatch)

    # When a new customer writes for the first time
    response = invoke("ingest", _webhook(oa_id, "u-new"))

    # Then the hot path's conditional update was refused, and told that no conversation exists, so
    # the conversation was created at once, without reading it first, and its message put after it (a put
    # bills 1 write unit, a transaction's item 2)
    assert response["statusCode"] == 200
    assert calls == ["UpdateItem", "TransactWriteItems", "PutItem"]


def test_a_message_the_hot_path_did_not_store_is_stored_when_the_channel_delivers_again(aws, clock):
    # Given a waiting conversation whose latest event moved the conversation, but whose message was
    # never stored (the container stopped between the hot path's two writes, so the channel got no answer)
    from switchboard.store import keys
    from switchboard.store.table import MessageItem

    owner, team, _, oa_id = new_org(1)
    _assigned_and_waiting(owner, team, oa_id, "u-lost")
    event = _webhook(oa_id, "u-lost", text="are you there?", msg_id=uuid.uuid4().hex)
    conversation_id = json.loads(invoke("ingest", event)["body"])["conversation_ids"][0]
    conversations = wiring.conversations()
    assert conversations.find(conversation_id).assignee_id == team[0].agent_id  # the hot path took it
    messages, _ = conversations.messages(conversation_id, limit=10, cursor=None)
    assert [m.text for m in messages] == ["hello", "are you there?"]
    MessageItem(keys.conversation_pk(conversation_id), messages[-1].sort_key).delete()
    counts_before = conversations.counter_totals(owner.org_id)

    # When the channel delivers that event again
    response = invoke("ingest", event)

    # Then its message is stored once, and no inbox counter moved
    assert response["statusCode"] == 200
    messages, _ = conversations.messages(conversation_id, limit=10, cursor=None)
    assert [m.text for m in messages] == ["hello", "are you there?"]
    assert conversations.counter_totals(owner.org_id) == counts_before


def _reconnect(owner, conn, credentials, clock):
    from switchboard.connections import change_connection

    return change_connection(
        owner, conn.connection_id, {"credentials": credentials}, connections=wiring.connections(),
        rules=wiring.rules(), agents=wiring.agents(), secrets=wiring.secret_store(), clock=clock,
    )


def test_new_credentials_verify_at_once_in_a_container_that_cached_the_old_ones(aws, clock):
    # Given a Zalo OA whose webhooks this container has verified (connection and secret cached)
    owner, _, conn, oa_id = new_org(1)
    assert invoke("ingest", _webhook(oa_id, "u-cached"))["statusCode"] == 200

    # When it is reconnected with a new secret elsewhere (another container: this one is not told)
    _reconnect(owner, conn, {"app_id": "app", "oa_secret_key": "new-secret", "access_token": "t"}, clock)

    # Then a webhook signed with the new secret is accepted at once: the failed check read the secret again
    assert invoke("ingest", _webhook(oa_id, "u-cached", secret="new-secret"))["statusCode"] == 200
    # and once read, the old secret is refused
    assert invoke("ingest", _webhook(oa_id, "u-cached"))["statusCode"] == 401


def test_a_disconnected_connections_signed_webhook_is_404_and_stores_nothing(aws, clock):
    # Given a Zalo OA disconnected by its owner
    from switchboard.connections import disconnect_channel

    owner, _, conn, oa_id = new_org(1)
    disconnect_channel(owner, conn.connection_id, connections=wiring.connections())
    wiring.directory().forget()

    # When the OA's correctly signed webhook arrives / Then 404 unknown_connection, and nothing is stored
    refused = invoke("ingest", _webhook(oa_id, "u-gone"))
    assert refused["statusCode"] == 404
    assert json.loads(refused["body"])["error"]["code"] == "unknown_connection"
    assert _conversation_count(owner.org_id) == 0


def test_a_new_contact_is_stored_on_its_conversation_only(aws, clock):
    # Given a Zalo connection
    _, _, _, oa_id = new_org(1)

    # When a new customer writes for the first time
    response = invoke("ingest", _webhook(oa_id, "u-first"))

    # Then the contact is the snapshot on its one conversation (ids.conversation_id_for), and no item of its
    # own is written (2 write units of the new conversation's transaction)
    assert response["statusCode"] == 200
    conversation = wiring.conversations().find(json.loads(response["body"])["conversation_ids"][0])
    assert conversation.contact.channel_user_id == "u-first"
    from switchboard.store.table import ConversationItem

    stored = ConversationItem._get_connection().scan()["Items"]
    assert not [item for item in stored if item["PK"]["S"].startswith("CONTACT#")]


@pytest.mark.parametrize("new_contact", [True, False], ids=["new conversation", "wait restarted"])
def test_a_message_put_after_the_transaction_that_never_ran_is_stored_once_when_the_channel_delivers_again(
        aws, clock, monkeypatch, new_contact):
    # Given a message whose conversation's transaction ran but whose put after it did not (the container stopped
    # between them, so the channel got no answer): a new contact's first one, or one that restarts the wait of
    # an answered conversation
    from switchboard.ids import contact_id_for, conversation_id_for
    from switchboard.store.conversations import ConversationRepository

    owner, team, conn, oa_id = new_org(1)
    conversations = wiring.conversations()
    conversation_id = conversation_id_for(contact_id_for(conn.connection_id, "u-put"))
    if not new_contact:
        _assigned_and_waiting(owner, team, oa_id, "u-put")
        answered = conversations.find(conversation_id)
        conversations.save(answered.model_copy(update={"unread": False, "waiting_since": None}),
                           expected_version=answered.version)
    counts_before = conversations.counter_totals(owner.org_id)
    event = _webhook(oa_id, "u-put", text="still in stock?", msg_id=uuid.uuid4().hex)

    def stopped(self, message):
        raise RuntimeError("the container stopped")

    with monkeypatch.context() as patch:
        patch.setattr(ConversationRepository, "add_message", stopped)
        assert invoke("ingest", event)["statusCode"] == 500  # no answer the channel takes: it delivers again
    moved = conversations.counter_totals(owner.org_id)
    assert "still in stock?" not in [m.text for m in conversations.messages(conversation_id, limit=10, cursor=None)[0]]

    # When the channel delivers that event again
    response = invoke("ingest", event)

    # Then its message is stored once, and the counters moved once (by the first delivery's transaction)
    assert response["statusCode"] == 200
    texts = [m.text for m in conversations.messages(conversation_id, limit=10, cursor=None)[0]]
    assert texts.count("still in stock?") == 1
    assert conversations.counter_totals(owner.org_id) == moved != counts_before
    # and a third delivery stores nothing more
    assert json.loads(invoke("ingest", event)["body"])["duplicates"] == 1
    assert [m.text for m in conversations.messages(conversation_id, limit=10, cursor=None)[0]].count("still in stock?") == 1
