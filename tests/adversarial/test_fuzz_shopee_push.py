"""Shopee's Webchat Push with arbitrary and adversarial bodies, signed as Shopee signs (HMAC-SHA256 of the
callback URL, "|" and the raw body, keyed with the partner key) so they reach parsing, through the ingest
handler on moto (in process).

Properties (as tests/adversarial/test_fuzz_channels.py's for the other channels): never a 5xx; a 4xx stores
nothing; a 2xx stored what it said: nothing when it says `stored: 0`, else the conversation it names holds
the buyer's message by its Shopee message id (with the text a text message carried).
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.adversarial.fuzz_support import StoreRecorder, adversarial_body
from tests.adversarial.test_fuzz_channels import FUZZ, _parsed
from tests.integration.conftest import STACK  # serialized in-process moto, before switchboard is imported
from tests.moto_env import stack_in_process

from switchboard import wiring  # noqa: E402
from switchboard.channels.marketplaces.shopee import push_signature  # noqa: E402
from switchboard.clock import current_clock  # noqa: E402
from switchboard.connections import connect_channel  # noqa: E402
from switchboard.models import Channel, ConnectionMode  # noqa: E402
from tests.integration.support import http_event, invoke, new_org  # noqa: E402

PARTNER_KEY = "fuzz-partner-key"
PUSH_URL = "https://inbox.example/webhooks/shopee"
_serial = itertools.count()


@dataclass
class ShopeeShop:
    org_id: str
    shop_id: str
    recorder: StoreRecorder


@pytest.fixture(scope="module")
def shopee_shop() -> Iterator[ShopeeShop]:
    stack_in_process(STACK)
    owner, _, _, _ = new_org(1)
    shop_id = str(uuid.uuid4().int % 10**9 + 10**9)
    connect_channel(owner, channel=Channel.SHOPEE, name="shopee", external_id=shop_id, credentials={
        "client_id": "2001887", "client_secret": PARTNER_KEY, "shop_id": shop_id, "refresh_token": "r",
        "push_url": PUSH_URL}, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(),
        rules=wiring.rules(), secrets=wiring.secret_store(), clock=current_clock())
    wiring.directory().forget()
    recorder = StoreRecorder()
    recorder.install()
    yield ShopeeShop(owner.org_id, shop_id, recorder)
    recorder.uninstall()


def push_body(shop: ShopeeShop, n: int) -> dict:
    """A Webchat Push of a buyer's text, as local/fake_shopee.py sends it (the shape shopee.py documents)."""
    return {"msg_id": uuid.uuid4().hex, "shop_id": int(shop.shop_id), "code": 10, "timestamp": int(time.time()),
            "data": {"type": "message", "content": {
                "message_id": str(2_000_000 + n), "message_type": "text", "conversation_id": str(900 + n),
                "from_id": 7000 + n, "from_shop_id": 0, "from_user_name": "Minh", "to_id": int(shop.shop_id),
                "to_shop_id": int(shop.shop_id), "created_timestamp": int(time.time()),
                "content": {"text": "Shop ơi, còn size M không?"}}}}


def said(body: object) -> tuple[str, str | None] | None:
    """The buyer message the body carries: its id and, for a text message, its text."""
    message = (((body.get("data") or {}) if isinstance(body, dict) and isinstance(body.get("data"), dict) else {})
               .get("content"))
    if not isinstance(message, dict):
        return None
    content = message.get("content") if isinstance(message.get("content"), dict) else {}
    text = content.get("text") if message.get("message_type") in (None, "text") else None
    return str(message.get("message_id")), (str(text).lower() if isinstance(text, bool) else
                                            str(text) if isinstance(text, (str, int, float)) and text != "" else None)


@FUZZ
@given(data=st.data())
def test_any_signed_shopee_push_is_a_4xx_storing_nothing_or_a_2xx_storing_what_it_said(shopee_shop, data):
    # Given a Webchat Push mutated into adversarial JSON (or replaced by any JSON text), signed as Shopee signs
    text = data.draw(adversarial_body(push_body(shopee_shop, next(_serial))), label="body")
    event = http_event("POST", "/webhooks/shopee", body=text, headers={
        "content-type": "application/json", "authorization": push_signature(PARTNER_KEY, PUSH_URL, text.encode())})

    # When Shopee delivers it
    with shopee_shop.recorder.recording() as stored_calls:
        response = invoke("ingest", event)

    # Then: never a 5xx; a 4xx in the API's error body that stored nothing; a 2xx that stored what it said
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
    message_id, words = said(_parsed(text))
    [conversation_id] = answer["conversation_ids"]
    conv = wiring.conversations().get(shopee_shop.org_id, conversation_id)
    messages, _ = wiring.conversations().messages(conv.conversation_id, limit=200, cursor=None)
    kept = {m.channel_message_id: m.text for m in messages if m.direction == "in"}
    assert message_id in kept, (text[:300], kept)
    if words is not None:
        assert kept[message_id] == words, (text[:300], kept)
