"""A Lazada store on the local stack, end to end: connected through the API with a code from (the fake)
Lazada, a buyer's chat message pushed (signed as Lazada signs) into a conversation, answered through
Lazada's send API, read by the buyer (the session-update push), and a message whose push was lost filled
in by the 5-minute catch-up poll; the fake shows what it received."""

from __future__ import annotations

import uuid

from tests.e2e.shop import Shop


def _lazada(api, method: str, path: str, body: dict | None = None) -> dict:
    response = api.request(method, f"/_local/lazada{path}", json=body)
    assert response.status_code < 300, response.text
    return response.json()


def test_a_lazada_chat_is_pushed_answered_read_and_a_lost_push_caught_up(api):
    # Given a seller who connects their Lazada store with the code Lazada's authorize page gave their app
    shop = Shop(api, ["ann"])
    seller = str(300000000 + uuid.uuid4().int % 99999999)
    app = {"app_key": f"app{uuid.uuid4().hex[:6]}", "app_secret": uuid.uuid4().hex}
    code = _lazada(api, "POST", "/codes", {"seller_id": seller, **app})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "lazada", "name": "Lan's Lazada store", "external_id": seller,
        "credentials": {"client_id": app["app_key"], "client_secret": app["app_secret"], "code": code}})
    assert connected.status_code == 201, connected.text
    store = connected.json()
    assert store["channel"] == "lazada" and store["webhook_path"] == "/webhooks/lazada"
    assert store["market"] == "VN"  # the country Lazada's token answer names
    shop.rule([store], ["ann"])

    # When a buyer writes to the store in Lazada's chat
    written = _lazada(api, "POST", "/messages", {"seller_id": seller, "buyer_name": "Minh",
                                                 "text": "Còn size M không shop?"})

    # Then Lazada's push is acknowledged and the chat is a conversation of the store
    assert written["push_status"] == 200
    shop.drain()
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == store["connection_id"]]
    assert (conv["channel"], conv["marketplace"], conv["market"]) == ("lazada", "lazada", "VN")
    assert conv["store"] == {"connection_id": store["connection_id"], "name": "Lan's Lazada store"}
    conversation_id = conv["conversation_id"]
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["text"] for m in messages] == ["Còn size M không shop?"]

    # When Ann answers, Then the reply reaches the buyer's session on Lazada, which is read up to the question
    reply = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("ann"),
                     json={"text": "Dạ còn ạ, shop gửi trong 2 ngày."})
    assert reply.status_code == 201, reply.text
    shop.drain()
    session = _lazada(api, "GET", f"/sessions/{written['session_id']}")
    assert [m["content"].get("txt") for m in session["messages"] if m["from_account_type"] == 2] == [
        "Dạ còn ạ, shop gửi trong 2 ngày."]
    assert session["unread_count"] == 0

    # When the buyer reads it, Then Lazada's session-update push marks the reply read here
    assert _lazada(api, "POST", f"/sessions/{written['session_id']}/read")["push_status"] == 200
    sent = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["status"] for m in sent if m["direction"] == "out"] == ["read"]
    # And Lazada's push of our own reply (it pushes the seller's messages too) was not stored twice
    assert sum(m["direction"] == "out" for m in sent) == 1

    # When a later message's push is lost, Then the catch-up poll brings it in on its schedule
    lost = _lazada(api, "POST", "/messages", {"seller_id": seller, "session_id": written["session_id"],
                                              "text": "Shop ơi, đổi sang size L được không?", "push": False})
    assert lost["push_status"] is None
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200
    shop.drain()
    texts = [m["text"] for m in api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
             if m["direction"] == "in"]
    assert texts == ["Còn size M không shop?", "Shop ơi, đổi sang size L được không?"]

    # And the seller cannot open a session with a buyer: Lazada's chats start on the buyer's side
    opened = api.post("/conversations", token=shop.owner, json={
        "connection_id": store["connection_id"], "channel_user_id": f"{seller}_2_999_1_103", "order_id": "o-1",
        "text": "Đơn của bạn đã gửi"})
    assert opened.status_code == 409 and opened.json()["error"]["code"] == "outside_messaging_window", opened.text

    # And the fake shows the calls it received: the token, the send, the read, the poll's reads, all signed
    calls = [(c["method"], c["path"], c["code"]) for c in _lazada(api, "GET", "/calls")["items"]
             if c["params"].get("app_key") == app["app_key"]]
    assert calls[0] == ("POST", "/auth/rest/auth/token/create", "0")
    assert ("POST", "/rest/im/message/send", "0") in calls and ("POST", "/rest/im/session/read", "0") in calls
    assert ("GET", "/rest/im/session/list", "0") in calls and ("GET", "/rest/im/message/list", "0") in calls
    assert all(code == "0" for _, _, code in calls)
