"""The Shopee seller-chat connector against the local fake of Shopee's Open Platform v2 (local/fake_shopee.py),
over HTTP: signed calls, OAuth (code exchange, refresh ahead of expiry, rotation, a refused token), the
catch-up poll (conversations by cursor, messages by offset, a gap after a lost push filled), retries on
429, 5xx and Shopee's busy error, the signed Webchat Push (stored once; a bad signature stores nothing),
and replies."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from local.fake_shopee import FakeShopee
from switchboard import wiring
from switchboard.adapters.http import HttpSender
from switchboard.channels.marketplaces.authorize import authorized_credentials
from switchboard.channels.marketplaces.base import (
    AuthorizationLost,
    MarketplaceRefused,
    MarketplaceUnavailable,
    RetryPolicy,
)
from switchboard.channels.marketplaces.shopee import ShopeeChatAdapter, ShopeeConnector, push_signature
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields
from switchboard.models import Attachment, Card, Channel
from tests.integration.marketplace_fakes import ConnectedShop, served

PARTNER_ID, PARTNER_KEY = "2001887", "shopee-partner-key-for-tests"  # the partner id of Shopee's own samples
PUSH_URL = "https://inbox.example/webhooks/shopee"


@pytest.fixture
def fake(clock):
    with served(FakeShopee(clock.now, push_url=PUSH_URL), "shopee") as shopee:
        yield shopee


class Shop(ConnectedShop):
    """One Shopee shop connected with the code and shop_id of Shopee's authorize redirect."""

    def __init__(self, fake: FakeShopee, clock) -> None:
        shop_id = str(uuid.uuid4().int % 10**9 + 10**9)
        self.sleeps: list[float] = []
        connector = ShopeeConnector(fake.url, HttpSender(), RetryPolicy(sleep=self.sleeps.append))
        connector.page_size, connector.message_page_size = 3, 2
        super().__init__(fake, clock, connector, ShopeeChatAdapter(), shop_id=shop_id, name="Lan's Shopee shop",
                         credentials={"client_id": PARTNER_ID, "client_secret": PARTNER_KEY, "shop_id": shop_id,
                                      "code": fake.issue_code(shop_id, PARTNER_ID, PARTNER_KEY)},
                         push_headers={"host": "inbox.example", "x-forwarded-proto": "https"})

    def buyer(self, buyer_id: str, text: str, *, push: bool = True, **kw) -> dict:
        self.clock.advance(1)
        return self.fake.buyer_writes(self.shop_id, buyer_id, buyer_name=f"buyer {buyer_id}", text=text, push=push, **kw)


@pytest.fixture
def shop(aws, clock, fake):
    return Shop(fake, clock)


def test_connecting_exchanges_the_code_once_with_signed_calls_and_keeps_the_tokens(aws, clock, fake):
    # Given a shop connected with the code and shop_id of Shopee's authorize redirect
    shop = Shop(fake, clock)
    # Then its secret holds Shopee's tokens (4 hours), the partner id and key and the shop, not the code
    kept = shop.secret()
    assert kept["access_token"] and kept["refresh_token"] and kept["shop_id"] == shop.shop_id and "code" not in kept
    assert kept["expires_at"].startswith((clock.now() + timedelta(hours=4)).isoformat()[:16])
    # And the exchange was a signed public call: partner_id, timestamp and sign in the query, ids in the body
    [exchange] = fake.calls_to("/api/v2/auth/token/get")
    assert set(exchange["query"]) == {"partner_id", "timestamp", "sign"} and exchange["status"] == 200
    assert exchange["body"]["shop_id"] == int(shop.shop_id) and exchange["body"]["partner_id"] == int(PARTNER_ID)
    # And a code works once
    code = fake.issue_code(shop.shop_id, PARTNER_ID, PARTNER_KEY)
    authorized_credentials(Channel.SHOPEE, shop.credentials(code=code), shop.connectors)
    with pytest.raises(InvalidFields) as refused:
        authorized_credentials(Channel.SHOPEE, shop.credentials(code=code), shop.connectors)
    assert refused.value.code == "authorization_refused"


