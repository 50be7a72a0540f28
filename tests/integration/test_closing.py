"""Refunds and linked work items through the handlers and the repository, on serialized moto."""

from __future__ import annotations

import itertools
import json
import time
import uuid

import pytest

from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.connections import connect_channel
from switchboard.errors import ConcurrentUpdate
from switchboard.models import Channel, ConnectionMode, Deadlines, Status, WorkItemStatus
from tests.e2e.channels import signed_message
from tests.integration.support import claims_for, http_event, invoke, new_org

SECRET = "s3cret"
ORDER = {"id": "o-77", "items": [{"item_id": "i-1", "name": "Shirt", "price": 12.5},
                                 {"item_id": "i-2", "name": "Socks", "price": 3.1}]}


def _signed_connection(owner, channel: Channel):
    conn = connect_channel(
        owner, channel=channel, name=channel.value, external_id=f"{channel.value}-{uuid.uuid4().hex[:8]}",
        credentials={"signing_secret": SECRET}, mode=ConnectionMode.SHARED, rule_id=None,
        connections=wiring.connections(), rules=wiring.rules(), secrets=wiring.secret_store(), clock=current_clock(),
    )
    wiring.directory().forget()
    return conn


_sent = itertools.count(int(time.time()) - 600)


def _write(conn, contact: str, text: str, **extra) -> str:
    # Each message a second after the one before: the channel's whole-second times then order them,
    # and only a newer event may move a work item's status.
    sent_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(next(_sent)))
    body, headers = signed_message(secret=SECRET, contact={"id": contact}, text=text, sent_at=sent_at, **extra)
    path = f"/webhooks/{conn.channel.value}/{conn.connection_id}"
    response = invoke("ingest", http_event("POST", path, route="/webhooks/{channel}/{connection_id}", body=body,
                                           headers=headers, path_params={"channel": conn.channel.value,
                                                                         "connection_id": conn.connection_id}))
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])["conversation_ids"][0]


def _act(actor, conversation_id: str, action: str, body: dict) -> tuple[int, dict]:
    path = f"/conversations/{conversation_id}/{action}"
    response = invoke("close", http_event("POST", path, route=f"/conversations/{{conversation_id}}/{action}", body=body,
                                          claims=claims_for(actor), path_params={"conversation_id": conversation_id}))
    return response["statusCode"], json.loads(response["body"])


def test_a_refund_is_stored_on_the_conversation_with_the_close(aws, clock):
    # Given a post-purchase ticket from the marketplace, with its order
    owner, _, _, _ = new_org(1)
    conn = _signed_connection(owner, Channel.MARKETPLACE)
    conversation_id = _write(conn, "buyer-1", "My shirt arrived torn",
                             ticket={"id": "t-1", "category": "post_purchase_ticket", "order": ORDER})

    # When the owner refunds both items (one named twice)
    status, view = _act(owner, conversation_id, "close", {"reason": "resolved", "refund_item_ids": ["i-1", "i-2", "i-1"]})

    # Then the answer shows the refund, and the stored conversation carries it with reason refunded
    assert status == 200, view
    assert view["close_reason"] == "refunded" and view["refund"]["amount"] == 15.6
    stored = wiring.conversations().get(owner.org_id, conversation_id)
    assert stored.close_reason.value == "refunded"
    assert stored.refund.item_ids == ["i-1", "i-2"] and stored.refund.refunded_by == owner.agent_id
    assert stored.refund.refunded_at == clock.now()

    # And a second close is refused without touching the refund
    again, error = _act(owner, conversation_id, "close", {"refund_item_ids": ["i-1"]})
    assert again == 409 and error["error"]["code"] == "already_closed"
    assert wiring.conversations().get(owner.org_id, conversation_id).refund == stored.refund


def test_work_items_are_merged_on_the_conversation_and_declined_with_it_in_one_write(aws, clock):
    # Given a partner conversation started with an open proposal and an open job
    owner, _, _, _ = new_org(1)
    conn = _signed_connection(owner, Channel.PARTNER)
    conversation_id = _write(conn, "merchant-1", "Can you take this job?", work_items=[
        {"id": "w-1", "type": "proposal", "status": "open"}, {"id": "w-2", "type": "job", "status": "open"},
    ])

    # When the partner re-sends them (the proposal cancelled) with a new invoice, twice
    for _ in range(2):
        _write(conn, "merchant-1", "Update", work_items=[
            {"id": "w-1", "type": "proposal", "status": "cancelled"}, {"id": "w-3", "type": "invoice"},
        ])

    # Then the stored list has each once, with the newest status
    stored = wiring.conversations().get(owner.org_id, conversation_id)
    assert [(w.work_item_id, w.status.value) for w in stored.work_items] == [("w-1", "cancelled"), ("w-2", "open"), ("w-3", "open")]
    version = stored.version

    # When the owner declines the conversation
    status, view = _act(owner, conversation_id, "decline", {"text": "Sorry, we are fully booked."})

    # Then one write closed it, declined the open items and stored the message queued for delivery
    assert status == 200, view
    assert view["close_reason"] == "declined"
    assert [(w["work_item_id"], w["status"]) for w in view["work_items"]] == [
        ("w-1", "cancelled"), ("w-2", "declined"), ("w-3", "declined")]
    after = wiring.conversations().get(owner.org_id, conversation_id)
    assert after.version == version + 1
    assert {w.status for w in after.work_items} == {WorkItemStatus.CANCELLED, WorkItemStatus.DECLINED}
    messages, _ = wiring.conversations().messages(conversation_id, limit=10, cursor=None)
    # (thread order puts inbound messages at the channel's time, the frozen clock's reply elsewhere)
    assert [(m.text, m.status) for m in messages if m.direction == "out"] == [("Sorry, we are fully booked.", "queued")]

    # And a later partner event cannot reopen a declined item
    _write(conn, "merchant-1", "Please reconsider", work_items=[{"id": "w-2", "type": "job", "status": "open"}])
    reopened = wiring.conversations().get(owner.org_id, conversation_id)
    assert next(w for w in reopened.work_items if w.work_item_id == "w-2").status == WorkItemStatus.DECLINED


def test_a_reopen_past_the_reply_lock_is_refused_by_its_own_write(aws, clock):
    # Given a conversation the owner ended, and its reply lock 30 days later
    owner, _, _, _ = new_org(1)
    conn = _signed_connection(owner, Channel.WEB)
    conversation_id = _write(conn, "late-1", "Hello?")
    assert _act(owner, conversation_id, "end", {})[0] == 200
    closed = wiring.conversations().get(owner.org_id, conversation_id)

    # When the lock passes, and a reopen decided just before it (same version) is written after it
    clock.advance((closed.deadlines.reply_locked_at - clock.now()).total_seconds())
    reopened = closed.model_copy(update={"status": Status.UNASSIGNED, "closed_at": None, "close_reason": None,
                                         "deadlines": Deadlines()})
    # Then the write itself refuses it
    with pytest.raises(ConcurrentUpdate):
        wiring.conversations().save(reopened, expected_version=closed.version, replies_open_at=clock.now())

    # And the reopen route answers 409 reply_window_closed, leaving it closed
    status, body = _act(owner, conversation_id, "reopen", {})
    assert (status, body["error"]["code"]) == (409, "reply_window_closed")
    still = wiring.conversations().get(owner.org_id, conversation_id)
    assert still.status == Status.CLOSED and still.version == closed.version
