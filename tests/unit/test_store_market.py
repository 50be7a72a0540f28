"""A store's market as the marketplace names it when the store is connected, and each store's badges from its
connection's counters."""

from __future__ import annotations

from datetime import UTC, datetime

from switchboard.api.views import marketplace_of
from switchboard.channels.marketplaces.authorize import authorized_store
from switchboard.channels.marketplaces.base import Grant
from switchboard.inbox.counters import store_badges
from switchboard.models import Channel, Connection

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class MarketNamingConnector:
    """A marketplace whose token answer names the store's country (as Lazada's `country` does)."""

    def exchange_code(self, credentials: dict[str, str]) -> Grant:
        return Grant(access_token="a", refresh_token="r", expires_at=NOW, market="vn")


def test_the_market_the_marketplace_names_with_the_tokens_is_kept_in_capitals_and_the_code_is_not():
    # Given a marketplace that names the store's country when it exchanges the seller's code
    connectors = {Channel.WISH: (MarketNamingConnector(), None)}
    # When the store is connected with its code
    store = authorized_store(Channel.WISH, {"client_id": "app", "client_secret": "s", "code": "c"}, connectors)
    # Then its market is the marketplace's, and the code is spent, not kept
    assert store.market == "VN"
    assert "code" not in store.credentials and store.credentials["access_token"] == "a"


def test_a_refresh_token_names_no_market():
    connectors = {Channel.WISH: (MarketNamingConnector(), None)}
    store = authorized_store(Channel.WISH, {"client_id": "app", "client_secret": "s", "refresh_token": "r"}, connectors)
    assert store.market is None


def _connection(connection_id: str, channel: Channel, market: str | None = None) -> Connection:
    return Connection(org_id="org", connection_id=connection_id, channel=channel, name=f"{connection_id} shop",
                      external_id=connection_id, connected_by="ag", connected_at=NOW, market=market)


def test_each_marketplace_store_has_its_connections_unread_and_queued_and_chats_are_no_stores():
    # Given the counters of a Wish store, a signed marketplace feed and a Zalo OA
    totals = {"unread#wish1": 3, "queued#wish1": 2, "queued#feed": 1, "unread#zalo": 5}
    connections = [_connection("wish1", Channel.WISH, "VN"), _connection("feed", Channel.MARKETPLACE),
                   _connection("zalo", Channel.ZALO)]
    # When the stores' badges are made, Then each marketplace store has its own, and the OA is no store
    assert store_badges(totals, connections, marketplace_of) == [
        {"connection_id": "wish1", "marketplace": "wish", "name": "wish1 shop", "market": "VN", "unread": 3, "queued": 2},
        {"connection_id": "feed", "marketplace": "marketplace", "name": "feed shop", "market": None, "unread": 0,
         "queued": 1},
    ]
