"""Issue 13, point 2: the channels' receipts, echoes and follows applied, through the real handlers on moto.

The agent answers through the Reply function and the Deliver function sends the answer to a fake channel send API
that answers with the channel's own message id; the channel's documented events (tests/fixtures/channels) then
name those ids, as Zalo and Messenger do."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from switchboard import wiring
from switchboard.adapters.http import HttpResponse
from switchboard.delivery.deliver import deliver
from switchboard.ids import time_of
from switchboard.live.events import MESSAGE_UPDATED, events_of
from switchboard.store import keys
from switchboard.store.changes import MessageChange
from tests.integration.support import claims_for, container, conversation_shown, http_event, invoke, new_org
from tests.integration.test_channel_corpus import CORPUS, META_APP_ID, ZALO_APP_ID, _fill, _messenger_event, _page, _zalo_event


class SendApi:
    """Zalo's and Messenger's send APIs: each message gets the next id, as the channel answers it."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def post(self, request):
        self.ids.append(f"mid-{uuid.uuid4().hex[:10]}")
        if "user_id" in request.body.get("recipient", {}):
            return HttpResponse(200, {"error": 0, "message": "Success", "data": {"message_id": self.ids[-1]}})
        return HttpResponse(200, {"recipient_id": request.body["recipient"]["id"], "message_id": self.ids[-1]})


@pytest.fixture
def send_api(aws, monkeypatch):
    api = SendApi()
    monkeypatch.setattr(wiring, "http_sender", lambda: api)
    return api


def _body(channel: str, name: str) -> dict:
    return json.loads((CORPUS / channel / f"{name}.json").read_text())["body"]


def _reply(agent, conversation_id: str, text: str, *, delivered: bool = True) -> str:
    """The agent answers (Reply function); with `delivered`, the Deliver function sends it. Its message id."""
    route = "/conversations/{conversation_id}/messages"
    answer = invoke("reply", http_event("POST", route.format(conversation_id=conversation_id), route=route,
                                        path_params={"conversation_id": conversation_id}, claims=claims_for(agent),
                                        body={"text": text}))
    assert answer["statusCode"] == 201, answer
    message_id = json.loads(answer["body"])["message_id"]
    if delivered:
        sort_key = keys.message_sk(time_of(message_id), message_id)
        assert deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=container("deliver")._deps()) == "sent"
    return message_id


def _messages(agent, conversation_id: str) -> list[dict]:
    """The thread as the API shows it."""
    route = "/conversations/{conversation_id}/messages"
    answer = invoke("console", http_event("GET", route.format(conversation_id=conversation_id), route=route,
                                          path_params={"conversation_id": conversation_id}, claims=claims_for(agent)))
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])["items"]




def _statuses(agent, conversation_id: str) -> dict[str, str]:
    return {m["message_id"]: m["status"] for m in _messages(agent, conversation_id) if m["direction"] == "out"}


def _zalo(event: dict, ids: dict) -> dict:
    answer = invoke("ingest", _zalo_event(_fill(event, ids)))
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])


def _zalo_customer(oa_id: str) -> tuple[dict, str]:
    """A customer writes to the OA (the corpus' user_send_text); the ids to fill and the conversation."""
    ids = {"<OA_ID>": oa_id, "<USER_ID>": f"zu-{uuid.uuid4().hex[:8]}", "<APP_ID>": ZALO_APP_ID}
    return ids, _zalo(_body("zalo", "user_send_text"), ids)["conversation_ids"][0]


def _zalo_receipt(name: str, msg_ids: list[str]) -> dict:
    body = _body("zalo", name)
    body["message"]["msg_ids"] = msg_ids
    return body


