"""Response-time rules and notifications through the real SlaSweep state machine and schedules, driven by
the stack's clock (POST /_local/clock) and read back over HTTP and GET /_local/emails."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from tests.e2e.channels import zalo_text
from tests.e2e.shop import Shop
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


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _now(api) -> datetime:
    return _at(api.get("/_local/clock").json()["now"])


def _advance_to(api, moment: datetime) -> None:
    """Move the stack's clock to `moment` (it must lie ahead) and run what fell due."""
    seconds = (moment - _now(api)).total_seconds()
    assert seconds > 0, f"{moment} has passed"
    _advance(api, seconds)


def _customer_writes(api, oa_id, user_id, text):
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id, user_id=user_id, text=text)
    response = api.post("/webhooks/zalo", data=body, headers=headers)
    assert response.status_code == 200, response.text
    assert api.post("/_local/drain").status_code == 200
    return response.json()["conversation_ids"][0]


def _emails(api, to: str, subject_part: str = "") -> list[dict]:
    return [e for e in api.get("/_local/emails").json()["items"] if to in e["to"] and subject_part in e["subject"]]


def _owner_email(api, team) -> str:
    return api.get("/me", token=team.owner_token).json()["email"]


def _online(api, team, *nicknames):
    """The agents' consoles send their heartbeat now (presence lasts 120 s of the stack's clock)."""
    for nickname in nicknames:
        assert api.post("/me/presence", json={"online": True}, token=token_of(team, nickname)).status_code == 200


def _conversation(api, team, conversation_id):
    response = api.get(f"/conversations/{conversation_id}", token=team.owner_token)
    assert response.status_code == 200, response.text
    return response.json()


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

    # Then it is expiring, listed under the expiring filter, 27 hours are left before the takeover,
    # and Hoa and the owner (a supervisor) were warned by one email, Ivy not at all
    conversation = api.get(f"/conversations/{conversation_id}", token=hoa).json()
    assert conversation["expiring"] is True and conversation["status"] == "open"
    assert 27 * HOUR - 60 <= conversation["time_left_to_respond_seconds"] <= 27 * HOUR
    expiring = api.get("/conversations?view=mine&filter=expiring", token=hoa).json()
    assert [c["conversation_id"] for c in expiring["items"]] == [conversation_id]
    assert expiring["counts"]["expiring"] == 1
    warnings = [e for e in api.get("/_local/emails").json()["items"] if hoa_email in e["to"] and "Expiring" in e["subject"]]
    assert len(warnings) == 1
    assert _owner_email(api, team) in warnings[0]["to"] and team.agents["Ivy"]["email"] not in warnings[0]["to"]

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

    # Then the escalated conversation is closed for timeout and in history
    conversation = api.get(f"/conversations/{conversation_id}", token=team.owner_token).json()
    assert conversation["status"] == "closed" and conversation["close_reason"] == "timeout"
    assert conversation["time_left_to_respond_seconds"] is None and conversation["expiring"] is False
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
    assert conversation["time_left_to_respond_seconds"] is None

    # When the customer writes again
    _customer_writes(api, oa_id, "patient-user", "Hello again?")
    now = _now(api)

    # Then the clock starts again from that moment, with every deadline measured from it
    conversation = api.get(f"/conversations/{conversation_id}", token=token).json()
    assert conversation["status"] == "open"
    waiting_since = _at(conversation["waiting_since"])
    assert timedelta(0) <= now - waiting_since < timedelta(seconds=30)
    deadlines = {k: _at(v) for k, v in conversation["deadlines"].items() if v}
    assert deadlines["expiring_at"] == waiting_since + timedelta(hours=20)
    assert deadlines["takeover_at"] == waiting_since + timedelta(hours=48)
    assert deadlines["auto_close_at"] == waiting_since + timedelta(days=7)

    # When 21 hours pass again
    _advance(api, 21 * HOUR)

    # Then it is expiring again and Khanh is warned once for this wait
    conversation = api.get(f"/conversations/{conversation_id}", token=token).json()
    assert conversation["expiring"] is True and conversation["status"] == "open"
    assert len(_emails(api, team.agents["Khanh"]["email"], "Expiring")) == 1


