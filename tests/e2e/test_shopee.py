"""A Shopee shop on the local stack, end to end: connected through the API with a code from (the fake) Shopee,
a buyer's message pushed (signed) into a conversation, answered, the reply on Shopee; a message whose push
was lost brought back by the catch-up poll from Shopee's lost pushes, and confirmed."""

from __future__ import annotations

import uuid

from tests.e2e.marketplaces import on_fake
from tests.e2e.shop import Shop

PARTNER_ID, PARTNER_KEY = "2001887", "e2e-partner-key"


def test_a_shopee_chat_is_pushed_answered_and_a_lost_push_is_caught_up(api):
    # Given a seller who connects their Shopee shop with the code and shop_id Shopee's authorize redirect gave
    shop = Shop(api, ["ann"])
    shop_id = str(uuid.uuid4().int % 10**9 + 10**9)
    code = on_fake(api, "shopee", "POST", "/codes", {"shop_id": shop_id, "partner_id": PARTNER_ID, "partner_key": PARTNER_KEY})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "shopee", "name": "Lan's Shopee shop", "external_id": shop_id,
        "credentials": {"client_id": PARTNER_ID, "client_secret": PARTNER_KEY, "shop_id": shop_id, "code": code}})
    assert connected.status_code == 201, connected.text
    connection = connected.json()
    assert connection["channel"] == "shopee" and connection["webhook_path"] == "/webhooks/shopee"
    shop.rule([connection], ["ann"])

    # When a buyer writes to the shop and Shopee pushes the message to the callback URL, signed
    written = on_fake(api, "shopee", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "8801", "buyer_name": "Minh",
                                                 "text": "Shop ơi, áo này còn size M không?"})
    assert written["pushed"] == 200
    shop.drain()

    # Then it is a conversation of the store, from the buyer, with Shopee as its marketplace
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == connection["connection_id"]]
    assert (conv["channel"], conv["marketplace"], conv["contact"]["name"]) == ("shopee", "shopee", "Minh")
    assert conv["store"] == {"connection_id": connection["connection_id"], "name": "Lan's Shopee shop"}
    conversation_id = conv["conversation_id"]
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["text"] for m in messages] == ["Shop ơi, áo này còn size M không?"]

    # When Ann answers, Then the reply reaches the buyer's chat on Shopee
    reply = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("ann"),
                     json={"text": "Dạ còn ạ, shop gửi ngay!"})
    assert reply.status_code == 201, reply.text
    shop.drain()
    on_shopee = on_fake(api, "shopee", "GET", f"/conversations/{written['conversation_id']}")
    assert [(m["from_shop_id"], m["content"]) for m in on_shopee["messages"]][-1] == (
        int(shop_id), {"text": "Dạ còn ạ, shop gửi ngay!"})
    # And the buyer's message it answers is read on Shopee (read_conversation up to it)
    assert (on_shopee["unread_count"], on_shopee["last_read_message_id"]) == (0, written["message"]["message_id"])
    sent = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"][-1]
    assert sent["status"] == "sent", sent

    # When the buyer writes again and Shopee's push is lost, and then once more, pushed
    on_fake(api, "shopee", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "8801", "buyer_name": "Minh",
                                       "text": "Giao trong tuần này được không?", "push": False})
    assert any(p["shop_id"] == int(shop_id) for p in on_fake(api, "shopee", "GET", f"/lost-pushes/{PARTNER_ID}")["items"])
    again = on_fake(api, "shopee", "POST", "/messages", {"shop_id": shop_id, "buyer_id": "8801", "buyer_name": "Minh",
                                                         "text": "Cảm ơn shop"})
    assert again["pushed"] == 200
    # And the catch-up poll's schedule comes round
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200
    shop.drain()

    # Then the lost message is in the same conversation, once, from Shopee's lost pushes, which Shopee no longer
    # keeps (confirmed consumed). (Both were written in the same second of the fake's clock: either may sort first.)
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    inbound = [m["text"] for m in messages if m["direction"] == "in"]
    assert inbound[0] == "Shop ơi, áo này còn size M không?"
    assert sorted(inbound[1:]) == sorted(["Giao trong tuần này được không?", "Cảm ơn shop"])
    assert not any(p["shop_id"] == int(shop_id) for p in on_fake(api, "shopee", "GET", f"/lost-pushes/{PARTNER_ID}")["items"])
    public = [(c["method"], c["path"], c["status"]) for c in on_fake(api, "shopee", "GET", "/calls")["items"]
              if c["path"].startswith("/api/v2/push/")]
    assert ("GET", "/api/v2/push/get_lost_push_message", 200) in public
    assert ("POST", "/api/v2/push/confirm_consumed_lost_push_message", 200) in public
    # And the fake shows the signed calls it received: the code exchange, the send, the poll's reads
    calls = [(c["method"], c["path"], c["status"]) for c in on_fake(api, "shopee", "GET", "/calls")["items"]
             if c["query"].get("shop_id") == shop_id
             or (isinstance(c["body"], dict) and c["body"].get("shop_id") == int(shop_id))]
    assert ("POST", "/api/v2/auth/token/get", 200) in calls
    assert ("POST", "/api/v2/sellerchat/send_message", 200) in calls
    assert ("GET", "/api/v2/sellerchat/get_conversation_list", 200) in calls
