"""A TikTok Shop shop on the local stack, end to end: connected through the API with an auth code from (the
fake) TikTok Shop, a buyer's message arriving by the signed new-message webhook as a conversation, answered,
the reply in the conversation on TikTok Shop; a message whose webhook was lost brought in by the poll."""

from __future__ import annotations

import json
import uuid

from tests.e2e.marketplaces import on_fake
from tests.e2e.shop import Shop

APP_KEY, APP_SECRET = "e2eapp", "e2e-app-secret"


def test_a_tiktok_shop_chat_arrives_by_webhook_is_answered_and_a_lost_webhook_is_caught_up(api):
    # Given a seller who connects their TikTok Shop shop with the auth code TikTok's authorize page sent
    shop = Shop(api, ["ann"])
    shop_id = str(7494049642642441621 + uuid.uuid4().int % 10**6)
    code = on_fake(api, "tiktok_shop", "POST", "/codes", {"shop_id": shop_id, "app_key": APP_KEY, "app_secret": APP_SECRET})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "tiktok_shop", "name": "Lan's TikTok shop", "external_id": shop_id,
        "credentials": {"client_id": APP_KEY, "client_secret": APP_SECRET, "shop_id": shop_id, "code": code}})
    assert connected.status_code == 201, connected.text
    connection = connected.json()
    assert connection["webhook_path"] == "/webhooks/tiktok_shop"
    shop.rule([connection], ["ann"])

    # When a buyer writes and TikTok Shop sends the new-message webhook, signed
    written = on_fake(api, "tiktok_shop", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "5501", "buyer_name": "Hoa",
                                                 "text": "Váy này có size S không ạ?"})
    assert written["pushed"] == 200
    shop.drain()

    # Then it is a conversation of the store with TikTok Shop as its marketplace
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == connection["connection_id"]]
    assert (conv["channel"], conv["marketplace"]) == ("tiktok_shop", "tiktok_shop")
    conversation_id = conv["conversation_id"]
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["text"] for m in messages] == ["Váy này có size S không ạ?"]

    # When Ann answers, Then the reply is in the conversation on TikTok Shop, from the shop
    reply = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("ann"), json={"text": "Dạ có ạ!"})
    assert reply.status_code == 201, reply.text
    shop.drain()
    last = on_fake(api, "tiktok_shop", "GET", f"/conversations/{written['conversation_id']}")["messages"][-1]
    assert last["sender"]["role"] == "SHOP" and json.loads(last["content"]) == {"content": "Dạ có ạ!"}

    # When the buyer writes again, the webhook is lost, and the catch-up poll's schedule comes round
    on_fake(api, "tiktok_shop", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "5501", "text": "Khi nào giao ạ?", "push": False})
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200
    shop.drain()

    # Then the message is in the same conversation, once
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["text"] for m in messages if m["direction"] == "in"] == ["Váy này có size S không ạ?", "Khi nào giao ạ?"]
