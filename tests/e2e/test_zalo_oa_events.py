"""Issue 13, on the local stack over HTTP: the Zalo OA events that were only acknowledged, applied
(tests/fixtures/channels/zalo). A buyer's order in the OA's shop shows in their thread and lets the seller write to
them about it, within Zalo's own window; the OA's revoked permission refuses replies and says so on the connection;
the details a user shares are the contact's; a Zalo group chat is acknowledged and stores nothing; a call between the
OA and a user shows in their thread, and a call from the user keeps Zalo's consultation window open; a user's
request that their data be deleted shows in their thread."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from tests.e2e.channels import zalo_text
from tests.e2e.team import connect, new_team, token_of
from tests.e2e.test_channel_events import ZALO, documented, millis, post_zalo


def _oa_with_a_customer(api, name: str):
    """A Zalo OA with one agent, whose customer wrote; the ids the corpus's placeholders stand for."""
    team = new_team(api, [name])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    conn = connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents[name]["agent_id"]])
    user = f"zu-{uuid.uuid4().hex[:8]}"
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id, user_id=user,
                              text="Shop ơi còn size M không?")
    conversation_id = api.post("/webhooks/zalo", data=body, headers=headers).json()["conversation_ids"][0]
    api.post("/_local/drain")
    ids = {"<OA_ID>": oa_id, "<USER_ID>": user, "<APP_ID>": ZALO["app_id"]}
    return team, token_of(team, name), conn, ids, conversation_id


def _ordered_now(api, ids: dict[str, str]) -> tuple[dict, str]:
    """The corpus's shop_has_order as Zalo sends it now (the stack's clock), and the order id it names."""
    body = documented("zalo", "shop_has_order", ids)
    body["timestamp"] = str(millis(api.get("/_local/clock").json()["now"]))
    return body, f"zalo-{body['timestamp']}"


def _start(api, token: str, conn: dict, user: str, order_id: str):
    return api.post("/conversations", token=token, json={
        "connection_id": conn["connection_id"], "channel_user_id": user, "order_id": order_id,
        "text": "Đơn của bạn đã được giao cho đơn vị vận chuyển"})


def test_a_shop_order_shows_in_the_thread_and_lets_the_seller_write_about_it(api):
    # Given a customer who asked, whose conversation Hoa answered and closed
    _, token, conn, ids, conversation_id = _oa_with_a_customer(api, "Hoa")
    assert api.post(f"/conversations/{conversation_id}/messages", json={"text": "Dạ còn ạ"},
                    token=token).status_code == 201
    api.post("/_local/drain")
    assert api.post(f"/conversations/{conversation_id}/close", json={"reason": "resolved"},
                    token=token).status_code == 200

    # When the customer places an order in the OA's shop (Zalo's shop_has_order), delivered twice
    ordered, order_id = _ordered_now(api, ids)
    answers = [post_zalo(api, ordered) for _ in range(2)]

    # Then the thread shows the order once, and the conversation holds it
    assert [a["stored"] for a in answers] == [1, 0]
    thread = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    [shown] = [m for m in thread if m["direction"] == "system"]
    assert order_id in shown["text"] and shown["card"] == {"kind": "order", "id": order_id}
    order = api.get(f"/conversations/{conversation_id}", token=token).json()["order"]
    assert order["id"] == order_id

    # When Hoa writes to the customer about that order (POST /conversations), within Zalo's 48 hours of their message
    started = _start(api, token, conn, ids["<USER_ID>"], order_id)

    # Then the conversation is Hoa's again, awaiting the customer, with her message in it
    assert started.status_code == 201, started.text
    assert (started.json()["conversation_id"], started.json()["status"]) == (conversation_id, "awaiting_customer")


