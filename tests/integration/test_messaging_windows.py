"""Issue 13, point 4, on serialized moto through the real handlers: a reply outside the channel's messaging
window is refused with 409 before anything is stored or queued; Messenger's HUMAN_AGENT tag follows the
connection's terms and travels with the queued message; Zalo's free replies are counted atomically."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import boto3
import pytest

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.api.views import iso
from switchboard.models import Channel, CloseReason, Deadlines, Status
from switchboard.routing.assign import assign_conversation
from switchboard.settings import settings
from tests.e2e.channels import messenger_text, signed_message, zalo_text
from tests.integration.support import channel_connection, claims_for, http_event, invoke, new_org
from tests.integration.test_replies import _at_once, _forget_queued, _reply_event, _retry_event, moto_paced  # noqa: F401

HOUR = 3600


@pytest.fixture
def empty_outbound(aws):
    _forget_queued()  # earlier tests' replies, which nobody delivered


def _queued() -> list[dict]:
    sqs, url = boto3.client("sqs"), settings().outbound_queue_url
    found = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", []):
        for message in messages:
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return found


def _thread(conversation_id: str, direction: str = "out"):
    page, _ = wiring.conversations().messages(conversation_id, limit=200, cursor=None)
    return [m for m in page if m.direction == direction]


def _messenger_page(owner):
    page_id = f"page-{uuid.uuid4().hex[:8]}"
    return channel_connection(owner, Channel.MESSENGER, {"app_secret": "app-secret", "verify_token": f"v-{page_id}",
                                                         "page_access_token": "token"})


def _customer_writes(channel: Channel, account: str, user: str, org_id: str, assignee) -> str:
    if channel == Channel.ZALO:
        body, headers = zalo_text(app_id="app", secret="secret", oa_id=account, user_id=user, text="Còn hàng không?")
    else:
        body, headers = messenger_text(app_secret="app-secret", page_id=account, user_id=user, text="Where is it?")
    response = invoke("ingest", http_event("POST", f"/webhooks/{channel.value}", body=body, headers=headers))
    assert response["statusCode"] == 200, response
    conversation_id = json.loads(response["body"])["conversation_ids"][0]
    if assignee is not None:
        assign_conversation(org_id, conversation_id, routing_deps())
    return conversation_id


def _patch_terms(owner, connection_id: str, terms: dict) -> dict:
    event = http_event("PATCH", f"/connections/{connection_id}", route="/connections/{connection_id}",
                       path_params={"connection_id": connection_id}, claims=claims_for(owner), body={"settings": terms})
    response = invoke("console", event)
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def _view(agent, conversation_id: str) -> dict:
    event = http_event("GET", f"/conversations/{conversation_id}", route="/conversations/{conversation_id}",
                       path_params={"conversation_id": conversation_id}, claims=claims_for(agent))
    response = invoke("console", event)
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def test_a_messenger_reply_after_24_hours_is_refused_and_nothing_is_stored_or_queued_until_the_tag_is_permitted(
    aws, clock, empty_outbound
):
    # Given a customer who wrote on a Messenger page (its owner answers it)
    owner, _, _, _ = new_org(0)
    page = _messenger_page(owner)
    conversation_id = _customer_writes(Channel.MESSENGER, page.external_id, "psid-1", owner.org_id, None)
    assert _view(owner, conversation_id)["reply_window"] == {
        "open": True, "closes_at": iso(clock.now() + timedelta(hours=24)), "reason": None}

    # When exactly 24 hours have passed and An replies
    clock.advance(24 * HOUR)
    before = wiring.conversations().get(owner.org_id, conversation_id)
    answer = invoke("reply", _reply_event(owner, conversation_id, "Sorry for the wait"))

    # Then Messenger's window is closed: 409 outside_messaging_window, the conversation unchanged,
    # no message stored, nothing queued for delivery
    assert answer["statusCode"] == 409, answer
    assert json.loads(answer["body"])["error"]["code"] == "outside_messaging_window"
    assert wiring.conversations().get(owner.org_id, conversation_id).version == before.version
    assert _thread(conversation_id) == [] and _queued() == []
    assert _view(owner, conversation_id)["reply_window"]["reason"] == "window_expired"
    # And a note for the team is still taken
    note = _reply_event(owner, conversation_id, "Customer asked about the parcel")
    note["body"] = json.dumps({"text": "Customer asked about the parcel", "internal": True})
    assert invoke("reply", note)["statusCode"] == 201

    # When the owner records that the page is permitted the HUMAN_AGENT tag
    changed = _patch_terms(owner, page.connection_id, {"human_agent_tag": True})
    assert changed["settings"]["human_agent_tag"] is True

    # Then the window is open until 7 days after the customer's message, and the reply is queued as a tagged message
    window = _view(owner, conversation_id)["reply_window"]
    assert window["open"] and window["closes_at"].startswith("2026-11-29T09:00:00")
    answer = invoke("reply", _reply_event(owner, conversation_id, "Sorry for the wait"))
    assert answer["statusCode"] == 201, answer
    [sent] = _thread(conversation_id)
    assert (sent.messaging_type, sent.messaging_tag) == ("MESSAGE_TAG", "HUMAN_AGENT")
    assert [q["sort_key"] for q in _queued()] == [sent.sort_key]


@pytest.mark.usefixtures("moto_paced")
def test_of_twelve_zalo_replies_sent_at_once_after_one_customer_message_eight_are_accepted(aws, clock, empty_outbound):
    # Given a Zalo customer message, answered by nobody yet
    owner, (an,), _, oa_id = new_org(1)
    conversation_id = _customer_writes(Channel.ZALO, oa_id, f"u-{uuid.uuid4().hex[:8]}", owner.org_id, an)

    # When An's consoles send twelve replies at the same moment
    answers = _at_once([_reply_event(an, conversation_id, f"Dạ {i}") for i in range(12)], "reply")

    # Then exactly the 8 free replies are accepted, stored and queued; the others are refused
    codes = sorted(a["statusCode"] for a in answers)
    assert codes == [201] * 8 + [409] * 4, [a["body"] for a in answers]
    refused = {json.loads(a["body"])["error"]["code"] for a in answers if a["statusCode"] == 409}
    assert refused == {"outside_messaging_window"}
    assert len(_thread(conversation_id)) == 8 and len(_queued()) == 8
    assert _view(an, conversation_id)["reply_window"] == {"open": False, "closes_at": None, "reason": "free_replies_used"}

    # When the customer writes again, a reply is accepted again
    clock.advance(HOUR)
    user = wiring.conversations().get(owner.org_id, conversation_id).contact.channel_user_id
    _customer_writes(Channel.ZALO, oa_id, user, owner.org_id, None)
    assert invoke("reply", _reply_event(an, conversation_id, "Dạ vâng"))["statusCode"] == 201


@pytest.mark.usefixtures("moto_paced")
def test_a_retry_and_a_reply_racing_for_the_last_free_zalo_reply_are_not_both_accepted(aws, clock, empty_outbound):
    # Given An's answer to a first Zalo message that failed, then the customer writing again and seven replies
    owner, (an,), _, oa_id = new_org(1)
    user = f"u-{uuid.uuid4().hex[:8]}"
    conversation_id = _customer_writes(Channel.ZALO, oa_id, user, owner.org_id, an)
    assert invoke("reply", _reply_event(an, conversation_id, "Lost"))["statusCode"] == 201
    (lost,) = _thread(conversation_id)
    wiring.conversations().set_message_status(conversation_id, lost.sort_key, "failed", error="Zalo error -201")
    clock.advance(HOUR)
    _customer_writes(Channel.ZALO, oa_id, user, owner.org_id, None)
    for i in range(7):
        assert invoke("reply", _reply_event(an, conversation_id, f"Dạ {i}"))["statusCode"] == 201
    _queued()

    # When the failed one is retried and a new reply is sent at the same moment (one free reply left)
    answers = _at_once([_retry_event(an, conversation_id, lost.message_id),
                        _reply_event(an, conversation_id, "Dạ 8")], "reply")

    # Then exactly one is accepted and queued, the other refused with outside_messaging_window: eight, not nine
    codes = sorted(a["statusCode"] for a in answers)
    assert codes in ([201, 409], [202, 409]), [a["body"] for a in answers]
    refused = next(a for a in answers if a["statusCode"] == 409)
    assert json.loads(refused["body"])["error"]["code"] == "outside_messaging_window"
    assert len(_queued()) == 1
    assert wiring.conversations().get(owner.org_id, conversation_id).free_replies_used == 8


def _start(agent, body: dict) -> dict:
    return invoke("reply", http_event("POST", "/conversations", claims=claims_for(agent), body=body))


def test_a_seller_started_conversation_is_refused_for_an_old_order_with_nothing_stored_or_queued(aws, clock, empty_outbound):
    # Given a marketplace buyer whose ticket about an order of 61 days ago was closed, and one whose order
    # of 61 days ago has a return in progress
    owner, _, _, _ = new_org(0)
    market = channel_connection(owner, Channel.MARKETPLACE, {"signing_secret": "market-secret"})
    created = (clock.now() - timedelta(days=61)).isoformat()
    conversations = {}
    for buyer, order in (("old", {"id": "o-1", "created_at": created}),
                         ("returning", {"id": "o-2", "created_at": created, "return_status": "open"})):
        body, headers = signed_message(secret="market-secret", contact={"id": buyer}, text="Hello",
                                       ticket={"id": f"t-{buyer}", "category": "post_purchase_support", "order": order})
        path = f"/webhooks/marketplace/{market.connection_id}"
        answer = invoke("ingest", http_event("POST", path, route="/webhooks/{channel}/{connection_id}", body=body,
                                             headers=headers, path_params={"channel": "marketplace",
                                                                           "connection_id": market.connection_id}))
        assert answer["statusCode"] == 200, answer
        conversation_id = json.loads(answer["body"])["conversation_ids"][0]
        conv = wiring.conversations().get(owner.org_id, conversation_id)
        closed = conv.model_copy(update={"status": Status.CLOSED, "close_reason": CloseReason.RESOLVED,
                                         "closed_at": clock.now(), "waiting_since": None, "deadlines": Deadlines()})
        conversations[buyer] = wiring.conversations().save(closed, expected_version=conv.version)

    # When the owner writes to the first buyer about the old order
    refused = _start(owner, {"connection_id": market.connection_id, "channel_user_id": "old", "order_id": "o-1",
                             "text": "A coupon for you"})

    # Then 409 outside_messaging_window: the conversation is unchanged, no message stored, nothing queued
    assert refused["statusCode"] == 409, refused
    assert json.loads(refused["body"])["error"]["code"] == "outside_messaging_window"
    assert wiring.conversations().get(owner.org_id, conversations["old"].conversation_id).version == \
        conversations["old"].version
    assert _thread(conversations["old"].conversation_id) == [] and _queued() == []

    # When the owner writes to the buyer whose return is in progress
    started = _start(owner, {"connection_id": market.connection_id, "channel_user_id": "returning", "order_id": "o-2",
                             "text": "We received your parcel"})

    # Then the conversation is open again, the owner's, and the text is stored and queued
    assert started["statusCode"] == 201, started
    view = json.loads(started["body"])
    assert (view["status"], view["assignee_id"]) == ("awaiting_customer", owner.agent_id)
    [sent] = _thread(conversations["returning"].conversation_id)
    assert sent.text == "We received your parcel" and [q["sort_key"] for q in _queued()] == [sent.sort_key]
    assert wiring.agents().get(owner.org_id, owner.agent_id).load == 1