def test_a_call_signed_with_another_key_is_refused_by_shopee(shop):
    # Given a shop call signed with a key that is not the partner's
    wrong = shop.connector.session({**shop.secret(), "client_secret": "not-the-partner-key"})
    # When the connector lists conversations with it, Then Shopee's "Wrong sign." is refused visibly
    with pytest.raises(MarketplaceRefused, match="error_sign"):
        list(shop.connector.changed_tickets(wrong, shop.clock.now() - timedelta(days=1)))
    # And the calls signed right carry the shop's common parameters
    shop.buyer("701", "hello", push=False)
    shop.poll()
    listed = shop.fake.calls_to("/api/v2/sellerchat/get_conversation_list")[-1]
    assert listed["status"] == 200 and set(listed["query"]) >= {"partner_id", "timestamp", "access_token", "shop_id", "sign"}


def test_a_pushed_buyer_message_becomes_a_conversation_once_and_a_forged_push_stores_nothing(shop):
    # When a buyer writes and Shopee pushes the message (signed over the callback URL and the body)
    sent = shop.buyer("701", "Is the blue one in stock?")
    # Then it is a Shopee conversation of the shop, with the buyer's name
    assert shop.texts("701") == ["Is the blue one in stock?"]
    conv = shop.conversation("701")
    assert conv.channel == Channel.SHOPEE and conv.contact.name == "buyer 701"
    # When Shopee pushes the same message again, Then it is stored once
    body = json.dumps({"shop_id": int(shop.shop_id), "code": 10, "timestamp": 1,
                       "data": {"type": "message", "content": sent["message"]}}).encode()
    shop.receive_push(PUSH_URL, body, {"Authorization": push_signature(PARTNER_KEY, PUSH_URL, body)})
    assert shop.received[-1]["duplicate"] is True and shop.texts("701") == ["Is the blue one in stock?"]
    # When a push is signed with another key or over another URL, Then it is refused and nothing is stored
    forged = body.replace(b"Is the blue one", b"Send me a gift card")
    for signature in (push_signature("guess", PUSH_URL, forged), push_signature(PARTNER_KEY, "https://evil.example/x", forged)):
        with pytest.raises(BadSignature):
            shop.receive_push(PUSH_URL, forged, {"Authorization": signature})
    assert shop.texts("701") == ["Is the blue one in stock?"]
    # And an Authorization that is no HMAC-SHA256 at all (a console's Bearer token) is refused before the body is read
    with pytest.raises(BadSignature) as bearer:
        shop.receive_push(PUSH_URL, b"not json", {"Authorization": "Bearer eyJhbGciOi"})
    assert bearer.value.code == "missing_signature"


def test_other_pushes_and_the_shops_own_messages_are_acknowledged_without_storing(shop):
    # Given an order status push (code 3) and a chat push of a message the shop itself sent
    order_push = json.dumps({"shop_id": int(shop.shop_id), "code": 3, "timestamp": 1, "data": {"ordersn": "X1"}}).encode()
    own = json.dumps({"shop_id": int(shop.shop_id), "code": 10, "timestamp": 1, "data": {"type": "message", "content": {
        "message_id": "9", "from_id": int(shop.shop_id), "from_shop_id": int(shop.shop_id), "message_type": "text",
        "content": {"text": "we replied in Seller Centre"}, "created_timestamp": 1700000000}}}).encode()
    # When Shopee pushes them, Then they are acknowledged and nothing is stored
    for body in (order_push, own):
        assert shop.receive_push(PUSH_URL, body, {"Authorization": push_signature(PARTNER_KEY, PUSH_URL, body)}) == 200
    assert shop.received == []


def test_the_catch_up_fills_the_gap_a_lost_push_left_over_every_page(shop):
    # Given seven buyers whose messages were never pushed (three conversations a page), one with five messages
    for n in range(7):
        shop.buyer(f"80{n}", f"question {n}", push=False)
    for n in range(4):
        shop.buyer("806", f"more {n}", push=False)
    shop.buyer("806", "", push=False, image_url="https://cf.shopee.vn/file/photo.jpg")

    # When the poll runs
    report = shop.poll()

    # Then every conversation and message is in, oldest first, read page by page (3 list calls)
    assert report.tickets == 7 and report.stored == 12
    assert shop.texts("800") == ["question 0"]
    assert shop.texts("806")[:5] == ["question 6", "more 0", "more 1", "more 2", "more 3"]
    assert len(shop.fake.calls_to("/api/v2/sellerchat/get_conversation_list")) == 3
    pages = shop.fake.calls_to("/api/v2/sellerchat/get_conversation_list")
    assert "next_timestamp_nano" not in pages[0]["query"] and pages[1]["query"]["next_timestamp_nano"]
    # And the image is an attachment
    messages, _ = wiring.conversations().messages(shop.conversation("806").conversation_id, limit=50, cursor=None)
    assert messages[-1].attachments[0].url == "https://cf.shopee.vn/file/photo.jpg"

    # When a later run finds nothing new, Then it reads one page and stores nothing
    shop.clock.advance(300)
    assert shop.poll().stored == 0