def test_takeover_hands_the_conversation_to_the_takeover_agent_and_frees_the_seat_for_the_queue(api):
    # Given Hoa with room for one conversation, Ivy as the organization's takeover agent, and a second
    # customer queued 30 hours after the first because Hoa is full, on an OA that sends consultation
    # messages (so the OA may still answer after Zalo's 48 free hours)
    team = new_team(api, ["Hoa", "Ivy"])
    hoa_id, ivy_id = team.agents["Hoa"]["agent_id"], team.agents["Ivy"]["agent_id"]
    assert api.patch(f"/agents/{hoa_id}", json={"capacity": 1}, token=team.owner_token).status_code == 200
    assert api.patch("/settings", json={"takeover_agent_id": ivy_id}, token=team.owner_token).status_code == 200
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    oa = connect(api, team, "zalo", oa_id, ZALO, rule_members=[hoa_id])
    terms = {"settings": {"consultation_messages": True}}
    assert api.patch(f"/connections/{oa['connection_id']}", json=terms, token=team.owner_token).status_code == 200
    first = _customer_writes(api, oa_id, "first-user", "Where is my order?")
    takeover_at = _at(_conversation(api, team, first)["deadlines"]["takeover_at"])
    _advance(api, 30 * HOUR)
    _online(api, team, "Hoa")
    second = _customer_writes(api, oa_id, "second-user", "Hello?")
    assert _conversation(api, team, second)["status"] == "unassigned"

    # When the first one reaches 48 hours unanswered (Hoa's console still open)
    _advance_to(api, takeover_at - timedelta(seconds=30))
    _online(api, team, "Hoa")
    _advance(api, 60)
    assert api.post("/_local/drain").status_code == 200

    # Then it is escalated for an SLA takeover and assigned to Ivy in the same change, late by the overrun
    conversation = _conversation(api, team, first)
    assert conversation["status"] == "escalated" and conversation["escalation"]["reason"] == "sla_takeover"
    assert conversation["assignee_id"] == ivy_id
    assert -60 <= conversation["time_left_to_respond_seconds"] < 0
    escalated = api.get("/conversations?view=escalated", token=team.owner_token).json()["items"]
    assert first in [c["conversation_id"] for c in escalated]
    # And Hoa's seat went to the queued customer, while Ivy holds no capacity for an escalated conversation
    assert _conversation(api, team, second)["assignee_id"] == hoa_id
    assert api.get("/me", token=token_of(team, "Hoa")).json()["load"] == 1
    assert api.get("/me", token=token_of(team, "Ivy")).json()["load"] == 0
    # And Ivy, Hoa and the owner were told once
    taken = _emails(api, team.agents["Ivy"]["email"], "Taken over")
    assert len(taken) == 1
    assert team.agents["Hoa"]["email"] in taken[0]["to"] and _owner_email(api, team) in taken[0]["to"]
    # And Ivy now answers it, while Hoa no longer may
    reply = {"text": "Support here"}
    assert api.post(f"/conversations/{first}/messages", json=reply, token=token_of(team, "Hoa")).status_code == 403
    assert api.post(f"/conversations/{first}/messages", json=reply, token=token_of(team, "Ivy")).status_code == 201


def test_auto_close_of_an_open_conversation_frees_the_seat_and_replies_lock_30_days_later(api):
    # Given an organization that never takes over before closing, Hoa with room for one conversation,
    # and a second customer queued six days after the first
    team = new_team(api, ["Hoa"])
    hoa_id = team.agents["Hoa"]["agent_id"]
    assert api.patch(f"/agents/{hoa_id}", json={"capacity": 1}, token=team.owner_token).status_code == 200
    settings = {"sla": {"takeover_after_hours": 400}}
    assert api.patch("/settings", json=settings, token=team.owner_token).status_code == 200
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[hoa_id])
    first = _customer_writes(api, oa_id, "waiting-user", "Anyone?")
    auto_close_at = _at(_conversation(api, team, first)["deadlines"]["auto_close_at"])
    _advance(api, 6 * 24 * HOUR)
    _online(api, team, "Hoa")
    second = _customer_writes(api, oa_id, "queued-user", "Hi")
    assert _conversation(api, team, second)["status"] == "unassigned"

    # When the first one reaches 7 days unanswered, still open with Hoa
    _advance_to(api, auto_close_at - timedelta(seconds=30))
    assert _conversation(api, team, first)["status"] == "open"
    _online(api, team, "Hoa")
    _advance(api, 60)
    assert api.post("/_local/drain").status_code == 200

    # Then it is closed for timeout, in history, its replies lock 30 days later
    conversation = _conversation(api, team, first)
    assert conversation["status"] == "closed" and conversation["close_reason"] == "timeout"
    closed_at = _at(conversation["closed_at"])
    assert _at(conversation["deadlines"]["reply_locked_at"]) == closed_at + timedelta(days=30)
    history = api.get("/conversations?view=history", token=team.owner_token).json()["items"]
    assert first in [c["conversation_id"] for c in history]
    # And Hoa's seat went to the queued customer
    assert _conversation(api, team, second)["assignee_id"] == hoa_id
    assert api.get("/me", token=token_of(team, "Hoa")).json()["load"] == 1

    # When the owner replies 29 days after the close
    _advance_to(api, closed_at + timedelta(days=29))
    # Then Zalo's own window refuses it: the customer last wrote more than 7 days ago (the reply lock of a
    # ticket, which allows it, is the marketplace story below)
    late = api.post(f"/conversations/{first}/messages", json={"text": "Sorry for the wait"}, token=team.owner_token)
    assert late.status_code == 409, late.text
    assert late.json()["error"]["code"] == "outside_messaging_window"

    # When they try again past 30 days
    _advance_to(api, closed_at + timedelta(days=30, seconds=5))
    # Then replies are refused
    locked = api.post(f"/conversations/{first}/messages", json={"text": "Hello?"}, token=team.owner_token)
    assert locked.status_code == 409, locked.text
    assert locked.json()["error"]["code"] == "reply_window_closed"


