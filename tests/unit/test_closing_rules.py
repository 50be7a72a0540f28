"""Closing rules with fakes: refund eligibility and amounts, linked work item transitions, decline and
block as one conversation save, and how the partner webhook carries work items."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from switchboard.channels.base import WebhookRequest
from switchboard.channels.signed import SignedWebhookAdapter
from switchboard.clock import FrozenClock
from switchboard.conversations.closing import CloseDeps, block_contact, close_conversation, decline, refund_and_close
from switchboard.conversations.refunds import refund_for
from switchboard.conversations.reply import ReplyDeps
from switchboard.conversations.work_items import MAX_WORK_ITEMS, merge_work_items, settle_open
from switchboard.errors import Conflict, InvalidFields
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.models import (
    Channel,
    CloseReason,
    ContactSnapshot,
    Conversation,
    Status,
    WorkItem,
    WorkItemStatus,
    WorkItemType,
)

from tests.unit.builders import T0, FakeOrganizations, Recorder, agent, connection, conversation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ORDER = {"id": "o-77", "items": [
    {"item_id": "i-1", "name": "Shirt", "price": 12.5},
    {"item_id": "i-2", "name": "Socks", "price": 0.1},
    {"item_id": "i-3", "name": "Cap", "price": 0.2},
    {"item_id": 4, "name": "Belt", "price": "7.25"},
    {"item_id": "i-free", "name": "Sticker", "price": 0},
    {"item_id": "i-nope", "name": "Mystery"},
]}


def ticket(category: str | None = "post_purchase_ticket", **changes) -> Conversation:
    return conversation("cv-1", category=category).model_copy(update={"order": ORDER, **changes})


def work(work_item_id: str, status: WorkItemStatus = WorkItemStatus.OPEN, kind: WorkItemType = WorkItemType.PROPOSAL) -> WorkItem:
    return WorkItem(work_item_id=work_item_id, type=kind, status=status)


def statuses(items: list[WorkItem]) -> dict[str, str]:
    return {i.work_item_id: i.status.value for i in items}


# ---------------------------------------------------------------- refunds


def test_a_refund_sums_the_chosen_items_exactly_and_collapses_duplicates():
    # Given a post-purchase ticket whose order has priced items
    conv = ticket()
    # When items are refunded, one of them named twice
    refund = refund_for(conv, ["i-2", "i-3", "i-2", "4"], refunded_by="ag-1", at=NOW)
    # Then each item counts once, in the order named, and 0.1 + 0.2 + 7.25 is 7.55 exactly
    assert refund.item_ids == ["i-2", "i-3", "4"]
    assert [(i.name, i.price) for i in refund.items] == [("Socks", 0.1), ("Cap", 0.2), ("Belt", 7.25)]
    assert refund.amount == 7.55
    assert (refund.refunded_by, refund.refunded_at) == ("ag-1", NOW)


def test_a_free_item_can_be_refunded_for_nothing():
    # Given an order item priced 0 / When it alone is refunded / Then the amount is 0
    assert refund_for(ticket(), ["i-free"], refunded_by="ag-1", at=NOW).amount == 0


@pytest.mark.parametrize("category", ["pre_purchase", "post_purchase_support", None])
def test_only_a_post_purchase_ticket_can_be_refunded(category):
    # Given a conversation that is not a post-purchase ticket, even with an order
    conv = ticket(category)
    # When one of its order items is refunded / Then 409 refund_not_allowed
    with pytest.raises(Conflict) as caught:
        refund_for(conv, ["i-1"], refunded_by="ag-1", at=NOW)
    assert caught.value.code == "refund_not_allowed" and caught.value.status == 409


def test_an_item_not_in_the_order_is_a_422_naming_it():
    # Given a post-purchase ticket / When a known and an unknown item are refunded / Then 422 naming the unknown one
    with pytest.raises(InvalidFields) as caught:
        refund_for(ticket(), ["i-1", "i-404"], refunded_by="ag-1", at=NOW)
    assert caught.value.code == "unknown_refund_item" and "i-404" in caught.value.message
    assert "i-1" not in caught.value.message


def test_a_ticket_without_an_order_has_no_item_to_refund():
    # Given a post-purchase ticket whose webhook carried no order / Then every id is unknown
    with pytest.raises(InvalidFields) as caught:
        refund_for(ticket(order=None), ["i-1"], refunded_by="ag-1", at=NOW)
    assert caught.value.code == "unknown_refund_item"


def test_an_item_without_a_price_cannot_be_refunded():
    # Given an order item with no price / When it is refunded / Then 422 rather than a wrong amount
    with pytest.raises(InvalidFields) as caught:
        refund_for(ticket(), ["i-1", "i-nope"], refunded_by="ag-1", at=NOW)
    assert caught.value.code == "refund_item_unpriced"


def test_a_ticket_is_refunded_once():
    # Given a ticket refunded before (and reopened since)
    refunded = ticket(refund=refund_for(ticket(), ["i-1"], refunded_by="ag-1", at=T0))
    # When another refund is asked / Then 409 already_refunded
    with pytest.raises(Conflict) as caught:
        refund_for(refunded, ["i-2"], refunded_by="ag-1", at=NOW)
    assert caught.value.code == "already_refunded"


# ---------------------------------------------------------------- work item transitions


def test_new_work_items_are_added_and_known_open_ones_take_the_partners_status():
    # Given an open proposal on the conversation
    current = [work("w-1")]
    # When the partner sends it completed along with a new job
    merged = merge_work_items(current, [work("w-1", WorkItemStatus.COMPLETED), work("w-2", kind=WorkItemType.JOB)], newer=True)
    # Then the proposal is completed and the job added, open
    assert statuses(merged) == {"w-1": "completed", "w-2": "open"}
    assert [i.type for i in merged] == [WorkItemType.PROPOSAL, WorkItemType.JOB]


def test_the_same_event_applied_twice_changes_nothing_more():
    # Given an event's work items applied once
    incoming = [work("w-1", WorkItemStatus.CANCELLED), work("w-2")]
    once = merge_work_items([work("w-1")], incoming, newer=True)
    # When it is applied again / Then the list is the same
    assert merge_work_items(once, incoming, newer=True) == once


def test_an_older_event_adds_unknown_items_but_moves_no_status():
    # Given an open proposal, and a late event that says it is cancelled and names a new invoice
    late = [work("w-1", WorkItemStatus.CANCELLED), work("w-3", kind=WorkItemType.INVOICE)]
    # When the late event is merged / Then the invoice is added and the proposal still open
    assert statuses(merge_work_items([work("w-1")], late, newer=False)) == {"w-1": "open", "w-3": "open"}


@pytest.mark.parametrize("final", [WorkItemStatus.DECLINED, WorkItemStatus.CLOSED, WorkItemStatus.COMPLETED, WorkItemStatus.CANCELLED])
def test_a_final_work_item_is_never_reopened_by_the_partner(final):
    # Given a work item an agent declined (or that ended otherwise)
    # When the partner re-sends it as open / Then it keeps its final status
    assert statuses(merge_work_items([work("w-1", final)], [work("w-1")], newer=True)) == {"w-1": final.value}


def test_the_list_makes_room_by_dropping_the_oldest_final_items():
    # Given a full list: two old final items first, the rest open
    full = [work("old-1", WorkItemStatus.COMPLETED), work("old-2", WorkItemStatus.DECLINED)] + [
        work(f"w-{n}") for n in range(MAX_WORK_ITEMS - 2)
    ]
    # When one more item arrives
    merged = merge_work_items(full, [work("new")], newer=True)
    # Then the oldest final item made room, and every open item is kept
    assert len(merged) == MAX_WORK_ITEMS
    assert "old-1" not in statuses(merged) and "old-2" in statuses(merged) and "new" in statuses(merged)


def test_more_open_items_than_fit_is_a_422():
    # Given a list of open items only, already full / When one more arrives / Then 422, nothing dropped silently
    with pytest.raises(InvalidFields) as caught:
        merge_work_items([work(f"w-{n}") for n in range(MAX_WORK_ITEMS)], [work("new")], newer=True)
    assert caught.value.code == "too_many_work_items"


def test_settling_moves_only_open_items():
    # Given an open, a completed and another open item / When they are declined
    items = [work("w-1"), work("w-2", WorkItemStatus.COMPLETED), work("w-3", kind=WorkItemType.INVOICE)]
    # Then only the open ones are declined
    assert statuses(settle_open(items, WorkItemStatus.DECLINED)) == {"w-1": "declined", "w-2": "completed", "w-3": "declined"}


# ---------------------------------------------------------------- use cases with fakes


class FakeConversations:
    """One conversation in memory; save checks the version like the repository's condition does."""

    def __init__(self, conv: Conversation, *, queued: int = 1):
        self.current = conv
        self.saves: list[dict] = []
        self.queued = queued  # conversations waiting in the organization's queue, as its counters say

    def counter_totals(self, org_id):
        return {"queued#cn-1": self.queued, "unread#cn-1": 3}

    def get(self, org_id, conversation_id):
        assert (org_id, conversation_id) == (self.current.org_id, self.current.conversation_id)
        return self.current

    def find(self, conversation_id):
        return self.current if conversation_id == self.current.conversation_id else None

    def save(self, conv, *, expected_version, messages=(), load_changes=(), **_):
        assert expected_version == self.current.version
        self.current = conv.model_copy(update={"version": expected_version + 1})
        self.saves.append({"conv": self.current, "messages": messages, "loads": load_changes})
        return self.current


