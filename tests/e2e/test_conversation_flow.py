"""Issue 2, point 4: one conversation through every layer, over HTTP, as a client that knows only API.md."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.channels import messenger_text, signed_message, zalo_text
from tests.e2e.team import connect, new_team, token_of

ZALO = {"app_id": "app-1", "oa_secret_key": "oa-secret", "access_token": "zalo-token"}


def _zalo_team(api):
    team = new_team(api, ["An", "Binh"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    members = [team.agents["An"]["agent_id"], team.agents["Binh"]["agent_id"]]
    conn = connect(api, team, "zalo", oa_id, ZALO, rule_members=members)
    return team, oa_id, conn


def _send_zalo(api, oa_id, user_id, text, msg_id=None):
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id, user_id=user_id,
                              text=text, msg_id=msg_id)
    return api.post("/webhooks/zalo", data=body, headers=headers)


def _mine(api, token):
    response = api.get("/conversations?view=mine", token=token)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_zalo_message_is_assigned_answered_through_zalo_and_closed(api):
    # Given an organization with two online agents sharing a Zalo OA by round robin
    team, oa_id, conn = _zalo_team(api)

    # When a customer writes through a correctly signed user_send_text webhook
    received = _send_zalo(api, oa_id, "zalo-user-1", "Xin chào, còn size M không?")
    assert received.status_code == 200, received.text
    assert api.post("/_local/drain").status_code == 200

    # Then exactly one agent has it in their own in-progress list
    lists = {nick: _mine(api, token_of(team, nick)) for nick in ("An", "Binh")}
    holders = [nick for nick, items in lists.items() if items]
    assert len(holders) == 1
    first = holders[0]
    conversation = lists[first][0]
    assert conversation["status"] == "open"
    assert conversation["assignee_id"] == team.agents[first]["agent_id"]
    assert conversation["unreplied"] is True and conversation["waiting_since"]

    # When that agent replies
    reply = api.post(f"/conversations/{conversation['conversation_id']}/messages", json={"text": "Dạ còn ạ!"},
                     token=token_of(team, first))
    assert reply.status_code == 201, reply.text
    api.post("/_local/drain")

    # Then the reply reached Zalo's customer-service message API in Zalo's shape
    sent = [m for m in api.get("/_local/outbox").json()["items"] if m["connection_id"] == conn["connection_id"]]
    assert len(sent) == 1
    assert sent[0]["channel"] == "zalo" and sent[0]["recipient"] == "zalo-user-1" and sent[0]["text"] == "Dạ còn ạ!"
    messages = api.get(f"/conversations/{conversation['conversation_id']}/messages", token=token_of(team, first)).json()
    assert [m["direction"] for m in messages["items"]] == ["in", "out"]
    # (naming the customer's message it answers: Zalo's free reply within 48 hours of it)
    answered = messages["items"][0]["channel_message_id"]
    assert sent[0]["payload"] == {"recipient": {"user_id": "zalo-user-1", "message_id": answered},
                                  "message": {"text": "Dạ còn ạ!"}}
    assert messages["items"][1]["status"] == "sent"
    assert api.get(f"/conversations/{conversation['conversation_id']}", token=token_of(team, first)).json()["status"] == "awaiting_customer"

    # When the agent closes it
    closed = api.post(f"/conversations/{conversation['conversation_id']}/close", json={"reason": "resolved"},
                      token=token_of(team, first))

    # Then it is closed as resolved and out of their list, and their load is free again
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed" and closed.json()["close_reason"] == "resolved"
    assert _mine(api, token_of(team, first)) == []
    assert api.get("/me", token=token_of(team, first)).json()["load"] == 0

    # And a second customer's conversation goes to the other agent
    _send_zalo(api, oa_id, "zalo-user-2", "Shop ơi")
    api.post("/_local/drain")
    other = "Binh" if first == "An" else "An"
    assert len(_mine(api, token_of(team, other))) == 1
    assert _mine(api, token_of(team, first)) == []


@pytest.mark.parametrize("channel", ["web", "partner", "marketplace"])
def test_signed_channels_create_assigned_conversations(api, channel):
    # Given a connection of a signed channel routed to one online agent
    team = new_team(api, ["Chi"])
    conn = connect(api, team, channel, f"{channel}-{uuid.uuid4().hex[:6]}", {"signing_secret": "s3cret"},
                   rule_members=[team.agents["Chi"]["agent_id"]])
    contact = {"id": "c-9", "name": "Lan Nguyen", "store_name": "Lan Shop", "store_url": "https://lan.example", "language": "vi"}
    ticket = {"id": "t-1", "category": "pre_purchase", "issue_type": "size", "order": {"id": "o-77", "items": []}}

    # When the channel posts a signed message event
    body, headers = signed_message(secret="s3cret", contact=contact, text="Is size M in stock?", ticket=ticket)
    response = api.post(conn["webhook_path"], data=body, headers=headers)

    # Then it is stored as a conversation assigned to the agent, with the contact and ticket data
    assert response.status_code == 200, response.text
    api.post("/_local/drain")
    items = _mine(api, token_of(team, "Chi"))
    assert len(items) == 1
    assert items[0]["channel"] == channel
    assert items[0]["contact"]["name"] == "Lan Nguyen" and items[0]["contact"]["store_name"] == "Lan Shop"
    assert items[0]["category"] == "pre_purchase" and items[0]["issue_type"] == "size"

    # And a reply is posted to the channel's callback, signed
    api.post(f"/conversations/{items[0]['conversation_id']}/messages", json={"text": "Yes!"}, token=token_of(team, "Chi"))
    api.post("/_local/drain")
    sent = [m for m in api.get("/_local/outbox").json()["items"] if m["connection_id"] == conn["connection_id"]]
    assert [(m["recipient"], m["text"]) for m in sent] == [("c-9", "Yes!")]


def test_messenger_handshake_and_signed_message(api):
    # Given a Messenger page connection
    team = new_team(api, ["Dung"])
    page_id = f"page-{uuid.uuid4().hex[:6]}"
    verify_token = f"verify-{uuid.uuid4().hex}"
    creds = {"app_secret": "app-secret", "verify_token": verify_token, "page_access_token": "page-token"}
    connect(api, team, "messenger", page_id, creds, rule_members=[team.agents["Dung"]["agent_id"]])

    # When Meta checks the subscription with our verify token, and with a wrong one
    good = api.get(f"/webhooks/messenger?hub.mode=subscribe&hub.verify_token={verify_token}&hub.challenge=12345")
    bad = api.get("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345")

    # Then only ours is echoed
    assert good.status_code == 200 and good.text == "12345"
    assert bad.status_code == 403

    # When a signed message arrives
    body, headers = messenger_text(app_secret="app-secret", page_id=page_id, user_id="psid-1", text="Hi")
    assert api.post("/webhooks/messenger", data=body, headers=headers).status_code == 200
    api.post("/_local/drain")

    # Then the agent has it, and their reply goes out through the Send API shape
    items = _mine(api, token_of(team, "Dung"))
    assert len(items) == 1
    reply = api.post(f"/conversations/{items[0]['conversation_id']}/messages", json={"text": "Hello!"},
                     token=token_of(team, "Dung")).json()
    api.post("/_local/drain")
    sent = [m for m in api.get("/_local/outbox").json()["items"] if m["recipient"] == "psid-1"]
    # (metadata: our message's id, which Meta's echo of it carries back)
    assert sent and sent[-1]["payload"] == {"recipient": {"id": "psid-1"}, "messaging_type": "RESPONSE",
                                            "message": {"text": "Hello!", "metadata": reply["message_id"]}}


def test_refused_webhooks_store_nothing_and_redeliveries_are_stored_once(api):
    # Given a Zalo connection of a one-agent organization
    team = new_team(api, ["Em"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents["Em"]["agent_id"]])
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id, user_id="u-1", text="hello")

    # When it is sent with no signature, a wrong signature, as malformed JSON
    missing = api.post("/webhooks/zalo", data=body, headers={"Content-Type": "application/json"})
    wrong = api.post("/webhooks/zalo", data=body, headers={**headers, "X-ZEvent-Signature": "mac=" + "0" * 64})
    malformed = api.post("/webhooks/zalo", data=b'{"recipient": ', headers=headers)

    # Then they are refused with the API's error body and nothing reaches the agent
    assert (missing.status_code, wrong.status_code, malformed.status_code) == (401, 401, 400)
    for refused in (missing, wrong, malformed):
        assert set(refused.json()["error"]) == {"code", "message"}
    api.post("/_local/drain")
    assert _mine(api, token_of(team, "Em")) == []

    # When the same event is delivered twice
    first = api.post("/webhooks/zalo", data=body, headers=headers)
    second = api.post("/webhooks/zalo", data=body, headers=headers)
    api.post("/_local/drain")

    # Then it is acknowledged twice and stored once
    assert first.status_code == second.status_code == 200
    assert second.json()["duplicates"] == 1
    items = _mine(api, token_of(team, "Em"))
    assert len(items) == 1
    messages = api.get(f"/conversations/{items[0]['conversation_id']}/messages", token=token_of(team, "Em")).json()["items"]
    assert len(messages) == 1


def test_signed_webhook_refusals(api):
    # Given a web connection
    team = new_team(api, ["Giang"])
    conn = connect(api, team, "web", f"site-{uuid.uuid4().hex[:6]}", {"signing_secret": "k"},
                   rule_members=[team.agents["Giang"]["agent_id"]])
    contact = {"id": "v-1", "name": "Visitor"}

    # When a request is signed with another secret, is older than five minutes, or names an unknown connection
    wrong, wrong_headers = signed_message(secret="other", contact=contact, text="hi")
    stale, stale_headers = signed_message(secret="k", contact=contact, text="hi", timestamp=1_600_000_000)
    unknown, unknown_headers = signed_message(secret="k", contact=contact, text="hi")

    # Then each is refused and nothing is stored
    assert api.post(conn["webhook_path"], data=wrong, headers=wrong_headers).status_code == 401
    assert api.post(conn["webhook_path"], data=stale, headers=stale_headers).status_code == 401
    assert api.post("/webhooks/web/cn_unknown", data=unknown, headers=unknown_headers).status_code == 404
    oversize, oversize_headers = signed_message(secret="k", contact=contact, text="x" * 300_000)
    assert api.post(conn["webhook_path"], data=oversize, headers=oversize_headers).status_code == 413
    api.post("/_local/drain")
    assert _mine(api, token_of(team, "Giang")) == []
