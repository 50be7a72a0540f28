"""Every documented Zalo OA and Messenger webhook event (tests/fixtures/channels), signed as the channel signs it,
through the real ingest handler for a connected account: stored, acknowledged or applied, never refused for being real."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from switchboard import wiring
from switchboard.connections import connect_channel
from switchboard.clock import current_clock
from switchboard.ids import contact_id_for, conversation_id_for, timed_id
from switchboard.models import Attachment, Channel, ConnectionMode, Message
from switchboard.store import keys
from tests.integration.support import dynamodb_calls, http_event, invoke, new_org

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "channels"
ZALO_APP_ID, ZALO_SECRET = "app", "secret"  # support.zalo_connection's credentials
APP_SECRET = "corpus-app-secret"  # one Meta app: every page of a batch is signed with its secret
META_APP_ID = "1517776481860111"  # that app's id, as Meta's echo examples name it


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
        credentials={"app_secret": APP_SECRET, "verify_token": uuid.uuid4().hex, "page_access_token": "t",
                     "app_id": META_APP_ID},
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


def _given(fixture: dict, channel: str, ids: dict[str, str], signed, connection_id: str, user: str) -> list[str]:
    """The state a fixture's event acts on: the customer wrote (`conversation`: another fixture of the corpus),
    and the account's messages were sent with the channel ids the event names (`sent`: id and time in ms).
    The ids of the thread's messages so far."""
    given = fixture.get("given") or {}
    # The customer's conversation, then the events of the corpus that came before this one (`events`).
    for name in ([given["conversation"]] if "conversation" in given else []) + given.get("events", []):
        earlier = json.loads((CORPUS / channel / name).read_text())["body"]
        assert invoke("ingest", signed(_fill(earlier, ids)))["statusCode"] == 200, name
    conversation_id = conversation_id_for(contact_id_for(connection_id, user))
    for queued in given.get("queued", []):
        # An agent message of ours whose send is in flight (no channel id yet); its id fills <OUR_MESSAGE_ID>.
        at = datetime.fromtimestamp(queued["at"] / 1000, UTC)
        message_id = timed_id("ms", at)
        wiring.conversations().add_message(Message(
            conversation_id=conversation_id, message_id=message_id, sort_key=keys.message_sk(at, message_id),
            direction="out", text=queued["text"], attachments=[Attachment(**a) for a in queued.get("attachments", [])],
            status="queued", author_id="agent", created_at=at,
        ))
        ids["<OUR_MESSAGE_ID>"] = message_id
    for sent in given.get("sent", []):
        at = datetime.fromtimestamp(sent["at"] / 1000, UTC)
        message_id = timed_id("ms", at)
        wiring.conversations().add_message(Message(
            conversation_id=conversation_id, message_id=message_id, sort_key=keys.message_sk(at, message_id),
            direction="out", text="Da, shop xin gui", status="sent", channel_message_id=sent["channel_message_id"],
            author_id="agent", created_at=at,
        ))
    return [m.message_id for m in _thread(connection_id, user)]


def _check_applied(expect: dict, before: list[str], connection_id: str, user: str, answer: dict, *,
                   page: str = "<PAGE_ID>") -> None:
    """Then the event was applied as the fixture says: the customer's or the account's new messages stored once,
    the account's messages moved (oldest first), the contact's flag set."""
    thread = _thread(connection_id, user)
    new = [m for m in thread if m.message_id not in before]
    # A rating (Messenger's feedback template) is counted, not shown in the thread
    assert len(new) == expect.get("per_page", {}).get(page, 0 if expect.get("rated") else expect["stored"])
    assert answer.get("applied", 0) == expect.get("applied", 0), answer
    if "outbound" in expect:
        assert [m.status for m in thread if m.direction == "out"] == expect["outbound"]
        assert all(m.direction == "out" for m in new)
    elif expect.get("system"):
        # An event the thread shows as what happened (Zalo's shop order), no one's message
        assert [m.direction for m in new] == ["system"] * len(new)
    else:
        assert all(m.direction == "in" for m in new)
    conversation = wiring.conversations().find(conversation_id_for(contact_id_for(connection_id, user)))
    if "following" in expect:
        assert conversation.contact.following is expect["following"]
    if "contact" in expect:
        assert {k: getattr(conversation.contact, k) for k in expect["contact"]} == expect["contact"]
    if "thread_owner" in expect:
        # Messenger's handover protocol: who holds the thread, when it is not our app
        assert conversation.thread_owner_app_id == expect["thread_owner"]
    if "feedback" in expect:
        # The customer's thumbs up or down, on the page's message it names
        assert [m.feedback for m in thread if m.direction == "out"] == [expect["feedback"]]
    if "thread_requested" in expect:
        assert conversation.thread_requested_by_app_id == expect["thread_requested"]
    if "edited" in expect:
        edited = [m for m in thread if m.edits]
        assert [{"text": m.text, "original_text": m.original_text, "edits": m.edits} for m in edited] == [expect["edited"]]
    if "order" in expect:
        # The order is the conversation's, as a marketplace ticket's is (what a seller-started conversation checks)
        assert conversation.order == expect["order"]
    if "interaction" in expect:
        # An interaction that is no message keeps the channel's messaging window open from when it arrived.
        assert (conversation.last_interaction_at is not None) is expect["interaction"]
    _check_stored(expect, new)


