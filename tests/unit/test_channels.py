"""Channel adapters: webhook signatures, parsing into inbound events, and outbound payloads."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from switchboard.adapters.http import HttpResponse
from switchboard.channels.base import OutboundMessage, WebhookRequest
from switchboard.channels.messenger import MessengerAdapter
from switchboard.channels.signed import SignedWebhookAdapter
from switchboard.channels.zalo import ZaloAdapter
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields, MalformedRequest
from switchboard.models import Attachment, Channel, ConnectionSecrets

from tests.unit.builders import connection

# ---------------------------------------------------------------- Zalo

ZALO = ZaloAdapter()
ZALO_SECRETS = ConnectionSecrets(values={"app_id": "app-1", "oa_secret_key": "oa-secret", "access_token": "zt-1"})
ZALO_CONN = connection(Channel.ZALO, external_id="oa-1")
ZALO_TS = "1763802000000"  # 2025-11-22 09:00:00 UTC in milliseconds


def zalo_body(event_name: str = "user_send_text", **overrides) -> dict:
    body = {
        "app_id": "app-1",
        "event_name": event_name,
        "sender": {"id": "zu-42"},
        "recipient": {"id": "oa-1"},
        "message": {"msg_id": "zm-1", "text": "Còn size M không?"},
        "timestamp": ZALO_TS,
    }
    body.update(overrides)
    return body


def zalo_request(body: dict | bytes, *, app_id="app-1", secret="oa-secret", signature: str | None = None) -> WebhookRequest:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    ts = json.loads(raw).get("timestamp", "") if signature is None else ""
    mac = signature if signature is not None else hashlib.sha256(
        app_id.encode() + raw + str(ts).encode() + secret.encode()
    ).hexdigest()
    headers = {"x-zevent-signature": f"mac={mac}"} if mac else {}
    return WebhookRequest(method="POST", headers=headers, body=raw)


def test_zalo_correctly_signed_request_passes():
    # Given a request signed as API.md describes
    request = zalo_request(zalo_body())
    # When it is checked / Then no error is raised
    ZALO.require_signature(request)
    ZALO.verify(request, ZALO_SECRETS, datetime.now(UTC))


@pytest.mark.parametrize(
    "why,request_",
    [
        ("wrong secret", zalo_request(zalo_body(), secret="not-the-secret")),
        ("wrong app id", zalo_request(zalo_body(), app_id="app-2")),
        ("forged mac", zalo_request(zalo_body(), signature="0" * 64)),
    ],
)
def test_zalo_bad_signature_is_refused_with_401(why, request_):
    # Given a request whose mac does not match / When it is verified / Then BadSignature (401)
    with pytest.raises(BadSignature) as caught:
        ZALO.verify(request_, ZALO_SECRETS, datetime.now(UTC))
    assert caught.value.status == 401, why


def test_zalo_tampered_body_is_refused():
    # Given a correctly signed request whose body was changed afterwards
    signed = zalo_request(zalo_body())
    tampered = WebhookRequest(method="POST", headers=signed.headers, body=signed.body.replace(b"zu-42", b"zu-43"))
    # When it is verified / Then BadSignature
    with pytest.raises(BadSignature):
        ZALO.verify(tampered, ZALO_SECRETS, datetime.now(UTC))


def test_zalo_missing_signature_header_is_refused_before_anything_else():
    # Given a request with no X-ZEvent-Signature
    request = WebhookRequest(method="POST", headers={}, body=json.dumps(zalo_body()).encode())
    # When the signature is required or verified / Then BadSignature (401) both times
    with pytest.raises(BadSignature) as caught:
        ZALO.require_signature(request)
    assert caught.value.status == 401
    with pytest.raises(BadSignature):
        ZALO.verify(request, ZALO_SECRETS, datetime.now(UTC))


def test_zalo_malformed_json_is_a_400():
    # Given a body that is not JSON
    request = WebhookRequest(method="POST", headers={"x-zevent-signature": "mac=abc"}, body=b"{not json")
    # When it is located / Then MalformedRequest (400)
    with pytest.raises(MalformedRequest) as caught:
        ZALO.locate(request)
    assert caught.value.status == 400


def test_zalo_webhook_is_located_by_the_oa_id():
    # Given a Zalo event for OA oa-1 / When it is located / Then the locator names that OA
    locator = ZALO.locate(zalo_request(zalo_body()))
    assert (locator.channel, locator.external_id, locator.connection_id) == (Channel.ZALO, "oa-1", None)


def test_zalo_webhook_without_recipient_is_a_422():
    # Given a Zalo event without recipient.id / When it is located / Then InvalidFields (422)
    with pytest.raises(InvalidFields) as caught:
        ZALO.locate(zalo_request(zalo_body(recipient={})))
    assert caught.value.status == 422


def test_zalo_user_send_text_becomes_one_message_event():
    # Given a user_send_text event
    request = zalo_request(zalo_body())
    # When it is parsed
    events = ZALO.parse(request, ZALO_CONN)
    # Then there is one message from the sender, keyed by msg_id, timed by the body's timestamp
    assert len(events) == 1
    event = events[0]
    assert event.kind == "message"
    assert event.contact.channel_user_id == "zu-42"
    assert event.event_key == "zm-1" and event.channel_message_id == "zm-1"
    assert event.text == "Còn size M không?"
    assert event.sent_at == datetime(2025, 11, 22, 9, 0, tzinfo=UTC)
    assert event.connection == ZALO_CONN


def _call(event_name: str, **fields) -> dict:
    body = {"app_id": "app-1", "event_name": event_name, "timestamp": ZALO_TS, "oa_id": "oa-1", "user_id": "zu-42",
            "call_id": "c-1", "call_type": "AUDIO", "call_duration": "0", "talk_time": "0"}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize("body, text, interaction", [
    (_call("user_call_oa", talk_time="45400"), "The customer called the OA (audio call, 45 s)", True),
    (_call("user_call_oa", call_type="VIDEO", talk_time=None, call_duration="3780000"),
     "The customer called the OA (video call, 1 h 3 min)", True),
    (_call("user_call_oa"), "Missed audio call from the customer", True),
    (_call("oa_call_user", talk_time="61000"), "The OA called the customer (audio call, 1 min 1 s)", False),
    (_call("oa_call_user", talk_time="not a number"), "The OA's audio call to the customer was not answered", False),
], ids=["talked", "video, call_duration only", "missed", "the OA called", "unreadable time"])
def test_an_ended_zalo_call_is_the_sentence_the_thread_shows(body, text, interaction):
    # Given an ended call between the OA and its user / When it is parsed
    [event] = ZALO.parse(zalo_request(body), ZALO_CONN)
    # Then it is one call event of that user, keyed by the call, saying who called and how long they talked, and
    # the user's interaction only when they called
    assert (event.kind, event.contact.channel_user_id, event.event_key) == ("call", "zu-42", f"{body['event_name']}:c-1")
    assert (event.text, event.interaction) == (text, interaction)


@pytest.mark.parametrize("body", [
    _call("user_call_oa", user_id=None),
    zalo_body("widget_interaction_accepted", sender=None, recipient=None, oa_id="oa-1", data={"user_external_id": "x"}),
    zalo_body("oa_send_consent", sender=None, recipient=None, oa_id="oa-1", phone="84344127555", request_type="SENT"),
    zalo_body("add_user_to_tag", sender=None, recipient=None, oa_id="oa-1", tag={"name": "VIP", "user_ids": ["zu-42"]}),
    zalo_body("extension_purchased", sender=None, recipient=None, oa_id="oa-1", extension_id="app-1"),
    zalo_body("user_withdraw", sender=None, recipient=None, oa_id="oa-1"),
], ids=["a call naming no user", "a widget acceptance naming no user", "a consent request", "a label", "an extension",
        "a data request naming no user"])
def test_zalo_oa_events_without_a_customer_to_apply_them_to_are_acknowledged_not_refused(body):
    # Given an OA event that names no user of a conversation (or, reconstructed, lacks the user) / When parsed
    # Then nothing is made of it, and nothing raises (Zalo would retry a refusal, then disable the webhook)
    assert ZALO.parse(zalo_request({k: v for k, v in body.items() if v is not None}), ZALO_CONN) == []


def test_zalo_image_event_carries_its_attachment():
    # Given a user_send_image event
    body = zalo_body("user_send_image", message={"msg_id": "zm-2", "attachments": [{"type": "photo", "payload": {"url": "https://img/x.jpg"}}]})
    # When it is parsed / Then the message carries one image
    (event,) = ZALO.parse(zalo_request(body), ZALO_CONN)
    assert [(a.type, a.url) for a in event.attachments] == [("image", "https://img/x.jpg")]


@pytest.mark.parametrize(
    "overrides",
    [{"sender": {}}, {"message": {"text": "no id"}}, {"timestamp": "yesterday"}],
    ids=["no-sender", "no-msg-id", "bad-timestamp"],
)
def test_zalo_message_missing_required_fields_is_a_422(overrides):
    # Given a message event lacking a required field / When it is parsed / Then InvalidFields
    with pytest.raises(InvalidFields):
        ZALO.parse(zalo_request(zalo_body(**overrides)), ZALO_CONN)


@pytest.mark.parametrize(
    "sender, message",
    [({"id": "a3f9"}, {"msg_id": "zm-3", "text": "hi"}), ({"id": "a3:f9"}, {"msg_id": "zm-3", "conversation_id": "c0de"})],
    ids=["no-conversation-id", "colon-in-anonymous-id"],
)
def test_an_anonymous_zalo_message_without_both_ids_a_reply_needs_is_a_422(sender, message):
    # Given an anonymous_send_text whose Zalo conversation is missing, or whose anonymous id holds the separator
    body = zalo_body("anonymous_send_text", sender=sender, message=message)
    # When it is parsed / Then InvalidFields (422): a reply could not name the anonymous user
    with pytest.raises(InvalidFields):
        ZALO.parse(zalo_request(body), ZALO_CONN)


def test_zalo_outbound_posts_the_cs_message_with_the_access_token():
    # Given a text reply to Zalo user zu-42
    msg = OutboundMessage(recipient="zu-42", text="Có ạ", attachments=[], message_id="ms-1")
    # When the request is built
    req = ZALO.outbound(ZALO_CONN, ZALO_SECRETS, msg, "https://openapi.zalo.me/")
    # Then it is the customer-service message API with the OA's access token
    assert req.url == "https://openapi.zalo.me/v3.0/oa/message/cs"
    assert req.body == {"recipient": {"user_id": "zu-42"}, "message": {"text": "Có ạ"}}
    assert req.headers["access_token"] == "zt-1"


def test_zalo_outbound_image_uses_a_media_template():
    # Given an image reply
    msg = OutboundMessage(recipient="zu-42", text=None, attachments=[Attachment(type="image", url="https://x/a.jpg")], message_id="ms-1")
    # When the request is built / Then the image travels as a media template element
    req = ZALO.outbound(ZALO_CONN, ZALO_SECRETS, msg, "https://openapi.zalo.me")
    assert req.body["message"]["attachment"]["payload"]["elements"] == [{"media_type": "image", "url": "https://x/a.jpg"}]
    assert "text" not in req.body["message"]


@pytest.mark.parametrize(
    "status,body,retryable",
    [
        (500, {}, True),
        (503, {}, True),
        (429, {}, True),
        (400, {"error": -201, "message": "bad"}, False),
        (404, {}, False),
        (200, {"error": -213, "message": "User has not followed OA"}, False),
    ],
)
def test_zalo_send_failures_say_whether_to_retry(status, body, retryable):
    # Given a failed Zalo answer / When its message id is read / Then ChannelRejected says whether to retry
    with pytest.raises(ChannelRejected) as caught:
        ZALO.sent_id(HttpResponse(status, body))
    assert caught.value.retryable is retryable


def test_zalo_successful_send_returns_the_message_id():
    # Given Zalo's success answer / When the id is read / Then it is data.message_id
    assert ZALO.sent_id(HttpResponse(200, {"error": 0, "message": "Success", "data": {"message_id": "zid-9"}})) == "zid-9"


# ---------------------------------------------------------------- Messenger

MESSENGER = MessengerAdapter()
FB_SECRETS = ConnectionSecrets(values={"app_secret": "fb-secret", "verify_token": "vt", "page_access_token": "pat-1"})
FB_CONN = connection(Channel.MESSENGER, external_id="page-1", connection_id="cn-fb")


def fb_item(mid="m-1", sender="psid-7", text="hi", **message_extra):
    return {"sender": {"id": sender}, "recipient": {"id": "page-1"}, "timestamp": 1763802000000,
            "message": {"mid": mid, "text": text, **message_extra}}


def fb_body(*entries) -> dict:
    return {"object": "page", "entry": list(entries) or [{"id": "page-1", "time": 1, "messaging": [fb_item()]}]}


def fb_request(body: dict | bytes, *, secret="fb-secret", header=True) -> WebhookRequest:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"x-hub-signature-256": f"sha256={digest}"} if header else {}
    return WebhookRequest(method="POST", headers=headers, body=raw)


def test_messenger_correctly_signed_request_passes():
    # Given a request signed with the app secret / When verified / Then no error
    request = fb_request(fb_body())
    MESSENGER.require_signature(request)
    MESSENGER.verify(request, FB_SECRETS, datetime.now(UTC))


def test_messenger_wrong_secret_is_refused():
    # Given a request signed with another secret / When verified / Then BadSignature
    with pytest.raises(BadSignature):
        MESSENGER.verify(fb_request(fb_body(), secret="other"), FB_SECRETS, datetime.now(UTC))


def test_messenger_tampered_body_is_refused():
    # Given a signed request whose body changed afterwards
    signed = fb_request(fb_body())
    tampered = WebhookRequest(method="POST", headers=signed.headers, body=signed.body.replace(b"hi", b"yo"))
    # When verified / Then BadSignature
    with pytest.raises(BadSignature):
        MESSENGER.verify(tampered, FB_SECRETS, datetime.now(UTC))


def test_messenger_missing_signature_is_refused():
    # Given a request with no X-Hub-Signature-256
    request = fb_request(fb_body(), header=False)
    # When required or verified / Then BadSignature both times
    with pytest.raises(BadSignature):
        MESSENGER.require_signature(request)
    with pytest.raises(BadSignature):
        MESSENGER.verify(request, FB_SECRETS, datetime.now(UTC))


def test_messenger_malformed_json_is_a_400_and_missing_entry_a_422():
    # Given a non-JSON body and a JSON body without entries
    # When they are located / Then 400 and 422 respectively
    with pytest.raises(MalformedRequest):
        MESSENGER.locate(fb_request(b"[1, 2"))
    with pytest.raises(MalformedRequest):
        MESSENGER.locate(fb_request(b"[1, 2]"))  # JSON, but not an object
    with pytest.raises(InvalidFields):
        MESSENGER.locate(fb_request({"object": "page", "entry": []}))


def test_messenger_is_located_by_the_page_id():
    # Given a webhook for page-1 / When located / Then the locator names page-1
    assert MESSENGER.locate(fb_request(fb_body())).external_id == "page-1"


def test_messenger_message_becomes_an_event_from_the_sender():
    # Given a page message / When parsed
    (event,) = MESSENGER.parse(fb_request(fb_body()), FB_CONN)
    # Then one message from the PSID, keyed by mid
    assert event.kind == "message"
    assert event.contact.channel_user_id == "psid-7"
    assert event.event_key == "m-1" and event.text == "hi"
    assert event.sent_at == datetime(2025, 11, 22, 9, 0, tzinfo=UTC)


def test_messenger_reads_echoes_and_receipts_apart_from_messages_and_skips_other_pages():
    # Given a batch with an echo, a delivery receipt, a read receipt, another page's message and one real message
    body = fb_body(
        {"id": "page-1", "messaging": [
            fb_item("m-echo", is_echo=True) | {"sender": {"id": "page-1"}, "recipient": {"id": "psid-7"}},
            {"sender": {"id": "psid-7"}, "recipient": {"id": "page-1"}, "timestamp": 1, "delivery": {"mids": ["m-0"]}},
            {"sender": {"id": "psid-7"}, "recipient": {"id": "page-1"}, "timestamp": 1, "read": {"watermark": 1}},
            fb_item("m-real"),
        ]},
        {"id": "page-2", "messaging": [fb_item("m-other-page")]},
    )
    # When parsed for page-1
    events = MESSENGER.parse(fb_request(body), FB_CONN)
    # Then the echo is the page's message to the customer, the receipts name what they cover, the message is one
    assert [(e.kind, e.contact.channel_user_id) for e in events] == [
        ("echo", "psid-7"), ("receipt", "psid-7"), ("receipt", "psid-7"), ("message", "psid-7")]
    echo, delivery, read, message = events
    assert (echo.channel_message_id, message.event_key) == ("m-echo", "m-real")
    assert (delivery.receipt, delivery.receipt_ids, delivery.watermark) == ("delivered", ["m-0"], None)
    assert (read.receipt, read.receipt_ids, read.watermark) == ("read", [], datetime(1970, 1, 1, 0, 0, 0, 1000, tzinfo=UTC))


def test_messenger_message_without_sender_is_a_422():
    # Given a message with no sender / When parsed / Then InvalidFields
    item = fb_item()
    del item["sender"]
    with pytest.raises(InvalidFields):
        MESSENGER.parse(fb_request(fb_body({"id": "page-1", "messaging": [item]})), FB_CONN)


def test_messenger_outbound_is_a_response_message_to_the_psid():
    # Given a text reply to psid-7
    msg = OutboundMessage(recipient="psid-7", text="Hello", attachments=[], message_id="ms-1")
    # When the request is built
    req = MESSENGER.outbound(FB_CONN, FB_SECRETS, msg, "https://graph.facebook.com")
    # Then it is a RESPONSE to the page's Send API with the page token
    assert req.body == {"recipient": {"id": "psid-7"}, "messaging_type": "RESPONSE",
                        "message": {"text": "Hello", "metadata": "ms-1"}}
    assert req.url.startswith("https://graph.facebook.com/") and "/me/messages" in req.url
    assert "access_token=pat-1" in req.url


@pytest.mark.parametrize("status,retryable", [(500, True), (502, True), (429, True), (400, False), (403, False)])
def test_messenger_send_failures_say_whether_to_retry(status, retryable):
    # Given a failed Send API answer / When its id is read / Then ChannelRejected with the right retryability
    with pytest.raises(ChannelRejected) as caught:
        MESSENGER.sent_id(HttpResponse(status, {"error": {"message": "x"}}))
    assert caught.value.retryable is retryable


def test_messenger_successful_send_returns_the_message_id():
    # Given a success answer / When read / Then the message_id
    assert MESSENGER.sent_id(HttpResponse(200, {"recipient_id": "psid-7", "message_id": "mid.9"})) == "mid.9"


# ---------------------------------------------------------------- signed webhooks (web, partner, marketplace)

SIGNED = SignedWebhookAdapter(Channel.MARKETPLACE)
SIGNED_SECRETS = ConnectionSecrets(values={"signing_secret": "s3cret"})
SIGNED_CONN = connection(Channel.MARKETPLACE, connection_id="cn-mk")

API_EXAMPLE = {
    "event_id": "e-1", "type": "message",
    "contact": {"id": "c-9", "name": "Lan Nguyen", "store_name": "Lan Shop", "store_url": "https://lan.example", "language": "vi"},
    "entry": {"group": "pre-sales", "page": "home"},
    "message": {"id": "m-1", "text": "Is size M in stock?", "attachments": [{"type": "image", "url": "https://x/a.jpg", "name": "a.jpg"}]},
    "ticket": {"id": "t-1", "category": "pre_purchase", "issue_type": "size", "region": "EU",
               "order": {"id": "o-77", "created_at": "2026-11-01T00:00:00Z", "items": [{"item_id": "i-1", "name": "Shirt", "price": 12.5}]}},
    "rating": None, "sent_at": "2026-11-22T10:00:00Z",
}


def signed_request(body: dict | bytes, *, ts: int | None = None, secret="s3cret", headers: dict | None = None) -> WebhookRequest:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    stamp = str(int(time.time()) if ts is None else ts)
    sig = "sha256=" + hmac.new(secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    default = {"x-switchboard-timestamp": stamp, "x-switchboard-signature": sig}
    return WebhookRequest(method="POST", headers=default if headers is None else headers, body=raw,
                          path_params={"connection_id": "cn-mk"})


def now_utc() -> datetime:
    return datetime.now(UTC)


def test_signed_request_made_as_documented_passes():
    # Given a body signed with timestamp + "." + body / When verified / Then no error
    request = signed_request(API_EXAMPLE)
    SIGNED.require_signature(request)
    SIGNED.verify(request, SIGNED_SECRETS, now_utc())


def test_signed_wrong_secret_and_tampered_body_are_refused():
    # Given one request signed with the wrong secret and one changed after signing
    wrong = signed_request(API_EXAMPLE, secret="guess")
    good = signed_request(API_EXAMPLE)
    tampered = WebhookRequest(method="POST", headers=good.headers, body=good.body.replace(b"size M", b"size L"))
    # When verified / Then both are BadSignature
    for request in (wrong, tampered):
        with pytest.raises(BadSignature):
            SIGNED.verify(request, SIGNED_SECRETS, now_utc())


def test_signature_is_bound_to_its_timestamp():
    # Given a valid signature replayed under a fresh timestamp header
    old = signed_request(API_EXAMPLE, ts=int(time.time()) - 10)
    headers = {**old.headers, "x-switchboard-timestamp": str(int(time.time()))}
    # When verified / Then BadSignature
    with pytest.raises(BadSignature):
        SIGNED.verify(WebhookRequest("POST", headers, old.body), SIGNED_SECRETS, now_utc())


@pytest.mark.parametrize("missing", ["x-switchboard-signature", "x-switchboard-timestamp"])
def test_signed_request_missing_a_header_is_refused(missing):
    # Given a request missing one of the two headers
    request = signed_request(API_EXAMPLE)
    headers = {k: v for k, v in request.headers.items() if k != missing}
    # When the signature is required / Then BadSignature (401)
    with pytest.raises(BadSignature) as caught:
        SIGNED.require_signature(WebhookRequest("POST", headers, request.body))
    assert caught.value.status == 401


def test_signed_request_older_than_5_minutes_is_refused():
    # Given a request signed 6 minutes ago, with the stack's clock at wall time
    request = signed_request(API_EXAMPLE, ts=int(time.time()) - 360)
    # When verified / Then it is refused as stale
    with pytest.raises(BadSignature) as caught:
        SIGNED.verify(request, SIGNED_SECRETS, now_utc())
    assert caught.value.code == "stale_request"


def test_signed_request_from_the_future_beyond_5_minutes_is_refused():
    # Given a timestamp 10 minutes ahead of both clocks / When verified / Then refused
    with pytest.raises(BadSignature):
        SIGNED.verify(signed_request(API_EXAMPLE, ts=int(time.time()) + 600), SIGNED_SECRETS, now_utc())


def test_signed_request_a_little_old_is_accepted():
    # Given a request signed 4 minutes ago / When verified / Then accepted
    SIGNED.verify(signed_request(API_EXAMPLE, ts=int(time.time()) - 240), SIGNED_SECRETS, now_utc())


def test_stale_check_uses_both_wall_time_and_the_given_now():
    # Given the local stack's clock advanced by a day
    advanced = now_utc() + timedelta(days=1)
    # When a sender signs with real time / Then it is accepted (wall time matches)
    SIGNED.verify(signed_request(API_EXAMPLE), SIGNED_SECRETS, advanced)
    # When a sender signs with the stack's advanced time / Then it is accepted too (now matches)
    SIGNED.verify(signed_request(API_EXAMPLE, ts=int(advanced.timestamp())), SIGNED_SECRETS, advanced)
    # When the timestamp matches neither clock / Then it is refused
    with pytest.raises(BadSignature):
        SIGNED.verify(signed_request(API_EXAMPLE, ts=int(time.time()) - 3600), SIGNED_SECRETS, advanced)


def test_signed_request_with_a_non_numeric_timestamp_is_refused():
    # Given a timestamp that is not unix seconds / When verified / Then BadSignature
    with pytest.raises(BadSignature):
        SIGNED.verify(signed_request(API_EXAMPLE, headers={"x-switchboard-timestamp": "soon", "x-switchboard-signature": "sha256=00"}),
                      SIGNED_SECRETS, now_utc())


def test_signed_webhook_is_located_by_the_path_connection_id():
    # Given a request on /webhooks/marketplace/cn-mk / When located / Then it names cn-mk on this channel
    locator = SIGNED.locate(signed_request(API_EXAMPLE))
    assert (locator.channel, locator.connection_id) == (Channel.MARKETPLACE, "cn-mk")


def test_signed_api_example_parses_into_contact_entry_ticket_and_message():
    # Given the API.md example body / When parsed
    (event,) = SIGNED.parse(signed_request(API_EXAMPLE), SIGNED_CONN)
    # Then every documented field lands on the event
    assert event.kind == "message"
    assert event.event_key == "m-1" and event.channel_message_id == "m-1"
    assert event.contact.channel_user_id == "c-9"
    assert (event.contact.name, event.contact.store_name, event.contact.store_url, event.contact.language) == (
        "Lan Nguyen", "Lan Shop", "https://lan.example", "vi")
    assert (event.entry_group, event.entry_page) == ("pre-sales", "home")
    assert event.ticket.category == "pre_purchase" and event.ticket.id == "t-1" and event.ticket.issue_type == "size"
    assert event.ticket.order["id"] == "o-77"
    assert [(a.type, a.name) for a in event.attachments] == [("image", "a.jpg")]
    assert event.sent_at == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    assert event.rating is None


def test_signed_rating_event_carries_its_score():
    # Given a rating of 5 with no message
    body = {"event_id": "e-r", "type": "rating", "contact": {"id": "c-9"}, "rating": 5, "sent_at": "2026-11-22T10:00:00Z"}
    # When parsed / Then one rating event keyed by event_id
    (event,) = SIGNED.parse(signed_request(body), SIGNED_CONN)
    assert (event.kind, event.rating, event.event_key) == ("rating", 5, "e-r")


def _with(**changes):
    body = json.loads(json.dumps(API_EXAMPLE))
    for key, value in changes.items():
        if value is ...:
            body.pop(key, None)
        else:
            body[key] = value
    return body


@pytest.mark.parametrize(
    "why,body",
    [
        ("unknown category", _with(ticket={"id": "t-1", "category": "complaint"})),
        ("ticket not an object", _with(ticket="t-1")),
        ("unknown type", _with(type="typing")),
        ("rating out of range", _with(type="rating", rating=6)),
        ("rating missing", _with(type="rating", rating=None)),
        ("message without text or attachments", _with(message={"id": "m-1"})),
        ("no contact id", _with(contact={"name": "Lan"})),
        ("no sent_at", _with(sent_at=...)),
        ("sent_at not ISO", _with(sent_at="yesterday")),
        ("bad attachments", _with(message={"id": "m-1", "text": "x", "attachments": ["not-an-object"]})),
    ],
)
def test_signed_body_with_invalid_fields_is_a_422(why, body):
    # Given valid JSON with an invalid or missing field / When parsed / Then InvalidFields (422)
    with pytest.raises(InvalidFields) as caught:
        SIGNED.parse(signed_request(body), SIGNED_CONN)
    assert caught.value.status == 422, why


@pytest.mark.parametrize("category", ["pre_purchase", "post_purchase_ticket", "post_purchase_support"])
def test_signed_body_accepts_every_documented_ticket_category(category):
    # Given each documented category / When parsed / Then it is kept
    (event,) = SIGNED.parse(signed_request(_with(ticket={"id": "t", "category": category})), SIGNED_CONN)
    assert event.ticket.category == category


def test_signed_malformed_json_is_a_400():
    # Given a body that is not JSON / When parsed / Then MalformedRequest (400)
    with pytest.raises(MalformedRequest) as caught:
        SIGNED.parse(signed_request(b'{"event_id": '), SIGNED_CONN)
    assert caught.value.status == 400


@pytest.mark.parametrize("status,retryable", [(500, True), (429, True), (400, False), (410, False)])
def test_signed_callback_failures_say_whether_to_retry(status, retryable):
    # Given a failed callback answer / When read / Then ChannelRejected with the right retryability
    with pytest.raises(ChannelRejected) as caught:
        SIGNED.sent_id(HttpResponse(status, {}))
    assert caught.value.retryable is retryable


def test_signed_outbound_is_signed_so_the_receiver_can_verify_it():
    # Given a reply on a signed channel
    msg = OutboundMessage(recipient="c-9", text="Yes", attachments=[], message_id="ms-1")
    # When the request is built
    req = SIGNED.outbound(SIGNED_CONN, SIGNED_SECRETS, msg, "https://callbacks.example")
    # Then the receiver can check it with the same scheme as inbound webhooks
    raw = json.dumps(req.body).encode()
    echo = WebhookRequest("POST", {k.lower(): v for k, v in req.headers.items()}, raw)
    SIGNED.verify(echo, SIGNED_SECRETS, now_utc())
    assert req.body["recipient"] == {"id": "c-9"} and req.body["message"]["text"] == "Yes"
    assert req.url == "https://callbacks.example/marketplace/messages"


# ---------------------------------------------------------------- bad input never crashes (known bugs)

CRASHING_SHAPES = {
    "zalo attachments is a number": lambda: ZALO.parse(
        zalo_request(zalo_body(message={"msg_id": "zm-1", "attachments": 5})), ZALO_CONN),
    "messenger messaging is a number": lambda: MESSENGER.parse(
        fb_request(fb_body({"id": "page-1", "messaging": 5})), FB_CONN),
    "messenger entry is a number": lambda: MESSENGER.parse(fb_request({"object": "page", "entry": 5}), FB_CONN),
    "signed attachments is a number": lambda: SIGNED.parse(
        signed_request(_with(message={"id": "m-1", "text": "x", "attachments": 5})), SIGNED_CONN),
}


def test_zalo_message_that_is_not_an_object_is_a_422_not_a_crash():
    # Given a user_send_text event whose message is a string (so it has no msg_id)
    request = zalo_request(zalo_body(message="hello"))
    # When it is parsed / Then it is refused as invalid fields, never an unhandled error
    with pytest.raises(InvalidFields):
        ZALO.parse(request, ZALO_CONN)


@pytest.mark.parametrize("shape", list(CRASHING_SHAPES))
def test_a_body_of_the_wrong_shape_is_a_4xx_not_a_crash(shape):
    # Given a valid JSON body where a list or object field has the wrong type
    parse = CRASHING_SHAPES[shape]
    # When it is parsed / Then it is refused as bad input (400 or 422), never an unhandled error
    with pytest.raises((InvalidFields, MalformedRequest)):
        parse()


def _non_ascii_signature_request(adapter):
    if adapter is ZALO:
        return zalo_request(zalo_body(), signature="é" * 64), ZALO_SECRETS
    if adapter is MESSENGER:
        body = json.dumps(fb_body()).encode()
        return WebhookRequest("POST", {"x-hub-signature-256": "sha256=" + "é" * 64}, body), FB_SECRETS
    request = signed_request(API_EXAMPLE)
    headers = {**request.headers, "x-switchboard-signature": "sha256=" + "é" * 64}
    return WebhookRequest("POST", headers, request.body), SIGNED_SECRETS


@pytest.mark.parametrize("adapter", [ZALO, MESSENGER, SIGNED], ids=["zalo", "messenger", "signed"])
def test_a_signature_header_with_non_ascii_characters_is_a_401(adapter):
    # Given a request whose signature header holds non-ASCII characters
    request, secrets = _non_ascii_signature_request(adapter)
    # When it is verified / Then it is BadSignature (401), not an unhandled TypeError
    with pytest.raises(BadSignature):
        adapter.verify(request, secrets, now_utc())


def test_a_boolean_rating_is_a_422():
    # Given a rating event whose rating is JSON true
    body = {"event_id": "e-r", "type": "rating", "contact": {"id": "c-9"}, "rating": True, "sent_at": "2026-11-22T10:00:00Z"}
    # When parsed / Then it is refused: a rating is a whole number from 1 to 5
    with pytest.raises(InvalidFields):
        SIGNED.parse(signed_request(body), SIGNED_CONN)
