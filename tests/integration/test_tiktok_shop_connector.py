"""The TikTok Shop customer-service connector against the local fake of TikTok Shop's Partner API 202309
(local/fake_tiktok_shop.py), over HTTP: signed calls, OAuth (code exchange with the shop's cipher, refresh
ahead of expiry, rotation, an expired token refreshed once), the catch-up poll (conversations and messages
by page token, a gap after a lost webhook filled), retries on 429, 5xx and TikTok's busy codes, the signed
new-message webhook (stored once; a bad signature stores nothing), and replies."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from werkzeug.wrappers import Response

from local.fake_tiktok_shop import FakeTikTokShop
from switchboard.adapters.http import HttpSender
from switchboard.channels.marketplaces.authorize import authorized_credentials
from switchboard.channels.marketplaces.base import MarketplaceRefused, MarketplaceUnavailable, RetryPolicy
from switchboard.channels.marketplaces.tiktok_shop import (
    TikTokShopChatAdapter,
    TikTokShopConnector,
    push_signature,
    sign,
)
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields
from switchboard.models import Attachment, Card, Channel
from tests.integration.marketplace_fakes import ConnectedShop, served
from tests.integration.support import serving

# A 2x1 PNG: its header names its size, which TikTok's upload answers with.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (2).to_bytes(4, "big") + (1).to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"
APP_KEY, APP_SECRET = "123abc", "15abf8a4972afd1f275d5b19bfa9a17e0d142aa7"  # the guide's sample app key and secret


@pytest.fixture
def fake(clock):
    with served(FakeTikTokShop(clock.now, push_url="https://inbox.example/webhooks/tiktok_shop"), "tiktok_shop") as tiktok:
        yield tiktok


class Shop(ConnectedShop):
    """One TikTok Shop shop connected with the auth code its authorize page sent."""

    def __init__(self, fake: FakeTikTokShop, clock) -> None:
        shop_id = str(7494049642642441621 + uuid.uuid4().int % 10**6)
        self.sleeps: list[float] = []
        connector = TikTokShopConnector(fake.url, fake.url, HttpSender(), RetryPolicy(sleep=self.sleeps.append))
        connector.page_size, connector.message_page_size = 3, 2
        super().__init__(fake, clock, connector, TikTokShopChatAdapter(), shop_id=shop_id, name="Lan's TikTok shop",
                         credentials={"client_id": APP_KEY, "client_secret": APP_SECRET, "shop_id": shop_id,
                                      "code": fake.issue_code(shop_id, APP_KEY, APP_SECRET, "Lan's shop")})

    def buyer(self, buyer_id: str, text: str | None = None, *, push: bool = True, **kw) -> dict:
        self.clock.advance(1)
        return self.fake.buyer_writes(self.shop_id, buyer_id, buyer_name=f"buyer {buyer_id}", text=text, push=push, **kw)


@pytest.fixture
def shop(aws, clock, fake):
    return Shop(fake, clock)


def test_the_signature_is_tiktoks_worked_example():
    # Given TikTok's rule: secret + path + sorted name+value (not sign, not access_token) + body + secret
    query = {"timestamp": "1625484268", "app_key": "123abc", "shop_cipher": "ROW_x", "sign": "ignored",
             "access_token": "ignored"}
    wrapped = f"{APP_SECRET}/customer_service/202309/conversationsapp_key123abcshop_cipherROW_xtimestamp1625484268{{}}{APP_SECRET}"
    import hashlib
    import hmac
    # Then sign() is the HMAC-SHA256 of exactly that, keyed with the secret
    assert sign(APP_SECRET, "/customer_service/202309/conversations", query, b"{}") == hmac.new(
        APP_SECRET.encode(), wrapped.encode(), hashlib.sha256).hexdigest()


def test_connecting_exchanges_the_code_once_and_keeps_the_tokens_and_the_shops_cipher(aws, clock, fake):
    # Given a shop connected with the auth code TikTok Shop's authorize page sent
    shop = Shop(fake, clock)
    # Then its secret holds the tokens (7 days), and the cipher Get Authorized Shops named, not the code
    kept = shop.secret()
    assert kept["access_token"] and kept["refresh_token"] and "code" not in kept
    assert kept["shop_cipher"] == fake.shops[shop.shop_id]["cipher"]
    assert kept["expires_at"].startswith((clock.now() + timedelta(days=7)).isoformat()[:16])
    [shops_call] = fake.calls_to("/authorization/202309/shops")
    assert shops_call["status"] == 200 and "shop_cipher" not in shops_call["query"] and shops_call["query"]["sign"]
    # And a code works once
    code = fake.issue_code(shop.shop_id, APP_KEY, APP_SECRET)
    authorized_credentials(Channel.TIKTOK_SHOP, shop.credentials(code=code), shop.connectors)
    with pytest.raises(InvalidFields) as refused:
        authorized_credentials(Channel.TIKTOK_SHOP, shop.credentials(code=code), shop.connectors)
    assert refused.value.code == "authorization_refused"


def test_a_call_signed_with_another_secret_is_refused(shop):
    wrong = shop.connector.session({**shop.secret(), "client_secret": "not-the-secret"})
    with pytest.raises(MarketplaceRefused, match="106001"):
        list(shop.connector.changed_tickets(wrong, shop.clock.now() - timedelta(days=1)))


def test_a_new_message_webhook_becomes_a_conversation_once_and_a_forged_one_stores_nothing(shop):
    # When a buyer writes and TikTok Shop sends the new-message webhook, signed over app_key + body
    sent = shop.buyer("501", "Còn màu đỏ không shop?")
    assert shop.texts(sent["conversation_id"]) == ["Còn màu đỏ không shop?"]
    # When the same webhook comes again, Then it is stored once
    body = json.dumps({"type": 14, "shop_id": shop.shop_id, "timestamp": 1, "data": {
        **sent["message"], "message_id": sent["message"]["id"], "conversation_id": sent["conversation_id"]}}).encode()
    shop.receive_push("", body, {"Authorization": push_signature(APP_KEY, APP_SECRET, body)})
    assert shop.received[-1]["duplicate"] is True
    # When a webhook is signed with another secret, Then it is refused and nothing is stored
    forged = body.replace("Còn màu đỏ".encode(), b"Gift card")
    with pytest.raises(BadSignature):
        shop.receive_push("", forged, {"Authorization": push_signature(APP_KEY, "guess", forged)})
    assert shop.texts(sent["conversation_id"]) == ["Còn màu đỏ không shop?"]
    # And a new-conversation webhook (13) is acknowledged without storing
    other = json.dumps({"type": 13, "shop_id": shop.shop_id, "timestamp": 1, "data": {"conversation_id": "1"}}).encode()
    before = len(shop.received)
    shop.receive_push("", other, {"Authorization": push_signature(APP_KEY, APP_SECRET, other)})
    assert len(shop.received) == before


def test_the_catch_up_fills_the_gap_lost_webhooks_left_over_every_page(shop):
    # Given five buyers whose messages never came by webhook (three conversations a page), one with three
    sent = [shop.buyer(f"60{n}", f"question {n}", push=False) for n in range(5)]
    shop.buyer("604", "more 0", push=False)
    shop.buyer("604", push=False, image_url="https://p16-oec-va.ibyteimg.com/photo.image")
    # When the poll runs
    report = shop.poll()
    # Then every conversation and message is in, oldest first, read page by page
    assert report.tickets == 5 and report.stored == 7
    assert shop.texts(sent[0]["conversation_id"]) == ["question 0"]
    assert shop.texts(sent[4]["conversation_id"])[:2] == ["question 4", "more 0"]
    lists = [c for c in shop.fake.calls_to("/customer_service/202309/conversations") if c["path"].endswith("conversations")]
    assert len(lists) == 2 and lists[1]["query"]["page_token"]
    assert all(c["query"]["shop_cipher"] == shop.secret()["shop_cipher"] for c in lists)
    # When a later run finds nothing new, Then it stores nothing
    shop.clock.advance(300)
    assert shop.poll().stored == 0


def test_the_catch_up_reads_no_conversation_whose_latest_message_the_webhook_already_stored(shop):
    # Given four buyers whose messages came by webhook (stored), and a later message of one whose webhook was lost
    sent = [shop.buyer(f"70{n}", f"pushed {n}") for n in range(4)]
    before = len(shop.fake.calls)
    # When the poll runs
    report = shop.poll()
    # Then it reads the conversation list only (two pages of three), no conversation's messages, and stores nothing
    paths = [c["path"] for c in shop.fake.calls[before:]]
    assert report.stored == 0 and paths and all(p.endswith("/conversations") for p in paths)
    # And the lost one is read on the next run, alone
    shop.buyer("702", "lost one", push=False)
    shop.clock.advance(300)
    before = len(shop.fake.calls)
    assert shop.poll().stored == 1
    assert [c["path"] for c in shop.fake.calls[before:] if c["path"].endswith("/messages")] == [
        f"/customer_service/202309/conversations/{sent[2]['conversation_id']}/messages"]
    assert shop.texts(sent[2]["conversation_id"]) == ["pushed 2", "lost one"]


def test_the_access_token_is_refreshed_ahead_of_expiry_and_when_tiktok_says_it_expired(shop):
    # Given a token within the hour before its 7-day expiry
    first = shop.secret()
    shop.clock.advance(7 * 24 * 3600 - 1800)
    shop.buyer("701", "hello?", push=False)
    # When the poll runs, Then it refreshed (rotating the refresh token) and read the chat
    shop.poll()
    assert shop.secret()["refresh_token"] != first["refresh_token"] and shop.tokens.refreshes == 1
    assert [c["status"] for c in shop.fake.calls_to("/api/v2/token/refresh")] == [200]
    # Given TikTok expired the new token early (105002)
    shop.fake._access[shop.secret()["access_token"]] = (shop.shop_id, shop.clock.now())
    shop.clock.advance(60)
    sent = shop.buyer("702", "anyone?", push=False)
    # When the poll runs, Then it refreshes once more and reads the chat
    shop.poll()
    assert shop.tokens.refreshes == 2 and shop.texts(sent["conversation_id"]) == ["anyone?"]


def test_rate_limits_server_errors_and_busy_codes_are_retried_then_fail_visibly(shop):
    sent = shop.buyer("801", "are you there?", push=False)
    shop.fake.fail_next(429, 503, 36009003)
    shop.poll()
    assert shop.texts(sent["conversation_id"]) == ["are you there?"] and shop.sleeps == [1.0, 1.0, 2.0]
    shop.clock.advance(60)
    shop.fake.fail_next(500, 500, 500, 500)
    with pytest.raises(MarketplaceUnavailable):
        shop.poll()


def test_replies_reach_the_conversation_and_refusals_and_outages_show(shop):
    sent = shop.buyer("901", "Ship to Đà Nẵng?")
    message_id = shop.reply(sent["conversation_id"], "Dạ được ạ!")
    thread = shop.fake.thread(sent["conversation_id"])
    assert thread["messages"][-1]["sender"]["role"] == "SHOP" and message_id == thread["messages"][-1]["id"]
    assert json.loads(thread["messages"][-1]["content"]) == {"content": "Dạ được ạ!"}
    # And order cards and the read mark go through the connector
    session = shop.connector.session(shop.secret())
    shop.connector.send(session, sent["conversation_id"], "ORDER_CARD", {"order_id": "576461413038785752"})
    shop.connector.read(session, sent["conversation_id"])
    assert shop.fake.thread(sent["conversation_id"])["unread_count"] == 0
    # When TikTok refuses (no such conversation), Then it is not retried; when busy, it is
    with pytest.raises(ChannelRejected) as refused:
        shop.reply("123", "hello")
    assert refused.value.retryable is False and "45101003" in str(refused.value)
    for fault in (429, 36009003):
        shop.fake.fail_next(fault)
        with pytest.raises(ChannelRejected) as busy:
            shop.reply(sent["conversation_id"], "again")
        assert busy.value.retryable is True


def test_an_image_reply_is_uploaded_to_tiktok_first_and_sent_as_an_image_message(shop):
    # Given a buyer's conversation
    sent = shop.buyer("911", "Ảnh thật của váy?")
    # When the shop answers with a text, a photo and a PDF through the delivery adapter
    with serving(lambda request: Response(PNG, mimetype="image/png")) as files:
        message_id = shop.reply(sent["conversation_id"], "Dạ đây ạ", [
            Attachment(type="image", url=f"{files}/dress.png", name="dress.png", content_type="image/png"),
            Attachment(type="file", url=f"{files}/size.pdf", name="size.pdf", content_type="application/pdf")])
    # Then the photo went up through TikTok's image upload (the file as the multipart field `data`, signed
    # without the body), and the conversation holds the text (the PDF as a link) and an IMAGE with the url,
    # width and height TikTok answered
    [upload] = shop.fake.images
    assert upload["content"] == PNG and upload["file_name"] == "dress.png"
    [call] = shop.fake.calls_to("/customer_service/202309/images/upload")
    assert call["status"] == 200 and call["query"]["shop_cipher"] == shop.secret()["shop_cipher"]
    text, image = shop.fake.thread(sent["conversation_id"])["messages"][-2:]
    assert (text["type"], image["type"]) == ("TEXT", "IMAGE") and message_id == text["id"]
    assert json.loads(text["content"])["content"] == f"Dạ đây ạ\n{files}/size.pdf"
    assert json.loads(image["content"]) == {"url": upload["url"], "width": 2, "height": 1}
    # And an IMAGE whose url TikTok did not issue is refused by TikTok, not retried
    with pytest.raises(MarketplaceRefused):
        shop.connector.send(shop.connector.session(shop.secret()), sent["conversation_id"], "IMAGE",
                            {"url": "https://example.com/elsewhere.png", "width": 2, "height": 1})


def test_an_image_tiktok_will_not_take_fails_the_reply_for_good(shop):
    # Given a buyer's conversation
    sent = shop.buyer("912", "Ảnh?")
    # When the shop's "image" is no image TikTok takes (jpg, gif, webp or png)
    with serving(lambda request: Response(b"%PDF-1.4", mimetype="image/png")) as files:
        with pytest.raises(ChannelRejected) as refused:
            shop.reply(sent["conversation_id"], None, [
                Attachment(type="image", url=f"{files}/x.png", name="x.png", content_type="image/png")])
    # Then the reply fails for good with TikTok's reason, and nothing reached the conversation
    assert refused.value.retryable is False and "45101001" in str(refused.value)
    assert [m["sender"]["role"] for m in shop.fake.thread(sent["conversation_id"])["messages"]] == ["BUYER"]


def test_a_reply_carries_a_product_or_order_card_as_tiktoks_message_and_a_buyers_card_keeps_its_id(shop):
    # Given a buyer who sent a product card (Send Message's PRODUCT_CARD: content {"product_id"})
    sent = shop.buyer("906", product_id="1729384756")
    # Then it is stored as an item card with the product's id
    assert shop.cards(sent["conversation_id"]) == [Card(kind="item", id="1729384756")]
    # When the agent answers with a text and the order's card
    message_id = shop.reply(sent["conversation_id"], "Here is your order:", card=Card(kind="order", id="576461413038785752"))
    # Then TikTok received a TEXT, then an ORDER_CARD whose content is the JSON text {"order_id"}
    answers = [m for m in shop.fake.thread(sent["conversation_id"])["messages"] if m["sender"]["role"] == "SHOP"]
    assert [(m["type"], json.loads(m["content"])) for m in answers] == [
        ("TEXT", {"content": "Here is your order:"}), ("ORDER_CARD", {"order_id": "576461413038785752"})]
    assert message_id == answers[0]["id"]
    # And a product card alone is one PRODUCT_CARD
    shop.reply(sent["conversation_id"], None, card=Card(kind="item", id="1729384756"))
    last = shop.fake.thread(sent["conversation_id"])["messages"][-1]
    assert (last["type"], json.loads(last["content"])) == ("PRODUCT_CARD", {"product_id": "1729384756"})