@pytest.mark.parametrize("path", fixtures("zalo"), ids=lambda p: p.stem)
def test_every_documented_zalo_event_is_accepted_and_applied(aws, clock, path):
    # Given a connected Zalo OA, the state the event acts on, and one documented event addressed to it
    fixture = json.loads(path.read_text())
    _, _, conn, oa_id = new_org(0)
    user_id = f"zu-{uuid.uuid4().hex[:8]}"
    ids = {"<OA_ID>": oa_id, "<USER_ID>": user_id, "<APP_ID>": ZALO_APP_ID}
    before = _given(fixture, "zalo", ids, _zalo_event, conn.connection_id, user_id)

    # When Zalo delivers it, signed as Zalo signs
    response = invoke("ingest", _zalo_event(_fill(fixture["body"], ids)))

    # Then it is answered as documented (never refused), and stored once or applied as the fixture says, on the
    # contact the fixture names (an anonymous sender is the sender in that Zalo conversation)
    expect = fixture["expect"]
    assert response["statusCode"] == expect["status"], response
    answer = json.loads(response["body"])
    assert answer["stored"] == expect["stored"], response
    contact = expect.get("channel_user_id", "<USER_ID>").replace("<USER_ID>", user_id)
    _check_applied(expect, before if contact == user_id else [], conn.connection_id, contact, answer)
    if "enforcement" in expect:
        # The channel's action on the OA is on its connection, as GET /connections shows it
        enforcement = wiring.connections().get(conn.org_id, conn.connection_id).enforcement
        assert enforcement is not None and enforcement.action == expect["enforcement"]


@pytest.mark.parametrize("path", fixtures("messenger"), ids=lambda p: p.stem)
def test_every_documented_messenger_event_is_accepted_and_applied(aws, clock, path):
    # Given two connected pages of one Meta app, the state the event acts on, and one documented delivery
    fixture = json.loads(path.read_text())
    owner, _, _, _ = new_org(0)
    first, second = _page(owner), _page(owner)
    psid = f"psid-{uuid.uuid4().hex[:8]}"
    ids = {"<PAGE_ID>": first.external_id, "<SECOND_PAGE_ID>": second.external_id,
           "<UNKNOWN_PAGE_ID>": f"page-unknown-{uuid.uuid4().hex[:8]}", "<PSID>": psid, "<APP_ID>": META_APP_ID}
    sender = psid if "<PSID>" in json.dumps(fixture["body"]) else "USER-REF-ID"
    before = _given(fixture, "messenger", ids, _messenger_event, first.connection_id, sender)

    # When Messenger delivers it, signed with the app's secret
    response = invoke("ingest", _messenger_event(_fill(fixture["body"], ids)))

    # Then it is answered as documented (never refused), each page's messages stored on that page, and applied
    expect = fixture["expect"]
    assert response["statusCode"] == expect["status"], response
    answer = json.loads(response["body"])
    assert answer["stored"] == expect["stored"], response
    per_page = expect.get("per_page")
    if per_page:
        for placeholder, page in {"<PAGE_ID>": first, "<SECOND_PAGE_ID>": second}.items():
            messages = _thread(page.connection_id, sender)
            assert len(messages) == per_page.get(placeholder, 0), placeholder
            assert all(m.direction == "in" for m in messages)
    else:
        assert _thread(second.connection_id, sender) == []
    _check_applied(expect, before, first.connection_id, sender, answer)
    if expect.get("rated"):
        # The rating was counted, once: its redelivery is a duplicate
        again = json.loads(invoke("ingest", _messenger_event(_fill(fixture["body"], ids)))["body"])
        assert (again["stored"], again["duplicates"]) == (0, 1), again
    if "app_role" in expect:
        # Our app's role on the page (handover protocol), on the page's connection
        assert wiring.connections().get(owner.org_id, first.connection_id).app_role.role == expect["app_role"]
    if "enforcement" in expect:
        # The channel's policy action is on the page's connection, as GET /connections shows it
        enforcement = wiring.connections().get(owner.org_id, first.connection_id).enforcement
        assert enforcement is not None and enforcement.action == expect["enforcement"]