def test_a_contacts_first_message_is_emailed_once_to_the_owner_and_the_assigned_agent(api):
    # Given an organization with an owner, Mai on the Zalo rule, and Nga outside it
    team = new_team(api, ["Mai", "Nga"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents["Mai"]["agent_id"]])
    user = f"newcomer-{uuid.uuid4().hex[:6]}"

    # When a contact writes for the first time, then again
    conversation_id = _customer_writes(api, oa_id, user, "First message")
    _customer_writes(api, oa_id, user, "Second message")

    # Then one email went out, to the owner and Mai (who was assigned), not to Nga
    assert _conversation(api, team, conversation_id)["assignee_id"] == team.agents["Mai"]["agent_id"]
    first_contact = [e for e in api.get("/_local/emails").json()["items"] if e["subject"] == f"New conversation from {user}"]
    assert len(first_contact) == 1
    assert sorted(first_contact[0]["to"]) == sorted([_owner_email(api, team), team.agents["Mai"]["email"]])
    assert "First message" in first_contact[0]["body"]


def test_each_agents_digest_lists_everything_unread_since_their_last_one_once_however_the_schedule_runs(api):
    # Given Nam and Oanh, each on the rule of their own Zalo account, and a customer of each waiting
    team = new_team(api, ["Nam", "Oanh"])
    nam_email, oanh_email = team.agents["Nam"]["email"], team.agents["Oanh"]["email"]
    nam_oa, oanh_oa = f"oa-{uuid.uuid4().hex[:8]}", f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", nam_oa, ZALO, rule_members=[team.agents["Nam"]["agent_id"]])
    connect(api, team, "zalo", oanh_oa, ZALO, rule_members=[team.agents["Oanh"]["agent_id"]])
    _customer_writes(api, nam_oa, "nam-user", "question for Nam")
    _customer_writes(api, oanh_oa, "oanh-user", "question for Oanh")
    digest = "unread conversation"

    # When three hours pass in one jump (the hourly schedule falls due three times and runs once, late)
    _advance(api, 3 * HOUR)

    # Then each of them got one digest, with their own customer's message
    (nam_digest,) = _emails(api, nam_email, digest)
    assert nam_digest["subject"].startswith("1 unread conversation since ")
    assert "question for Nam" in nam_digest["body"] and "question for Oanh" not in nam_digest["body"]
    (oanh_digest,) = _emails(api, oanh_email, digest)
    assert "question for Oanh" in oanh_digest["body"]

    # When another customer writes to Nam, and two hours pass in 20-minute steps (the schedule runs twice)
    _online(api, team, "Nam", "Oanh")
    _customer_writes(api, nam_oa, "second-user", "second question")
    for _ in range(6):
        _advance(api, 1200)

    # Then Nam got one more digest, with only the new message; Oanh, with nothing new unread, none
    (nam_second,) = _emails(api, nam_email, digest)[1:]
    assert "second question" in nam_second["body"] and "question for Nam" not in nam_second["body"]
    assert len(_emails(api, oanh_email, digest)) == 1


def test_my_list_sorts_by_waiting_time_and_filters_expiring_by_the_deadlines(api):
    # Given two conversations of Hoa's, the first waiting two hours longer
    team = new_team(api, ["Hoa"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents["Hoa"]["agent_id"]])
    older = _customer_writes(api, oa_id, "older-user", "first")
    _advance(api, 2 * HOUR)
    _online(api, team, "Hoa")
    newer = _customer_writes(api, oa_id, "newer-user", "second")
    hoa = token_of(team, "Hoa")

    # When 19 hours and a minute more pass (the older one is past 20 hours, the newer one is not)
    _advance(api, 19 * HOUR + 60)

    # Then sorting by waiting time puts the older one (least time left) first, by latest message the newer one
    waiting = api.get("/conversations?view=mine&sort=waiting", token=hoa).json()["items"]
    assert [c["conversation_id"] for c in waiting] == [older, newer]
    assert waiting[0]["time_left_to_respond_seconds"] < waiting[1]["time_left_to_respond_seconds"]
    latest = api.get("/conversations?view=mine&sort=latest", token=hoa).json()["items"]
    assert [c["conversation_id"] for c in latest] == [newer, older]
    # And only the older one is in the expiring filter, and counted there
    expiring = api.get("/conversations?view=mine&filter=expiring", token=hoa).json()
    assert [c["conversation_id"] for c in expiring["items"]] == [older]
    assert expiring["counts"]["expiring"] == 1


