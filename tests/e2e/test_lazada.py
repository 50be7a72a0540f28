"""A Lazada store on the local stack, end to end: connected through the API with a code from (the fake)
Lazada, a buyer's chat message pushed (signed as Lazada signs) into a conversation, answered through
Lazada's send API, read by the buyer (the session-update push), and a message whose push was lost filled
in by the 5-minute catch-up poll; the fake shows what it received. A buyer's order card is shown with its id
and answered with Lazada's order card; a card is refused where the channel has none; a store whose seller id
is not the one Lazada's token answer names is refused."""

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


def _store(api, shop: Shop, **connection) -> tuple[str, dict, dict]:
    """A Lazada store connected with a code Lazada's authorize page gave its app: (seller id, app, connection)."""
    seller = str(300000000 + uuid.uuid4().int % 99999999)
    app = {"app_key": f"app{uuid.uuid4().hex[:6]}", "app_secret": uuid.uuid4().hex}
    code = _lazada(api, "POST", "/codes", {"seller_id": seller, **app})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "lazada", "name": "Lan's Lazada store", "external_id": seller,
        "credentials": {"client_id": app["app_key"], "client_secret": app["app_secret"], "code": code}, **connection})
    assert connected.status_code == 201, connected.text
    return seller, app, connected.json()


def test_a_buyers_order_card_is_shown_with_its_id_and_answered_with_lazadas_order_card(api):
    # Given a connected Lazada store, and a buyer who sends their order's card in Lazada's chat (template 10007)
    shop = Shop(api, ["ann"])
    seller, app, store = _store(api, shop)
    shop.rule([store], ["ann"])
    written = _lazada(api, "POST", "/messages", {"seller_id": seller, "buyer_name": "Minh", "template_id": 10007,
                                                 "order_id": "5566778899"})
    assert written["push_status"] == 200
    shop.drain()

    # Then the conversation shows the buyer's card with the order's id, and says it can carry cards
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == store["connection_id"]]
    assert conv["cards"] == ["item", "order"]
    url = f"/conversations/{conv['conversation_id']}/messages"
    [card] = api.get(url, token=shop.owner).json()["items"]
    assert (card["direction"], card["card"]) == ("in", {"kind": "order", "id": "5566778899"})

    # When Ann answers with that order's card
    reply = api.post(url, token=shop.token("ann"), json={"card": {"kind": "order", "id": "5566778899"}})

    # Then it is stored and queued with the card, and Lazada receives its order template with the order id
    assert reply.status_code == 201, reply.text
    assert reply.json()["card"] == {"kind": "order", "id": "5566778899"} and reply.json()["status"] == "queued"
    shop.drain()
    sends = [c["params"] for c in _lazada(api, "GET", "/calls")["items"]
             if c["path"] == "/rest/im/message/send" and c["params"].get("app_key") == app["app_key"]]
    assert [(p["template_id"], p.get("order_id"), p["session_id"]) for p in sends] == [
        ("10007", "5566778899", written["session_id"])]
    session = _lazada(api, "GET", f"/sessions/{written['session_id']}")
    assert [(m["template_id"], m["content"]) for m in session["messages"] if m["from_account_type"] == 2] == [
        (10007, {"orderId": "5566778899"})]
    # And the thread holds it once, sent (Lazada's push of the seller's own card is not stored again)
    out = [m for m in api.get(url, token=shop.owner).json()["items"] if m["direction"] == "out"]
    assert [(m["status"], m["card"]) for m in out] == [("sent", {"kind": "order", "id": "5566778899"})]

    # When Ann asks for a card Lazada's chat does not carry in the form Lazada needs, Then 422 and nothing is queued
    bad = api.post(url, token=shop.token("ann"), json={"card": {"kind": "item", "id": "not-a-number"}})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_card", bad.text
    assert len(api.get(url, token=shop.owner).json()["items"]) == 2


def test_a_card_is_refused_where_the_channel_carries_none_and_nothing_is_queued(api):
    # Given a web chat conversation (web chat has no item or order cards)
    shop = Shop(api, ["ann"])
    conversation_id = shop.write(shop.shared(["ann"]), text="Is this in stock?")
    url = f"/conversations/{conversation_id}/messages"
    assert shop.conversation(conversation_id)["cards"] == []

    # When Ann sends an order card there, or a note with one
    refused = api.post(url, token=shop.token("ann"), json={"text": "Your order:", "card": {"kind": "order", "id": "1"}})
    note = api.post(url, token=shop.token("ann"), json={"text": "see", "internal": True,
                                                         "card": {"kind": "order", "id": "1"}})

    # Then each is refused with 422 card_not_supported, and the thread and the outbox are as they were
    for answer in (refused, note):
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "card_not_supported", answer.text
    shop.drain()
    assert [m["direction"] for m in api.get(url, token=shop.owner).json()["items"]] == ["in"]
    assert shop.conversation(conversation_id)["status"] != "awaiting_customer"


def test_a_store_whose_seller_id_is_not_the_one_lazada_names_is_refused_and_one_left_out_is_filled_in(api):
    # Given a code Lazada gave for one seller
    shop = Shop(api, [])
    seller = str(300000000 + uuid.uuid4().int % 99999999)
    app = {"app_key": f"app{uuid.uuid4().hex[:6]}", "app_secret": uuid.uuid4().hex}
    credentials = {"client_id": app["app_key"], "client_secret": app["app_secret"]}
    code = _lazada(api, "POST", "/codes", {"seller_id": seller, **app})["code"]

    # When the seller types another seller id
    wrong = api.post("/connections", token=shop.owner, json={
        "channel": "lazada", "name": "Typo", "external_id": f"{seller}9", "credentials": {**credentials, "code": code}})

    # Then the connection is refused with 422 naming the mismatch, and nothing is connected
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "account_mismatch", wrong.text
    assert seller in wrong.json()["error"]["message"]
    assert api.get("/connections", token=shop.owner).json()["items"] == []

    # When the seller connects again without typing a seller id
    code = _lazada(api, "POST", "/codes", {"seller_id": seller, **app})["code"]
    filled = api.post("/connections", token=shop.owner, json={
        "channel": "lazada", "name": "Lan's Lazada store", "credentials": {**credentials, "code": code}})

    # Then the store's seller id is the one Lazada's token answer names
    assert filled.status_code == 201, filled.text
    assert filled.json()["external_id"] == seller
