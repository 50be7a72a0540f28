"""Issue 13 point 6 over HTTP on the local stack: an agent's reply reaches the fake Zalo and the fake Messenger
(local/sinks.py) in each channel's documented request form; a channel error code makes the message `failed`
and Retry then delivers it; Zalo's expired-token answer is met by a refresh and the message goes out once more.
The sink's request and answer shapes and error bodies follow developers.zalo.me and developers.facebook.com
(sources in tests/unit/test_channel_senders.py)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
import requests

from tests.e2e.channels import messenger_text, zalo_signed, zalo_text
from tests.e2e.conftest import Api
from tests.e2e.shop import Shop

ZALO_CREDENTIALS = {"app_id": "app-z", "oa_secret_key": "oa-secret", "access_token": "zalo-token",
                    "refresh_token": "zalo-refresh", "secret_key": "app-secret"}


@pytest.fixture(scope="module")
def shop(stack_url: str) -> Iterator[Shop]:
    """One organization for every story here (An holds each conversation); each story connects its own account."""
    client = Api(stack_url)
    yield Shop(client, ["An"])
    client.session.close()


def _connect(shop: Shop, channel: str, credentials: dict) -> dict:
    body = {"channel": channel, "name": channel, "external_id": f"{channel}-{uuid.uuid4().hex[:8]}",
            "credentials": credentials, "mode": "shared"}
    response = shop.api.post("/connections", json=body, token=shop.owner)
    assert response.status_code == 201, response.text
    conn = response.json()
    shop.rule([conn], ["An"])
    return conn


def _zalo_conversation(shop: Shop, **failure) -> tuple[dict, str]:
    """A new Zalo OA with a customer's message, held by An; with `failure`, the sink answers the next send so."""
    conn = _connect(shop, "zalo", ZALO_CREDENTIALS)
    conversation_id = _zalo_customer_writes(shop, conn, f"zu-{uuid.uuid4().hex[:8]}", f"zm-{uuid.uuid4().hex[:8]}")
    if failure:
        _arm(shop, **failure)
    return conn, conversation_id


def _zalo_customer_writes(shop: Shop, conn: dict, user: str, msg_id: str) -> str:
    body, headers = zalo_text(app_id="app-z", secret="oa-secret", oa_id=conn["external_id"], user_id=user,
                              text="Còn size M không?", msg_id=msg_id)
    response = shop.api.post("/webhooks/zalo", data=body, headers=headers)
    assert response.status_code == 200, response.text
    shop.drain()
    return response.json()["conversation_ids"][0]


def _reply(shop: Shop, conversation_id: str, text: str) -> dict:
    sent = shop.api.post(f"/conversations/{conversation_id}/messages", json={"text": text}, token=shop.token("An"))
    assert sent.status_code == 201, sent.text
    shop.drain()
    return _message(shop, conversation_id, sent.json()["message_id"])


def _message(shop: Shop, conversation_id: str, message_id: str) -> dict:
    items = shop.api.get(f"/conversations/{conversation_id}/messages", token=shop.token("An")).json()["items"]
    return next(m for m in items if m["message_id"] == message_id)


def _sent(shop: Shop, conn: dict) -> list[dict]:
    return [i for i in shop.api.get("/_local/outbox").json()["items"]
            if i["connection_id"] == conn["connection_id"] and i.get("kind", "message") == "message"]


def _arm(shop: Shop, **failure) -> None:
    armed = shop.api.post("/_local/sink/fail", json={"times": 1, **failure})
    assert armed.status_code == 200, armed.text


def test_a_reply_reaches_zalo_as_a_cs_message_answering_the_customers_message(api, shop):
    # Given a customer who wrote to a Zalo OA, and An holding the conversation
    conn = _connect(shop, "zalo", ZALO_CREDENTIALS)
    user, msg_id = f"zu-{uuid.uuid4().hex[:8]}", f"zm-{uuid.uuid4().hex[:8]}"
    conversation_id = _zalo_customer_writes(shop, conn, user, msg_id)

    # When An answers
    message = _reply(shop, conversation_id, "Dạ còn ạ")

    # Then Zalo got one customer-service message with the OA's token, naming the user and the message answered
    assert message["status"] == "sent", message["error"]
    [sent] = _sent(shop, conn)
    assert sent["payload"] == {"recipient": {"user_id": user, "message_id": msg_id}, "message": {"text": "Dạ còn ạ"}}
    assert sent["access_token"] == "zalo-token" and sent["channel_message_id"]


