"""Issue 10, point 4: arbitrary and adversarial bodies on every channel's webhook, correctly signed so they reach
parsing, through the ingest handler on moto (in process).

Properties: never a 5xx; a 4xx stores nothing (no write anywhere: DynamoDB, SQS, Secrets Manager, Cognito, the
bus); a 2xx stored what it said: nothing when it says `stored: 0`, else each conversation it names holds the
customer's message with the text the body carried (a number as written, a lone surrogate as U+FFFD).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.fuzz_support import StoreRecorder, adversarial_body
from tests.integration.conftest import STACK  # serialized in-process moto, before switchboard is imported
from tests.moto_env import stack_in_process

from switchboard import wiring  # noqa: E402  (after moto: see tests/moto_env.py)
from switchboard.clock import current_clock  # noqa: E402
from switchboard.jsonbody import UnacceptableJson, parse  # noqa: E402
from switchboard.models import Channel, ConnectionMode  # noqa: E402
from switchboard.connections import connect_channel  # noqa: E402
from tests.integration.support import http_event, invoke, new_org  # noqa: E402

EXAMPLES = 60
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
SECRET = "fuzz-secret"
_serial = itertools.count()


@dataclass
class Shop:
    org_id: str
    oa_id: str
    page_id: str
    signed: dict[str, str]  # channel -> connection id
    recorder: StoreRecorder


@pytest.fixture(scope="module")
def shop() -> Iterator[Shop]:
    """One organization with a connection on every channel."""
    stack_in_process(STACK)
    owner, _, _, oa_id = new_org(1)

    def connect(channel: Channel, credentials: dict) -> str:
        conn = connect_channel(
            owner, channel=channel, name=channel.value, external_id=f"{channel.value}-{uuid.uuid4().hex[:8]}",
            credentials=credentials, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(),
            rules=wiring.rules(), secrets=wiring.secret_store(), clock=current_clock(),
        )
        return conn.external_id if channel == Channel.MESSENGER else conn.connection_id

    page_id = connect(Channel.MESSENGER, {"app_secret": SECRET, "verify_token": uuid.uuid4().hex, "page_access_token": "t"})
    signed = {c.value: connect(c, {"signing_secret": SECRET}) for c in (Channel.WEB, Channel.PARTNER, Channel.MARKETPLACE)}
    wiring.directory().forget()
    recorder = StoreRecorder()
    recorder.install()
    yield Shop(owner.org_id, oa_id, page_id, signed, recorder)
    recorder.uninstall()


# ------------------------------------------------------------------ a valid body per channel, and its signature


def _now_ms() -> int:
    return int(time.time() * 1000)


def zalo_body(shop: Shop, n: int) -> dict:
    return {"app_id": "app", "user_id_by_app": f"app-{n}", "event_name": "user_send_text", "timestamp": str(_now_ms()),
            "sender": {"id": f"zu-{n}"}, "recipient": {"id": shop.oa_id},
            "message": {"text": "Áo size M còn không?", "msg_id": f"zm-{n}",
                        "attachments": [{"type": "image", "payload": {"url": "https://zalo.example/a.png"}}]}}


def messenger_body(shop: Shop, n: int) -> dict:
    now = _now_ms()
    return {"object": "page", "entry": [{"id": shop.page_id, "time": now, "messaging": [{
        "sender": {"id": f"psid-{n}"}, "recipient": {"id": shop.page_id}, "timestamp": now,
        "message": {"mid": f"m_{n}", "text": "Where is my order?",
                    "attachments": [{"type": "image", "payload": {"url": "https://fb.example/a.png"}}]}}]}]}


# Messenger's events that are no customer's message (the corpus's, tests/fixtures/channels/messenger): an edit, a
# handover each way, a policy action on the page, an opt-in, an account linking, a CSAT answer.
MESSENGER_EVENTS = [
    {"message_edit": {"mid": "m_1", "text": "hello, world! (edited)", "num_edit": "1"}},
    {"take_thread_control": {"previous_owner_app_id": "1517776481860111", "new_owner_app_id": "263902037430900",
                             "metadata": "additional content"}},
    {"pass_thread_control": {"previous_owner_app_id": "263902037430900", "new_owner_app_id": "1517776481860111",
                             "metadata": "additional content"}},
    {"policy_enforcement": {"action": "warning", "reason": "The bot violated our Platform Policies."}},
    {"optin": {"type": "notification_messages", "notification_messages_token": "token", "title": "Deals",
               "notification_messages_status": "STOP NOTIFICATIONS"}},
    {"account_linking": {"status": "linked", "authorization_code": "code"}},
    {"messaging_feedback": {"feedback_screens": [{"screen_id": 0, "questions": {"q1": {
        "type": "csat", "payload": "4", "follow_up": {"type": "free_form", "payload": "Good service!"}}}}]}},
]


def messenger_event_body(shop: Shop, n: int) -> dict:
    """Each of them in one delivery (one shape whatever `n`, as the fuzzer needs)."""
    now = _now_ms()
    items = [{"sender": {"id": f"psid-{n}"}, "recipient": {"id": shop.page_id}, "timestamp": now, **event}
             for event in MESSENGER_EVENTS]
    return {"object": "page", "entry": [{"id": shop.page_id, "time": now, "messaging": items}]}


def signed_body(channel: str) -> Callable[[Shop, int], dict]:
    def body(shop: Shop, n: int) -> dict:
        document = {
            "event_id": f"e-{n}", "type": "message",
            "contact": {"id": f"c-{n}", "name": "Lan Nguyễn", "store_name": "Lan Shop", "store_url": "https://lan.example",
                        "language": "vi"},
            "entry": {"group": "pre-sales", "page": "home"},
            "message": {"id": f"m-{n}", "text": "Is size M in stock?",
                        "attachments": [{"type": "image", "url": "https://lan.example/a.jpg", "name": "a.jpg"}]},
            "rating": None, "sent_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        if channel == "marketplace":
            document["ticket"] = {"id": f"t-{n}", "category": "post_purchase_ticket", "issue_type": "size", "region": "EU",
                                  "order": {"id": f"o-{n}", "items": [{"item_id": "i-1", "name": "Shirt", "price": 12.5}]}}
        if channel == "partner":
            document["work_items"] = [{"id": f"w-{n}", "type": "job", "status": "open"}]
        return document

    return body


def _parsed(text: str) -> object:
    try:
        return parse(text, lone_surrogates="replace")
    except UnacceptableJson:
        return None


def zalo_event(shop: Shop, text: str) -> dict:
    sent = (_parsed(text) or {}).get("timestamp") if isinstance(_parsed(text), dict) else None
    timestamp = str(sent) if isinstance(sent, (str, int)) and not isinstance(sent, bool) else ""
    mac = hashlib.sha256(b"app" + text.encode() + timestamp.encode() + SECRET.encode()).hexdigest()
    return http_event("POST", "/webhooks/zalo", body=text,
                      headers={"content-type": "application/json", "x-zevent-signature": f"mac={mac}"})


def messenger_event(shop: Shop, text: str) -> dict:
    digest = hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()
    return http_event("POST", "/webhooks/messenger", body=text,
                      headers={"content-type": "application/json", "x-hub-signature-256": f"sha256={digest}"})


def signed_event(channel: str) -> Callable[[Shop, str], dict]:
    def event(shop: Shop, text: str) -> dict:
        timestamp = str(int(time.time()))
        digest = hmac.new(SECRET.encode(), timestamp.encode() + b"." + text.encode(), hashlib.sha256).hexdigest()
        connection_id = shop.signed[channel]
        return http_event("POST", f"/webhooks/{channel}/{connection_id}", route="/webhooks/{channel}/{connection_id}",
                          body=text, path_params={"channel": channel, "connection_id": connection_id},
                          headers={"content-type": "application/json", "x-switchboard-timestamp": timestamp,
                                   "x-switchboard-signature": f"sha256={digest}"})

    return event


CHANNELS = {
    "zalo": (zalo_body, zalo_event),
    "messenger": (messenger_body, messenger_event),
    "messenger-events": (messenger_event_body, messenger_event),
    **{c: (signed_body(c), signed_event(c)) for c in ("web", "partner", "marketplace")},
}


# ------------------------------------------------------------------ what the body said


def _as_text(value: object) -> str | None:
    """The text a message keeps: as the adapters read it (channels/base.text_field)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def said(channel: str, body: object) -> dict[str, str | None]:
    """The customer messages the body carries, by the channel's message id, with their texts."""
    if not isinstance(body, dict):
        return {}
    if channel == "zalo":
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        return {str(message.get("msg_id")): _as_text(message.get("text"))}
    if channel.startswith("messenger"):
        found = {}
        for entry in body.get("entry") or []:
            for item in (entry.get("messaging") or []) if isinstance(entry, dict) else []:
                message = item.get("message") if isinstance(item, dict) else None
                if isinstance(message, dict):
                    found[str(message.get("mid"))] = _as_text(message.get("text"))
        return found
    message = body.get("message") if isinstance(body.get("message"), dict) else {}
    return {str(message.get("id") or body.get("event_id")): _as_text(message.get("text"))}