def test_a_buyer_who_only_ordered_has_the_order_but_zalo_lets_no_one_write_first(api):
    # Given an OA whose customer never wrote
    team, token, conn, ids, _ = _oa_with_a_customer(api, "Minh")
    buyer = f"zu-{uuid.uuid4().hex[:8]}"

    # When that buyer places an order in the OA's shop
    ordered, order_id = _ordered_now(api, {**ids, "<USER_ID>": buyer})
    [conversation_id] = post_zalo(api, ordered)["conversation_ids"]

    # Then their conversation holds the order, closed: it waits for nobody
    conversation = api.get(f"/conversations/{conversation_id}", token=team.owner_token).json()
    assert (conversation["status"], conversation["order"]["id"]) == ("closed", order_id)

    # And writing to them about it is refused as Zalo would refuse it (no message or interaction of theirs)
    refused = _start(api, team.owner_token, conn, buyer, order_id)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "outside_messaging_window"
    thread = api.get(f"/conversations/{conversation_id}/messages", token=team.owner_token).json()["items"]
    assert [m["direction"] for m in thread] == ["system"]

    # When Zalo delivers the order again, then the buyer writes
    assert post_zalo(api, ordered)["stored"] == 0
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=ids["<OA_ID>"], user_id=buyer,
                              text="Khi nào giao hàng vậy shop?")
    assert api.post("/webhooks/zalo", data=body, headers=headers).json()["conversation_ids"] == [conversation_id]
    api.post("/_local/drain")

    # Then the order shows once beside their message, and their conversation is open for the team, order kept
    thread = api.get(f"/conversations/{conversation_id}/messages", token=team.owner_token).json()["items"]
    assert sorted(m["direction"] for m in thread) == ["in", "system"]
    conversation = api.get(f"/conversations/{conversation_id}", token=team.owner_token).json()
    assert conversation["status"] != "closed" and conversation["order"]["id"] == order_id


def test_when_the_oa_revokes_the_apps_permission_replies_are_refused_and_the_connection_says_why(api):
    # Given a customer of the OA
    team, token, conn, ids, conversation_id = _oa_with_a_customer(api, "Lan")

    # When Zalo says the OA revoked the app's permissions
    assert post_zalo(api, documented("zalo", "permission_revoked", ids))["applied"] == 1

    # Then Lan's reply is refused before anything is queued
    refused = api.post(f"/conversations/{conversation_id}/messages", json={"text": "Dạ shop đây"}, token=token)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "account_blocked_by_channel"
    messages = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    assert {m["direction"] for m in messages} == {"in"}

    # And the OA's connection shows that it must be connected again
    [oa] = [c for c in api.get("/connections", token=team.owner_token).json()["items"]
            if c["connection_id"] == conn["connection_id"]]
    assert oa["enforcement"]["action"] == "block"
    assert "connect the OA again" in oa["enforcement"]["reason"]


def test_the_details_a_customer_shares_are_the_contacts(api):
    # Given a customer of the OA
    _, token, _, ids, conversation_id = _oa_with_a_customer(api, "Tuan")

    # When they share their details through the OA's form (user_submit_info)
    assert post_zalo(api, documented("zalo", "user_submit_info", ids))["applied"] == 1

    # Then the contact has the name and phone they gave
    contact = api.get(f"/conversations/{conversation_id}", token=token).json()["contact"]
    assert (contact["name"], contact["phone"]) == ("Nguyễn Văn A", "84987654321")


def test_a_zalo_group_chat_is_acknowledged_and_stores_nothing(api):
    # Given an OA in a Zalo group chat (GMF)
    team, _, _, ids, _ = _oa_with_a_customer(api, "Vy")
    before = api.get("/conversations?view=all", token=team.owner_token).json()["items"]

    # When a member writes to the group, the OA writes to it, and a member joins
    answers = [post_zalo(api, documented("zalo", name, ids))
               for name in ("user_send_group_text", "oa_send_group_text", "user_join_group")]

    # Then each is acknowledged (Zalo disables a webhook that refuses), and no conversation is made of a group
    assert [a["stored"] for a in answers] == [0, 0, 0]
    assert len(api.get("/conversations?view=all", token=team.owner_token).json()["items"]) == len(before)