def _messenger_conversation(shop: Shop) -> tuple[dict, str, str]:
    """A new page with a customer's message, held by An: the connection, the customer's PSID, the conversation."""
    conn = _connect(shop, "messenger", {"app_secret": "fb-secret", "verify_token": f"vt-{uuid.uuid4().hex}",
                                        "page_access_token": "page-token"})
    psid = f"psid-{uuid.uuid4().hex[:8]}"
    body, headers = messenger_text(app_secret="fb-secret", page_id=conn["external_id"], user_id=psid, text="Hi shop")
    written = shop.api.post("/webhooks/messenger", data=body, headers=headers)
    assert written.status_code == 200, written.text
    shop.drain()
    return conn, psid, written.json()["conversation_ids"][0]


def test_a_reply_reaches_messenger_as_a_response_through_the_send_api(api, shop):
    # Given a customer who wrote to a page
    conn, psid, conversation_id = _messenger_conversation(shop)

    # When An answers
    message = _reply(shop, conversation_id, "Hello!")

    # Then the Send API got a RESPONSE to the customer's PSID, carrying our message's id as its metadata (Meta
    # echoes it back, so the echo of our own send is known even before its mid is stored)
    assert message["status"] == "sent"
    [sent] = _sent(shop, conn)
    assert sent["payload"] == {"recipient": {"id": psid}, "messaging_type": "RESPONSE",
                               "message": {"text": "Hello!", "metadata": message["message_id"]}}
    assert sent["channel_message_id"].startswith("m_")


def test_a_closed_window_fails_the_message_and_retry_then_delivers_it(api, shop):
    # Given a Zalo conversation held by An, and Zalo answering the next send with -230 (no interaction in 7 days)
    conn, conversation_id = _zalo_conversation(shop, channel="zalo", error=-230)

    # When An answers
    message = _reply(shop, conversation_id, "Đơn hàng đã gửi")

    # Then the message failed at once, saying why, and nothing reached the customer
    assert message["status"] == "failed" and "-230" in message["error"], message
    assert _sent(shop, conn) == []

    # When An retries it / Then it is delivered once
    retried = shop.api.post(f"/conversations/{conversation_id}/messages/{message['message_id']}/retry", token=shop.token("An"))
    assert retried.status_code == 202, retried.text
    shop.drain()
    assert _message(shop, conversation_id, message["message_id"])["status"] == "sent"
    assert [s["text"] for s in _sent(shop, conn)] == ["Đơn hàng đã gửi"]


def test_an_expired_zalo_token_is_refreshed_and_the_reply_sent_with_the_new_one(api, shop):
    # Given a Zalo conversation, and Zalo answering the next send -216 (access token invalid)
    conn, conversation_id = _zalo_conversation(shop, channel="zalo", error=-216)

    # When An answers
    message = _reply(shop, conversation_id, "Dạ em gửi ạ")

    # Then the token was refreshed through OAuth v4 and the reply went out once, with the new token
    assert message["status"] == "sent", message["error"]
    [sent] = _sent(shop, conn)
    assert sent["access_token"].startswith("zat-") and sent["text"] == "Dạ em gửi ạ"


PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8


def _uploaded(shop: Shop, file_name: str, content_type: str, content: bytes) -> str:
    created = shop.api.post("/uploads", json={"file_name": file_name, "content_type": content_type, "size": len(content)},
                            token=shop.token("An"))
    assert created.status_code == 201, created.text
    put = requests.put(created.json()["upload_url"], data=content, headers={"Content-Type": content_type}, timeout=30)
    assert put.status_code == 200, put.text
    return created.json()["object_key"]


