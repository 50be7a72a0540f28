"""A TikTok Shop shop on the local stack, end to end: connected through the API with an auth code from (the
fake) TikTok Shop, a buyer's message arriving by the signed new-message webhook as a conversation, answered,
the reply in the conversation on TikTok Shop; a message whose webhook was lost brought in by the poll."""

from __future__ import annotations

import hashlib
import json
import uuid

import requests

from tests.e2e.marketplaces import on_fake
from tests.e2e.shop import Shop

APP_KEY, APP_SECRET = "e2eapp", "e2e-app-secret"
# A 3x2 PNG, as a browser uploads it (TikTok's upload answers the size its header names).
PHOTO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (3).to_bytes(4, "big") + (2).to_bytes(4, "big") + b"\x08\x06\x00\x00\x00" + b"\x00" * 64


def _connected(api) -> tuple[Shop, str, dict]:
    """A team with Ann, whose TikTok Shop shop is connected with the auth code TikTok's authorize page sent and
    routed to her: the team, the shop's id and the connection."""
    shop = Shop(api, ["ann"])
    shop_id = str(7494049642642441621 + uuid.uuid4().int % 10**6)
    code = on_fake(api, "tiktok_shop", "POST", "/codes", {"shop_id": shop_id, "app_key": APP_KEY, "app_secret": APP_SECRET})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "tiktok_shop", "name": "Lan's TikTok shop", "external_id": shop_id,
        "credentials": {"client_id": APP_KEY, "client_secret": APP_SECRET, "shop_id": shop_id, "code": code}})
    assert connected.status_code == 201, connected.text
    shop.rule([connected.json()], ["ann"])
    return shop, shop_id, connected.json()


def test_a_tiktok_shop_chat_arrives_by_webhook_is_answered_and_a_lost_webhook_is_caught_up(api):
    # Given a seller who connects their TikTok Shop shop with the auth code TikTok's authorize page sent
    shop, shop_id, connection = _connected(api)
    assert connection["webhook_path"] == "/webhooks/tiktok_shop"

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

    # When the buyer writes again a minute later (TikTok times messages to the second: two in one second have no
    # order between them), the webhook is lost, and the catch-up poll's schedule comes round
    assert api.post("/_local/clock", json={"advance_seconds": 60}).status_code == 200
    on_fake(api, "tiktok_shop", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "5501", "text": "Khi nào giao ạ?", "push": False})
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200
    shop.drain()

    # Then the message is in the same conversation, once
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["text"] for m in messages if m["direction"] == "in"] == ["Váy này có size S không ạ?", "Khi nào giao ạ?"]


def test_a_photo_reply_to_a_tiktok_shop_chat_goes_through_tiktoks_image_upload(api):
    # Given a connected TikTok Shop shop and a buyer's conversation
    shop, shop_id, connection = _connected(api)
    written = on_fake(api, "tiktok_shop", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "5601", "text": "Ảnh thật ạ?"})
    shop.drain()
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == connection["connection_id"]]

    # When Ann uploads a photo, as the console's browser does, and replies with it
    created = api.post("/uploads", json={"file_name": "dress.png", "content_type": "image/png", "size": len(PHOTO)},
                       token=shop.token("ann"))
    assert created.status_code == 201, created.text
    upload = created.json()
    assert requests.put(upload["upload_url"], data=PHOTO, headers={"Content-Type": "image/png"}, timeout=30).status_code == 200
    reply = api.post(f"/conversations/{conv['conversation_id']}/messages", token=shop.token("ann"),
                     json={"text": "Dạ đây ạ", "attachments": [{"object_key": upload["object_key"]}]})
    assert reply.status_code == 201, reply.text
    shop.drain()

    # Then (the fake) TikTok Shop received the very bytes through its image upload, and the buyer's conversation
    # holds the text and an IMAGE message with the url, width and height the upload answered
    text, sent = on_fake(api, "tiktok_shop", "GET", f"/conversations/{written['conversation_id']}")["messages"][-2:]
    assert (text["type"], json.loads(text["content"])) == ("TEXT", {"content": "Dạ đây ạ"})
    assert sent["type"] == "IMAGE" and json.loads(sent["content"])["url"].startswith("https://p16-oec-va.ibyteimg.com/")
    [image] = [i for i in on_fake(api, "tiktok_shop", "GET", "/images")["items"]
               if i["url"] == json.loads(sent["content"])["url"]]
    assert (image["sha256"], image["size"]) == (hashlib.sha256(PHOTO).hexdigest(), len(PHOTO))
    assert json.loads(sent["content"]) == {"url": image["url"], "width": 3, "height": 2}
    # And the reply shows as sent
    mine = api.get(f"/conversations/{conv['conversation_id']}/messages", token=shop.owner).json()["items"][-1]
    assert mine["status"] == "sent"