def test_the_corpus_covers_every_event_the_issue_names():
    # Given the corpus / Then it holds each kind of event issue 13 lists, for both channels
    zalo = {p.stem for p in fixtures("zalo")}
    messenger = {p.stem for p in fixtures("messenger")}
    assert {"follow", "unfollow", "user_received_message", "user_seen_message", "oa_send_text", "user_send_location",
            "user_send_file", "user_send_sticker", "user_send_image", "user_send_link", "anonymous_send_text",
            "anonymous_send_image", "anonymous_send_file", "anonymous_send_sticker", "shop_has_order",
            "user_submit_info", "permission_revoked", "user_send_group_text", "oa_send_group_text", "user_join_group",
            "user_feedback", "change_template_status", "widget_interaction_accepted", "user_call_oa", "oa_call_user",
            "oa_send_consent", "user_reply_consent", "update_user_info", "add_user_to_tag", "remove_user_from_tag",
            "widget_failed_to_sync_user_external_id", "extension_purchased", "user_withdraw"} <= zalo
    assert {"delivery", "read", "echo", "postback", "referral_shortlink", "standby_message", "reaction",
            "message_sticker", "message_file", "message_image", "batch_two_pages", "batch_unknown_first_page",
            "message_edit", "handover_pass_thread_control", "handover_take_thread_control", "policy_enforcement_block",
            "optin_notification_messages", "optin_send_to_messenger", "account_linking_linked", "send_cart",
            "messaging_customer_information", "handover_request_thread_control", "handover_app_roles",
            "response_feedback", "messaging_game_plays"} <= messenger
    for path in fixtures("zalo") + fixtures("messenger"):
        fixture = json.loads(path.read_text())
        assert fixture["_source"] and fixture["_note"] and "status" in fixture["expect"], path.name
        # And every event that is no customer's message says what it changes, which the tests above check
        if _applies(fixture["body"]):
            assert {"applied", "outbound", "following", "text", "contact", "thread_owner", "edited", "enforcement",
                    "rated", "order", "feedback", "app_role"} \
                & set(fixture["expect"]), path.name


def _applies(body: dict) -> bool:
    """A receipt, an echo, a follow, an interaction, a postback or a referral: an event the corpus test must see
    applied."""
    name = str(body.get("event_name", ""))
    if "group" in name.split("_"):
        return False  # a Zalo group chat: acknowledged (README, Zalo)
    if name in ("user_received_message", "user_seen_message", "follow", "unfollow", "user_reacted_message",
                "user_submit_info", "user_click_chatnow", "shop_has_order", "permission_revoked", "user_call_oa",
                "oa_call_user", "widget_interaction_accepted", "user_withdraw") \
            or (name.startswith("oa_send_") and name != "oa_send_consent"):
        return True
    items = [i for e in body.get("entry", []) for i in e.get("messaging", []) + e.get("standby", [])]
    return any({"delivery", "read", "postback", "referral", "reaction", "message_edit", "pass_thread_control",
                "take_thread_control", "request_thread_control", "policy_enforcement", "account_linking", "optin",
                "messaging_feedback", "response_feedback", "app_roles"} & set(i)
               or (i.get("message") or {}).get("is_echo") for i in items)


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


def test_a_zalo_receipt_and_echo_cost_one_query_and_a_write_per_message_they_change(aws, clock, monkeypatch):
    # Given a Zalo OA whose connection this container has cached, a customer who wrote, and two messages the OA sent
    _, _, conn, oa_id = new_org(0)
    user_id = f"zu-{uuid.uuid4().hex[:8]}"
    ids = {"<OA_ID>": oa_id, "<USER_ID>": user_id, "<APP_ID>": ZALO_APP_ID}
    received = json.loads((CORPUS / "zalo" / "user_received_message.json").read_text())
    _given(received, "zalo", ids, _zalo_event, conn.connection_id, user_id)
    seen = json.loads((CORPUS / "zalo" / "user_seen_message.json").read_text())["body"]
    echo = json.loads((CORPUS / "zalo" / "oa_send_text.json").read_text())["body"]
    own_echo = json.loads(json.dumps(echo))
    own_echo["message"]["msg_id"] = received["given"]["sent"][0]["channel_message_id"]
    calls = dynamodb_calls(monkeypatch)

    # When Zalo delivers both receipts, the echo of one of those messages, and an echo of one sent from Zalo's tools
    per_event = []
    for body in (received["body"], seen, own_echo, echo):
        start = len(calls)
        assert invoke("ingest", _zalo_event(_fill(body, ids)))["statusCode"] == 200
        per_event.append(calls[start:])

    # Then each read the thread's newest messages once and wrote only what it changed: no read of the connection,
    # the conversation, or anything else
    assert per_event == [["Query", "UpdateItem", "UpdateItem"], ["Query", "UpdateItem"], ["Query"], ["Query", "PutItem"]]