def test_files_reach_zalo_uploaded_first_and_sent_by_the_token_it_answers(api, shop):
    # Given a Zalo conversation, and a PDF An uploaded
    conn, conversation_id = _zalo_conversation(shop)
    key = _uploaded(shop, "bill.pdf", "application/pdf", PDF)

    # When An replies with text and the PDF
    sent = shop.api.post(f"/conversations/{conversation_id}/messages", token=shop.token("An"),
                         json={"text": "Hoá đơn ạ", "attachments": [{"object_key": key}]})
    assert sent.status_code == 201, sent.text
    shop.drain()

    # Then Zalo got the text, then the file's bytes through its upload API, then a file message naming its token
    items = [i for i in shop.api.get("/_local/outbox").json()["items"] if i["connection_id"] == conn["connection_id"]]
    text, upload, file = items
    assert text["payload"]["message"] == {"text": "Hoá đơn ạ"}
    assert (upload["kind"], upload["file_name"], upload["size"]) == ("upload", "bill.pdf", len(PDF))
    assert file["payload"]["message"] == {"attachment": {"type": "file", "payload": {"token": upload["channel_message_id"]}}}
    assert _message(shop, conversation_id, sent.json()["message_id"])["status"] == "sent"


def test_a_photo_reaches_messenger_through_the_attachment_upload_api_and_is_sent_by_its_id(api, shop):
    # Given a Messenger conversation, and a photo An uploaded
    conn, psid, conversation_id = _messenger_conversation(shop)
    key = _uploaded(shop, "size chart.png", "image/png", PDF)

    # When An replies with the photo alone
    sent = shop.api.post(f"/conversations/{conversation_id}/messages", token=shop.token("An"),
                         json={"attachments": [{"object_key": key}]})
    assert sent.status_code == 201, sent.text
    shop.drain()

    # Then the photo's link went to the Attachment Upload API, and the Send API got a message naming the id it answered
    upload, photo = [i for i in shop.api.get("/_local/outbox").json()["items"] if i["connection_id"] == conn["connection_id"]]
    attachment = upload["payload"]["message"]["attachment"]
    assert upload["kind"] == "upload" and attachment["type"] == "image" and attachment["payload"]["is_reusable"] is True
    assert requests.get(attachment["payload"]["url"], timeout=30).content == PDF
    assert photo["payload"]["recipient"] == {"id": psid} and photo["payload"]["messaging_type"] == "RESPONSE"
    assert photo["payload"]["message"] == {"attachment": {"type": "image", "payload": {"attachment_id": upload["channel_message_id"]}},
                                           "metadata": sent.json()["message_id"]}


def _try_reply(shop: Shop, conversation_id: str, text: str):
    return shop.api.post(f"/conversations/{conversation_id}/messages", json={"text": text}, token=shop.token("An"))


def _retry(shop: Shop, conversation_id: str, message_id: str):
    return shop.api.post(f"/conversations/{conversation_id}/messages/{message_id}/retry", token=shop.token("An"))


def test_a_retried_zalo_message_uses_a_free_reply_like_a_first_send_and_never_two(api, shop):
    # Given a Zalo OA without consultation messages, a customer who wrote, and An's first answer refused by Zalo
    conn = _connect(shop, "zalo", ZALO_CREDENTIALS)
    user = f"zu-{uuid.uuid4().hex[:8]}"
    conversation_id = _zalo_customer_writes(shop, conn, user, f"zm-{uuid.uuid4().hex[:8]}")
    _arm(shop, channel="zalo", error=-201)
    failed = _reply(shop, conversation_id, "Reply 1")
    assert failed["status"] == "failed", failed

    # When An sends seven more (eight free replies used, the failed one among them) and retries the failed one
    for n in range(2, 9):
        assert _try_reply(shop, conversation_id, f"Reply {n}").status_code == 201
    retried = _retry(shop, conversation_id, failed["message_id"])

    # Then the retry is accepted (it holds the free reply it was counted for) and delivered, and a 9th is refused
    assert retried.status_code == 202, retried.text
    shop.drain()
    assert _message(shop, conversation_id, failed["message_id"])["status"] == "sent"
    ninth = _try_reply(shop, conversation_id, "Reply 9")
    assert ninth.status_code == 409 and ninth.json()["error"]["code"] == "outside_messaging_window", ninth.text
    assert shop.conversation(conversation_id)["reply_window"]["reason"] == "free_replies_used"

    # When Zalo refuses the next answer, the customer writes again (eight new free replies), and An retries it
    _zalo_customer_writes(shop, conn, user, f"zm-{uuid.uuid4().hex[:8]}")
    _arm(shop, channel="zalo", error=-201)
    again = _reply(shop, conversation_id, "Answer A")
    assert again["status"] == "failed", again
    newest = f"zm-{uuid.uuid4().hex[:8]}"
    _zalo_customer_writes(shop, conn, user, newest)
    assert _retry(shop, conversation_id, again["message_id"]).status_code == 202
    shop.drain()

    # Then it reaches Zalo as a reply to the customer's newest message, whose free reply it uses
    [retried_send] = [i for i in _sent(shop, conn) if i["payload"]["message"].get("text") == "Answer A"]
    assert retried_send["payload"]["recipient"] == {"user_id": user, "message_id": newest}

    # And it counts against the new message's free replies like a first send: seven more are accepted
    for n in range(1, 8):
        assert _try_reply(shop, conversation_id, f"More {n}").status_code == 201, n
    assert _try_reply(shop, conversation_id, "One too many").json()["error"]["code"] == "outside_messaging_window"