# ---------------------------------------------------------------- marketplace tickets


def _marketplace_shop(api):
    shop = Shop(api, ["Hoa"])
    conn = shop.connect(channel="marketplace")
    shop.rule([conn], ["Hoa"])
    return shop, conn


def _ticket_badges(api, shop) -> dict:
    return api.get("/inbox/counts", token=shop.owner).json()["tickets"]


def test_a_marketplace_ticket_is_warned_taken_over_closed_and_locked_on_time(api):
    # Given a post-purchase ticket from a marketplace, assigned to Hoa and waiting for an answer
    shop, conn = _marketplace_shop(api)
    ticket = shop.write(conn, text="The parcel arrived damaged", ticket={"id": "t-1", "category": "post_purchase_ticket"})
    start = _at(shop.conversation(ticket)["waiting_since"])
    assert shop.assignee(ticket) == "Hoa" and shop.load("Hoa") == 1
    assert _ticket_badges(api, shop)["post_purchase_ticket"] == 1
    hoa_email = shop.team.agents["Hoa"]["email"]

    # When 20 hours pass / Then it is expiring and Hoa was warned once
    _advance_to(api, start + timedelta(hours=20, minutes=1))
    assert shop.conversation(ticket)["expiring"] is True
    assert len(_emails(api, hoa_email, "Expiring")) == 1

    # When 48 hours have passed / Then the SLA took it over from Hoa, whose seat is free, and told her once
    _advance_to(api, start + timedelta(hours=48, minutes=1))
    taken = shop.conversation(ticket)
    assert taken["status"] == "escalated" and taken["escalation"]["reason"] == "sla_takeover"
    assert shop.load("Hoa") == 0
    assert len(_emails(api, hoa_email, "Taken over")) == 1

    # When 7 days have passed / Then the escalated ticket is closed for timeout and counted as a closed ticket
    _advance_to(api, start + timedelta(days=7, minutes=1))
    closed = shop.conversation(ticket)
    assert (closed["status"], closed["close_reason"]) == ("closed", "timeout")
    badges = _ticket_badges(api, shop)
    assert (badges["post_purchase_ticket"], badges["closed"]) == (0, 1)
    # And nothing was sent twice by the sweeps in between
    assert len(_emails(api, hoa_email, "Expiring")) == len(_emails(api, hoa_email, "Taken over")) == 1

    # When the owner answers 29 days after the close, and again past 30 days / Then only the first is accepted
    closed_at = _at(closed["closed_at"])
    _advance_to(api, closed_at + timedelta(days=29))
    assert api.post(f"/conversations/{ticket}/messages", json={"text": "Sorry!"}, token=shop.owner).status_code == 201
    _advance_to(api, closed_at + timedelta(days=30, seconds=5))
    late = api.post(f"/conversations/{ticket}/messages", json={"text": "Hello?"}, token=shop.owner)
    assert late.status_code == 409 and late.json()["error"]["code"] == "reply_window_closed"


def test_a_marketplace_ticket_left_8_days_in_one_jump_is_closed_once(api):
    # Given a pre-purchase ticket from a marketplace, assigned to Hoa
    shop, conn = _marketplace_shop(api)
    ticket = shop.write(conn, text="Is it in stock?", ticket={"id": "t-2", "category": "pre_purchase"})
    assert shop.load("Hoa") == 1

    # When the stack's clock jumps 8 days at once (the sweep runs once, late)
    _advance(api, 8 * 24 * HOUR)

    # Then it is closed for timeout, Hoa's seat is free, the badges moved, and no warning or takeover was sent
    closed = shop.conversation(ticket)
    assert (closed["status"], closed["close_reason"]) == ("closed", "timeout")
    assert shop.load("Hoa") == 0
    badges = _ticket_badges(api, shop)
    assert (badges["pre_purchase"], badges["closed"]) == (0, 1)
    hoa_email = shop.team.agents["Hoa"]["email"]
    assert _emails(api, hoa_email, "Expiring") == _emails(api, hoa_email, "Taken over") == []
