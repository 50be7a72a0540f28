"""Issue 5, point 6: GET /reports/service on the local stack, after a day of real events: a reply in
time, a takeover by the SLA sweep, two ratings through the web webhook, and a new customer today."""

from __future__ import annotations

import uuid

from tests.e2e.channels import signed_rating
from tests.e2e.shop import SECRET, Shop

HOUR = 3600


def _rate(api, conn: dict, contact: str, rating: int) -> None:
    body, headers = signed_rating(secret=SECRET, contact={"id": contact}, rating=rating)
    response = api.post(conn["webhook_path"], data=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 1, response.text


def _advance(api, seconds: float) -> None:
    response = api.post("/_local/clock", json={"advance_seconds": seconds})
    assert response.status_code == 200, response.text


def test_the_service_report_of_the_organization_and_of_an_agent(api):
    # Given An answers every conversation of a web shop
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    lan, minh = f"lan-{uuid.uuid4().hex[:6]}", f"minh-{uuid.uuid4().hex[:6]}"
    answered = shop.write(conn, lan, "Is size M in stock?")
    forgotten = shop.write(conn, minh, "Where is my order?")
    assert shop.assignee(answered) == shop.assignee(forgotten) == "An"
    # When An answers Lan after 10 minutes, and nobody answers Minh for 49 hours (the sweep takes it over)
    _advance(api, 600)
    reply = api.post(f"/conversations/{answered}/messages", json={"text": "Yes!"}, token=shop.token("An"))
    assert reply.status_code == 201, reply.text
    _advance(api, 49 * HOUR)
    assert shop.conversation(forgotten)["status"] == "escalated"
    # and Lan rates 5, Minh rates 2, and a new customer writes today while An's console is open
    _rate(api, conn, lan, 5)
    _rate(api, conn, minh, 2)
    assert api.post("/me/presence", json={"online": True}, token=shop.token("An")).status_code == 200
    shop.write(conn, f"hoa-{uuid.uuid4().hex[:6]}", "Hello, anyone?")

    # Then the organization's report: 1 of 2 waits answered within 24 h, 1 late (the takeover),
    # 1 of 2 ratings satisfied, 1 received today, a first response of about 10 minutes: at risk
    org = api.get("/reports/service", token=shop.owner)
    assert org.status_code == 200, org.text
    report = org.json()
    assert report["response_rate_24h"] == 0.5
    assert report["late_response_rate"] == 0.5
    assert report["csat"] == 0.5
    assert report["received_today"] == 1
    assert 600 <= report["first_response_seconds_median"] <= 900  # the 10-15 minute bucket
    assert report["health"] == "at_risk"
    assert (report["waits_counted"], report["ratings_counted"], report["days"]) == (2, 2, 7)

    # and An's own: the takeover counts against An; Minh's rating came after the takeover left An,
    # so An's satisfaction is Lan's 5 alone; late responses above 45% still put An at risk
    mine = api.get(f"/reports/service?agent_id={shop.id('An')}", token=shop.token("An"))
    assert mine.status_code == 200, mine.text
    agent_report = mine.json()
    assert (agent_report["response_rate_24h"], agent_report["late_response_rate"], agent_report["csat"]) == (0.5, 0.5, 1.0)
    assert agent_report["received_today"] == 1
    assert agent_report["health"] == "at_risk"

    # and a one-day window no longer sees Lan's answer of two days ago, only today's takeover
    # (the sweep acted at the end of the clock's jump, today) and today's ratings
    today = api.get("/reports/service?days=1", token=shop.owner).json()
    assert (today["waits_counted"], today["response_rate_24h"], today["late_response_rate"]) == (1, 0.0, 1.0)
    assert today["csat"] == 0.5 and today["first_response_seconds_median"] is None

    # and by day: every day of the window, oldest first, for the console's charts; only when asked
    assert report["series"] is None
    series = api.get("/reports/service?days=7&by=day", token=shop.owner).json()["series"]
    assert len(series) == 7 and series == sorted(series, key=lambda d: d["day"])
    assert (series[-1]["received"], series[-1]["late_response_rate"], series[-1]["csat"]) == (1, 1.0, 0.5)
    assert sum(d["received"] for d in series) == 3
    assert api.get("/reports/service?by=week", token=shop.owner).status_code == 422

    # and an agent may not read the organization's report, nor ask for 91 days
    assert api.get("/reports/service", token=shop.token("An")).status_code == 403
    too_long = api.get("/reports/service?days=91", token=shop.owner)
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "validation_error"