def test_zalo_receipts_move_the_agents_messages_forward_never_back(aws, clock, send_api):
    # Given a customer on Zalo and two answers of An's the send API accepted
    _, (an,), _, oa_id = new_org(1)
    ids, conversation_id = _zalo_customer(oa_id)
    first, second = _reply(an, conversation_id, "Dạ còn ạ"), _reply(an, conversation_id, "Shop gửi ảnh ạ")
    first_mid, second_mid = send_api.ids

    # When Zalo says the customer received both, then saw the first
    received = _zalo(_zalo_receipt("user_received_message", [first_mid, second_mid]), ids)
    seen = _zalo(_zalo_receipt("user_seen_message", [first_mid]), ids)

    # Then both were delivered, and the first is read
    assert (received["applied"], seen["applied"]) == (1, 1)
    assert _statuses(an, conversation_id) == {first: "read", second: "delivered"}

    # When a late "received" for the first arrives, and receipts for messages Switchboard never sent
    late = _zalo(_zalo_receipt("user_received_message", [first_mid]), ids)
    unknown = _zalo(_zalo_receipt("user_seen_message", ["96d3cdf3af150460909"]), ids)

    # Then they are acknowledged and change nothing: read beats delivered, an unknown message is ignored
    assert (late["applied"], unknown["applied"]) == (0, 0)
    assert _statuses(an, conversation_id) == {first: "read", second: "delivered"}


def test_zalo_receipts_arriving_out_of_order_move_each_message_they_name(aws, clock, send_api):
    # Given two answers of An's, sent
    _, (an,), _, oa_id = new_org(1)
    ids, conversation_id = _zalo_customer(oa_id)
    first, second = _reply(an, conversation_id, "Dạ"), _reply(an, conversation_id, "Còn ạ")
    first_mid, second_mid = send_api.ids

    # When the receipt for the second arrives before the one for the first
    _zalo(_zalo_receipt("user_received_message", [second_mid]), ids)
    later = _zalo(_zalo_receipt("user_received_message", [first_mid]), ids)

    # Then the first is delivered too: a newer message already delivered does not hide an older one named
    assert later["applied"] == 1
    assert _statuses(an, conversation_id) == {first: "delivered", second: "delivered"}


def test_a_receipt_for_a_message_still_queued_leaves_it_to_its_delivery(aws, clock, send_api):
    # Given an answer of An's queued but not yet sent
    _, (an,), _, oa_id = new_org(1)
    ids, conversation_id = _zalo_customer(oa_id)
    queued = _reply(an, conversation_id, "Dạ", delivered=False)

    # When a receipt arrives first (for whatever message)
    _zalo(_zalo_receipt("user_received_message", ["96d3cdf3af150460909"]), ids)

    # Then the message is still queued, and its delivery still records it as sent with the channel's id
    assert _statuses(an, conversation_id) == {queued: "queued"}
    sort_key = keys.message_sk(time_of(queued), queued)
    assert deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=container("deliver")._deps()) == "sent"
    assert wiring.conversations().get_message(conversation_id, sort_key).channel_message_id == send_api.ids[-1]


def _messenger_customer(owner) -> tuple[dict, str, str]:
    page = _page(owner)
    ids = {"<PAGE_ID>": page.external_id, "<PSID>": f"psid-{uuid.uuid4().hex[:8]}"}
    text = _body("messenger", "message_text")
    text["entry"][0]["messaging"][0]["timestamp"] = int(wiring_now().timestamp() * 1000)
    answer = invoke("ingest", _messenger_event(_fill(text, ids)))
    assert answer["statusCode"] == 200, answer
    return ids, json.loads(answer["body"])["conversation_ids"][0], page.connection_id


def wiring_now():
    from switchboard.clock import current_clock

    return current_clock().now()


def _messenger(body: dict, ids: dict) -> dict:
    answer = invoke("ingest", _messenger_event(_fill(body, ids)))
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])


def _watermarked(name: str, watermark) -> dict:
    """The corpus' delivery or read event with its watermark at `watermark` (and no mids: a watermark covers)."""
    body = _body("messenger", name)
    item = body["entry"][0]["messaging"][0]
    item[name] = {"watermark": int(watermark.timestamp() * 1000)}
    return body


