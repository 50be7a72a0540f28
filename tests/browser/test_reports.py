"""Reports in a real browser (CONSOLE.md, "Reports"): the figures, a chart of each rate by day, every agent's health."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Console, Owner
from tests.e2e.channels import signed_message
from tests.e2e.conftest import Api

SECRET = "reports-browser-secret"
HEADINGS = ["Response rate (24 h)", "Satisfaction", "Late responses", "Received today", "First response", "Health"]


def test_an_owner_reads_the_organizations_and_each_agents_figures_by_day(api: Api, owner: Owner, console: Console) -> None:
    # Given a web chat whose customer was answered by the owner (no rule: the connection's owner holds it)
    conn = api.post("/connections", token=owner.token, json={
        "channel": "web", "name": "Web chat", "external_id": f"site-{uuid.uuid4().hex[:8]}",
        "credentials": {"signing_secret": SECRET}, "mode": "only_me"}).json()
    an = api.post("/agents", token=owner.token, json={"email": f"an-{uuid.uuid4().hex[:6]}@shop.example", "nickname": "An"})
    assert an.status_code == 201, an.text
    body, headers = signed_message(secret=SECRET, contact={"id": f"c-{uuid.uuid4().hex[:8]}", "name": "Lan"}, text="Hello?")
    assert api.post(f"/webhooks/web/{conn['connection_id']}", data=body, headers=headers).status_code in (200, 202)
    assert api.post("/_local/drain").status_code == 200
    conversation = api.get("/conversations?view=all", token=owner.token).json()["items"][0]
    assert api.post(f"/conversations/{conversation['conversation_id']}/messages", token=owner.token,
                    json={"text": "Hi Lan!"}).status_code == 201
    me = api.get("/me", token=owner.token).json()

    # When the owner opens Reports
    page = console.open("/reports")
    console.sign_in(owner.username, owner.password)
    # Then every figure has its heading; the one answered wait makes a 100% response rate and 0% late
    for name in HEADINGS:
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Response rate (24 h)")).to_contain_text("100%")
    expect(page.get_by_role("region", name="Late responses")).to_contain_text("0%")
    expect(page.get_by_role("region", name="Health")).to_contain_text("Normal")
    # And a chart of each rate by day over the 7 days, today's point being the answered wait
    for name in ["Response rate (24 h)", "Late responses", "Satisfaction"]:
        expect(page.get_by_role("figure", name=f"{name} by day")).to_be_visible()
    days = page.get_by_role("table", name="Response rate (24 h) by day").get_by_role("row")
    expect(days).to_have_count(1 + 7)
    expect(days.last).to_contain_text("100%")
    # And each agent's health: the owner's answered wait, An without data (normal)
    per_agent = page.get_by_role("table", name="Per agent")
    expect(per_agent.get_by_role("row").filter(has_text=me["nickname"])).to_contain_text("100%")
    expect(per_agent.get_by_role("row").filter(has=page.get_by_role("rowheader", name="An", exact=True))).to_contain_text("Normal")

    # When they choose 30 days, the charts cover 30 days and the URL keeps the choice
    page.get_by_role("combobox", name="Period").select_option(label="Last 30 days")
    expect(page).to_have_url(re.compile(r"/reports\?days=30$"))
    expect(days).to_have_count(1 + 30)
