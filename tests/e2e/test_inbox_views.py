"""Issue 4, point 5: search, stable cursors and inbox badges, over HTTP as a client that knows API.md."""

from __future__ import annotations

import uuid

from tests.e2e.channels import signed_message
from tests.e2e.shop import SECRET, Shop


def customer_writes(shop: Shop, conn: dict, *, contact: dict, ticket: dict | None = None, text: str = "Hello?") -> str:
    body, headers = signed_message(secret=SECRET, contact=contact, text=text, ticket=ticket)
    response = shop.api.post(conn["webhook_path"], data=body, headers=headers)
    assert response.status_code == 200, response.text
    shop.drain()
    return response.json()["conversation_ids"][0]


def search(shop: Shop, q: str, view: str = "all", token: str | None = None) -> set[str]:
    response = shop.api.get("/conversations", params={"view": view, "q": q}, token=token or shop.owner)
    assert response.status_code == 200, response.text
    return {c["conversation_id"] for c in response.json()["items"]}


def test_search_by_contact_name_store_name_store_url_order_and_ticket(api):
    # Given three customers of one shop, one of them on a marketplace ticket with an order
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"], method="round_robin")
    market = shop.connect(channel="marketplace")
    shop.rule([market], ["An"])
    lan = customer_writes(shop, conn, contact={"id": "c-lan", "name": "Nguyễn Thị Lan", "store_name": "Lan Boutique",
                                                "store_url": "https://www.lan-boutique.example/shop"})
    minh = customer_writes(shop, conn, contact={"id": "c-minh", "name": "Trần Minh", "store_name": "Minh Mart"})
    ticket = {"id": "T-4471", "category": "post_purchase_ticket", "issue_type": "damaged",
              "order": {"id": "ORD-99812", "items": [{"item_id": "i-1", "name": "Vase", "price": 20}]}}
    buyer = customer_writes(shop, market, contact={"id": "c-buyer", "name": "Mai"}, ticket=ticket)

    # When searching each key, in any case, with or without Vietnamese marks, by a word's prefix
    # Then exactly the right conversations are found
    assert search(shop, "nguyen") == {lan}
    assert search(shop, "NGUYỄN th") == {lan}
    assert search(shop, "bout") == {lan}
    assert search(shop, "lan-boutique.ex") == {lan}
    assert search(shop, "mart") == {minh}
    assert search(shop, "ord-998") == {buyer}
    assert search(shop, "99812") == {buyer}
    assert search(shop, "t-4471") == {buyer}
    assert search(shop, "zzz") == set()
    # And a search keeps to the view: An's own list holds all three, the queue none of them
    assert search(shop, "mai", view="mine", token=shop.token("An")) == {buyer}
    assert search(shop, "mai", view="unassigned") == set()
    # And a closed conversation is found in history
    assert shop.act("An", minh, "end").status_code == 200
    assert search(shop, "minh", view="history") == {minh}
    assert search(shop, "minh", view="all") == set()


STORE_URLS = {
    "lan": "https://lan.example/shop",
    "minh": "https://minh-mart.example/san-pham?ref=zalo&page=2",
    "hoa": "https://hoa.example/",
    "mai": "http://www.mai-store.example/vn",
    "binh": "HTTPS://Binh.Example/Shop",
    "thu": "https://cửa-hàng-thu.example/áo-sơ-mi/",
}


def test_search_by_a_full_store_url_finds_that_store_whatever_its_shape(api):
    # Given customers whose store URLs have a path, a query string, a trailing slash, www., an upper-case host,
    # a Vietnamese host and path
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    found = {name: customer_writes(shop, conn, contact={"id": f"c-{name}", "name": f"Khách {name}", "store_url": url})
             for name, url in STORE_URLS.items()}

    # When each full URL is searched as it was pasted / Then exactly that store is found
    for name, url in STORE_URLS.items():
        assert search(shop, url) == {found[name]}, url
    # And the same address written another way finds it too
    for q, name in (
        ("https://lan.example/shop/", "lan"), ("lan.example/shop", "lan"), ("HTTPS://LAN.EXAMPLE/Shop", "lan"),
        ("https://www.lan.example/shop", "lan"), ("https://lan.example", "lan"),
        ("https://hoa.example", "hoa"), ("https://mai-store.example/vn/", "mai"), ("binh.example/shop", "binh"),
        ("https://cua-hang-thu.example/ao-so-mi", "thu"), ("https://minh-mart.example/san-pham", "minh"),
    ):
        assert search(shop, q) == {found[name]}, q
    # And another address on a known host, or another host with a known path, finds nothing
    assert search(shop, "https://lan.example/giay") == set()
    assert search(shop, "https://shop.example/lan") == set()


