"""Replies with uploaded files, and translation, over HTTP on the local stack."""

from __future__ import annotations

import requests

from tests.e2e.shop import Shop

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_an_uploaded_file_reaches_the_message_and_the_channel_as_a_working_link(api):
    # Given a customer waiting with An
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn, text="Cho mình xem ảnh?")
    an = shop.token("An")

    # When An gets an upload URL and PUTs a photo to it, as the console's browser would
    created = api.post("/uploads", json={"file_name": "size chart.png", "content_type": "image/png", "size": len(PHOTO)},
                       token=an)
    assert created.status_code == 201, created.text
    upload = created.json()
    put = requests.put(upload["upload_url"], data=PHOTO, headers={"Content-Type": "image/png"}, timeout=30)
    assert put.status_code == 200, put.text

    # And replies naming the uploaded file
    reply = api.post(f"/conversations/{conversation_id}/messages",
                     json={"text": "Đây ạ", "attachments": [{"object_key": upload["object_key"]}]}, token=an)
    assert reply.status_code == 201, reply.text
    shop.drain()

    # Then the message, read back, describes the file and links to the very bytes uploaded
    [attachment] = api.get(f"/conversations/{conversation_id}/messages", token=an).json()["items"][-1]["attachments"]
    assert {k: attachment[k] for k in ("type", "name", "object_key", "content_type", "size")} == {
        "type": "image", "name": "size chart.png", "object_key": upload["object_key"],
        "content_type": "image/png", "size": len(PHOTO),
    }
    downloaded = requests.get(attachment["url"], timeout=30)
    assert downloaded.status_code == 200 and downloaded.content == PHOTO

    # And the channel was sent a link it can fetch the same bytes from, not the bucket key
    [sent] = [m for m in api.get("/_local/outbox").json()["items"] if m["connection_id"] == conn["connection_id"]]
    [sent_attachment] = sent["payload"]["message"]["attachments"]
    assert "object_key" not in sent_attachment
    assert requests.get(sent_attachment["url"], timeout=30).content == PHOTO


def test_a_reply_naming_a_file_never_uploaded_is_refused(api):
    # Given an upload URL An never used
    shop = Shop(api, ["An"])
    conversation_id = shop.write(shop.shared(["An"]))
    an = shop.token("An")
    upload = api.post("/uploads", json={"file_name": "a.pdf", "content_type": "application/pdf", "size": 10}, token=an).json()

    # When An replies naming it
    reply = api.post(f"/conversations/{conversation_id}/messages",
                     json={"attachments": [{"object_key": upload["object_key"]}]}, token=an)

    # Then 422 attachment_not_uploaded, and the conversation holds only the customer's message
    assert reply.status_code == 422, reply.text
    assert reply.json()["error"]["code"] == "attachment_not_uploaded"
    items = api.get(f"/conversations/{conversation_id}/messages", token=an).json()["items"]
    assert [m["direction"] for m in items] == ["in"]


def test_the_local_stack_says_translation_is_unavailable(api):
    # Given a conversation with a Vietnamese customer message (the local stack has no Amazon Translate)
    shop = Shop(api, ["An"])
    conversation_id = shop.write(shop.shared(["An"]), text="Xin chào", language="vi")
    an = shop.token("An")

    # When An translates a draft, or reads the messages translated
    draft = api.post("/translate", json={"text": "Hello!", "target_language": "vi"}, token=an)
    page = api.get(f"/conversations/{conversation_id}/messages?translate_to=en", token=an)

    # Then both are 501 translation_unavailable in the API's error body, never a made-up translation
    for response in (draft, page):
        assert response.status_code == 501, response.text
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
        assert body["error"]["code"] == "translation_unavailable" and body["error"]["message"]

    # And without translate_to the messages are read as usual
    plain = api.get(f"/conversations/{conversation_id}/messages", token=an)
    assert plain.status_code == 200 and [m["translation"] for m in plain.json()["items"]] == [None]
