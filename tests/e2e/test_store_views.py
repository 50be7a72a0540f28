"""A seller with stores in several markets (seed 002: "choose the store of the market"): each conversation names
its marketplace, store and market, the badges count unread and queued per store, and the list filters by store."""

from __future__ import annotations

import uuid

from tests.e2e.shop import SECRET, Shop


def _store(shop: Shop, name: str, market: str | None) -> dict:
    body = {"channel": "marketplace", "name": name, "external_id": f"mk-{uuid.uuid4().hex[:8]}",
            "credentials": {"signing_secret": SECRET}, **({"market": market} if market else {})}
    response = shop.api.post("/connections", json=body, token=shop.owner)
    assert response.status_code == 201, response.text
    return response.json()


def _counts(shop: Shop) -> dict[str, dict]:
    response = shop.api.get("/inbox/counts", token=shop.owner)
    assert response.status_code == 200, response.text
    return {s["connection_id"]: s for s in response.json()["stores"]}


def test_conversations_show_their_store_and_market_and_badges_count_per_store(api):
    # Given a seller with a store in Vietnam and one in Thailand (given in lower case), and a website chat
    shop = Shop(api, ["ann"], online=False)
    vietnam, thailand = _store(shop, "Lan VN", "VN"), _store(shop, "Lan TH", "th")
    website = shop.connect()
    assert (vietnam["market"], thailand["market"], website["market"]) == ("VN", "TH", None)

    # When two buyers write to the Vietnamese store, one to the Thai one and a visitor to the website (no agent online)
    in_vietnam = [shop.write(vietnam, ticket={"id": f"t-{n}", "category": "pre_purchase"}) for n in range(2)]
    in_thailand = shop.write(thailand)
    shop.write(website)

    # Then each conversation shows its marketplace, store and market
    conv = shop.conversation(in_thailand)
    assert (conv["marketplace"], conv["store"], conv["market"]) == (
        "marketplace", {"connection_id": thailand["connection_id"], "name": "Lan TH"}, "TH")

    # And the badges count unread and queued per store, the website being no store
    stores = _counts(shop)
    assert set(stores) == {vietnam["connection_id"], thailand["connection_id"]}
    assert stores[vietnam["connection_id"]] == {"connection_id": vietnam["connection_id"], "marketplace": "marketplace",
                                               "name": "Lan VN", "market": "VN", "unread": 2, "queued": 2}
    assert (stores[thailand["connection_id"]]["unread"], stores[thailand["connection_id"]]["queued"]) == (1, 1)

    # When the owner reads one Vietnamese conversation, Then only that store's unread badge moves
    assert api.post(f"/conversations/{in_vietnam[0]}/read", token=shop.owner).status_code == 200
    stores = _counts(shop)
    assert (stores[vietnam["connection_id"]]["unread"], stores[vietnam["connection_id"]]["queued"]) == (1, 2)
    assert stores[thailand["connection_id"]]["unread"] == 1

    # And the lists filter by store: the queue and the unread of the Vietnamese store
    def listed(query: str) -> set[str]:
        response = api.get(f"/conversations?{query}&limit=200", token=shop.owner)
        assert response.status_code == 200, response.text
        return {c["conversation_id"] for c in response.json()["items"]}

    assert listed(f"view=unassigned&connection_id={vietnam['connection_id']}") == set(in_vietnam)
    assert listed(f"view=all&filter=unread&connection_id={vietnam['connection_id']}") == {in_vietnam[1]}
    assert listed(f"view=unassigned&connection_id={thailand['connection_id']}") == {in_thailand}
    # And a connection the organization does not have is unknown, as every id is
    unknown = api.get("/conversations?view=all&connection_id=cn_0000000000000000", token=shop.owner)
    assert unknown.status_code == 404, unknown.text

    # When the seller moves the Thai store's market, Then its conversations show the new one
    moved = api.patch(f"/connections/{thailand['connection_id']}", json={"market": "MY"}, token=shop.owner)
    assert moved.status_code == 200 and moved.json()["market"] == "MY", moved.text
    assert shop.conversation(in_thailand)["market"] == "MY"


def test_a_market_that_is_no_country_code_is_refused_and_nothing_is_connected(api):
    shop = Shop(api, [], online=False)
    for market in ("Vietnam", "V1", ""):
        body = {"channel": "marketplace", "name": "x", "external_id": f"mk-{uuid.uuid4().hex[:8]}",
                "credentials": {"signing_secret": SECRET}, "market": market}
        response = api.post("/connections", json=body, token=shop.owner)
        assert response.status_code == 422, (market, response.text)
    assert api.get("/connections", token=shop.owner).json()["items"] == []
