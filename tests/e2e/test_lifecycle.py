"""Issue 4, points 1, 3, 4 and 8 over HTTP: statuses through a conversation's life, emoji replies,
reply-and-resolve, flag and read marks, a blocked contact kept out of every count, the API's own docs."""

from __future__ import annotations

import time

from tests.e2e.channels import signed_message
from tests.e2e.shop import SECRET, Shop


def status_of(shop: Shop, conversation_id: str) -> str:
    return shop.conversation(conversation_id)["status"]


def test_statuses_follow_replies_answers_resolve_and_a_new_message_reopens(api):
    # Given a customer whose conversation An holds
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    cid = shop.write(conn, contact="c-life", text="Còn hàng không ạ?")
    assert status_of(shop, cid) == "open"

    # When An answers with emoji / Then it awaits the customer, and the channel got the emoji intact
    sent = api.post(f"/conversations/{cid}/messages", json={"text": "Dạ còn ạ 😊👍"}, token=shop.token("An"))
    assert sent.status_code == 201, sent.text
    shop.drain()
    assert status_of(shop, cid) == "awaiting_customer"
    assert any(m["text"] == "Dạ còn ạ 😊👍" for m in api.get("/_local/outbox").json()["items"])

    # When the customer answers (a second later: the channel's times are whole seconds)
    # Then it is open again, unread and unreplied
    time.sleep(1)
    shop.write(conn, contact="c-life", text="Cho mình 2 cái")
    again = shop.conversation(cid)
    assert again["status"] == "open" and again["unread"] and again["unreplied"]

    # When An replies and resolves in one step / Then it is closed as resolved, and An's capacity is free
    resolved = api.post(f"/conversations/{cid}/messages", json={"text": "Đã lên đơn!", "resolve": True},
                        token=shop.token("An"))
    assert resolved.status_code == 201, resolved.text
    shop.drain()
    closed = shop.conversation(cid)
    assert closed["status"] == "closed" and closed["close_reason"] == "resolved"
    assert shop.load("An") == 0

    # When the customer writes on the closed conversation / Then it reopens and goes back to An
    time.sleep(1)
    shop.write(conn, contact="c-life", text="Shop ơi, giao chưa?")
    reopened = shop.conversation(cid)
    assert reopened["status"] == "open" and reopened["assignee_id"] == shop.id("An")
    assert reopened["close_reason"] is None

    # And the thread holds all five messages, pageable back in time; the customer's in the order sent.
    # (A customer message sorts by the channel's own time, the stack's replies by the stack's clock,
    # which other tests move forward: so only each side's own order is asserted.)
    page = api.get(f"/conversations/{cid}/messages", params={"limit": 2}, token=shop.token("An")).json()
    older = api.get(f"/conversations/{cid}/messages", params={"limit": 10, "cursor": page["next_cursor"]},
                    token=shop.token("An")).json()
    thread = older["items"] + page["items"]
    assert len(thread) == 5 and older["next_cursor"] is None
    assert [m["text"] for m in thread if m["direction"] == "in"] == [
        "Còn hàng không ạ?", "Cho mình 2 cái", "Shop ơi, giao chưa?"]
    assert [m["text"] for m in thread if m["direction"] == "out"] == ["Dạ còn ạ 😊👍", "Đã lên đơn!"]


def test_flag_and_read_marks_show_in_filters_and_counts(api):
    # Given two unread conversations held by An
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    first, second = shop.write(conn), shop.write(conn)
    token = shop.token("An")

    # When An flags the first and reads the second
    assert api.put(f"/conversations/{first}/flag", token=token).json()["flagged"] is True
    assert api.post(f"/conversations/{second}/read", token=token).json()["unread"] is False

    # Then the filters and counts say so
    flagged = api.get("/conversations", params={"view": "mine", "filter": "flagged"}, token=token).json()
    assert [c["conversation_id"] for c in flagged["items"]] == [first]
    assert flagged["counts"]["flagged"] == 1 and flagged["counts"]["unread"] == 1
    unread = api.get("/conversations", params={"view": "mine", "filter": "unread"}, token=token).json()
    assert [c["conversation_id"] for c in unread["items"]] == [first]

    # When the flag is removed / Then nothing is flagged
    assert api.delete(f"/conversations/{first}/flag", token=token).json()["flagged"] is False
    assert api.get("/inbox/counts", token=token).json()["mine"]["flagged"] == 0


def test_a_blocked_contact_is_closed_and_their_later_messages_reach_no_agent_and_no_count(api):
    # Given a customer's open conversation
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    cid = shop.write(conn, contact="c-spam")
    contact_id = shop.conversation(cid)["contact"]["contact_id"]

    # When the owner blocks them
    blocked = api.post(f"/contacts/{contact_id}/block", token=shop.owner)
    assert blocked.status_code == 200, blocked.text
    assert blocked.json()["status"] == "closed" and blocked.json()["close_reason"] == "blocked"
    before = api.get("/inbox/counts", token=shop.owner).json()

    # And they write again
    body, headers = signed_message(secret=SECRET, contact={"id": "c-spam"}, text="hello again")
    acknowledged = api.post(conn["webhook_path"], data=body, headers=headers)
    assert acknowledged.status_code == 200 and acknowledged.json()["conversation_ids"] == []
    shop.drain()

    # Then the webhook was acknowledged, but nothing reopened, nobody holds it, and no count moved
    after = shop.conversation(cid)
    assert after["status"] == "closed" and after["contact"]["blocked"] is True
    assert api.get("/inbox/counts", token=shop.owner).json() == before
    assert api.get("/conversations", params={"view": "mine"}, token=shop.token("An")).json()["items"] == []
    # And replying to a blocked contact is a 409
    refused = api.post(f"/conversations/{cid}/messages", json={"text": "?"}, token=shop.owner)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "contact_blocked"


def test_the_api_describes_itself_and_serves_swagger_ui(api):
    # When a client reads the OpenAPI document and the docs page
    document = api.get("/openapi.json")
    docs = api.get("/docs")
    # Then the document lists the console's routes, and the docs page is Swagger UI
    assert document.status_code == 200
    paths = document.json()["paths"]
    for path in ("/conversations", "/conversations/{conversation_id}/messages", "/inbox/counts", "/reports/service",
                 "/tags", "/uploads", "/translate"):
        assert path in paths, path
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
