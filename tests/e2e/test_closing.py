"""Closing and escalation over HTTP on the local stack: refunds, decline with linked work items, block,
appeal and reopen, as a client that knows only API.md (and the documented refund and work item fields)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.e2e.channels import signed_message
from tests.e2e.shop import SECRET, Shop

ORDER = {"id": "o-77", "created_at": "2026-11-01T10:00:00Z", "items": [
    {"item_id": "i-1", "name": "Shirt", "price": 12.5},
    {"item_id": "i-2", "name": "Socks", "price": 0.1},
    {"item_id": "i-3", "name": "Cap", "price": 0.2},
]}
WORK_ITEMS = [
    {"id": "w-1", "type": "proposal", "status": "open"},
    {"id": "w-2", "type": "job", "status": "open"},
    {"id": "w-3", "type": "invoice", "status": "completed"},
]


@pytest.fixture
def shop(api):
    return Shop(api, ["An"])


def _ticket(category: str) -> dict:
    return {"id": f"t-{category}", "category": category, "issue_type": "damaged", "order": ORDER}


def _work_items(view: dict) -> dict[str, str]:
    return {w["work_item_id"]: w["status"] for w in view["work_items"]}


def _sent_to(shop: Shop, conn: dict) -> list[tuple[str, str]]:
    items = shop.api.get("/_local/outbox").json()["items"]
    return [(m["recipient"], m["text"]) for m in items if m["connection_id"] == conn["connection_id"]]


def test_refunding_marked_items_closes_the_ticket_as_refunded_with_its_details(shop):
    # Given a post-purchase ticket from the marketplace, held by An
    conn = shop.connect(channel="marketplace")
    shop.rule([conn], ["An"])
    conversation_id = shop.write(conn, contact="buyer-1", text="The shirt arrived torn",
                                 ticket=_ticket("post_purchase_ticket"))
    assert shop.assignee(conversation_id) == "An" and shop.load("An") == 1

    # When An refunds the socks and the cap (the cap named twice)
    response = shop.act("An", conversation_id, "close", {"reason": "resolved", "refund_item_ids": ["i-2", "i-3", "i-3"]})

    # Then the ticket is closed as refunded and shows what was refunded, by whom, for how much
    assert response.status_code == 200, response.text
    closed = shop.conversation(conversation_id)
    assert closed["status"] == "closed" and closed["close_reason"] == "refunded"
    refund = closed["refund"]
    assert refund["item_ids"] == ["i-2", "i-3"]
    assert refund["items"] == [{"item_id": "i-2", "name": "Socks", "price": 0.1}, {"item_id": "i-3", "name": "Cap", "price": 0.2}]
    assert refund["amount"] == 0.3
    assert refund["refunded_by"] == shop.id("An") and refund["refunded_at"] == closed["closed_at"]
    # And An's capacity is free, and the ticket is in history
    assert shop.load("An") == 0
    assert conversation_id in [c["conversation_id"] for c in shop.view(None, "history")]

    # When it is reopened / Then the refund stays on the ticket, and it cannot be refunded a second time
    assert shop.act(None, conversation_id, "reopen").status_code == 200
    assert shop.conversation(conversation_id)["refund"] == refund
    again = shop.act("An", conversation_id, "close", {"refund_item_ids": ["i-1"]})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_refunded"


@pytest.mark.parametrize("category", ["post_purchase_support", "pre_purchase"])
def test_tickets_other_than_post_purchase_have_no_refund(shop, category):
    # Given a support question (or a pre-purchase question) with an order, held by An
    conn = shop.connect(channel="marketplace")
    shop.rule([conn], ["An"])
    conversation_id = shop.write(conn, text="Where is my parcel?", ticket=_ticket(category))

    # When An tries to refund one of its items
    response = shop.act("An", conversation_id, "close", {"reason": "resolved", "refund_item_ids": ["i-1"]})

    # Then it is a 409 with a clear code, and the ticket is still open with no refund
    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "refund_not_allowed"
    view = shop.conversation(conversation_id)
    assert view["status"] == "open" and view["refund"] is None and view["close_reason"] is None


def test_refunding_an_item_that_is_not_in_the_order_is_a_422(shop):
    # Given a post-purchase ticket held by An
    conn = shop.connect(channel="marketplace")
    shop.rule([conn], ["An"])
    conversation_id = shop.write(conn, ticket=_ticket("post_purchase_ticket"))

    # When An refunds a real item and one the order does not have
    response = shop.act("An", conversation_id, "close", {"refund_item_ids": ["i-1", "i-404"]})

    # Then 422 naming the unknown item, and nothing is closed or refunded
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "unknown_refund_item" and "i-404" in response.json()["error"]["message"]
    view = shop.conversation(conversation_id)
    assert view["status"] == "open" and view["refund"] is None


def test_declining_a_partner_request_tells_the_contact_and_declines_its_open_work_items(shop):
    # Given a partner conversation held by An, linked to an open proposal, an open job and a paid invoice
    conn = shop.connect(channel="partner")
    shop.rule([conn], ["An"])
    conversation_id = shop.write(conn, contact="merchant-1", text="Can you take this job?", work_items=WORK_ITEMS)
    assert _work_items(shop.conversation(conversation_id)) == {"w-1": "open", "w-2": "open", "w-3": "completed"}

    # When the partner re-sends the proposal (still open) and An declines with a message
    shop.write(conn, contact="merchant-1", text="Any news?", work_items=WORK_ITEMS[:1])
    response = shop.act("An", conversation_id, "decline", {"text": "Sorry, we cannot take this job on."})

    # Then it is closed as declined, and every open work item is declined with it
    assert response.status_code == 200, response.text
    view = shop.conversation(conversation_id)
    assert view["status"] == "closed" and view["close_reason"] == "declined"
    assert _work_items(view) == {"w-1": "declined", "w-2": "declined", "w-3": "completed"}
    assert shop.load("An") == 0
    # And the contact received the text through the partner channel, and the thread shows it sent
    assert _sent_to(shop, conn) == [("merchant-1", "Sorry, we cannot take this job on.")]
    messages = shop.api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert [(m["direction"], m["text"], m["status"]) for m in messages if m["direction"] == "out"] == [
        ("out", "Sorry, we cannot take this job on.", "sent")]

    # When it is declined again / Then 409, and nothing more is sent
    again = shop.act("An", conversation_id, "decline", {"text": "Still no."})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_closed"
    assert len(_sent_to(shop, conn)) == 1


def test_blocking_a_partner_contact_closes_their_open_work_items(shop):
    # Given a partner conversation held by An with open work items
    conn = shop.connect(channel="partner")
    shop.rule([conn], ["An"])
    conversation_id = shop.write(conn, contact="spammer", text="Buy my stuff", work_items=WORK_ITEMS)
    contact_id = shop.conversation(conversation_id)["contact"]["contact_id"]

    # When the owner blocks the contact
    response = shop.api.post(f"/contacts/{contact_id}/block", json={}, token=shop.owner)
    shop.drain()

    # Then the conversation is closed as blocked and its open work items are closed
    assert response.status_code == 200, response.text
    view = shop.conversation(conversation_id)
    assert view["status"] == "closed" and view["close_reason"] == "blocked" and view["contact"]["blocked"] is True
    assert _work_items(view) == {"w-1": "closed", "w-2": "closed", "w-3": "completed"}

    # And a later message (re-sending the work items open) reopens neither the conversation nor the items
    body, headers = signed_message(secret=SECRET, contact={"id": "spammer"}, text="Hello again", work_items=WORK_ITEMS)
    dropped = shop.api.post(conn["webhook_path"], data=body, headers=headers)
    shop.drain()
    assert dropped.status_code == 200 and dropped.json()["conversation_ids"] == []
    later = shop.conversation(conversation_id)
    assert later["status"] == "closed" and _work_items(later) == _work_items(view)


def test_an_appealed_ticket_is_escalated_with_its_note_and_the_thread_goes_on(shop):
    # Given a post-purchase ticket held by An
    conn = shop.connect(channel="marketplace")
    shop.rule([conn], ["An"])
    conversation_id = shop.write(conn, contact="buyer-2", text="Never arrived", ticket=_ticket("post_purchase_ticket"))

    # When An appeals it to platform support
    response = shop.act("An", conversation_id, "appeal", {"note": "Carrier lost it; please refund from the platform"})

    # Then it is escalated with the note kept, listed as escalated, and An's capacity is free
    assert response.status_code == 200, response.text
    view = shop.conversation(conversation_id)
    assert view["status"] == "escalated"
    assert view["escalation"]["reason"] == "appeal"
    assert view["escalation"]["note"] == "Carrier lost it; please refund from the platform"
    assert conversation_id in [c["conversation_id"] for c in shop.view(None, "escalated")]
    assert shop.load("An") == 0

    # When the customer writes again and An answers on the same thread
    assert shop.write(conn, contact="buyer-2", text="Any update?") == conversation_id
    answer = shop.api.post(f"/conversations/{conversation_id}/messages", json={"text": "Platform support is on it."},
                           token=shop.token("An"))
    shop.drain()

    # Then both are on the thread, the answer reached the customer, and it is still escalated with its note
    assert answer.status_code == 201, answer.text
    messages = shop.api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    assert {m["text"] for m in messages} >= {"Never arrived", "Any update?", "Platform support is on it."}
    assert _sent_to(shop, conn) == [("buyer-2", "Platform support is on it.")]
    later = shop.conversation(conversation_id)
    assert later["status"] == "escalated" and later["escalation"]["note"] == view["escalation"]["note"]

    # And appealing it again is a 409
    again = shop.act("An", conversation_id, "appeal", {"note": "again"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "cannot_appeal"


def test_only_a_closed_conversation_can_be_reopened_and_it_goes_back_to_routing(shop):
    # Given an open conversation held by An
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn)

    # When it is reopened while open / Then 409 not_closed
    refused = shop.act("An", conversation_id, "reopen")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_closed"

    # When An ends it and then reopens it
    assert shop.act("An", conversation_id, "end").status_code == 200
    assert shop.conversation(conversation_id)["close_reason"] == "ended"
    reopened = shop.act("An", conversation_id, "reopen")

    # Then it is open again with An (the previous agent, still eligible), without a close reason
    assert reopened.status_code == 200, reopened.text
    view = shop.conversation(conversation_id)
    assert view["status"] == "open" and view["close_reason"] is None and view["closed_at"] is None
    assert shop.assignee(conversation_id) == "An" and shop.load("An") == 1


def test_reopening_after_the_reply_lock_is_refused_and_changes_nothing(shop):
    # Given a conversation An ended, and its reply lock (30 days after closing)
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn)
    assert shop.act("An", conversation_id, "end").status_code == 200
    closed = shop.conversation(conversation_id)
    locked_at = datetime.fromisoformat(closed["deadlines"]["reply_locked_at"].replace("Z", "+00:00"))
    now = datetime.fromisoformat(shop.api.get("/_local/clock").json()["now"].replace("Z", "+00:00"))

    # When the lock passes and An tries to reopen it
    advanced = shop.api.post("/_local/clock", json={"advance_seconds": (locked_at - now).total_seconds() + 1})
    assert advanced.status_code == 200, advanced.text
    refused = shop.act("An", conversation_id, "reopen")

    # Then 409 reply_window_closed, and it stays closed in history, nobody's load moved
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "reply_window_closed"
    after = shop.conversation(conversation_id)
    assert (after["status"], after["close_reason"], after["closed_at"]) == ("closed", "ended", closed["closed_at"])
    assert shop.load("An") == 0