def test_search_never_reaches_another_organization(api):
    # Given two shops whose customers share a name
    first, second = Shop(api, ["An"]), Shop(api, ["Binh"])
    name = f"Zed{uuid.uuid4().hex[:6]}"
    mine = customer_writes(first, first.shared(["An"]), contact={"id": "c-1", "name": name})
    customer_writes(second, second.shared(["Binh"]), contact={"id": "c-1", "name": name})
    # When the first shop searches / Then only its own conversation comes back
    assert search(first, name.lower()) == {mine}


def test_bad_search_and_bad_cursor_are_clear_4xx(api):
    shop = Shop(api, ["An"])
    for params, status, code in (
        ({"q": "a"}, 422, "bad_search"),
        ({"q": "x" * 101}, 422, "bad_search"),
        ({"cursor": "not-ours"}, 400, "bad_cursor"),
        ({"view": "all", "cursor": "bm90LW91cnM="}, 400, "bad_cursor"),
    ):
        response = api.get("/conversations", params=params, token=shop.owner)
        assert response.status_code == status, (params, response.text)
        assert response.json()["error"]["code"] == code


def test_cursor_pages_of_every_view_hold_every_conversation_once_while_new_ones_arrive(api):
    # Given 7 conversations held by An and 5 waiting in the queue (Binh is offline and has no room)
    shop = Shop(api, ["An", "Binh"])
    shop.change_agent("An", capacity=7)
    conn = shop.shared(["An"])
    held = [shop.write(conn) for _ in range(7)]
    queued = [shop.write(conn) for _ in range(5)]
    assert set(shop.waiting()) == set(queued)

    for view, token, expected in (("mine", shop.token("An"), held), ("unassigned", shop.owner, queued),
                                   ("all", shop.owner, held + queued)):
        for sort in ("latest", "waiting"):
            # When the view is read 3 at a time, and a new customer writes after the first page
            there_before = set(expected)
            seen, cursor, pages = [], None, 0
            while True:
                params = {"view": view, "sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
                response = api.get("/conversations", params=params, token=token)
                assert response.status_code == 200, response.text
                seen += [c["conversation_id"] for c in response.json()["items"]]
                cursor, pages = response.json()["next_cursor"], pages + 1
                if pages == 1:
                    queued.append(shop.write(conn))
                if not cursor:
                    break
                assert pages < 20
            # Then every conversation there before the first page comes exactly once
            assert len(seen) == len(set(seen)), (view, sort, seen)
            assert there_before <= set(seen), (view, sort)


def test_inbox_counts_give_badges_per_store_and_ticket_category_and_my_filters(api):
    # Given a web store with one agent of capacity 1 and a marketplace store
    shop = Shop(api, ["An"])
    shop.change_agent("An", capacity=1)
    web = shop.shared(["An"])
    market = shop.connect(channel="marketplace")
    shop.rule([market], ["An"])
    # When three customers write on the web (one held by An, two queued), and two tickets arrive
    first = shop.write(web)
    shop.write(web)
    shop.write(web)
    pre = customer_writes(shop, market, contact={"id": "m-1"}, ticket={"id": "t-1", "category": "pre_purchase"})
    customer_writes(shop, market, contact={"id": "m-2"}, ticket={"id": "t-2", "category": "post_purchase_support"})
    counts = api.get("/inbox/counts", token=shop.token("An"))
    assert counts.status_code == 200, counts.text
    body = counts.json()
    by_store = {c["connection_id"]: c for c in body["connections"]}
    # Then the web store shows 3 unread and 2 queued; the marketplace 2 unread and 2 queued
    assert by_store[web["connection_id"]] == {"connection_id": web["connection_id"], "unread": 3, "queued": 2}
    assert by_store[market["connection_id"]]["queued"] == 2
    assert body["tickets"] == {"pre_purchase": 1, "post_purchase_ticket": 0, "post_purchase_support": 1,
                               "awaiting_customer": 0, "closed": 0}
    assert body["mine"] == {"unread": 1, "unreplied": 1, "expiring": 0, "flagged": 0}

    # When An reads and answers their conversation, and the owner answers and closes the pre-purchase ticket
    assert api.post(f"/conversations/{first}/read", token=shop.token("An")).status_code == 200
    assert api.post(f"/conversations/{first}/messages", json={"text": "Hi!"}, token=shop.token("An")).status_code == 201
    assert api.post(f"/conversations/{pre}/messages", json={"text": "Yes", "resolve": True}, token=shop.owner).status_code == 201
    shop.drain()
    body = api.get("/inbox/counts", token=shop.token("An")).json()
    by_store = {c["connection_id"]: c for c in body["connections"]}
    # Then the badges follow at once: one unread fewer on the web, the ticket closed
    assert by_store[web["connection_id"]]["unread"] == 2
    assert body["tickets"]["pre_purchase"] == 0 and body["tickets"]["closed"] == 1
    assert body["mine"]["unreplied"] == 0
    # And the list's own counts are An's filter counts
    listed = api.get("/conversations", params={"view": "mine"}, token=shop.token("An")).json()
    assert listed["counts"] == body["mine"]


def test_inbox_counts_need_a_token(api):
    assert api.get("/inbox/counts").status_code == 401