def assert_stored_what_it_said(shop: Shop, channel: str, text: str, receipt: dict, stored_calls: list[str]) -> None:
    if receipt["stored"] == 0:
        if receipt.get("applied"):
            # An event applied to what exists (an edit, a handover, a policy action): updates, never a new item
            assert all(c.endswith(("UpdateItem", "TransactWriteItems")) for c in stored_calls), stored_calls
        else:
            assert stored_calls == [], (channel, text[:300], receipt, stored_calls)
        return
    expected = said(channel, _parsed(text))
    assert receipt["conversation_ids"], receipt
    for conversation_id in receipt["conversation_ids"]:
        conv = wiring.conversations().get(shop.org_id, conversation_id)  # in the organization the connection belongs to
        if (_parsed(text) or {}).get("type") in ("rating", "read"):
            continue  # a rating is counted, not a message
        messages, _ = wiring.conversations().messages(conv.conversation_id, limit=200, cursor=None)
        kept = {m.channel_message_id: m.text for m in messages if m.direction == "in"}
        assert any(kept.get(mid, "missing") == words for mid, words in expected.items()), (text[:300], expected, kept)


# ------------------------------------------------------------------ the property


@pytest.mark.parametrize("channel", list(CHANNELS))
@FUZZ
@given(data=st.data())
def test_any_signed_body_on_any_channel_is_a_4xx_storing_nothing_or_a_2xx_storing_what_it_said(shop, channel, data):
    # Given a body of this channel, mutated into adversarial JSON (or replaced by any JSON text), signed as the
    # channel signs
    make_body, make_event = CHANNELS[channel]
    text = data.draw(adversarial_body(make_body(shop, next(_serial))), label="body")

    # When the channel delivers it
    with shop.recorder.recording() as stored_calls:
        response = invoke("ingest", make_event(shop, text))

    # Then: never a 5xx; a 4xx in the API's error body that stored nothing; a 2xx that stored what it said
    status = response["statusCode"]
    assert status < 500, (channel, text[:300], response["body"][:300])
    answer = json.loads(response["body"])
    if status >= 400:
        assert set(answer) == {"error"} and answer["error"]["code"], answer
        assert stored_calls == [], (channel, text[:300], status, answer, stored_calls)
    else:
        assert status == 200, response
        assert_stored_what_it_said(shop, channel, text, answer, stored_calls)
