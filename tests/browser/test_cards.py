"""Item and order cards in a marketplace chat (issue 14, point 3): the buyer's order card is shown with its id, and
the agent answers with the order's card or an item's card from the conversation screen (Send card), which reach
the buyer through (the fake) Lazada's card templates."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Console, Owner
from tests.e2e.conftest import Api
from tests.e2e.marketplaces import on_fake

LIVE_TIMEOUT_MS = 10_000


def test_an_agent_answers_a_buyers_order_card_with_the_orders_card_and_an_items_card(
        api: Api, owner: Owner, console: Console) -> None:
    # Given a connected Lazada store whose buyer sent their order's card (template 10007)
    seller = str(300000000 + uuid.uuid4().int % 99999999)
    app = {"app_key": f"app{uuid.uuid4().hex[:6]}", "app_secret": uuid.uuid4().hex}
    code = on_fake(api, "lazada", "POST", "/codes", {"seller_id": seller, **app})["code"]
    store = api.post("/connections", token=owner.token, json={
        "channel": "lazada", "name": "Lan's Lazada store",
        "credentials": {"client_id": app["app_key"], "client_secret": app["app_secret"], "code": code}})
    assert store.status_code == 201, store.text
    written = on_fake(api, "lazada", "POST", "/messages", {"seller_id": seller, "buyer_name": "Minh",
                                                            "template_id": 10007, "order_id": "5566778899"})
    assert api.post("/_local/drain").status_code == 200
    [conv] = [c for c in api.get("/conversations?view=all", token=owner.token).json()["items"]
              if c["connection_id"] == store.json()["connection_id"]]

    # When the owner opens the conversation
    page = console.open(f"/conversations/{conv['conversation_id']}?view=all")
    console.sign_in(owner.username, owner.password)

    # Then the buyer's card shows with the order's id
    log = page.get_by_role("log", name="Messages")
    expect(log.get_by_role("article", name="Customer")).to_contain_text("Order card: 5566778899", timeout=LIVE_TIMEOUT_MS)

    # When they send the order's card, offered from the conversation's orders
    page.get_by_role("button", name="Send card").click()
    dialog = page.get_by_role("dialog", name="Send a card")
    expect(dialog.get_by_role("combobox", name="Order")).to_have_value("5566778899")
    dialog.get_by_role("button", name="Send order card").click()

    # Then the dialog closes and the thread shows the agent's order card
    expect(dialog).to_be_hidden()
    expect(log.get_by_role("article", name="Agent").filter(has_text="Order card: 5566778899")).to_be_visible(
        timeout=LIVE_TIMEOUT_MS)

    # When they send an item's card by its id
    page.get_by_role("button", name="Send card").click()
    dialog.get_by_role("textbox", name="Item id").fill("1762013406")
    dialog.get_by_role("button", name="Send item card").click()
    expect(log.get_by_role("article", name="Agent").filter(has_text="Item card: 1762013406")).to_be_visible(
        timeout=LIVE_TIMEOUT_MS)

    # Then Lazada's buyer received the order card (10007) and the item card (10006)
    assert api.post("/_local/drain").status_code == 200
    session = on_fake(api, "lazada", "GET", f"/sessions/{written['session_id']}")
    assert [(m["template_id"], m["content"]) for m in session["messages"] if m["from_account_type"] == 2] == [
        (10007, {"orderId": "5566778899"}), (10006, {"itemId": "1762013406"})]
