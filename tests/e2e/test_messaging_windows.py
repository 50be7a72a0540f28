"""Issue 13, points 4 and 5, on the local stack over HTTP: Messenger's 24-hour window and the HUMAN_AGENT tag
as the connection's terms permit it, interactions other than messages keeping the windows open (a Zalo
reaction or follow for the 7-day consultation window, a Messenger reaction or postback for the 24-hour one),
and seller-started marketplace conversations allowed and refused by their order (seed 002)."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta

from tests.e2e.channels import messenger_signed, messenger_text, zalo_signed, zalo_text
from tests.e2e.shop import Shop
from tests.e2e.team import connect

HOUR = 3600
MESSENGER = {"app_secret": "page-app-secret", "page_access_token": "page-token"}
ZALO = {"app_id": "app-z", "oa_secret_key": "oa-secret", "access_token": "zalo-token"}


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _now(api) -> datetime:
    return _at(api.get("/_local/clock").json()["now"])


def _advance_to(api, moment: datetime) -> None:
    response = api.post("/_local/clock", json={"advance_seconds": (moment - _now(api)).total_seconds()})
    assert response.status_code == 200, response.text


def _outbox(api, recipient: str) -> list[str]:
    assert api.post("/_local/drain").status_code == 200
    return [item["text"] for item in api.get("/_local/outbox").json()["items"] if item["recipient"] == recipient]


def _reply(shop: Shop, conversation_id: str, text: str):
    return shop.api.post(f"/conversations/{conversation_id}/messages", json={"text": text}, token=shop.token("An"))


def test_messenger_replies_stop_24_hours_after_the_customer_unless_the_page_may_use_human_agent(api):
    # Given a Messenger page An answers, and a customer who wrote to it
    shop = Shop(api, ["An"])
    page_id, psid = f"page-{uuid.uuid4().hex[:8]}", f"psid-{uuid.uuid4().hex[:8]}"
    page = connect(api, shop.team, "messenger", page_id, {**MESSENGER, "verify_token": f"v-{page_id}"},
                   rule_members=[shop.id("An")])
    body, headers = messenger_text(app_secret=MESSENGER["app_secret"], page_id=page_id, user_id=psid, text="Hi?")
    stored = api.post("/webhooks/messenger", data=body, headers=headers)
    assert stored.status_code == 200, stored.text
    shop.drain()
    conversation_id = stored.json()["conversation_ids"][0]
    wrote_at = _at(shop.conversation(conversation_id)["waiting_since"])

    # Then its reply window is open until exactly 24 hours after the message
    assert shop.conversation(conversation_id)["reply_window"] == {
        "open": True, "closes_at": (wrote_at + timedelta(hours=24)).isoformat(timespec="milliseconds")[:-6] + "Z",
        "reason": None}

    # When An answers 23 hours later / Then it is sent
    _advance_to(api, wrote_at + timedelta(hours=23))
    assert _reply(shop, conversation_id, "Still there?").status_code == 201
    assert _outbox(api, psid) == ["Still there?"]

    # When 24 hours have passed and An writes again
    _advance_to(api, wrote_at + timedelta(hours=24, minutes=1))
    refused = _reply(shop, conversation_id, "Hello again")

    # Then it is refused with 409 outside_messaging_window, and nothing is stored or sent
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "outside_messaging_window"
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.token("An")).json()["items"]
    assert [m["text"] for m in messages if m["direction"] == "out"] == ["Still there?"]
    assert _outbox(api, psid) == ["Still there?"]
    assert shop.conversation(conversation_id)["reply_window"]["reason"] == "window_expired"

    # When the owner records that the page is permitted the HUMAN_AGENT tag
    changed = api.patch(f"/connections/{page['connection_id']}", json={"settings": {"human_agent_tag": True}},
                        token=shop.owner)
    assert changed.status_code == 200 and changed.json()["settings"]["human_agent_tag"] is True

    # Then An may answer until 7 days after the customer's message, and the answer is sent
    window = shop.conversation(conversation_id)["reply_window"]
    assert window["open"] is True and _at(window["closes_at"]) == wrote_at + timedelta(days=7)
    assert _reply(shop, conversation_id, "Hello again").status_code == 201
    assert _outbox(api, psid) == ["Still there?", "Hello again"]

    # And from 7 days the page may not write any more
    _advance_to(api, wrote_at + timedelta(days=7))
    assert _reply(shop, conversation_id, "Last try").json()["error"]["code"] == "outside_messaging_window"


def test_a_seller_may_contact_a_marketplace_buyer_about_a_recent_order_but_not_an_old_one(api):
    # Given a marketplace shop, and two buyers whose tickets An closed: one about an order of 10 days ago,
    # one about an order of 61 days ago
    shop = Shop(api, ["An"])
    market = shop.connect(channel="marketplace")
    shop.rule([market], ["An"])
    now = _now(api)
    recent, old = f"buyer-{uuid.uuid4().hex[:6]}", f"buyer-{uuid.uuid4().hex[:6]}"
    tickets = {}
    for buyer, order_id, age in ((recent, "o-recent", 10), (old, "o-old", 61)):
        order = {"id": order_id, "created_at": (now - timedelta(days=age)).isoformat().replace("+00:00", "Z")}
        conversation_id = shop.write(market, buyer, "Where is my parcel?",
                                     ticket={"id": f"t-{buyer}", "category": "post_purchase_support", "order": order})
        assert shop.act("An", conversation_id, "close").status_code == 200
        tickets[buyer] = conversation_id

    # When An writes to the first buyer about their recent order
    started = api.post("/conversations", token=shop.token("An"), json={
        "connection_id": market["connection_id"], "channel_user_id": recent, "order_id": "o-recent",
        "text": "Your parcel left today"})

    # Then the buyer's conversation is open again, An's, awaiting the buyer, and the text is sent
    assert started.status_code == 201, started.text
    conversation = started.json()
    assert conversation["conversation_id"] == tickets[recent]
    assert (conversation["status"], conversation["assignee_id"]) == ("awaiting_customer", shop.id("An"))
    assert _outbox(api, recent) == ["Your parcel left today"]

    # When An writes to the second buyer about the order of 61 days ago, or about an order Switchboard does
    # not know, or to a web chat visitor
    too_old = api.post("/conversations", token=shop.token("An"), json={
        "connection_id": market["connection_id"], "channel_user_id": old, "order_id": "o-old", "text": "Hello"})
    unknown = api.post("/conversations", token=shop.token("An"), json={
        "connection_id": market["connection_id"], "channel_user_id": old, "order_id": "o-nope", "text": "Hello"})
    web = shop.connect(channel="web")
    visitor = api.post("/conversations", token=shop.token("An"), json={
        "connection_id": web["connection_id"], "channel_user_id": "visitor-1", "order_id": "o-1", "text": "Hello"})

    # Or to a buyer Switchboard has no ticket of (this marketplace has no order source to ask)
    stranger = api.post("/conversations", token=shop.token("An"), json={
        "connection_id": market["connection_id"], "channel_user_id": "buyer-new", "order_id": "o-9", "text": "Hi"})

    # Then each is refused with 409 outside_messaging_window, and nothing is stored or sent
    for refused in (too_old, unknown, visitor, stranger):
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "outside_messaging_window"
    assert shop.conversation(tickets[old])["status"] == "closed"
    assert _outbox(api, old) == [] and _outbox(api, "visitor-1") == [] and _outbox(api, "buyer-new") == []
    # And the refusal of the stranger says why: no order source, and no ticket of theirs
    assert "no order source" in stranger.json()["error"]["message"]


def _webhook(api, channel: str, signed: tuple[bytes, dict]) -> dict:
    body, headers = signed
    answer = api.post(f"/webhooks/{channel}", data=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _zalo_event(event_name: str, **fields) -> tuple[bytes, dict]:
    return zalo_signed(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], body={
        "app_id": ZALO["app_id"], "event_name": event_name, "timestamp": str(int(time.time() * 1000)), **fields})


def test_a_zalo_reaction_or_follow_keeps_the_consultation_window_open_7_days_from_it(api):
    # Given a Zalo OA that sends consultation messages, and a customer who wrote to it
    shop = Shop(api, ["An"])
    oa_id, user = f"oa-{uuid.uuid4().hex[:8]}", f"zu-{uuid.uuid4().hex[:8]}"
    oa = connect(api, shop.team, "zalo", oa_id, ZALO, rule_members=[shop.id("An")])
    assert api.patch(f"/connections/{oa['connection_id']}", json={"settings": {"consultation_messages": True}},
                     token=shop.owner).status_code == 200
    conversation_id = _webhook(api, "zalo", zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id,
                                                      user_id=user, text="Còn size M không?"))["conversation_ids"][0]
    shop.drain()
    wrote_at = _at(shop.conversation(conversation_id)["waiting_since"])

    # When 6 days later the customer reacts to a message (no message of theirs)
    _advance_to(api, wrote_at + timedelta(days=6))
    before = _now(api)
    reacted = _webhook(api, "zalo", _zalo_event("user_reacted_message", sender={"id": user},
                                                     recipient={"id": oa_id},
                                                     message={"msg_id": "zm-oa-1", "react_icon": "/-heart"}))
    reacted_at = _now(api)

    # Then nothing is stored in the thread, and the window now closes 7 days after the reaction
    assert reacted["stored"] == 0 and reacted["applied"] == 1
    window = shop.conversation(conversation_id)["reply_window"]
    assert window["open"] is True and before + timedelta(days=7) <= _at(window["closes_at"]) <= reacted_at + timedelta(days=7)

    # When An answers on day 8, past 7 days from the message / Then it is sent
    _advance_to(api, wrote_at + timedelta(days=8))
    assert _reply(shop, conversation_id, "Dạ còn ạ").status_code == 201
    assert _outbox(api, user) == ["Dạ còn ạ"]

    # When 7 days have passed since the reaction / Then the window is closed and a reply refused
    _advance_to(api, reacted_at + timedelta(days=7))
    assert _reply(shop, conversation_id, "Late").json()["error"]["code"] == "outside_messaging_window"

    # When the customer then follows the OA / Then the follow is an interaction too: the window opens again
    followed = _webhook(api, "zalo", _zalo_event("follow", oa_id=oa_id, follower={"id": user},
                                                      source="oa_profile"))
    assert followed["applied"] == 1
    assert shop.conversation(conversation_id)["reply_window"]["open"] is True
    assert _reply(shop, conversation_id, "Cảm ơn bạn").status_code == 201


def test_a_messenger_reaction_or_postback_opens_the_standard_24_hour_window(api):
    # Given a Messenger page, and a customer whose first contact is the Get Started button (a postback)
    shop = Shop(api, ["An"])
    page_id, psid = f"page-{uuid.uuid4().hex[:8]}", f"psid-{uuid.uuid4().hex[:8]}"
    connect(api, shop.team, "messenger", page_id, {**MESSENGER, "verify_token": f"v-{page_id}"},
            rule_members=[shop.id("An")])

    def item(**event):
        return {"sender": {"id": psid}, "recipient": {"id": page_id}, "timestamp": int(time.time() * 1000), **event}

    started = _webhook(api, "messenger", messenger_signed(app_secret=MESSENGER["app_secret"], page_id=page_id, item=item(
        postback={"title": "Get Started", "payload": "GET_STARTED", "mid": f"m_{uuid.uuid4().hex}"})))
    shop.drain()
    conversation_id = started["conversation_ids"][0]
    tapped_at = _at(shop.conversation(conversation_id)["waiting_since"])

    # Then the page may answer for 24 hours from the tap, as a RESPONSE
    window = shop.conversation(conversation_id)["reply_window"]
    assert window["open"] is True and _at(window["closes_at"]) == tapped_at + timedelta(hours=24)

    # When 23 hours later the customer reacts to a message of the page
    _advance_to(api, tapped_at + timedelta(hours=23))
    before = _now(api)
    reacted = _webhook(api, "messenger", messenger_signed(app_secret=MESSENGER["app_secret"], page_id=page_id, item=item(
        reaction={"reaction": "love", "emoji": "\u2764\ufe0f", "action": "react", "mid": "m_page_1"})))
    reacted_at = _now(api)
    assert reacted["applied"] == 1 and reacted["stored"] == 0

    # Then 30 hours after the tap An's answer is still a RESPONSE inside the window, and it is sent
    _advance_to(api, tapped_at + timedelta(hours=30))
    closes_at = _at(shop.conversation(conversation_id)["reply_window"]["closes_at"])
    assert before + timedelta(hours=24) <= closes_at <= reacted_at + timedelta(hours=24)
    assert _reply(shop, conversation_id, "How can I help?").status_code == 201
    assert _outbox(api, psid) == ["How can I help?"]

    # And 24 hours after the reaction the window is closed
    _advance_to(api, reacted_at + timedelta(hours=24))
    assert _reply(shop, conversation_id, "Late").json()["error"]["code"] == "outside_messaging_window"