def test_messenger_receipts_cover_every_message_sent_before_their_watermark(aws, clock, send_api):
    # Given a customer on Messenger and three answers of An's, a minute apart, all sent
    owner, (an,), _, _ = new_org(1)
    ids, conversation_id, _ = _messenger_customer(owner)
    answers = []
    for text in ("Dạ", "Còn ạ", "Shop gửi ạ"):
        clock.advance(60)
        answers.append(_reply(an, conversation_id, text))

    # When Messenger says everything before the third was delivered, then everything before the second was read
    delivered = _messenger(_watermarked("delivery", clock.now() - timedelta(seconds=30)), ids)
    read = _messenger(_watermarked("read", clock.now() - timedelta(seconds=90)), ids)

    # Then the first two were delivered, the first is read, the third is still only sent
    assert (delivered["applied"], read["applied"]) == (1, 1)
    assert _statuses(an, conversation_id) == dict(zip(answers, ["read", "delivered", "sent"]))

    # When an older delivery watermark arrives late / Then nothing moves back
    assert _messenger(_watermarked("delivery", clock.now() - timedelta(seconds=150)), ids)["applied"] == 0
    assert _statuses(an, conversation_id) == dict(zip(answers, ["read", "delivered", "sent"]))


def test_a_receipt_changes_the_message_as_a_live_message_updated(aws, clock, send_api):
    # Given an answer of An's, sent
    owner, (an,), _, oa_id = new_org(1)
    ids, conversation_id = _zalo_customer(oa_id)
    message_id = _reply(an, conversation_id, "Dạ")
    sort_key = keys.message_sk(time_of(message_id), message_id)
    before = wiring.conversations().get_message(conversation_id, sort_key)

    # When Zalo says it was seen
    _zalo(_zalo_receipt("user_seen_message", send_api.ids), ids)

    # Then the table's change is announced as message.updated with the new status (the stream's filter passes M#)
    after = wiring.conversations().get_message(conversation_id, sort_key)
    [event] = events_of([MessageChange(conversation_id, before, after)], wiring.conversations().find, clock.now())
    assert (event.type, event.data["status"], event.data["message_id"]) == (MESSAGE_UPDATED, "read", message_id)


def test_echoes_of_the_pages_own_messages_are_in_the_thread_once_and_ours_are_not_stored_again(aws, clock, send_api):
    # Given a customer on Messenger, one answer of An's sent, and one still queued
    owner, (an,), _, _ = new_org(1)
    ids, conversation_id, _ = _messenger_customer(owner)
    sent = _reply(an, conversation_id, "Dạ còn ạ")
    queued = _reply(an, conversation_id, "Shop gửi ảnh ạ", delivered=False)

    # When Messenger echoes both (the queued one before our delivery recorded its id), and twice a message the
    # seller wrote in Meta's own inbox
    def echo(mid: str, text: str) -> dict:
        body = _body("messenger", "echo")
        body["entry"][0]["messaging"][0]["message"].update(mid=mid, text=text)
        body["entry"][0]["messaging"][0]["timestamp"] = int(clock.now().timestamp() * 1000)
        return _messenger(body, ids)

    ours = [echo(send_api.ids[0], "Dạ còn ạ"), echo("m_in_flight", "Shop gửi ảnh ạ")]
    clock.advance(1)
    theirs = [echo("m_from_page_inbox", "Chị chờ shop chút nhé"), echo("m_from_page_inbox", "Chị chờ shop chút nhé")]

    # Then our own are not stored again; the seller's is in the thread once, as an outbound message
    assert [e["stored"] for e in ours] == [0, 0] and [e["duplicates"] for e in ours] == [1, 1]
    assert [e["stored"] for e in theirs] == [1, 0]
    outbound = [(m["text"], m["author_id"]) for m in _messages(an, conversation_id) if m["direction"] == "out"]
    assert outbound == [("Dạ còn ạ", an.agent_id), ("Shop gửi ảnh ạ", an.agent_id), ("Chị chờ shop chút nhé", None)]
    assert queued in _statuses(an, conversation_id) and sent in _statuses(an, conversation_id)


