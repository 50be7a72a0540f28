"""A Wish store on the local stack, end to end: connected through the API with a code from (the fake) Wish,
its ticket polled into a conversation, answered, appealed, refunded and closed, re-opened, and refused
once Wish has closed it for good; the fake shows every call it received."""

from __future__ import annotations

import uuid

from tests.e2e.shop import Shop


def _wish(api, method: str, path: str, body: dict | None = None) -> dict:
    response = api.request(method, f"/_local/wish{path}", json=body)
    assert response.status_code < 300, response.text
    return response.json()


def test_a_wish_ticket_is_polled_answered_appealed_refunded_closed_and_reopened(api):
    # Given a seller who connects their Wish store with the code Wish's authorize page gave them
    shop = Shop(api, ["ann"])
    merchant = f"m-{uuid.uuid4().hex[:12]}"
    code = _wish(api, "POST", "/codes", {"merchant_id": merchant})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "wish", "name": "Lan's Wish store", "external_id": merchant,
        "credentials": {"client_id": "lan-app", "client_secret": "lan-secret", "code": code}})
    assert connected.status_code == 201, connected.text
    assert connected.json()["channel"] == "wish"
    shop.rule([connected.json()], ["ann"])
    # And a buyer who opens a post-purchase ticket about a broken mug on Wish
    ticket = _wish(api, "POST", "/tickets", {
        "merchant_id": merchant, "type": "ORDER", "sub_label": "ITEM_IS_DAMAGED", "buyer_name": "Marie",
        "locale": "fr", "text": "The mug arrived broken", "orders": [{"id": f"o-{ticket_suffix()}", "price": 12.5,
                                                                         "name": "Mug"}]})
    order_id = ticket["orders"][0]["id"]

    # When the catch-up poll's schedule comes round
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200

    # Then the ticket is a conversation of the store, with Wish's category, label, order and 48 h clock
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == connected.json()["connection_id"]]
    assert (conv["channel"], conv["category"], conv["issue_type"]) == ("wish", "post_purchase_ticket", "item_is_damaged")
    assert conv["contact"]["name"] == "Marie" and conv["contact"]["language"] == "fr"
    assert conv["marketplace"] == "wish"
    assert conv["store"] == {"connection_id": connected.json()["connection_id"], "name": "Lan's Wish store"}
    assert conv["order"]["items"] == [{"item_id": order_id, "name": "Mug", "price": 12.5}]
    assert 0 < conv["time_left_to_respond_seconds"] <= 48 * 3600
    conversation_id = conv["conversation_id"]
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [m["text"] for m in messages] == ["The mug arrived broken"]

    # When Ann answers, Then the reply reaches the ticket on Wish and it awaits the buyer
    reply = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("ann"),
                     json={"text": "So sorry! We will make it right."})
    assert reply.status_code == 201, reply.text
    shop.drain()
    on_wish = _wish(api, "GET", f"/tickets/{ticket['id']}")
    assert on_wish["replies"][-1]["sender"] == "MERCHANT" and on_wish["state"] == "AWAITING_USER"

    # When she appeals to Wish support, Then the ticket awaits Wish
    appealed = api.post(f"/conversations/{conversation_id}/appeal", token=shop.token("ann"),
                        json={"note": "The carrier broke it"})
    assert appealed.status_code == 200 and appealed.json()["status"] == "escalated", appealed.text
    assert _wish(api, "GET", f"/tickets/{ticket['id']}")["state"] == "AWAITING_WISH"

    # When she refunds the marked order and closes, Then Wish refunds the order and closes the ticket
    closed = api.post(f"/conversations/{conversation_id}/close", token=shop.owner,
                      json={"reason": "refunded", "refund_item_ids": [order_id]})
    assert closed.status_code == 200 and closed.json()["close_reason"] == "refunded", closed.text
    assert _wish(api, "GET", f"/tickets/{ticket['id']}")["state"] == "CLOSED"

    # When she re-opens it, Then Wish re-opens it for the merchant
    reopened = api.post(f"/conversations/{conversation_id}/reopen", token=shop.owner)
    assert reopened.status_code == 200 and reopened.json()["status"] != "closed", reopened.text
    assert _wish(api, "GET", f"/tickets/{ticket['id']}")["state"] == "AWAITING_MERCHANT"

    # And once Wish has closed it for good, re-opening is refused with Wish's reason and nothing changes here
    assert api.post(f"/conversations/{conversation_id}/close", token=shop.owner).status_code == 200
    _wish(api, "POST", f"/tickets/{ticket['id']}/state", {"state": "PERMANENTLY_CLOSED"})
    refused = api.post(f"/conversations/{conversation_id}/reopen", token=shop.owner)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "marketplace_refused", refused.text
    assert shop.conversation(conversation_id)["status"] == "closed"

    # And the fake shows each call it received, in order
    calls = [(c["method"], c["path"].replace(ticket["id"], "{t}").replace(order_id, "{o}"), c["status"])
             for c in _wish(api, "GET", "/calls")["items"]
             if merchant in str(c) or ticket["id"] in c["path"] or order_id in c["path"] or "/oauth/" in c["path"]]
    wanted = [
        ("GET", "/api/v3/orders/{o}", 200),
        ("POST", "/api/v3/tickets/{t}/replies", 200),
        ("PUT", "/api/v3/tickets/{t}", 200),  # appeal: AWAITING_WISH
        ("PUT", "/api/v3/orders/{o}/refund", 200),
        ("PUT", "/api/v3/tickets/{t}", 200),  # close: CLOSED
        ("PUT", "/api/v3/tickets/{t}", 200),  # re-open: AWAITING_MERCHANT
        ("PUT", "/api/v3/tickets/{t}", 200),  # close
        ("PUT", "/api/v3/tickets/{t}", 400),  # re-open refused: PERMANENTLY_CLOSED
    ]
    ticket_calls = [c for c in calls if "{t}" in c[1] or "{o}" in c[1]]
    assert ticket_calls == wanted

    # When Ann tries to write first to the buyer about the order (POST /conversations)
    calls_before = len(_wish(api, "GET", "/calls")["items"])
    started = api.post("/conversations", token=shop.token("ann"), json={
        "connection_id": connected.json()["connection_id"], "channel_user_id": ticket["id"], "order_id": order_id,
        "text": "Your new mug has shipped"})
    # Then it is refused, saying Wish lets only buyers open tickets, and nothing reaches Wish
    assert started.status_code == 409, started.text
    assert started.json()["error"]["code"] == "outside_messaging_window"
    assert "seller_cannot_start" in started.json()["error"]["message"]
    assert "only buyers open tickets" in started.json()["error"]["message"]
    assert len(_wish(api, "GET", "/calls")["items"]) == calls_before
    assert ("POST", "/api/v3/oauth/access_token", 200) in calls