def reply_deps(store: FakeConversations) -> ReplyDeps:
    return ReplyDeps(conversations=store, organizations=FakeOrganizations(), outbound_queue=Recorder(),
                     assign_queue=Recorder(), clock=FrozenClock(NOW))


def close_deps(store: FakeConversations) -> CloseDeps:
    return CloseDeps(conversations=store, organizations=FakeOrganizations(), assign_queue=Recorder(), clock=FrozenClock(NOW))


def partner_conversation(**changes) -> Conversation:
    items = [work("w-1"), work("w-2", WorkItemStatus.COMPLETED, WorkItemType.JOB), work("w-3", kind=WorkItemType.INVOICE)]
    return conversation("cv-1").model_copy(update={"channel": Channel.PARTNER, "work_items": items, **changes})


def test_decline_is_one_save_of_the_message_the_close_and_the_work_items_then_one_send():
    # Given an open partner conversation held by ag-1, with two open work items
    store = FakeConversations(partner_conversation())
    deps = reply_deps(store)
    # When ag-1 declines it
    saved = decline(agent("ag-1"), "cv-1", "Sorry, we cannot take this on.", deps)
    # Then one save holds the outbound message, the close as declined, the declined work items and the freed load
    (save,) = store.saves
    assert saved.status == Status.CLOSED and saved.close_reason == CloseReason.DECLINED
    assert statuses(saved.work_items) == {"w-1": "declined", "w-2": "completed", "w-3": "declined"}
    (message,) = save["messages"]
    assert (message.direction, message.text, message.status, message.author_id) == ("out", "Sorry, we cannot take this on.", "queued", "ag-1")
    assert [(c.agent_id, c.delta) for c in save["loads"]] == [("ag-1", -1)]
    # And after the save the message goes to delivery and the freed capacity drains the queue
    assert deps.outbound_queue.calls == [("send", "cv-1", message.sort_key)]
    assert deps.assign_queue.calls == [("drain", "org-1")]