def test_the_access_token_is_refreshed_ahead_of_its_expiry_and_the_refresh_token_rotates(shop):
    # Given a connected shop whose 4-hour access token is within the hour before its expiry
    first = shop.secret()
    shop.clock.advance(3 * 3600 + 1)
    shop.buyer("901", "still there?", push=False)
    # When the poll runs
    shop.poll()
    # Then it refreshed once (a signed public call) with the stored refresh token, and keeps the new pair
    [refresh] = shop.fake.calls_to("/api/v2/auth/access_token/get")
    assert refresh["body"]["refresh_token"] == first["refresh_token"] and refresh["status"] == 200
    now = shop.secret()
    assert now["refresh_token"] != first["refresh_token"] and now["access_token"] != first["access_token"]
    assert shop.texts("901") == ["still there?"]
    # And the used refresh token no longer works (Shopee's refresh tokens work once)
    with pytest.raises(AuthorizationLost):
        shop.connector.refresh(shop.credentials(), first["refresh_token"])


def test_a_token_shopee_refuses_is_refreshed_once_and_the_call_made_again(shop):
    # Given Shopee stopped honouring the stored access token before its expiry
    shop.fake._access.pop(shop.secret()["access_token"])
    shop.buyer("902", "hello?", push=False)
    # When the poll runs, Then it refreshes after Shopee's "Invalid access_token." and reads the chat
    shop.poll()
    assert shop.texts("902") == ["hello?"] and shop.tokens.refreshes == 1
    assert [c["status"] for c in shop.fake.calls_to("/api/v2/")][-4:][:2] == [403, 200]


def test_rate_limits_server_errors_and_busy_answers_are_retried_then_fail_visibly(shop):
    # Given Shopee answers 429 (retry after 1 s), 503 and error_system_busy, then works
    shop.buyer("903", "anyone?", push=False)
    shop.fake.fail_next(429, 503, "error_system_busy")
    # When the poll runs, Then it waits as asked, backs off, and gets the chat
    shop.poll()
    assert shop.texts("903") == ["anyone?"] and shop.sleeps == [1.0, 1.0, 2.0]
    # When Shopee stays down past the retries, Then the run fails visibly
    shop.clock.advance(60)
    shop.fake.fail_next(500, 500, 500, 500)
    with pytest.raises(MarketplaceUnavailable):
        shop.poll()


def test_replies_reach_the_buyer_and_shopees_refusals_and_outages_show(shop):
    # Given a buyer who wrote
    shop.buyer("904", "Can I pay on delivery?")
    # When the agent replies with text and a photo
    message_id = shop.reply("904", "Yes, COD is fine.", [Attachment(type="image", url="https://cdn.example/a.jpg")])
    # Then Shopee received a text and an image message for the buyer, signed
    thread = shop.fake.thread(shop.fake.conversations[next(iter(shop.fake.conversations))]["conversation_id"])
    sent = [m for m in thread["messages"] if m["from_shop_id"]]
    assert [(m["message_type"], m["content"]) for m in sent] == [
        ("text", {"text": "Yes, COD is fine."}), ("image", {"image_url": "https://cdn.example/a.jpg"})]
    assert message_id == sent[0]["message_id"]
    # And item and order cards and the read mark go through the connector
    session = shop.connector.session(shop.secret())
    shop.connector.send(session, "904", "order", {"order_sn": "240101ABC"})
    shop.connector.read(session, thread["conversation_id"], sent[0]["message_id"])
    assert shop.fake.thread(thread["conversation_id"])["unread_count"] == 0
    # When Shopee refuses a message (no such buyer), Then it is not retried
    with pytest.raises(ChannelRejected) as refused:
        shop.reply("999", "hello")
    assert refused.value.retryable is False and "error_param" in str(refused.value)
    # When Shopee is busy or rate-limits, Then the delivery is retried later
    for fault in (429, "error_system_busy"):
        shop.fake.fail_next(fault)
        with pytest.raises(ChannelRejected) as busy:
            shop.reply("904", "again")
        assert busy.value.retryable is True


