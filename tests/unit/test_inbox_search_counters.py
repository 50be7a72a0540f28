"""Search keys and inbox counters: pure rules, no AWS."""

from __future__ import annotations

import pytest
from switchboard.inbox.counters import badges, delta, facets
from switchboard.inbox.search import SearchQuery, normalize, search_terms
from switchboard.models import Status

from tests.unit.builders import conversation


def test_normalize_folds_case_and_vietnamese_marks():
    # Given Vietnamese text with marks and đ / When normalized / Then plain lower-case letters remain
    assert normalize("Nguyễn Đức Trường") == "nguyen duc truong"


def test_search_terms_cover_every_searchable_field():
    # Given a conversation with a contact, a store, a store URL, an order and a ticket
    conv = conversation(
        "cv-1", contact_name="Lan Nguyễn", store_name="Lan's Shop", store_url="https://www.lan-shop.example/vn",
        order_id="O-77123", ticket_id="T-9",
    )
    # When its search terms are computed
    terms = search_terms(conv)
    # Then each field's words are there, folded, the URL's host whole, ids whole and by parts
    assert {"lan", "nguyen", "shop", "lan-shop.example", "example", "o-77123", "77123", "t-9"} <= terms
    # And scheme noise and one-letter words are not
    assert not {"https", "www", "s", "o", "t", "9"} & terms


@pytest.mark.parametrize("q,found", [
    ("lan", True), ("NGUY", True), ("nguyễn", True), ("77123", True), ("o-77", True), ("lan-shop.ex", True),
    ("t-9", True), ("an", False), ("shopee", False), ("lan tran", False),
])
def test_a_query_matches_a_prefix_of_any_word(q, found):
    # Given Lan Nguyễn's conversation / When queried / Then a prefix of every query word must start some term
    conv = conversation("cv-1", contact_name="Lan Nguyễn", store_url="https://lan-shop.example", order_id="O-77123",
                        ticket_id="T-9")
    assert SearchQuery.parse(q).matches(conv) is found


@pytest.mark.parametrize("store_url,q", [
    ("https://lan.example/shop", "https://lan.example/shop"),
    ("https://lan.example/shop", "HTTP://WWW.LAN.EXAMPLE/shop/"),
    ("https://lan.example/shop", "lan.example/shop"),
    ("https://lan.example/shop", "lan.example"),
    ("https://www.lan.example/", "https://lan.example"),
    ("https://lan.example/?ref=zalo&page=2", "https://lan.example/?ref=zalo&page=2"),
    ("https://lan.example?ref=zalo", "https://lan.example?ref=zalo"),
    ("https://lan.example:8443/shop", "https://lan.example:8443/shop"),
    ("https://cửa-hàng.example/áo-sơ-mi", "https://cua-hang.example/ao-so-mi/"),
    ("https://cửa-hàng.example/áo-sơ-mi", "https://cửa-hàng.example/áo-sơ-mi"),
    ("HTTPS://Lan.Example/Shop", "https://lan.example/shop"),
])
def test_a_store_url_pasted_whole_finds_its_store(store_url, q):
    # Given a conversation whose contact's store has this URL
    conv = conversation("cv-1", contact_name="Lan", store_url=store_url)
    # When the URL is searched as typed or pasted
    query = SearchQuery.parse(q)
    # Then it matches, and the key looked up is one of the conversation's terms' prefixes
    assert query.matches(conv)
    assert any(t.startswith(query.lookup) for t in search_terms(conv))


@pytest.mark.parametrize("q", ["https://lan.example/giay", "https://shop.example/lan", "https://lan.exam.ple/shop"])
def test_another_address_does_not_match_a_store_url(q):
    conv = conversation("cv-1", contact_name="Lan", store_url="https://lan.example/shop")
    assert not SearchQuery.parse(q).matches(conv)


def test_facets_follow_status_unread_and_ticket_category():
    # Given a queued, unread post-purchase ticket on connection cn-1
    queued = conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None, unread=True, category="post_purchase_ticket")
    # Then it counts as queued and unread on cn-1 and as an open ticket of its category
    assert facets(queued) == {"queued#cn-1", "unread#cn-1", "tickets#post_purchase_ticket"}
    # When it is answered (awaiting customer, read) / Then it moves out of the queue and into awaiting
    answered = queued.model_copy(update={"status": Status.AWAITING_CUSTOMER, "unread": False, "assignee_id": "ag-1"})
    assert delta(facets(queued), facets(answered)) == {
        "queued#cn-1": -1, "unread#cn-1": -1, "tickets#awaiting_customer": 1,
    }
    # When it is closed / Then it leaves its category and awaiting, and counts as closed
    closed = answered.model_copy(update={"status": Status.CLOSED})
    assert delta(facets(answered), facets(closed)) == {
        "tickets#post_purchase_ticket": -1, "tickets#awaiting_customer": -1, "tickets#closed": 1,
    }


def test_a_conversation_without_a_ticket_counts_in_no_ticket_badge():
    conv = conversation("cv-1", status=Status.AWAITING_CUSTOMER)
    assert facets(conv) == frozenset()


def test_badges_list_every_connection_and_never_a_negative_count():
    # Given summed counters (one drifted below zero) / When turned into badges
    shown = badges({"unread#cn-1": 3, "queued#cn-1": -1, "tickets#pre_purchase": 2}, ["cn-1", "cn-2"])
    # Then every connection is listed, missing counters are zero, negatives show as zero
    assert shown["connections"] == [
        {"connection_id": "cn-1", "unread": 3, "queued": 0},
        {"connection_id": "cn-2", "unread": 0, "queued": 0},
    ]
    assert shown["tickets"] == {
        "pre_purchase": 2, "post_purchase_ticket": 0, "post_purchase_support": 0, "awaiting_customer": 0, "closed": 0,
    }