@pytest.mark.parametrize("closing", ["close", "decline"])
def test_capacity_freed_while_nobody_waits_in_the_queue_drains_nothing(closing):
    # Given an open conversation held by ag-1, and nobody waiting in the organization's queue
    store = FakeConversations(partner_conversation(), queued=0)
    deps = close_deps(store) if closing == "close" else reply_deps(store)
    # When ag-1 closes or declines it
    if closing == "close":
        close_conversation(agent("ag-1"), "cv-1", CloseReason.RESOLVED, deps)
    else:
        decline(agent("ag-1"), "cv-1", "Sorry, we cannot take this on.", deps)
    # Then the load is freed, and no drain is sent (an Assign invocation and three SQS requests for nothing)
    assert [(c.agent_id, c.delta) for c in store.saves[0]["loads"]] == [("ag-1", -1)]
    assert deps.assign_queue.calls == []


def test_declining_a_waiting_conversation_moves_no_load():
    # Given an unassigned conversation / When an agent declines it
    store = FakeConversations(partner_conversation(status=Status.UNASSIGNED, assignee_id=None))
    deps = reply_deps(store)
    decline(agent("ag-1"), "cv-1", "No, sorry.", deps)
    # Then it is taken and closed in one step: no load moves and nothing drains
    assert store.saves[0]["loads"] == () and deps.assign_queue.calls == []


