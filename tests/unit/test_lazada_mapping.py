"""Lazada IM messages and pushes as our events (channels/marketplaces/lazada.py), without AWS or HTTP: the
documented push bodies (articleId 121553, 121554), message templates, system and recalled messages, the push
signature, and Lazada's codes read as HTTP statuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from switchboard.adapters.http import HttpResponse
from switchboard.channels.base import WebhookRequest
from switchboard.channels.marketplaces.lazada import (
    LazadaPushAdapter,
    as_status,
    message_event,
    push_signature,
    seller_ids,
)
from switchboard.channels.marketplaces.authorize import authorized_account
from switchboard.errors import BadSignature, InvalidFields
from switchboard.models import Card, Channel, Connection, ConnectionSecrets, InboundContact

CONNECTION = Connection(org_id="org", connection_id="cn", channel=Channel.LAZADA, name="Lazada", external_id="20240305",
                        connected_by="ag", connected_at=datetime(2026, 11, 1, tzinfo=UTC))
SECRETS = ConnectionSecrets(values={"client_id": "112233", "client_secret": "app-secret"})
CONTACT = InboundContact(channel_user_id="100094063_2_1011822749_1_103")

# The documentation's IM message push (articleId 121553), as Lazada shows it.
DOCUMENTED_MESSAGE = {
    "session_id": "100094063_2_1011822749_1_103", "message_id": "1zYOS7N0cuIqw96026",
    "content": "{\"txt\":\"hello world!\"}", "from_account_id": "1891549323", "from_account_type": 1,
    "send_time": 1596550789323, "template_id": 1, "to_account_id": "231135951", "to_account_type": 1, "type": 1,
    "site_id": "SG", "process_msg": "", "auto_reply": False, "status": 0,
}


def _push(message_type: int, data: dict, *, secret: str = "app-secret") -> WebhookRequest:
    body = json.dumps({"data": data, "seller_id": 20240305, "message_type": message_type}).encode()
    return WebhookRequest(method="POST", headers={"authorization": push_signature("112233", body, secret)}, body=body)


def test_the_documented_message_push_is_the_buyers_message_of_its_session():
    request = _push(2, DOCUMENTED_MESSAGE)
    adapter = LazadaPushAdapter()
    adapter.require_signature(request)
    assert adapter.locate(request).external_id == "20240305"
    adapter.verify(request, SECRETS, datetime.now(UTC))
    [event] = adapter.parse(request, CONNECTION)
    assert (event.kind, event.text, event.event_key, event.channel_message_id) == (
        "message", "hello world!", "lazada#1zYOS7N0cuIqw96026", "1zYOS7N0cuIqw96026")
    assert event.contact.channel_user_id == "100094063_2_1011822749_1_103"
    assert event.sent_at == datetime.fromtimestamp(1596550789.323, UTC)


def test_a_push_signed_with_another_secret_or_not_by_lazada_is_refused():
    adapter = LazadaPushAdapter()
    with pytest.raises(BadSignature):
        adapter.verify(_push(2, DOCUMENTED_MESSAGE, secret="other"), SECRETS, datetime.now(UTC))
    for header in ("", "Bearer abc", "é" * 64, "z" * 64):
        with pytest.raises(BadSignature):
            adapter.require_signature(WebhookRequest(method="POST", headers={"authorization": header}, body=b"{}"))


def test_the_documented_session_update_is_a_read_receipt_up_to_the_buyers_position():
    [event] = LazadaPushAdapter().parse(_push(19, {
        "sync_type": "SESSION_UPDATE", "user_account_id": "100094063", "user_account_type": 2,
        "session_id": "100094063_2_1011822749_1_103", "unread_count": 0, "to_position": 1596550789323,
        "self_position": 1596550789323, "site_id": "SG"}), CONNECTION)
    assert (event.kind, event.receipt, event.watermark) == ("receipt", "read", datetime.fromtimestamp(1596550789.323, UTC))


@pytest.mark.parametrize(("template", "content", "text", "image", "card"), [
    (3, {"imgUrl": "https://lzd.example/a.jpg"}, None, "https://lzd.example/a.jpg", None),
    (10006, {"itemId": "3344"}, None, None, Card(kind="item", id="3344")),
    (10007, {"orderId": "5566"}, None, None, Card(kind="order", id="5566")),
    (10007, {}, "Order card", None, None),
    (1, "plain text, not JSON", "plain text, not JSON", None, None),
])
def test_templates_become_text_an_image_or_a_card_with_its_id(template, content, text, image, card):
    # Given a buyer's message of each template (API reference SendMessage: 10006 item, 10007 order)
    raw = content if isinstance(content, str) else json.dumps(content)
    # When it is read
    event = message_event({**DOCUMENTED_MESSAGE, "template_id": template, "content": raw}, CONNECTION, CONTACT)
    # Then a card keeps its item or order id
    assert event.text == text
    assert [a.url for a in event.attachments] == ([image] if image else [])
    assert event.card == card


def test_system_and_recalled_messages_are_no_messages_and_the_sellers_are_echoes():
    assert message_event({**DOCUMENTED_MESSAGE, "type": 2}, CONNECTION, CONTACT) is None
    assert message_event({**DOCUMENTED_MESSAGE, "status": 1}, CONNECTION, CONTACT) is None
    assert message_event({**DOCUMENTED_MESSAGE, "from_account_type": 2}, CONNECTION, CONTACT).kind == "echo"
    with pytest.raises(InvalidFields):
        message_event({**DOCUMENTED_MESSAGE, "send_time": "yesterday"}, CONNECTION, CONTACT)


def test_other_pushes_are_acknowledged_with_nothing_to_store():
    assert LazadaPushAdapter().parse(_push(0, {"trade_order_id": "1", "order_status": "unpaid"}), CONNECTION) == []


def test_lazadas_codes_are_read_as_the_statuses_they_mean():
    assert as_status(HttpResponse(200, {"code": "ApiCallLimit"})).status == 429
    assert as_status(HttpResponse(200, {"code": "IllegalAccessToken"})).status == 401
    assert as_status(HttpResponse(200, {"code": "0"})).status == 200
    assert as_status(HttpResponse(503, {"code": "ApiCallLimit"})).status == 503


# The seller authorization guide's token sample (a cross-border seller: country "cb", one entry per country) and
# the API reference's GenerateAccessToken example (country_user_info keyed by country).
GUIDE_TOKEN = {"access_token": "50000601c30atpedfgu3LVvik87Ixlsvle3mSoB7701ceb156fPunYZ43GBg", "country": "cb",
               "country_user_info": [{"country": "sg", "seller_id": "1001", "user_id": 10101},
                                     {"country": "my", "seller_id": "2001", "user_id": 20101}]}
REFERENCE_TOKEN = {"country": "sg", "country_user_info": {"sg": {"seller_id": "1001", "user_id": 10101},
                                                          "my": {"seller_id": "2001", "user_id": 20101}}}


@pytest.mark.parametrize(("answer", "sellers"), [
    (GUIDE_TOKEN, ("1001", "2001")),  # cross-border: every country's seller
    (REFERENCE_TOKEN, ("1001",)),  # one country: its entry
    ({**GUIDE_TOKEN, "country": "vn", "country_user_info": [{"country": "vn", "seller_id": 20240305}]}, ("20240305",)),
    ({"country": "vn"}, ()),
])
def test_the_sellers_a_token_answer_is_for(answer, sellers):
    assert seller_ids(answer) == sellers


def test_a_store_id_must_be_one_the_authorization_names_and_left_out_it_is_that_one():
    # Given the sellers Lazada's token answer names
    # Then a store id among them is kept, one left out is filled in, another one is refused (422)
    assert authorized_account(Channel.LAZADA, "1001", ("1001", "2001")) == "1001"
    assert authorized_account(Channel.LAZADA, None, ("1001",)) == "1001"
    assert authorized_account(Channel.WISH, "m-1", ()) == "m-1"  # a marketplace that names none: as given
    with pytest.raises(InvalidFields) as refused:
        authorized_account(Channel.LAZADA, "1002", ("1001",))
    assert refused.value.code == "account_mismatch" and "1001" in refused.value.message
    with pytest.raises(InvalidFields) as ambiguous:
        authorized_account(Channel.LAZADA, None, ("1001", "2001"))
    assert ambiguous.value.code == "external_id_required"