def ticket_suffix() -> str:
    return uuid.uuid4().hex[:10]


def test_replies_from_wishs_dashboard_are_imported_once_and_a_ticket_wish_support_closed_closes_here(api):
    # Given a connected Wish store whose agent answered a buyer's ticket from Switchboard
    shop = Shop(api, ["ann"])
    merchant = f"m-{uuid.uuid4().hex[:12]}"
    code = _wish(api, "POST", "/codes", {"merchant_id": merchant})["code"]
    connected = api.post("/connections", token=shop.owner, json={
        "channel": "wish", "name": "Lan's Wish store", "external_id": merchant, "market": "VN",
        "credentials": {"client_id": "lan-app", "client_secret": "lan-secret", "code": code}})
    assert connected.status_code == 201, connected.text
    shop.rule([connected.json()], ["ann"])
    ticket = _wish(api, "POST", "/tickets", {"merchant_id": merchant, "text": "Is it cotton?"})
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200
    [conv] = [c for c in shop.view(None, "all") if c["connection_id"] == connected.json()["connection_id"]]
    assert conv["market"] == "VN"
    conversation_id = conv["conversation_id"]
    reply = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("ann"), json={"text": "Yes, cotton"})
    assert reply.status_code == 201, reply.text
    shop.drain()

    # When the buyer writes again, the seller answers in Wish's own dashboard, and the poll comes round
    _wish(api, "POST", f"/tickets/{ticket['id']}/messages", {"text": "And the size?"})
    _wish(api, "POST", f"/tickets/{ticket['id']}/merchant-replies", {"text": "Size M fits"})
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200

    # Then the thread holds the dashboard's reply as the seller's, once, and ours once
    def thread() -> list[tuple[str, str]]:
        items = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
        return [(m["direction"], m["text"]) for m in items]

    assert thread() == [("in", "Is it cotton?"), ("out", "Yes, cotton"), ("in", "And the size?"), ("out", "Size M fits")]
    # And the dashboard's reply answered the buyer here too: no clock runs, no time is left to respond, the
    # conversation awaits the buyer, and nothing more was sent to Wish
    answered = shop.conversation(conversation_id)
    assert (answered["status"], answered["waiting_since"], answered["time_left_to_respond_seconds"]) == (
        "awaiting_customer", None, None)
    replies = [c for c in _wish(api, "GET", "/calls")["items"] if c["path"] == f"/api/v3/tickets/{ticket['id']}/replies"]
    assert len(replies) == 1

    # When Wish support closes the ticket on Wish, and the poll comes round
    _wish(api, "POST", f"/tickets/{ticket['id']}/state", {"state": "CLOSED", "closed_by": "WISH_SUPPORT"})
    assert api.post("/_local/clock", json={"advance_seconds": 300}).status_code == 200

    # Then the conversation is closed here, the thread unchanged, and Wish was never asked to change the ticket
    closed = shop.conversation(conversation_id)
    assert (closed["status"], closed["close_reason"]) == ("closed", "resolved")
    assert len(thread()) == 4
    calls = _wish(api, "GET", "/calls")["items"]
    assert [c["method"] for c in calls if c["path"] == f"/api/v3/tickets/{ticket['id']}"] == []
