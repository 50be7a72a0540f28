"""Marketplaces' chat pushes (Shopee's Webchat Push, TikTok Shop's new-message webhook) with arbitrary and
adversarial bodies, signed as each marketplace signs so they reach parsing, through the ingest handler on
moto (in process).

Properties (as tests/adversarial/test_fuzz_channels.py's for the other channels): never a 5xx; a 4xx stores
nothing; a 2xx stored what it said: nothing when it says `stored: 0`, else the conversation it names holds
the buyer's message by its marketplace message id (with the text a text message carried).
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.adversarial.fuzz_support import StoreRecorder, adversarial_body
from tests.adversarial.test_fuzz_channels import FUZZ, _as_text, _parsed
from tests.integration.conftest import STACK  # serialized in-process moto, before switchboard is imported
from tests.moto_env import stack_in_process

from switchboard import wiring  # noqa: E402
from switchboard.channels.marketplaces import shopee, tiktok_shop  # noqa: E402
from switchboard.clock import current_clock  # noqa: E402
from switchboard.connections import connect_channel  # noqa: E402
from switchboard.models import Channel, ConnectionMode  # noqa: E402
from tests.integration.support import http_event, invoke, new_org  # noqa: E402

APP_ID, SECRET = "2001887", "fuzz-app-secret"
PUSH_URL = "https://inbox.example/webhooks/shopee"
_serial = itertools.count()


@dataclass
class Shops:
    org_id: str
    shop_ids: dict[str, str]  # channel -> the shop's id
    recorder: StoreRecorder


@pytest.fixture(scope="module")
def shops() -> Iterator[Shops]:
    """One organization with a Shopee shop and a TikTok Shop shop."""
    stack_in_process(STACK)
    owner, _, _, _ = new_org(1)
    shop_ids = {}
    for channel, more in ((Channel.SHOPEE, {"push_url": PUSH_URL}), (Channel.TIKTOK_SHOP, {"shop_cipher": "ROW_fuzz"})):
        shop_ids[channel.value] = str(uuid.uuid4().int % 10**9 + 10**9)
        connect_channel(owner, channel=channel, name=channel.value, external_id=shop_ids[channel.value], credentials={
            "client_id": APP_ID, "client_secret": SECRET, "shop_id": shop_ids[channel.value], "refresh_token": "r",
            **more}, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(), rules=wiring.rules(),
            secrets=wiring.secret_store(), clock=current_clock())
    wiring.directory().forget()
    recorder = StoreRecorder()
    recorder.install()
    yield Shops(owner.org_id, shop_ids, recorder)
    recorder.uninstall()


def shopee_push(shop_id: str, n: int) -> dict:
    """A Webchat Push of a buyer's text, as local/fake_shopee.py sends it (the shape shopee.py documents)."""
    return {"msg_id": uuid.uuid4().hex, "shop_id": int(shop_id), "code": 10, "timestamp": int(time.time()),
            "data": {"type": "message", "content": {
                "message_id": str(2_000_000 + n), "message_type": "text", "conversation_id": str(900 + n),
                "from_id": 7000 + n, "from_shop_id": 0, "from_user_name": "Minh", "to_id": int(shop_id),
                "to_shop_id": int(shop_id), "created_timestamp": int(time.time()),
                "content": {"text": "Shop ơi, còn size M không?"}}}}


def tiktok_push(shop_id: str, n: int) -> dict:
    """TikTok Shop's new-message webhook (14), as its event example shows it."""
    return {"type": 14, "tts_notification_id": str(7327112393057371910 + n), "shop_id": shop_id,
            "timestamp": int(time.time()), "data": {
                "content": json.dumps({"content": "Còn màu đỏ không?"}), "conversation_id": str(710688832392260838 + n),
                "create_time": int(time.time()), "is_visible": True, "message_id": str(722323407926368819 + n),
                "index": "7494560109732334274", "type": "TEXT", "sender": {"im_user_id": "707885565181165594",
                                                                            "role": "BUYER"}}}


def shopee_said(body: object) -> tuple[str, str | None] | None:
    data = body.get("data") if isinstance(body, dict) and isinstance(body.get("data"), dict) else {}
    message = data.get("content")
    if not isinstance(message, dict):
        return None
    content = message.get("content") if isinstance(message.get("content"), dict) else {}
    text = content.get("text") if message.get("message_type") in (None, "text") else None
    return str(message.get("message_id")), _as_text(text)


