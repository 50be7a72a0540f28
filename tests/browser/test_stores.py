"""The console's stores (seed 002's entry: choose the store of a market; each shows its unread and its queue):
each conversation names its marketplace, store and market, and each store's badges open its list."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Console, Owner
from tests.e2e.channels import signed_message
from tests.e2e.conftest import Api

SECRET = "store-secret"
LIVE_TIMEOUT_MS = 10_000


def _store(api: Api, owner: Owner, name: str, market: str, rule_member: str) -> dict:
    conn = api.post("/connections", token=owner.token, json={
        "channel": "marketplace", "name": name, "external_id": f"mk-{uuid.uuid4().hex[:8]}", "market": market,
        "credentials": {"signing_secret": SECRET}})
    assert conn.status_code == 201, conn.text
    # A rule whose one member is offline: the buyers wait in the store's queue
    rule = api.post("/rules", token=owner.token, json={
        "name": f"{name} team", "sources": [conn.json()["connection_id"]], "members": [rule_member]})
    assert rule.status_code == 201, rule.text
    return conn.json()


def _buyer_writes(api: Api, store: dict, name: str, text: str) -> None:
    body, headers = signed_message(secret=SECRET, contact={"id": f"b-{uuid.uuid4().hex[:8]}", "name": name}, text=text)
    response = api.post(f"/webhooks/marketplace/{store['connection_id']}", data=body, headers=headers)
    assert response.status_code == 200, response.text


def test_each_conversation_shows_its_store_and_market_and_each_stores_badges_open_its_list(
        api: Api, owner: Owner, console: Console) -> None:
    # Given a seller with a store in Vietnam and one in Thailand, whose buyers wait for an agent
    an = api.post("/agents", token=owner.token, json={"email": f"an-{uuid.uuid4().hex[:6]}@shop.example", "nickname": "An"})
    assert an.status_code == 201, an.text
    vietnam = _store(api, owner, "Lan VN", "VN", an.json()["agent_id"])
    thailand = _store(api, owner, "Lan TH", "TH", an.json()["agent_id"])
    _buyer_writes(api, vietnam, "Minh", "Còn size M không?")
    _buyer_writes(api, vietnam, "Hoa", "Giao hàng mấy ngày?")
    _buyer_writes(api, thailand, "Somchai", "Is it waterproof?")
    assert api.post("/_local/drain").status_code == 200

    # When the owner signs in to every open conversation
    page = console.open("/inbox/all")
    console.sign_in(owner.username, owner.password)

    # Then the inbox's stores show each store's unread and queued, named with its market
    stores = page.get_by_role("navigation", name="Stores")
    expect(stores.get_by_role("link", name="Lan VN · Vietnam: 2 unread")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(stores.get_by_role("link", name="Lan VN · Vietnam: 2 queued")).to_be_visible()
    expect(stores.get_by_role("link", name="Lan TH · Thailand: 1 queued")).to_be_visible()
    # And each row names its marketplace, store and market
    conversations = page.get_by_role("list", name="Conversations")
    expect(conversations.get_by_role("listitem").filter(has_text="Minh")).to_contain_text("Marketplace · Lan VN · Vietnam")

    # When they open the Thai store's queue from its badge
    stores.get_by_role("link", name="Lan TH · Thailand: 1 queued").click()
    # Then the list holds that store's waiting buyer only
    expect(page).to_have_url(re.compile(rf"/inbox/unassigned\?.*connection_id={thailand['connection_id']}"))
    expect(conversations.get_by_role("listitem")).to_have_count(1)
    item = conversations.get_by_role("listitem").filter(has_text="Somchai")
    expect(item).to_contain_text("Marketplace · Lan TH · Thailand")

    # When they open the conversation, Then its header names the marketplace, store and market too
    item.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Somchai")).to_be_visible()
    expect(page.get_by_role("article", name="Somchai").locator("header")).to_contain_text("Marketplace · Lan TH · Thailand")

    # When they leave the store's list, Then the queue shows every store again
    page.get_by_role("button", name="All stores").click()
    expect(conversations.get_by_role("listitem")).to_have_count(3)

    # When the owner reads a Vietnamese buyer's conversation, Then that store's unread badge follows
    stores.get_by_role("link", name="Lan VN · Vietnam: 2 unread").click()
    expect(conversations.get_by_role("listitem")).to_have_count(2)
    conversations.get_by_role("listitem").filter(has_text="Minh").get_by_role("link").click()
    expect(stores.get_by_role("link", name="Lan VN · Vietnam: 1 unread")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
