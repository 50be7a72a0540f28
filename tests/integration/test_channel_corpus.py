"""Every documented Zalo OA and Messenger webhook event (tests/fixtures/channels), signed as the channel signs it,
through the real ingest handler for a connected account: stored, acknowledged or applied, never refused for being real."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from pathlib import Path

import pytest

from switchboard import wiring
from switchboard.connections import connect_channel
from switchboard.clock import current_clock
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.models import Channel, ConnectionMode
from tests.integration.support import dynamodb_calls, http_event, invoke, new_org

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "channels"
ZALO_APP_ID, ZALO_SECRET = "app", "secret"  # support.zalo_connection's credentials
APP_SECRET = "corpus-app-secret"  # one Meta app: every page of a batch is signed with its secret


def fixtures(channel: str) -> list[Path]:
    return sorted((CORPUS / channel).glob("*.json"))


def _fill(body: dict, ids: dict[str, str]) -> bytes:
    text = json.dumps(body, ensure_ascii=False)
    for placeholder, value in ids.items():
        text = text.replace(placeholder, value)
    return text.encode()


def _zalo_event(raw: bytes) -> dict:
    timestamp = str(json.loads(raw)["timestamp"])
    mac = hashlib.sha256(ZALO_APP_ID.encode() + raw + timestamp.encode() + ZALO_SECRET.encode()).hexdigest()
    return http_event("POST", "/webhooks/zalo", body=raw, headers={"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"})


def _messenger_event(raw: bytes) -> dict:
    signature = hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return http_event("POST", "/webhooks/messenger", body=raw,
                      headers={"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"})


def _page(owner):
    conn = connect_channel(
        owner, channel=Channel.MESSENGER, name="Page", external_id=f"page-{uuid.uuid4().hex[:10]}",
        credentials={"app_secret": APP_SECRET, "verify_token": uuid.uuid4().hex, "page_access_token": "t"},
        mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(), rules=wiring.rules(),
        secrets=wiring.secret_store(), clock=current_clock(),
    )
    wiring.directory().forget()
    return conn


def _thread(connection_id: str, channel_user_id: str):
    conversation_id = conversation_id_for(contact_id_for(connection_id, channel_user_id))
    return wiring.conversations().messages(conversation_id, limit=50, cursor=None)[0]


def _check_stored(expect: dict, messages) -> None:
    if "attachments" in expect:
        stored = [{k: v for k, v in a.model_dump(exclude_none=True).items() if k in ("type", "url", "name", "size")}
                  for m in messages for a in m.attachments]
        assert stored == expect["attachments"]
    if "text" in expect:
        assert [m.text for m in messages] == [expect["text"]]


@pytest.mark.parametrize("path", fixtures("zalo"), ids=lambda p: p.stem)
def test_every_documented_zalo_event_is_accepted(aws, clock, path):
    # Given a connected Zalo OA and one documented event, addressed to it and signed as Zalo signs
    fixture = json.loads(path.read_text())
    _, _, conn, oa_id = new_org(0)
    user_id = f"zu-{uuid.uuid4().hex[:8]}"
    raw = _fill(fixture["body"], {"<OA_ID>": oa_id, "<USER_ID>": user_id, "<APP_ID>": ZALO_APP_ID})

    # When Zalo delivers it
    response = invoke("ingest", _zalo_event(raw))

    # Then it is answered as documented (never refused), and only a customer's message is stored, once
    expect = fixture["expect"]
    assert response["statusCode"] == expect["status"], response
    assert json.loads(response["body"])["stored"] == expect["stored"], response
    messages = _thread(conn.connection_id, user_id)
    assert len(messages) == expect["stored"]
    assert all(m.direction == "in" for m in messages)
    _check_stored(expect, messages)


@pytest.mark.parametrize("path", fixtures("messenger"), ids=lambda p: p.stem)
def test_every_documented_messenger_event_is_accepted(aws, clock, path):
    # Given two connected pages of one Meta app, and one documented delivery, signed with the app's secret
    fixture = json.loads(path.read_text())
    owner, _, _, _ = new_org(0)
    first, second = _page(owner), _page(owner)
    psid = f"psid-{uuid.uuid4().hex[:8]}"
    ids = {"<PAGE_ID>": first.external_id, "<SECOND_PAGE_ID>": second.external_id,
           "<UNKNOWN_PAGE_ID>": f"page-unknown-{uuid.uuid4().hex[:8]}", "<PSID>": psid}
    raw = _fill(fixture["body"], ids)

    # When Messenger delivers it
    response = invoke("ingest", _messenger_event(raw))

    # Then it is answered as documented (never refused), and each page's messages are stored on that page
    expect = fixture["expect"]
    assert response["statusCode"] == expect["status"], response
    assert json.loads(response["body"])["stored"] == expect["stored"], response
    sender = psid if "<PSID>" in json.dumps(fixture["body"]) else "USER-REF-ID"
    per_page = expect.get("per_page", {"<PAGE_ID>": expect["stored"]})
    pages = {"<PAGE_ID>": first, "<SECOND_PAGE_ID>": second}
    for placeholder, page in pages.items():
        messages = _thread(page.connection_id, sender)
        assert len(messages) == per_page.get(placeholder, 0), placeholder
        assert all(m.direction == "in" for m in messages)
    _check_stored(expect, _thread(first.connection_id, sender))


def test_the_corpus_covers_every_event_the_issue_names():
    # Given the corpus / Then it holds each kind of event issue 13 lists, for both channels
    zalo = {p.stem for p in fixtures("zalo")}
    messenger = {p.stem for p in fixtures("messenger")}
    assert {"follow", "unfollow", "user_received_message", "user_seen_message", "oa_send_text", "user_send_location",
            "user_send_file", "user_send_sticker", "user_send_image", "user_send_link"} <= zalo
    assert {"delivery", "read", "echo", "postback", "referral_shortlink", "standby_message", "reaction",
            "message_sticker", "message_file", "message_image", "batch_two_pages", "batch_unknown_first_page"} <= messenger
    for path in fixtures("zalo") + fixtures("messenger"):
        fixture = json.loads(path.read_text())
        assert fixture["_source"] and fixture["_note"] and "status" in fixture["expect"], path.name


def _batch(*pages: str) -> bytes:
    return json.dumps({"object": "page", "entry": [
        {"id": page, "time": 1458692752478, "messaging": [
            {"sender": {"id": "psid-batch"}, "recipient": {"id": page}, "timestamp": 1458692752478,
             "message": {"mid": f"mid.{page}", "text": "hello"}}]} for page in pages]}).encode()


def test_a_batch_entry_for_a_page_of_another_app_is_skipped_and_the_others_kept(aws, clock):
    # Given a page of our app, and a page connected with another app's secret
    owner, _, _, _ = new_org(0)
    ours = _page(owner)
    other = connect_channel(
        owner, channel=Channel.MESSENGER, name="Other", external_id=f"page-{uuid.uuid4().hex[:10]}",
        credentials={"app_secret": "another-app", "verify_token": uuid.uuid4().hex, "page_access_token": "t"},
        mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(), rules=wiring.rules(),
        secrets=wiring.secret_store(), clock=current_clock(),
    )
    wiring.directory().forget()

    # When a delivery signed with our app's secret names both pages
    response = invoke("ingest", _messenger_event(_batch(other.external_id, ours.external_id)))

    # Then our page's message is stored, and nothing is stored for the page the signature does not vouch for
    assert response["statusCode"] == 200, response
    assert len(_thread(ours.connection_id, "psid-batch")) == 1
    assert _thread(other.connection_id, "psid-batch") == []


@pytest.mark.parametrize("known", [False, True], ids=["no page known", "known page, wrong secret"])
def test_a_batch_no_page_of_which_verifies_is_refused(aws, clock, known):
    # Given a delivery whose pages are all unknown here, or known but not signed with their secret
    owner, _, _, _ = new_org(0)
    page = _page(owner).external_id if known else f"page-unknown-{uuid.uuid4().hex[:6]}"
    event = _messenger_event(_batch(f"page-unknown-{uuid.uuid4().hex[:6]}", page))
    if known:
        event["headers"]["x-hub-signature-256"] = "sha256=" + "0" * 64

    # When delivered / Then it is refused as a single unknown or forged delivery is (404 / 401)
    assert invoke("ingest", event)["statusCode"] == (401 if known else 404)


def test_a_zalo_receipt_and_echo_cost_no_dynamodb_request_once_the_oa_is_cached(aws, clock, monkeypatch):
    # Given a Zalo OA whose connection this container has cached (a customer wrote once)
    
    _, _, _, oa_id = new_org(0)
    user_id = f"zu-{uuid.uuid4().hex[:8]}"
    ids = {"<OA_ID>": oa_id, "<USER_ID>": user_id, "<APP_ID>": ZALO_APP_ID}
    first = json.loads((CORPUS / "zalo" / "user_send_text.json").read_text())["body"]
    assert invoke("ingest", _zalo_event(_fill(first, ids)))["statusCode"] == 200
    calls = dynamodb_calls(monkeypatch)

    # When Zalo delivers a receipt and an echo of the OA's own message
    for name in ("user_received_message", "user_seen_message", "oa_send_text"):
        body = json.loads((CORPUS / "zalo" / f"{name}.json").read_text())["body"]
        assert invoke("ingest", _zalo_event(_fill(body, ids)))["statusCode"] == 200

    # Then they were verified with the cached connection and secret, and nothing was read or written
    assert calls == []