def tiktok_said(body: object) -> tuple[str, str | None] | None:
    data = body.get("data") if isinstance(body, dict) and isinstance(body.get("data"), dict) else {}
    if not data:
        return None
    text = tiktok_shop.content_of(data).get("content") if data.get("type") in (None, "TEXT") else None
    return str(data.get("message_id")), _as_text(text)


@dataclass(frozen=True)
class Marketplace:
    body: Callable[[str, int], dict]
    authorization: Callable[[bytes], str]
    said: Callable[[object], tuple[str, str | None] | None]


MARKETPLACES = {
    "shopee": Marketplace(shopee_push, lambda raw: shopee.push_signature(SECRET, PUSH_URL, raw), shopee_said),
    "tiktok_shop": Marketplace(tiktok_push, lambda raw: tiktok_shop.push_signature(APP_ID, SECRET, raw), tiktok_said),
}


@pytest.mark.parametrize("channel", list(MARKETPLACES))
@FUZZ
@given(data=st.data())
def test_any_signed_push_is_a_4xx_storing_nothing_or_a_2xx_storing_what_it_said(shops, channel, data):
    # Given a chat push mutated into adversarial JSON (or replaced by any JSON text), signed as the marketplace signs
    marketplace = MARKETPLACES[channel]
    text = data.draw(adversarial_body(marketplace.body(shops.shop_ids[channel], next(_serial))), label="body")
    # When the marketplace delivers it, Then it is a 4xx storing nothing or a 2xx storing what it said
    assert_delivered_as_said(shops, channel, text)


# Every member the adapters read, for the hostile values a fuzz run may not happen to draw there.
READ = {
    "shopee": [("shop_id",), ("code",), ("data",), ("data", "type"), ("data", "content"),
               *[("data", "content", name) for name in ("message_id", "from_id", "from_shop_id", "created_timestamp",
                                                         "message_type", "content", "from_user_name")],
               ("data", "content", "content", "text")],
    "tiktok_shop": [("shop_id",), ("type",), ("data",),
                    *[("data", name) for name in ("message_id", "conversation_id", "type", "content", "create_time",
                                                  "is_visible", "sender")],
                    ("data", "sender", "role"), ("data", "sender", "nickname")],
}
HOSTILE = ["abc", "", -1, 10**30, 1e308, None, True, [], {}, "9" * 300, '{"content": {"x": 1}}']


@pytest.mark.parametrize("channel", list(MARKETPLACES))
def test_each_member_the_adapter_reads_with_each_hostile_value_is_refused_or_stored_as_said(shops, channel):
    for path in READ[channel]:
        for value in HOSTILE:
            # Given a push whose member at `path` holds a hostile value, signed
            body = MARKETPLACES[channel].body(shops.shop_ids[channel], next(_serial))
            parent = body
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = value
            # When it is delivered, Then it is a 4xx storing nothing or a 2xx storing what it said
            assert_delivered_as_said(shops, channel, json.dumps(body))


def assert_delivered_as_said(shops: Shops, channel: str, text: str) -> None:
    marketplace = MARKETPLACES[channel]
    event = http_event("POST", f"/webhooks/{channel}", body=text, headers={
        "content-type": "application/json", "authorization": marketplace.authorization(text.encode())})
    with shops.recorder.recording() as stored_calls:
        response = invoke("ingest", event)
    # Never a 5xx; a 4xx in the API's error body that stored nothing; a 2xx that stored what it said
    status = response["statusCode"]
    assert status < 500, (channel, text[:300], response["body"][:300])
    answer = json.loads(response["body"])
    if status >= 400:
        assert set(answer) == {"error"} and answer["error"]["code"], answer
        assert stored_calls == [], (channel, text[:300], status, answer, stored_calls)
        return
    if answer["stored"] == 0:
        assert stored_calls == [], (channel, text[:300], answer, stored_calls)
        return
    message_id, words = marketplace.said(_parsed(text))
    [conversation_id] = answer["conversation_ids"]
    conv = wiring.conversations().get(shops.org_id, conversation_id)
    messages, _ = wiring.conversations().messages(conv.conversation_id, limit=200, cursor=None)
    kept = {m.channel_message_id: m.text for m in messages if m.direction == "in"}
    assert message_id in kept, (channel, text[:300], kept)
    if words is not None:
        assert kept[message_id] == words, (channel, text[:300], kept)