@pytest.mark.parametrize("state", [{"status": Status.CLOSED}, {"contact": ContactSnapshot(contact_id="ct", channel_user_id="u", blocked=True)}])
def test_decline_of_a_closed_or_blocked_conversation_sends_and_stores_nothing(state):
    # Given a closed conversation, or one whose contact is blocked
    store = FakeConversations(partner_conversation(**state))
    deps = reply_deps(store)
    # When it is declined / Then 409, no save and no message out
    with pytest.raises(Conflict):
        decline(agent("ag-1"), "cv-1", "No.", deps)
    assert store.saves == [] and deps.outbound_queue.calls == []


def test_a_blank_decline_text_is_a_422():
    store = FakeConversations(partner_conversation())
    with pytest.raises(InvalidFields):
        decline(agent("ag-1"), "cv-1", "   ", reply_deps(store))
    assert store.saves == []


def test_a_refund_closes_as_refunded_with_its_record_in_the_same_save():
    # Given a post-purchase ticket held by ag-1
    store = FakeConversations(ticket())
    # When ag-1 refunds two items
    saved = refund_and_close(agent("ag-1"), "cv-1", ["i-1", "i-2"], close_deps(store))
    # Then one save closes it as refunded, with the refund and the freed load
    (save,) = store.saves
    assert saved.close_reason == CloseReason.REFUNDED and saved.status == Status.CLOSED
    assert saved.refund.amount == 12.6 and saved.refund.refunded_by == "ag-1" and saved.refund.refunded_at == NOW
    assert [(c.agent_id, c.delta) for c in save["loads"]] == [("ag-1", -1)]


def test_a_refused_refund_leaves_the_ticket_open():
    # Given a support-question ticket / When a refund is asked / Then 409 and nothing saved
    store = FakeConversations(ticket("post_purchase_support"))
    with pytest.raises(Conflict):
        refund_and_close(agent("ag-1"), "cv-1", ["i-1"], close_deps(store))
    assert store.saves == []


@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
def test_blocking_closes_the_open_work_items_even_of_a_closed_conversation(status):
    # Given a partner conversation (open, or already closed) with open work items
    contact_id = contact_id_for("cn-1", "u-1")
    conv = partner_conversation(status=status, conversation_id=conversation_id_for(contact_id),
                                contact=ContactSnapshot(contact_id=contact_id, channel_user_id="u-1"))
    store = FakeConversations(conv)
    # When the contact is blocked
    saved = block_contact(agent("ag-1"), contact_id, close_deps(store))
    # Then the open work items are closed, the finished one keeps its status, and the conversation is closed
    assert statuses(saved.work_items) == {"w-1": "closed", "w-2": "completed", "w-3": "closed"}
    assert saved.status == Status.CLOSED and saved.contact.blocked


# ---------------------------------------------------------------- the partner webhook


def parse(channel: Channel, work_items) -> list[WorkItem]:
    body = {"event_id": "e-1", "contact": {"id": "c-1"}, "message": {"id": "m-1", "text": "hi"},
            "sent_at": "2026-11-22T10:00:00Z", "work_items": work_items}
    request = WebhookRequest("POST", {}, json.dumps(body).encode())
    (event,) = SignedWebhookAdapter(channel).parse(request, connection(channel))
    return event.work_items


def test_the_partner_webhook_carries_work_items_and_a_repeated_id_counts_once():
    # Given a partner body naming w-1 twice and an invoice without a status
    items = [{"id": "w-1", "type": "proposal", "status": "open"}, {"id": "w-2", "type": "invoice"},
             {"id": "w-1", "type": "proposal", "status": "completed"}]
    # When it is parsed / Then w-1 has its last status and the invoice is open
    assert statuses(parse(Channel.PARTNER, items)) == {"w-2": "open", "w-1": "completed"}


def test_other_signed_channels_ignore_work_items():
    assert parse(Channel.MARKETPLACE, [{"id": "w-1", "type": "proposal"}]) == []


@pytest.mark.parametrize("bad", [
    "w-1", [{"type": "proposal"}], [{"id": "w-1", "type": "quote"}], [{"id": "w-1", "type": "job", "status": "paid"}],
    [{"id": "w-1", "type": ["job"]}], [{"id": "x" * 65, "type": "job"}], ["w-1"],
])
def test_malformed_work_items_are_a_422(bad):
    with pytest.raises(InvalidFields):
        parse(Channel.PARTNER, bad)
