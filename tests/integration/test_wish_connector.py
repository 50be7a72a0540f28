"""The Wish connector against the local fake of Wish's Merchant API v3 (local/fake_wish.py), over HTTP:
OAuth (code exchange, refresh before expiry, rotation, a concurrent refresh), the catch-up poll (pages,
the high-water mark, a gap filled, a late update within the overlap, redelivery stored once), retries
on 429 and 5xx, failures that show, replies, ticket actions and refunds."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from local.fake_wish import FakeWish
from switchboard import wiring
from switchboard.adapters.http import HttpSender
from switchboard.channels.base import OutboundMessage
from switchboard.channels.marketplaces.actions import TicketDesk
from switchboard.channels.marketplaces.authorize import authorized_credentials
from switchboard.channels.marketplaces.base import MarketplaceRefused, MarketplaceUnavailable, RetryPolicy
from switchboard.channels.marketplaces.sync import catch_up
from switchboard.channels.marketplaces.tokens import TokenKeeper
from switchboard.channels.marketplaces.wish import (
    WishConnector,
    WishReplyAdapter,
    awaits_merchant,
    response_due_at,
    wish_time,
)
from switchboard.connections import connect_channel
from switchboard.errors import ChannelRejected, InvalidFields
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.inbound.ingest import IngestDeps
from switchboard.models import Channel, ConnectionMode, Message
from switchboard.store import keys
from tests.integration.support import forget_polled_stores, new_org, serving

MERCHANT = "5e1f0c0a0b0c0d0e0f101112"


@pytest.fixture
def fake(clock):
    wish = FakeWish(clock.now, access_token_seconds=3600)
    with serving(wish.handle) as url:
        wish.url = url
        yield wish
    forget_polled_stores()


class Store:
    """One connected Wish store, with the collaborators the poll and the actions use."""

    def __init__(self, fake: FakeWish, clock, merchant: str = MERCHANT) -> None:
        self.fake, self.clock, self.merchant = fake, clock, f"{merchant}-{uuid.uuid4().hex[:6]}"
        self.sleeps: list[float] = []
        self.connector = WishConnector(fake.url, HttpSender(), RetryPolicy(sleep=self.sleeps.append))
        self.connector.page_size = 20
        self.tokens = TokenKeeper(self.connector, wiring.secret_store(), clock)
        connectors = {Channel.WISH: (self.connector, self.tokens)}
        self.owner, _, _, _ = new_org(1)
        credentials = authorized_credentials(Channel.WISH, {
            "client_id": "app", "client_secret": "app-secret", "code": fake.issue_code(self.merchant)}, connectors)
        self.connection = connect_channel(
            self.owner, channel=Channel.WISH, name="Lan's Wish store", external_id=self.merchant,
            credentials=credentials, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(),
            rules=wiring.rules(), secrets=wiring.secret_store(), clock=clock)
        wiring.marketplace_stores().register("wish", self.owner.org_id, self.connection.connection_id)
        self.desk = TicketDesk(wiring.connections(), connectors)
        self.ingest = IngestDeps(directory=wiring.directory(), conversations=wiring.conversations(),
                                 assign_queue=wiring.assign_queue(), clock=clock, max_body_bytes=256 * 1024,
                                 stats=wiring.stats())

    def poll(self):
        store = next(s for s in wiring.marketplace_stores().stores("wish")
                     if s.connection_id == self.connection.connection_id)
        return catch_up(store, self.connection, connector=self.connector, tokens=self.tokens,
                        stores=wiring.marketplace_stores(), ingest=self.ingest, clock=self.clock)

    def ticket(self, text: str = "Is size M in stock?", **kw) -> dict:
        self.clock.advance(1)
        return self.fake.create_ticket(self.merchant, text=text, **kw)

    def conversation(self, ticket_id: str):
        return wiring.conversations().find(conversation_id_for(contact_id_for(self.connection.connection_id, ticket_id)))

    def texts(self, ticket_id: str) -> list[str]:
        messages, _ = wiring.conversations().messages(self.conversation(ticket_id).conversation_id, limit=50, cursor=None)
        return [m.text for m in messages]

    def secret(self) -> dict:
        return wiring.secret_store().get(self.connection.connection_id, fresh=True).values


@pytest.fixture
def store(aws, clock, fake):
    return Store(fake, clock)


def test_connecting_exchanges_the_authorization_code_once_and_keeps_the_tokens(aws, clock, fake):
    # Given a store connected with a code from Wish's authorize page
    store = Store(fake, clock)
    # Then its secret holds Wish's tokens and their expiry, not the spent code
    kept = store.secret()
    assert kept["access_token"] and kept["refresh_token"] and "code" not in kept
    assert kept["expires_at"].startswith((clock.now() + timedelta(hours=1)).isoformat()[:16])
    # And a code works once (Wish's codes do)
    connectors = {Channel.WISH: (store.connector, store.tokens)}
    code = fake.issue_code(store.merchant)
    authorized_credentials(Channel.WISH, {"client_id": "app", "client_secret": "s", "code": code}, connectors)
    with pytest.raises(InvalidFields) as refused:
        authorized_credentials(Channel.WISH, {"client_id": "app", "client_secret": "s", "code": code}, connectors)
    assert refused.value.code == "authorization_refused"


def test_the_poll_reads_every_page_oldest_first_and_maps_wish_tickets(store):
    # Given 45 tickets (three pages of 20), one an order ticket with an order Wish can refund
    tickets = [store.ticket(f"question {n}") for n in range(44)]
    order_ticket = store.ticket("The mug arrived broken", ticket_type="ORDER", sub_label="ITEM_IS_DAMAGED",
                                orders=[{"id": "o-77", "price": 12.5, "name": "Mug"}])

    # When the poll runs
    report = store.poll()

    # Then each ticket is one conversation with the buyer's message, over three pages
    assert report.tickets == 45 and report.stored == 45
    assert store.texts(tickets[0]["id"]) == ["question 0"]
    assert store.texts(tickets[-1]["id"]) == ["question 43"]
    assert len(store.fake.calls_to("GET", "/api/v3/tickets")) == 3
    first = store.fake.calls_to("GET", "/api/v3/tickets")[0]["query"]
    assert first["sort_by"] == "updated_at.asc" and first["limit"] == "20"
    # And Wish's type, label, buyer and order become the conversation's ticket fields
    conv = store.conversation(order_ticket["id"])
    assert (conv.channel, conv.category, conv.issue_type, conv.ticket_id) == (
        Channel.WISH, "post_purchase_ticket", "item_is_damaged", order_ticket["id"])
    assert conv.contact.name == "Buyer" and conv.contact.language == "en"
    assert conv.order == {"id": "o-77", "items": [{"item_id": "o-77", "name": "Mug", "price": 12.5}]}
    assert store.conversation(tickets[0]["id"]).category == "pre_purchase"
    # And the mark stands at the newest ticket's update
    assert report.cursor == store.connector.updated_at(order_ticket)


def test_the_catch_up_fills_a_gap_after_failed_runs_and_stores_what_it_reads_again_once(store):
    # Given a ticket the poll has read
    ticket = store.ticket("Where is my order?")
    store.poll()
    # And runs that failed while the buyer wrote again and another buyer opened a ticket (Wish kept failing)
    store.fake.fail_next(503, 503, 503, 503)
    store.clock.advance(60)
    store.fake.buyer_writes(ticket["id"], "Hello? Any news?")
    later = store.ticket("Do you ship to Hanoi?")
    with pytest.raises(MarketplaceUnavailable):
        store.poll()

    # When the next run succeeds
    report = store.poll()

    # Then both are in, and the message read again is stored once
    assert store.texts(ticket["id"]) == ["Where is my order?", "Hello? Any news?"]
    assert store.texts(later["id"]) == ["Do you ship to Hanoi?"]
    assert report.tickets == 2 and report.stored == 2


def test_what_the_overlap_reads_again_unchanged_is_skipped(store):
    # Given a poll that read a ticket
    store.ticket("once")
    store.poll()
    store.clock.advance(60)
    # When the next run's overlap lists it again, unchanged
    report = store.poll()
    # Then it is not ingested again (no writes, no order reads)
    assert report.tickets == 0 and len(store.fake.calls_to("GET", "/api/v3/tickets")) == 2


def test_an_update_committed_late_within_the_overlap_is_still_found(store):
    # Given a poll that moved the mark
    ticket = store.ticket("first")
    store.clock.advance(300)
    store.ticket("second")
    mark = store.poll().cursor
    # When Wish commits a buyer message whose update time lies 5 minutes before the mark
    store.fake.buyer_writes(ticket["id"], "late one")
    store.fake.tickets[ticket["id"]]["updated_at"] = wish_time(mark - timedelta(minutes=5))
    store.poll()
    # Then the next poll still finds it
    assert store.texts(ticket["id"]) == ["first", "late one"]


def test_rate_limits_and_server_errors_are_retried_as_wish_asks(store):
    # Given Wish answers 429 (retry after 2 s), then 503, then works
    store.ticket()
    store.fake.fail_next(429, retry_after=2)
    store.fake.fail_next(503)
    # When the poll runs
    report = store.poll()
    # Then it waited as asked, backed off, and got the ticket
    assert store.sleeps == [2.0, 1.0]
    assert report.stored == 1


def test_a_refused_call_fails_visibly_and_leaves_the_mark(store):
    # Given Wish keeps answering 500
    store.ticket()
    store.fake.fail_next(500, 500, 500, 500)
    # When the poll runs, Then it fails with a clear error after four attempts and the mark does not move
    with pytest.raises(MarketplaceUnavailable):
        store.poll()
    assert len(store.sleeps) == 3
    assert next(s for s in wiring.marketplace_stores().stores("wish")
                if s.connection_id == store.connection.connection_id).cursor is None


def test_the_access_token_is_refreshed_before_it_expires_and_the_rotated_refresh_token_kept(store):
    # Given tokens that expire in 50 minutes (refreshed an hour ahead)
    before = store.secret()
    store.clock.advance(600)
    store.ticket()
    # When the poll runs
    store.poll()
    # Then it refreshed first, with the refresh token Wish issued, and keeps the new pair
    refreshes = store.fake.calls_to("GET", "/oauth/refresh_token")
    assert [c["query"]["refresh_token"] for c in refreshes] == [before["refresh_token"]]
    after = store.secret()
    assert after["refresh_token"] != before["refresh_token"] and after["access_token"] != before["access_token"]
    # And the listing used the new token (Wish accepts nothing else now: the old refresh token is spent)
    assert store.tokens.refreshes == 1


def test_a_token_wish_refuses_is_refreshed_once_and_the_call_repeated(store):
    # Given Wish revoked the access token before its expiry
    store.ticket()
    store.fake._access.clear()
    # When the poll runs, Then it refreshes and reads the ticket
    assert store.poll().stored == 1
    assert len(store.fake.calls_to("GET", "/oauth/refresh_token")) == 1


def test_two_refreshes_of_one_token_keep_the_first_pair(store):
    # Given two containers refreshing from the same refresh token at once
    secrets, seen = wiring.secret_store(), store.secret()
    first = {**seen, "access_token": "a-1", "refresh_token": "r-1"}
    second = {**seen, "access_token": "a-2", "refresh_token": "r-2"}
    # When both write their new pair as the successor of that token
    won = secrets.replace_after(store.connection.connection_id, first, after=seen["refresh_token"])
    lost = secrets.replace_after(store.connection.connection_id, second, after=seen["refresh_token"])
    # Then only the first is stored, and the second learns it lost
    assert (won, lost) == (True, False)
    assert store.secret()["refresh_token"] == "r-1"


def test_replies_only_while_the_ticket_awaits_the_merchant(store):
    # Given a polled ticket awaiting the merchant
    ticket = store.ticket("Is it cotton?")
    store.poll()
    conv = store.conversation(ticket["id"])
    assert awaits_merchant(conv)
    assert response_due_at(conv) == conv.waiting_since + timedelta(hours=48)
    adapter, sender = WishReplyAdapter(), HttpSender()
    secrets = wiring.secret_store().get(store.connection.connection_id, fresh=True)

    def reply(text: str) -> str:
        request = adapter.outbound(store.connection, secrets, OutboundMessage(
            recipient=ticket["id"], text=text, attachments=[], message_id="m-1"), store.fake.url)
        return adapter.sent_id(sender.post(request))

    # When the delivery sends a reply, Then Wish has it and the ticket awaits the buyer
    assert reply("Yes, 100% cotton")
    assert store.fake.tickets[ticket["id"]]["state"] == "AWAITING_USER"
    # And a second reply before the buyer answers is refused for good (marked failed, not retried)
    with pytest.raises(ChannelRejected) as refused:
        reply("Anything else?")
    assert refused.value.retryable is False and "AWAITING_MERCHANT" in str(refused.value)


def test_close_appeal_reopen_and_refund_reach_wish(store):
    # Given a polled order ticket
    ticket = store.ticket("Broken", ticket_type="ORDER", orders=[{"id": "o-1", "price": 9}])
    store.poll()
    conv = store.conversation(ticket["id"])
    # When it is appealed, closed with a refund of its order, and re-opened
    store.desk.appealing(conv)
    assert store.fake.tickets[ticket["id"]]["state"] == "AWAITING_WISH"
    from switchboard.conversations.refunds import refund_for

    closed = conv.model_copy(update={"refund": refund_for(conv, ["o-1"], refunded_by="a", at=store.clock.now())})
    store.desk.closing(conv, closed)
    assert store.fake.orders["o-1"]["refunded"] and store.fake.tickets[ticket["id"]]["state"] == "CLOSED"
    store.desk.reopening(conv)
    assert store.fake.tickets[ticket["id"]]["state"] == "AWAITING_MERCHANT"
    # Then a permanently closed ticket cannot be re-opened: Wish refuses and we say so
    store.fake.set_state(ticket["id"], "PERMANENTLY_CLOSED")
    with pytest.raises(MarketplaceRefused) as refused:
        store.desk.reopening(conv)
    assert refused.value.status == 409 and "PERMANENTLY_CLOSED" in refused.value.message
    assert [c["body"] for c in store.fake.calls_to("PUT", "/api/v3/tickets/")][:3] == [
        {"state": "AWAITING_WISH"}, {"state": "CLOSED"}, {"state": "AWAITING_MERCHANT"}]


def test_one_run_visits_every_store_a_failing_store_does_not_stop_the_others_and_a_disconnected_one_leaves(
        aws, clock, fake):
    from switchboard.channels.marketplaces.sync import PollDeps, poll_every_store
    from switchboard.connections import disconnect_channel

    # Given three connected stores: one Wish refuses (its authorization revoked), one disconnected, one fine
    stores = [Store(fake, clock) for _ in range(3)]
    revoked, gone, fine = stores
    for store in stores:
        store.ticket(f"hello from {store.merchant}")
    secret = revoked.secret()
    wiring.secret_store().replace(revoked.connection.connection_id, {**secret, "refresh_token": "revoked",
                                                                     "access_token": "revoked"})
    disconnect_channel(gone.owner, gone.connection.connection_id, connections=wiring.connections())
    connector = fine.connector
    deps = PollDeps(connections=wiring.connections(), stores=wiring.marketplace_stores(),
                    connectors={Channel.WISH: (connector, TokenKeeper(connector, wiring.secret_store(), clock,
                                                                      cache_seconds=0))},
                    ingest=fine.ingest, clock=clock)

    # When the scheduled run polls every store
    outcome = poll_every_store(deps)

    # Then the fine store's ticket is in, the revoked one says why, and the disconnected one left the poll
    assert outcome[fine.connection.connection_id].stored == 1
    assert outcome[revoked.connection.connection_id].startswith("marketplace_authorization_lost")
    assert outcome[gone.connection.connection_id] == "disconnected"
    assert gone.connection.connection_id not in {s.connection_id for s in wiring.marketplace_stores().stores("wish")}


def test_a_ticket_wish_support_closed_closes_its_conversation_on_the_next_poll_and_wish_is_not_told(store):
    # Given a polled ticket in an agent's hands
    ticket = store.ticket("Where is my parcel?")
    store.poll()
    conversation_id = store.conversation(ticket["id"]).conversation_id
    # When Wish support closes it on Wish, and the poll comes round
    store.clock.advance(60)
    store.fake.set_state(ticket["id"], "CLOSED", closed_by="WISH_SUPPORT")
    store.poll()
    # Then the conversation is closed here as resolved, and nothing was sent to Wish to close it
    closed = store.conversation(ticket["id"])
    assert (closed.conversation_id, closed.status.value, closed.close_reason.value) == (
        conversation_id, "closed", "resolved")
    assert store.fake.calls_to("PUT") == []
    # And a poll that reads the closed ticket again (it changed: permanently closed) writes nothing
    store.clock.advance(60)
    store.fake.set_state(ticket["id"], "PERMANENTLY_CLOSED")
    store.poll()
    assert store.conversation(ticket["id"]).version == closed.version


def test_replies_written_in_wishs_dashboard_are_imported_once_and_ours_are_not_imported_again(store):
    # Given a polled ticket that an agent answered here: the delivery recorded the time Wish answered it with
    ticket = store.ticket("Is it cotton?")
    store.poll()
    conv = store.conversation(ticket["id"])
    store.clock.advance(1)
    secrets = wiring.secret_store().get(store.connection.connection_id, fresh=True)
    ours = WishReplyAdapter().sent_id(HttpSender().post(WishReplyAdapter().outbound(
        store.connection, secrets, OutboundMessage(recipient=ticket["id"], text="Yes, cotton", attachments=[],
                                                   message_id="m-1"), store.fake.url)))
    wiring.conversations().add_message(Message(
        conversation_id=conv.conversation_id, message_id="ms_ours", sort_key=keys.message_sk(store.clock.now(), "ours"),
        direction="out", text="Yes, cotton", status="sent", channel_message_id=ours, created_at=store.clock.now()))
    # When the buyer writes again and the seller answers in Wish's own dashboard
    store.clock.advance(1)
    store.fake.buyer_writes(ticket["id"], "And the size?")
    store.clock.advance(1)
    store.fake.merchant_writes_in_dashboard(ticket["id"], "Size M fits")
    store.poll()
    # Then the dashboard's reply is in the thread as the seller's, once, and ours is not there twice
    def thread() -> list[tuple[str, str]]:
        messages, _ = wiring.conversations().messages(conv.conversation_id, limit=50, cursor=None)
        return [(m.direction, m.text) for m in messages]

    assert thread() == [("in", "Is it cotton?"), ("out", "Yes, cotton"), ("in", "And the size?"), ("out", "Size M fits")]
    # And when the ticket changes again and is read again, nothing is stored twice
    store.clock.advance(1)
    store.fake.buyer_writes(ticket["id"], "Thanks")
    store.poll()
    assert thread()[-2:] == [("out", "Size M fits"), ("in", "Thanks")] and len(thread()) == 5


def test_a_reply_written_in_wishs_dashboard_answers_the_buyer_here_too_without_sending_anything(store):
    # Given a polled ticket whose buyer waits: the response clock runs, Wish's 48 hours with it
    ticket = store.ticket("Is it cotton?")
    store.poll()
    waiting = store.conversation(ticket["id"])
    assert waiting.waiting_since is not None and response_due_at(waiting) is not None
    # When the seller answers in Wish's own dashboard a minute later, and the poll comes round
    store.clock.advance(60)
    store.fake.merchant_writes_in_dashboard(ticket["id"], "Yes, cotton")
    store.clock.advance(240)
    store.poll()
    # Then the conversation is answered as a reply from the console answers it: the clock stopped, no deadline
    # left, read, and its first response timed when the seller wrote on Wish; nobody here answered, so it stays
    # in the queue (routing gives it to an agent, who has the buyer's next message)
    answered = store.conversation(ticket["id"])
    assert answered.waiting_since is None and answered.deadlines.takeover_at is None
    assert answered.deadlines.expiring_at is None and answered.deadlines.auto_close_at is None
    assert response_due_at(answered) is None
    assert (answered.status.value, answered.assignee_id, answered.unread) == ("unassigned", None, False)
    assert answered.first_response_at == waiting.waiting_since + timedelta(seconds=60)
    assert store.texts(ticket["id"]) == ["Is it cotton?", "Yes, cotton"]
    # And nothing was sent to Wish: the reply is already there
    assert store.fake.calls_to("POST", "/replies") == []
    # And when the buyer writes again, the clock starts again; a poll reading the ticket again changes nothing else
    store.clock.advance(60)
    store.fake.buyer_writes(ticket["id"], "And the size?")
    store.poll()
    again = store.conversation(ticket["id"])
    assert again.waiting_since is not None and again.unread
    assert again.first_response_at == answered.first_response_at


def test_a_dashboard_reply_older_than_the_buyers_last_message_stops_no_clock(store):
    # Given a ticket first read after the seller answered on Wish's dashboard and the buyer wrote again
    ticket = store.ticket("Is it cotton?")
    store.clock.advance(60)
    store.fake.merchant_writes_in_dashboard(ticket["id"], "Yes, cotton")
    store.clock.advance(60)
    store.fake.buyer_writes(ticket["id"], "And the size?")
    # When the poll reads the whole thread at once
    store.poll()
    # Then the thread holds all three, and the buyer's last message still waits for an answer
    conv = store.conversation(ticket["id"])
    assert store.texts(ticket["id"]) == ["Is it cotton?", "Yes, cotton", "And the size?"]
    assert conv.waiting_since is not None and conv.deadlines.takeover_at is not None