def test_an_echo_is_ours_by_its_metadata_only_when_our_app_sent_it(aws, clock, send_api):
    # Given a customer on Messenger and An's answer with a photo, still queued (its mids not yet recorded)
    owner, (an,), _, _ = new_org(1)
    ids, conversation_id, _ = _messenger_customer(owner)
    queued = _reply(an, conversation_id, "Shop gửi ảnh ạ", delivered=False)

    def echo(mid: str, app_id: str, **message) -> dict:
        body = _body("messenger", "echo")
        item = body["entry"][0]["messaging"][0]
        item["message"] = {"is_echo": True, "app_id": int(app_id), "metadata": queued, "mid": mid, **message}
        item["timestamp"] = int(clock.now().timestamp() * 1000)
        return _messenger(body, ids)

    # When Meta echoes its photo part (no text: unlike our message's content), sent by our app with our metadata
    photo = echo("m_photo_part", META_APP_ID, attachments=[{"type": "image", "payload": {"url": "https://cdn/p.jpg"}}])
    # And another app of the page sends a message whose metadata happens to name our message
    clock.advance(1)
    other = echo("m_other_app", "263902037430900", text="Cảm ơn chị")

    # Then ours is known by its metadata and not stored; the other app's is the page's message, stored once
    assert (photo["stored"], photo["duplicates"]) == (0, 1)
    assert other["stored"] == 1
    outbound = [m["text"] for m in _messages(an, conversation_id) if m["direction"] == "out"]
    assert outbound == ["Shop gửi ảnh ạ", "Cảm ơn chị"]


def test_a_zalo_echo_from_the_oa_tools_is_in_the_thread_and_its_receipts_apply(aws, clock, send_api):
    # Given a customer on Zalo, and the OA answering from Zalo's own tools (oa_send_text, as documented)
    _, (an,), _, oa_id = new_org(1)
    ids, conversation_id = _zalo_customer(oa_id)
    echo = _body("zalo", "oa_send_text")

    # When Zalo delivers the echo, then a receipt naming it
    assert _zalo(echo, ids)["stored"] == 1
    _zalo(_zalo_receipt("user_seen_message", [echo["message"]["msg_id"]]), ids)

    # Then the thread shows the OA's message, read by the customer
    [message] = [m for m in _messages(an, conversation_id) if m["direction"] == "out"]
    assert (message["text"], message["status"], message["author_id"]) == ("Cam on ban", "read", None)


def test_an_echo_or_receipt_for_a_customer_with_no_conversation_is_acknowledged(aws, clock, send_api):
    # Given an OA none of whose customers wrote
    _, _, _, oa_id = new_org(0)
    ids = {"<OA_ID>": oa_id, "<USER_ID>": "zu-stranger", "<APP_ID>": ZALO_APP_ID}

    # When Zalo delivers an echo, a receipt and a follow for a user / Then each is acknowledged, nothing stored
    for body in (_body("zalo", "oa_send_text"), _body("zalo", "user_seen_message"), _body("zalo", "follow")):
        assert _zalo(body, ids) | {"conversation_ids": []} == {
            "received": 1, "stored": 0, "duplicates": 0, "applied": 0, "conversation_ids": []}


def test_follow_and_unfollow_are_shown_on_the_contact(aws, clock, send_api):
    # Given a customer on Zalo, about whom Zalo never said whether they follow the OA
    _, (an,), _, oa_id = new_org(1)
    ids, conversation_id = _zalo_customer(oa_id)
    assert conversation_shown(an, conversation_id)["contact"]["following"] is None

    # When they follow, then unfollow / Then the contact shows it each time
    assert _zalo(_body("zalo", "follow"), ids)["applied"] == 1
    assert conversation_shown(an, conversation_id)["contact"]["following"] is True
    assert _zalo(_body("zalo", "unfollow"), ids)["applied"] == 1
    assert conversation_shown(an, conversation_id)["contact"]["following"] is False

    # When the customer writes again (a whole-item write of the conversation) / Then the flag is kept
    _zalo(_body("zalo", "user_send_text") | {"message": {"text": "Alo", "msg_id": "again"}}, ids)
    assert conversation_shown(an, conversation_id)["contact"]["following"] is False
