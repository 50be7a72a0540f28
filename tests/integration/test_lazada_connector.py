"""The Lazada IM connector against the local fake of Lazada Open Platform (local/fake_lazada.py), over HTTP:
the request signature (Lazada's documented example), OAuth (code once, refresh ahead of expiry, rotation, a
refused token refreshed once), the catch-up poll (pages of sessions and of messages, a lost push filled, what
the push already stored not stored twice), retries on 429, 5xx and ApiCallLimit and failures that show, the
push (signature, idempotent redelivery, read state), and replies through the delivery adapter."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from werkzeug.wrappers import Response

from local.fake_lazada import FakeLazada
from switchboard import wiring
from switchboard.adapters.http import HttpSender
from switchboard.channels.base import OutboundMessage, send_message
from switchboard.channels.marketplaces.authorize import authorized_credentials, authorized_store
from switchboard.channels.marketplaces.base import MarketplaceRefused, MarketplaceUnavailable, RetryPolicy
from switchboard.channels.marketplaces.lazada import LazadaConnector, LazadaPushAdapter, push_signature, sign
from switchboard.channels.marketplaces.sync import catch_up
from switchboard.channels.marketplaces.tokens import TokenKeeper
from switchboard.connections import connect_channel
from switchboard.errors import ChannelRejected, InvalidFields
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.inbound.ingest import IngestDeps
from switchboard.models import Attachment, Card, Channel, ConnectionMode
from tests.integration.support import forget_polled_stores, http_event, invoke, new_org, serving

APP_KEY, APP_SECRET = "112233", "lazada-app-secret"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def fake(clock):
    lazada = FakeLazada(clock.now, access_token_seconds=7 * 24 * 3600)
    with serving(lazada.handle) as url:
        lazada.url = f"{url}/_lazada"
        yield lazada
    forget_polled_stores()


class Store:
    """One connected Lazada store, with the collaborators the poll uses."""

    def __init__(self, fake: FakeLazada, clock) -> None:
        self.fake, self.clock = fake, clock
        self.seller = str(200000000 + uuid.uuid4().int % 99999999)
        self.sleeps: list[float] = []
        self.connector = LazadaConnector(f"{fake.url}/rest", f"{fake.url}/auth/rest", HttpSender(),
                                         RetryPolicy(sleep=self.sleeps.append), clock=clock)
        self.connector.page_size = 5
        self.tokens = TokenKeeper(self.connector, wiring.secret_store(), clock)
        self.connectors = {Channel.LAZADA: (self.connector, self.tokens)}
        self.owner, _, _, _ = new_org(1)
        credentials = authorized_credentials(Channel.LAZADA, {
            "client_id": APP_KEY, "client_secret": APP_SECRET,
            "code": fake.issue_code(self.seller, APP_KEY, APP_SECRET)}, self.connectors)
        self.connection = connect_channel(
            self.owner, channel=Channel.LAZADA, name="Lan's Lazada store", external_id=self.seller,
            credentials=credentials, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(),
            rules=wiring.rules(), secrets=wiring.secret_store(), clock=clock)
        wiring.directory().forget()
        wiring.marketplace_stores().register("lazada", self.owner.org_id, self.connection.connection_id)
        self.ingest = IngestDeps(directory=wiring.directory(), conversations=wiring.conversations(),
                                 assign_queue=wiring.assign_queue(), clock=clock, max_body_bytes=256 * 1024,
                                 stats=wiring.stats())

    def poll(self):
        store = next(s for s in wiring.marketplace_stores().stores("lazada")
                     if s.connection_id == self.connection.connection_id)
        return catch_up(store, self.connection, connector=self.connector, tokens=self.tokens,
                        stores=wiring.marketplace_stores(), ingest=self.ingest, clock=self.clock)

    def buyer(self, text: str, **kw) -> dict:
        self.clock.advance(1)
        return self.fake.buyer_writes(self.seller, text=text, push=False, **kw)

    def conversation(self, session_id: str):
        return wiring.conversations().find(conversation_id_for(contact_id_for(self.connection.connection_id, session_id)))

    def texts(self, session_id: str) -> list[str]:
        messages, _ = wiring.conversations().messages(self.conversation(session_id).conversation_id, limit=50, cursor=None)
        return [m.text for m in reversed(messages)] if messages and messages[0].sort_key > messages[-1].sort_key else [
            m.text for m in messages]

    def secret(self) -> dict:
        return wiring.secret_store().get(self.connection.connection_id, fresh=True).values

    def push(self, message_type: int, data: dict, *, secret: str = APP_SECRET) -> dict:
        body = json.dumps({"seller_id": self.seller, "message_type": message_type, "data": data,
                           "timestamp": 1603766859530, "site": "lazada_vn"}).encode()
        return invoke("ingest", http_event("POST", "/webhooks/lazada", body=body, headers={
            "Content-Type": "application/json", "Authorization": push_signature(APP_KEY, body, secret)}))


@pytest.fixture
def store(aws, clock, fake):
    return Store(fake, clock)


def test_requests_are_signed_as_lazada_documents():
    # Given the documentation's own example (GetOrder, app secret "helloworld")
    params = {"access_token": "test", "app_key": "123456", "order_id": "1234", "sign_method": "sha256",
              "timestamp": "1517820392000"}
    # Then our signature is the one the documentation shows
    assert sign("/order/get", params, "helloworld") == "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"


def test_connecting_exchanges_the_code_once_and_keeps_the_tokens(aws, clock, fake):
    # Given a store connected with a code from Lazada's authorize page
    store = Store(fake, clock)
    # Then its secret holds Lazada's tokens and their expiry (7 days for a test app), not the spent code
    kept = store.secret()
    assert kept["access_token"] and kept["refresh_token"] and "code" not in kept
    assert kept["expires_at"].startswith((clock.now() + timedelta(days=7)).isoformat()[:16])
    # And the token call was signed with the app (the fake checks every signature)
    [create] = fake.calls_to("/auth/token/create")
    assert create["code"] == "0" and create["params"]["app_key"] == APP_KEY
    # And a code works once
    code = fake.issue_code(store.seller, APP_KEY, APP_SECRET)
    authorized_credentials(Channel.LAZADA, {"client_id": APP_KEY, "client_secret": APP_SECRET, "code": code},
                           store.connectors)
    with pytest.raises(InvalidFields) as refused:
        authorized_credentials(Channel.LAZADA, {"client_id": APP_KEY, "client_secret": APP_SECRET, "code": code},
                               store.connectors)
    assert refused.value.code == "authorization_refused"


def test_a_wrong_app_secret_is_refused_by_lazada_and_shows(store):
    # Given the store's secret names another app secret than the one Lazada knows
    values = dict(store.secret(), client_secret="not-the-secret")
    wiring.secret_store().replace(store.connection.connection_id, values)
    assert store.secret()["client_secret"] == "not-the-secret"  # read afresh: the cached copy is this one now
    store.buyer("hello")
    # When the poll runs, Then Lazada refuses the signature and the failure shows
    with pytest.raises(MarketplaceRefused, match="IncompleteSignature"):
        store.poll()


def test_the_poll_reads_every_page_of_sessions_and_messages(store):
    # Given 7 buyers (two pages of sessions at 5 a page), one of whom wrote 7 messages (two pages)
    sessions = [store.buyer(f"question {n}", buyer_name=f"Buyer {n}")["session_id"] for n in range(6)]
    chatty = store.buyer("first", buyer_name="Chatty")["session_id"]
    for n in range(6):
        store.buyer(f"more {n}", session_id=chatty)

    # When the poll runs
    report = store.poll()

    # Then every session is a conversation with every buyer message, oldest first
    assert report.tickets == 7 and report.stored == 13
    assert store.texts(sessions[0]) == ["question 0"]
    assert store.texts(chatty) == ["first", *[f"more {n}" for n in range(6)]]
    conv = store.conversation(chatty)
    assert conv.channel == Channel.LAZADA and conv.contact.name == "Chatty"
    assert len(store.fake.calls_to("/im/session/list")) == 2
    # And each call carried Lazada's system parameters, signed (the fake refuses any other)
    assert all(c["code"] == "0" for c in store.fake.calls)
    assert {"app_key", "timestamp", "sign_method", "access_token", "sign"} <= set(store.fake.calls_to("/im/")[0]["params"])

    # When it runs again with nothing new, Then nothing is stored twice
    again = store.poll()
    assert again.stored == 0


def test_the_poll_fills_a_lost_push_and_stores_a_pushed_message_once(store):
    # Given a buyer message Lazada pushed (stored by the webhook) and one whose push was lost
    pushed = store.buyer("pushed one")
    message = next(m for m in store.fake.sessions[pushed["session_id"]]["messages"] if m["message_id"] == pushed["message_id"])
    assert json.loads(store.push(2, message)["body"])["stored"] == 1
    lost = store.buyer("lost one", session_id=pushed["session_id"])
    assert lost["push_status"] is None

    # When the catch-up poll runs
    report = store.poll()

    # Then the lost message is stored, and the pushed one is not stored again
    assert report.stored == 1
    assert store.texts(pushed["session_id"]) == ["pushed one", "lost one"]


def test_the_poll_reads_no_session_whose_last_message_the_push_already_stored(store):
    # Given 6 chats Lazada pushed (stored by the webhook), and one more message in one of them whose push was lost
    pushed = []
    for n in range(6):
        written = store.buyer(f"pushed {n}")
        message = next(m for m in store.fake.sessions[written["session_id"]]["messages"]
                       if m["message_id"] == written["message_id"])
        assert json.loads(store.push(2, message)["body"])["stored"] == 1
        pushed.append(written["session_id"])
    calls = len(store.fake.calls)

    # When the catch-up poll runs
    report = store.poll()

    # Then it asks Lazada for the session list only (2 pages of 5), reads no session's messages, stores nothing
    assert [c["path"] for c in store.fake.calls[calls:]] == ["/rest/im/session/list"] * 2
    assert report.stored == 0
    # And when a later message of a pushed chat is lost, the next poll reads that session, and that one only
    store.buyer("lost one", session_id=pushed[2])
    store.clock.advance(300)
    calls = len(store.fake.calls)
    assert store.poll().stored == 1
    assert [c["params"]["session_id"] for c in store.fake.calls[calls:] if c["path"] == "/rest/im/message/list"] == [
        pushed[2]]
    assert store.texts(pushed[2]) == ["pushed 2", "lost one"]


def test_a_token_is_refreshed_before_it_expires_and_the_refresh_token_rotates(store, clock):
    # Given a store whose token expires within the hour
    first = store.secret()
    clock.advance(7 * 24 * 3600 - 1800)
    store.buyer("still there?")

    # When the poll runs, Then it refreshes first, keeps the new pair and reads with it
    assert store.poll().stored == 1
    renewed = store.secret()
    assert renewed["access_token"] != first["access_token"] and renewed["refresh_token"] != first["refresh_token"]
    assert store.tokens.refreshes == 1
    # And the used refresh token no longer works on Lazada
    with pytest.raises(Exception, match="IllegalRefreshToken"):
        store.connector.refresh({"client_id": APP_KEY, "client_secret": APP_SECRET}, first["refresh_token"])


def test_a_refused_token_is_refreshed_once_and_the_call_made_again(store):
    # Given a token Lazada no longer accepts (revoked before its expiry)
    store.fake._access.clear()
    store.buyer("hello again")
    # When the poll runs, Then the token is refreshed once and the message read
    assert store.poll().stored == 1
    assert store.tokens.refreshes == 1


@pytest.mark.parametrize("fault", [429, 503, "ApiCallLimit"])
def test_the_poll_retries_a_rate_limit_or_an_outage(store, fault):
    # Given Lazada answers the next two calls with a rate limit or an outage
    store.buyer("are you open?")
    store.fake.fail_next(fault, fault)
    # When the poll runs, Then it waits and tries again, and the message is stored
    assert store.poll().stored == 1
    assert len(store.sleeps) == 2


def test_an_outage_past_the_retries_fails_visibly_and_keeps_the_mark(store):
    store.buyer("anyone?")
    store.fake.fail_next(500, 500, 500, 500)
    with pytest.raises(MarketplaceUnavailable):
        store.poll()
    # The next run reads what this one could not
    assert store.poll().stored == 1


def test_the_push_is_verified_stored_once_and_its_read_state_applied(store):
    # Given a buyer's message as Lazada pushes it
    written = store.buyer("Do you ship to Da Nang?")
    message = dict(store.fake.sessions[written["session_id"]]["messages"][-1])

    # When the push arrives, and Lazada delivers it again (it retries every 30 minutes)
    first, again = store.push(2, message), store.push(2, message)

    # Then it is one conversation with one message
    assert first["statusCode"] == again["statusCode"] == 200
    assert json.loads(first["body"])["stored"] == 1 and json.loads(again["body"])["duplicates"] == 1
    assert store.texts(written["session_id"]) == ["Do you ship to Da Nang?"]

    # When a push is signed with another secret, Then it is refused and stores nothing
    forged = dict(message, message_id="forged-1", content=json.dumps({"txt": "forged"}))
    assert store.push(2, forged, secret="wrong")["statusCode"] == 401
    assert store.texts(written["session_id"]) == ["Do you ship to Da Nang?"]

    # When the store answers with a text and an image through the delivery adapter
    adapter = LazadaPushAdapter()
    secrets = wiring.secret_store().get(store.connection.connection_id, fresh=True)
    with serving(lambda request: Response(PNG, mimetype="image/png")) as files:
        reply = OutboundMessage(recipient=written["session_id"], text="Yes, in 3 days.", attachments=[
            Attachment(type="image", url=f"{files}/map.png", name="map.png", content_type="image/png")],
            message_id="m-1", reply_to=written["message_id"])
        sent_id = send_message(adapter, store.connection, secrets, reply, f"{store.fake.url}/rest", HttpSender().post)

    # Then the image went up to Lazada's storage, the text and the image reached the buyer's session, read
    assert store.fake.images == [PNG]
    answers = store.fake.seller_messages(written["session_id"])
    assert [a["content"].get("txt") or a["content"].get("imgUrl") for a in answers] == [
        "Yes, in 3 days.", "https://vn-live.slatic.net/p/fake-1.jpg"]
    assert sent_id == answers[0]["message_id"]
    assert store.fake.sessions[written["session_id"]]["unread_count"] == 0

    # And a seller's message Lazada pushes (sent from Lazada's seller center) is the store's message, once
    echo = {**answers[0], "content": json.dumps(answers[0]["content"])}
    assert json.loads(store.push(2, echo)["body"])["stored"] == 1
    assert json.loads(store.push(2, echo)["body"])["stored"] == 0
    messages, _ = wiring.conversations().messages(store.conversation(written["session_id"]).conversation_id,
                                                  limit=10, cursor=None)
    assert sorted(m.direction for m in messages) == ["in", "out"]


def test_a_reply_lazada_refuses_fails_for_good_and_a_rate_limit_is_retried(store):
    adapter = LazadaPushAdapter()
    secrets = wiring.secret_store().get(store.connection.connection_id, fresh=True)
    unknown = OutboundMessage(recipient="no-such-session", text="hi", attachments=[], message_id="m-2")
    with pytest.raises(ChannelRejected) as refused:
        send_message(adapter, store.connection, secrets, unknown, f"{store.fake.url}/rest", HttpSender().post)
    assert refused.value.retryable is False and "SessionNotFound" in str(refused.value)
    store.fake.fail_next("ApiCallLimit")
    with pytest.raises(ChannelRejected) as limited:
        send_message(adapter, store.connection, secrets, unknown, f"{store.fake.url}/rest", HttpSender().post)
    assert limited.value.retryable is True


def test_a_buyers_card_keeps_its_id_and_a_reply_sends_lazadas_card_template(store):
    # Given a buyer's item card (template 10006) as Lazada pushes it
    written = store.buyer(None, template_id=10006, item_id="1762013406")
    message = dict(store.fake.sessions[written["session_id"]]["messages"][-1])
    assert json.loads(store.push(2, message)["body"])["stored"] == 1
    # Then it is stored as an item card with the item's id
    messages, _ = wiring.conversations().messages(store.conversation(written["session_id"]).conversation_id,
                                                  limit=10, cursor=None)
    assert [(m.direction, m.card) for m in messages] == [("in", Card(kind="item", id="1762013406"))]

    # When the store answers with a text and the order's card through the delivery adapter
    secrets = wiring.secret_store().get(store.connection.connection_id, fresh=True)
    reply = OutboundMessage(recipient=written["session_id"], text="Your order:", attachments=[], message_id="m-3",
                            card=Card(kind="order", id="5566778899"))
    sent_id = send_message(LazadaPushAdapter(), store.connection, secrets, reply, f"{store.fake.url}/rest",
                           HttpSender().post)

    # Then Lazada received the text, then its order template (10007) with order_id (SendMessage, API reference)
    sends = [c["params"] for c in store.fake.calls_to("/im/message/send")]
    assert [(p["template_id"], p.get("txt"), p.get("order_id")) for p in sends] == [
        ("1", "Your order:", None), ("10007", None, "5566778899")]
    answers = store.fake.seller_messages(written["session_id"])
    assert [(a["template_id"], a["content"]) for a in answers] == [
        (1, {"txt": "Your order:"}), (10007, {"orderId": "5566778899"})]
    assert sent_id == answers[0]["message_id"]


def test_a_store_id_other_than_the_seller_lazada_authorized_is_refused(aws, clock, fake):
    # Given a code Lazada's authorize page gave for seller 1001 (the token answer's country_user_info names it)
    connectors = Store(fake, clock).connectors
    code = fake.issue_code("1001", APP_KEY, APP_SECRET)
    credentials = {"client_id": APP_KEY, "client_secret": APP_SECRET, "code": code}
    # When the store is connected as seller 1002, Then 422 account_mismatch
    with pytest.raises(InvalidFields) as refused:
        authorized_store(Channel.LAZADA, credentials, connectors, "1002")
    assert refused.value.code == "account_mismatch"
    # And left out, the store's id is the seller Lazada named
    code = fake.issue_code("1001", APP_KEY, APP_SECRET)
    assert authorized_store(Channel.LAZADA, {**credentials, "code": code}, connectors).external_id == "1001"
