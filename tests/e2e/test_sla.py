"""Issue 2, point 5: response-time rules through the real SlaSweep state machine, driven by the stack's clock."""

from __future__ import annotations

import uuid

from tests.e2e.channels import zalo_text
from tests.e2e.team import connect, new_team, token_of

ZALO = {"app_id": "app-sla", "oa_secret_key": "sla-secret", "access_token": "t"}
HOUR = 3600


def _conversation_for(api, team, nickname, oa_id, user_id):
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id, user_id=user_id, text="Any news?")
    assert api.post("/webhooks/zalo", data=body, headers=headers).status_code == 200
    api.post("/_local/drain")
    items = api.get("/conversations?view=mine", token=token_of(team, nickname)).json()["items"]
    assert len(items) == 1
    return items[0]["conversation_id"]


def _advance(api, seconds):
    response = api.post("/_local/clock", json={"advance_seconds": seconds})
    assert response.status_code == 200, response.text
    return response.json()["now"]


def test_unanswered_conversation_expires_is_taken_over_then_closed(api):
    # Given a conversation waiting for an answer from agent Hoa
    team = new_team(api, ["Hoa", "Ivy"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents["Hoa"]["agent_id"]])
    conversation_id = _conversation_for(api, team, "Hoa", oa_id, "sla-user")
    hoa = token_of(team, "Hoa")
    hoa_email = team.agents["Hoa"]["email"]

    # When 21 hours pass without a reply
    _advance(api, 21 * HOUR)

    # Then it is expiring, listed under the expiring filter, and Hoa was warned by email once
    conversation = api.get(f"/conversations/{conversation_id}", token=hoa).json()
    assert conversation["expiring"] is True and conversation["status"] == "open"
    assert conversation["time_left_to_respond_seconds"] <= 27 * HOUR
    expiring = api.get("/conversations?view=mine&filter=expiring", token=hoa).json()
    assert [c["conversation_id"] for c in expiring["items"]] == [conversation_id]
    assert expiring["counts"]["expiring"] == 1
    warnings = [e for e in api.get("/_local/emails").json()["items"] if hoa_email in e["to"] and "Expiring" in e["subject"]]
    assert len(warnings) == 1

    # When 49 hours have passed
    _advance(api, 28 * HOUR)

    # Then it is escalated for an SLA takeover and no longer holds Hoa's capacity
    conversation = api.get(f"/conversations/{conversation_id}", token=team.owner_token).json()
    assert conversation["status"] == "escalated"
    assert conversation["escalation"]["reason"] == "sla_takeover"
    assert api.get("/me", token=hoa).json()["load"] == 0
    escalated = api.get("/conversations?view=escalated", token=team.owner_token).json()["items"]
    assert conversation_id in [c["conversation_id"] for c in escalated]

    # When more than 7 days have passed
    _advance(api, 6 * 24 * HOUR)

    # Then it is closed for timeout and in history
    conversation = api.get(f"/conversations/{conversation_id}", token=team.owner_token).json()
    assert conversation["status"] == "closed" and conversation["close_reason"] == "timeout"
    history = api.get("/conversations?view=history", token=team.owner_token).json()["items"]
    assert conversation_id in [c["conversation_id"] for c in history]
    # And the warning was not sent again by later sweeps
    warnings = [e for e in api.get("/_local/emails").json()["items"] if hoa_email in e["to"] and "Expiring" in e["subject"]]
    assert len(warnings) == 1


def test_a_reply_stops_the_clock(api):
    # Given a conversation that the agent answered
    team = new_team(api, ["Khanh", "Linh"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents["Khanh"]["agent_id"]])
    conversation_id = _conversation_for(api, team, "Khanh", oa_id, "patient-user")
    token = token_of(team, "Khanh")
    assert api.post(f"/conversations/{conversation_id}/messages", json={"text": "On it"}, token=token).status_code == 201

    # When eight days pass
    _advance(api, 8 * 24 * HOUR)

    # Then nothing was expired, taken over or closed: the customer has the next word
    conversation = api.get(f"/conversations/{conversation_id}", token=token).json()
    assert conversation["status"] == "awaiting_customer"
    assert conversation["expiring"] is False and conversation["waiting_since"] is None
    assert conversation["deadlines"]["takeover_at"] is None