def test_a_retry_outside_the_zalo_window_is_refused_before_it_is_queued(api, shop):
    # Given a Zalo message that failed, and 48 hours passing without the customer writing again
    conn, conversation_id = _zalo_conversation(shop, channel="zalo", error=-201)
    failed = _reply(shop, conversation_id, "Đơn hàng đã gửi")
    assert failed["status"] == "failed", failed
    assert shop.api.post("/_local/clock", json={"advance_seconds": 48 * 3600}).status_code == 200

    # When An retries it
    refused = _retry(shop, conversation_id, failed["message_id"])

    # Then it is refused with 409 outside_messaging_window, stays failed, and nothing reaches Zalo
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "outside_messaging_window"
    shop.drain()
    assert _message(shop, conversation_id, failed["message_id"])["status"] == "failed"
    assert _sent(shop, conn) == []


def test_an_anonymous_zalo_user_is_stored_and_answered_by_their_anonymous_id_in_that_conversation(api, shop):
    # Given a user who writes to a Zalo OA without following it (Zalo's anonymous_send_text: the anonymous id as
    # the sender, the Zalo conversation in message.conversation_id; sources in tests/fixtures/channels/zalo/
    # anonymous_send_text.json), and An holding the conversation
    conn = _connect(shop, "zalo", ZALO_CREDENTIALS)
    anonymous_id, zalo_conversation = uuid.uuid4().hex[:20], uuid.uuid4().hex[:16]
    body, headers = zalo_signed(app_id="app-z", secret="oa-secret", body={
        "app_id": "app-z", "user_id_by_app": "552177279717587730", "event_name": "anonymous_send_text",
        "timestamp": str(int(time.time() * 1000)), "sender": {"id": anonymous_id},
        "recipient": {"id": conn["external_id"]},
        "message": {"conversation_id": zalo_conversation, "text": "Shop ơi còn size M không?",
                    "msg_id": f"zm-{uuid.uuid4().hex[:8]}"},
    })
    written = shop.api.post("/webhooks/zalo", data=body, headers=headers)
    assert written.status_code == 200, written.text
    shop.drain()

    # When An answers the conversation it opened
    [conversation_id] = written.json()["conversation_ids"]
    items = shop.api.get(f"/conversations/{conversation_id}/messages", token=shop.token("An")).json()["items"]
    assert [(m["direction"], m["text"]) for m in items] == [("in", "Shop ơi còn size M không?")]
    # (shown by a name that says who they are, not by the ids a reply needs)
    shown = shop.api.get(f"/conversations/{conversation_id}", token=shop.token("An")).json()
    assert shown["contact"]["name"] == "Anonymous Zalo user"
    message = _reply(shop, conversation_id, "Dạ còn ạ")

    # Then Zalo got one customer-service message naming the anonymous user in that conversation, as Zalo
    # documents the reply to an anonymous user (recipient {anonymous_id, conversation_id})
    assert message["status"] == "sent", message["error"]
    [sent] = _sent(shop, conn)
    assert sent["payload"] == {"recipient": {"anonymous_id": anonymous_id, "conversation_id": zalo_conversation},
                               "message": {"text": "Dạ còn ạ"}}