def _called_now(api, name: str, ids: dict[str, str]) -> dict:
    """The corpus's user_call_oa or oa_call_user as Zalo sends it now (the stack's clock)."""
    body = documented("zalo", name, ids)
    body["timestamp"] = str(millis(api.get("/_local/clock").json()["now"]))
    return body


def _now(api) -> datetime:
    return datetime.fromisoformat(api.get("/_local/clock").json()["now"].replace("Z", "+00:00"))


def test_calls_show_in_the_customers_thread_and_a_call_from_them_keeps_zalos_window_open(api):
    # Given a customer who wrote to an OA that sends consultation messages, 6 days ago
    team, token, conn, ids, conversation_id = _oa_with_a_customer(api, "Phuong")
    assert api.patch(f"/connections/{conn['connection_id']}", json={"settings": {"consultation_messages": True}},
                     token=team.owner_token).status_code == 200
    api.post("/_local/clock", json={"advance_seconds": 6 * 86400})

    # When the customer calls the OA and they talk 2 min 5 s (user_call_oa), delivered twice
    called_at = _now(api)
    called = _called_now(api, "user_call_oa", ids)
    answers = [post_zalo(api, called) for _ in range(2)]

    # Then the thread shows the call once, as what happened, and Zalo's 7 days count from the call
    assert [(a["stored"], a["applied"]) for a in answers] == [(1, 1), (0, 0)]
    thread = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    assert [m["text"] for m in thread if m["direction"] == "system"] == [
        "The customer called the OA (audio call, 2 min 5 s)"]
    window = api.get(f"/conversations/{conversation_id}", token=token).json()["reply_window"]
    closes_at = datetime.fromisoformat(window["closes_at"].replace("Z", "+00:00"))
    assert window["open"] is True and closes_at >= called_at + timedelta(days=7)

    # When the OA's agent calls the customer back and nobody answers (oa_call_user)
    assert post_zalo(api, _called_now(api, "oa_call_user", ids))["stored"] == 1

    # Then the thread says so too, and the window is unchanged (the OA called, not the customer)
    thread = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    assert [m["text"] for m in thread if m["direction"] == "system"][-1] == \
        "The OA's audio call to the customer was not answered"
    assert api.get(f"/conversations/{conversation_id}", token=token).json()["reply_window"]["closes_at"] == \
        window["closes_at"]


def test_a_caller_who_never_wrote_has_the_call_in_a_closed_conversation(api):
    # Given an OA, and a user who never wrote to it
    team, _, _, ids, _ = _oa_with_a_customer(api, "Khoa")
    caller = f"zu-{uuid.uuid4().hex[:8]}"

    # When that user calls the OA
    [conversation_id] = post_zalo(api, _called_now(api, "user_call_oa", {**ids, "<USER_ID>": caller}))["conversation_ids"]

    # Then their conversation holds the call, closed: it was answered in Zalo's call center, nobody here waits
    conversation = api.get(f"/conversations/{conversation_id}", token=team.owner_token).json()
    assert conversation["status"] == "closed"
    thread = api.get(f"/conversations/{conversation_id}/messages", token=team.owner_token).json()["items"]
    assert [(m["direction"], m["text"]) for m in thread] == [
        ("system", "The customer called the OA (audio call, 2 min 5 s)")]


def test_a_customers_request_to_delete_their_data_shows_in_their_thread(api):
    # Given a customer of the OA
    _, token, _, ids, conversation_id = _oa_with_a_customer(api, "Ngoc")

    # When they ask, through Zalo, that the OA stop processing or delete their data (user_withdraw), delivered twice
    answers = [post_zalo(api, documented("zalo", "user_withdraw", ids)) for _ in range(2)]

    # Then the team sees the request once in their thread; their messages are still there (nothing deleted by itself)
    assert [a["stored"] for a in answers] == [1, 0]
    thread = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    [shown] = [m for m in thread if m["direction"] == "system"]
    assert "user_withdraw" in shown["text"] and "nothing has been deleted" in shown["text"]
    assert [m["direction"] for m in thread].count("in") == 1
