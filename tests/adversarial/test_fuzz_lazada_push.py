"""Lazada's push with arbitrary and adversarial bodies, signed as Lazada signs (Authorization = HMAC-SHA256 of
app key + body) so they reach parsing, through the ingest handler on moto (in process); and the same bodies
signed with another secret.

Properties: never a 5xx; a 4xx stores nothing (no write anywhere); a 2xx that says it stored nothing wrote
nothing, and one that stored holds the message Lazada's push named (by its message id); a body signed with
another secret is a 401 that stores nothing.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.fuzz_support import StoreRecorder, adversarial_body
from tests.integration.conftest import STACK  # serialized in-process moto, before switchboard is imported
from tests.moto_env import stack_in_process

from switchboard import wiring  # noqa: E402  (after moto: see tests/moto_env.py)
from switchboard.channels.marketplaces.lazada import push_signature  # noqa: E402
from switchboard.clock import current_clock  # noqa: E402
from switchboard.connections import connect_channel  # noqa: E402
from switchboard.jsonbody import UnacceptableJson, parse  # noqa: E402
from switchboard.models import Channel, ConnectionMode  # noqa: E402
from tests.integration.support import http_event, invoke, new_org  # noqa: E402

FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
APP_KEY, APP_SECRET = "fuzz-app", "fuzz-secret"
_serial = itertools.count()


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[str, str, StoreRecorder]]:
    """An organization with a Lazada store; its seller id."""
    stack_in_process(STACK)
    owner, _, _, _ = new_org(1)
    seller = f"9{uuid.uuid4().int % 10**9}"
    connect_channel(owner, channel=Channel.LAZADA, name="Lazada", external_id=seller,
                    credentials={"client_id": APP_KEY, "client_secret": APP_SECRET, "refresh_token": "r"},
                    mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(), rules=wiring.rules(),
                    secrets=wiring.secret_store(), clock=current_clock())
    wiring.directory().forget()
    recorder = StoreRecorder()
    recorder.install()
    yield owner.org_id, seller, recorder
    recorder.uninstall()


def push_body(seller: str, n: int, kind: str) -> dict:
    """Lazada's IM message push as documented (articleId 121553), or its session update (121554)."""
    now = int(time.time() * 1000)
    if kind == "session":
        return {"seller_id": seller, "message_type": 19, "timestamp": now, "site": "lazada_vn", "data": {
            "sync_type": "SESSION_UPDATE", "user_account_id": seller, "user_account_type": 2,
            "session_id": f"{seller}_2_{n}_1_103", "unread_count": 0, "to_position": now, "self_position": now,
            "site_id": "VN"}}
    return {"seller_id": seller, "message_type": 2, "timestamp": now, "site": "lazada_vn", "data": {
        "session_id": f"{seller}_2_{n}_1_103", "message_id": f"lz-{n}", "content": json.dumps({"txt": "Còn hàng không?"}),
        "from_account_id": str(n), "from_account_type": 1, "send_time": now, "template_id": 1,
        "to_account_id": seller, "to_account_type": 2, "type": 1, "site_id": "VN", "process_msg": "",
        "auto_reply": False, "status": 0}}


def _event(text: str, secret: str) -> dict:
    return http_event("POST", "/webhooks/lazada", body=text, headers={
        "content-type": "application/json", "authorization": push_signature(APP_KEY, text.encode(), secret)})


def _named_message(text: str) -> str | None:
    try:
        body = parse(text, lone_surrogates="replace")
    except UnacceptableJson:
        return None
    data = body.get("data") if isinstance(body, dict) and isinstance(body.get("data"), dict) else {}
    return str(data.get("message_id")) if data.get("message_id") is not None else None


@FUZZ
@given(data=st.data())
def test_any_push_body_is_a_4xx_storing_nothing_or_a_2xx_storing_what_it_named(store, data):
    # Given a push body, mutated into adversarial JSON (or any JSON text), signed as Lazada signs
    org_id, seller, recorder = store
    kind = data.draw(st.sampled_from(["message", "session"]), label="kind")
    text = data.draw(adversarial_body(push_body(seller, next(_serial), kind)), label="body")

    # When Lazada delivers it
    with recorder.recording() as stored_calls:
        response = invoke("ingest", _event(text, APP_SECRET))

    # Then: never a 5xx; a 4xx stored nothing; a 2xx stored what it named, or nothing when it says so
    status = response["statusCode"]
    assert status < 500, (text[:300], response["body"][:300])
    answer = json.loads(response["body"])
    if status >= 400:
        assert set(answer) == {"error"} and answer["error"]["code"], answer
        assert stored_calls == [], (text[:300], status, answer, stored_calls)
        return
    if answer["stored"] == 0:
        assert stored_calls == [], (text[:300], answer, stored_calls)
        return
    [conversation_id] = answer["conversation_ids"]
    messages, _ = wiring.conversations().messages(wiring.conversations().get(org_id, conversation_id).conversation_id,
                                                  limit=200, cursor=None)
    assert _named_message(text) in {m.channel_message_id for m in messages}, (text[:300], answer)


@FUZZ
@given(data=st.data())
def test_a_push_signed_with_another_secret_is_refused_and_stores_nothing(store, data):
    _, seller, recorder = store
    kind = data.draw(st.sampled_from(["message", "session"]), label="kind")
    text = data.draw(adversarial_body(push_body(seller, next(_serial), kind)), label="body")
    with recorder.recording() as stored_calls:
        response = invoke("ingest", _event(text, "not-the-app-secret"))
    assert 400 <= response["statusCode"] < 500, response
    assert stored_calls == []