def test_a_reply_to_the_buyers_message_reads_the_conversation_up_to_it_on_shopee(shop):
    # Given a buyer who wrote twice (the conversation is unread on Shopee)
    shop.buyer("907", "Hello?")
    written = shop.buyer("907", "Is it in stock?")
    conversation_id = written["conversation_id"]
    assert shop.fake.thread(conversation_id)["unread_count"] == 2
    # When the agent's reply answers the buyer's latest message (delivery names it as reply_to)
    shop.reply("907", "Yes, in stock.", reply_to=written["message"]["message_id"])
    # Then Shopee read the conversation up to that message (read_conversation, signed, after the send)
    thread = shop.fake.thread(conversation_id)
    assert (thread["unread_count"], thread["last_read_message_id"]) == (0, written["message"]["message_id"])
    [read] = [c for c in shop.fake.calls if c["path"] == "/api/v2/sellerchat/read_conversation"]
    assert read["status"] == 200 and {"partner_id", "timestamp", "sign", "shop_id", "access_token"} <= set(read["query"])


def test_a_push_shopee_could_not_deliver_is_recovered_from_its_lost_pushes_and_confirmed(shop):
    # Given a buyer message whose push Shopee could not deliver (Shopee keeps it as a lost push), then a later
    # message of the same conversation that was pushed and stored
    shop.buyer("801", "first, push lost", push=False)
    shop.buyer("801", "second, pushed")
    assert shop.texts("801") == ["second, pushed"] and len(shop.fake.lost_pushes(PARTNER_ID)) == 1
    before = len(shop.fake.calls)
    # When the catch-up poll runs
    shop.poll()
    # Then the lost message is stored from Shopee's lost pushes (a public call of the app), which are confirmed
    # consumed up to the last one read, so Shopee keeps none; and no conversation's messages were read for it
    assert shop.texts("801") == ["first, push lost", "second, pushed"]
    calls = shop.fake.calls[before:]
    assert [c["path"] for c in calls[:2]] == ["/api/v2/push/get_lost_push_message",
                                             "/api/v2/push/confirm_consumed_lost_push_message"]
    assert set(calls[0]["query"]) == {"partner_id", "timestamp", "sign"} and calls[1]["status"] == 200
    assert shop.fake.lost_pushes(PARTNER_ID) == []
    assert not [c for c in calls if c["path"] == "/api/v2/sellerchat/get_message"]
    # And a later run with nothing lost confirms nothing and stores nothing
    shop.clock.advance(300)
    before = len(shop.fake.calls)
    assert shop.poll().stored == 0
    assert "/api/v2/push/confirm_consumed_lost_push_message" not in [c["path"] for c in shop.fake.calls[before:]]


def test_a_reply_carries_an_item_or_order_card_as_shopees_message_and_a_buyers_card_keeps_its_id(shop):
    # Given a buyer who wrote, and then sent an order card (send_message's `order` type: content.order_sn)
    shop.buyer("905", "Where is my parcel?")
    shop.buyer("905", None, order_sn="240101ABC")
    # Then the buyer's card is stored with its order_sn
    assert shop.cards("905")[-1] == Card(kind="order", id="240101ABC")
    # When the agent answers with a text and the item's card
    message_id = shop.reply("905", "This one is in stock:", card=Card(kind="item", id="1234567"))
    # Then Shopee received the text, then an `item` message naming the item by its number (int64)
    conversation = next(c for c in shop.fake.conversations.values() if str(c["to_id"]) == "905")
    sent = [m for m in shop.fake.thread(conversation["conversation_id"])["messages"] if m["from_shop_id"]]
    assert [(m["message_type"], m["content"]) for m in sent] == [
        ("text", {"text": "This one is in stock:"}), ("item", {"item_id": 1234567})]
    assert message_id == sent[0]["message_id"]
    # And an order card alone is one `order` message
    shop.reply("905", None, card=Card(kind="order", id="240101ABC"))
    last = shop.fake.thread(conversation["conversation_id"])["messages"][-1]
    assert (last["message_type"], last["content"]) == ("order", {"order_sn": "240101ABC"})
