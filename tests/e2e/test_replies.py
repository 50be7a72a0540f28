"""Issue 10, points 6 and 7, over HTTP on the local stack: replies sent at the same moment are all
stored and delivered once, in the thread's order; a failed message can be retried once."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.e2e.shop import Shop

REPLIES = 10


def _outbound(shop: Shop, conversation_id: str, nickname: str = "An") -> list[dict]:
    response = shop.api.get(f"/conversations/{conversation_id}/messages", token=shop.token(nickname))
    assert response.status_code == 200, response.text
    return [m for m in response.json()["items"] if m["direction"] == "out"]


def _sent_to(shop: Shop, conn: dict, contact: str) -> list[str]:
    items = shop.api.get("/_local/outbox").json()["items"]
    return [m["text"] for m in items if m["connection_id"] == conn["connection_id"] and m["recipient"] == contact]


def _retry(shop: Shop, conversation_id: str, message_id: str, token: str) -> requests.Response:
    return shop.api.post(f"/conversations/{conversation_id}/messages/{message_id}/retry", token=token)


def test_replies_sent_at_the_same_moment_are_all_stored_and_delivered_once_in_the_threads_order(api):
    # Given a conversation held by An
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    contact = f"c-{uuid.uuid4().hex[:8]}"
    conversation_id = shop.write(conn, contact=contact)
    texts = [f"Dạ, câu trả lời {i}" for i in range(REPLIES)]
    start = threading.Barrier(REPLIES)

    def send(text: str) -> requests.Response:
        with requests.Session() as client:  # one connection per console, all let go at once
            start.wait()
            return client.post(f"{api.base_url}/conversations/{conversation_id}/messages", json={"text": text},
                               headers={"Authorization": f"Bearer {shop.token('An')}"}, timeout=90)

    # When An's console sends ten replies at the same moment
    with ThreadPoolExecutor(max_workers=REPLIES) as pool:
        answers = list(pool.map(send, texts))
    shop.drain()

    # Then every one is accepted
    assert [a.status_code for a in answers] == [201] * REPLIES, [a.text for a in answers if a.status_code != 201]
    # And the thread holds each once, in one order, every one sent
    thread = _outbound(shop, conversation_id)
    assert sorted(m["text"] for m in thread) == sorted(texts)
    assert {m["message_id"] for m in thread} == {a.json()["message_id"] for a in answers}
    assert [m["status"] for m in thread] == ["sent"] * REPLIES
    # And the contact received each once, in the thread's order
    assert _sent_to(shop, conn, contact) == [m["text"] for m in thread]


def test_a_failed_message_is_delivered_again_when_retried_and_only_a_failed_one_can_be(api):
    # Given a conversation held by An, and a channel that refuses the next message it is sent
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    contact = f"c-{uuid.uuid4().hex[:8]}"
    conversation_id = shop.write(conn, contact=contact)
    armed = api.post("/_local/sink/fail", json={"times": 1, "status": 400})
    assert armed.status_code == 200, armed.text
    sent = api.post(f"/conversations/{conversation_id}/messages", json={"text": "Đơn hàng đã gửi"}, token=shop.token("An"))
    assert sent.status_code == 201, sent.text
    shop.drain()
    [failed] = _outbound(shop, conversation_id)
    assert failed["status"] == "failed" and _sent_to(shop, conn, contact) == []

    # When An retries it
    retried = _retry(shop, conversation_id, failed["message_id"], shop.token("An"))

    # Then it is queued again, and delivered once: the thread shows it sent
    assert retried.status_code == 202, retried.text
    assert retried.json()["message_id"] == failed["message_id"] and retried.json()["status"] == "queued"
    shop.drain()
    [message] = _outbound(shop, conversation_id)
    assert message["status"] == "sent"
    assert _sent_to(shop, conn, contact) == ["Đơn hàng đã gửi"]

    # When it is retried again, or the customer's own message is / Then 409 not_failed, nothing sent
    again = _retry(shop, conversation_id, failed["message_id"], shop.token("An"))
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_failed", again.text
    inbound = next(m for m in shop.api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
                   if m["direction"] == "in")
    assert _retry(shop, conversation_id, inbound["message_id"], shop.owner).json()["error"]["code"] == "not_failed"
    shop.drain()
    assert _sent_to(shop, conn, contact) == ["Đơn hàng đã gửi"]


def test_a_retry_names_a_message_of_that_conversation_in_the_callers_organization(api):
    # Given a failed message on a conversation held by An, another conversation, and another organization
    shop = Shop(api, ["An", "Binh"])
    conn = shop.shared(["An"])
    conversation_id, other_conversation = shop.write(conn), shop.write(conn)
    assert api.post("/_local/sink/fail", json={"times": 1, "status": 400}).status_code == 200
    assert api.post(f"/conversations/{conversation_id}/messages", json={"text": "x"}, token=shop.owner).status_code == 201
    shop.drain()
    [failed] = _outbound(shop, conversation_id, "Binh")
    elsewhere = Shop(api, [])

    # When it is retried through another conversation, with an unknown id, or by another organization
    # Then 404, as if it did not exist
    for path_conversation, message_id, token in (
        (other_conversation, failed["message_id"], shop.owner),
        (conversation_id, "ms_unknown", shop.owner),
        (conversation_id, failed["message_id"], elsewhere.owner),
    ):
        answer = _retry(shop, path_conversation, message_id, token)
        assert answer.status_code == 404, (path_conversation, message_id, answer.text)
    # And an agent may retry only on a conversation they may reply to: Binh, not An's holder, gets 403
    assert _retry(shop, conversation_id, failed["message_id"], shop.token("Binh")).status_code == 403
    # And it is still failed
    assert _outbound(shop, conversation_id, "Binh")[0]["status"] == "failed"
