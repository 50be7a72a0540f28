"""The administration pages in a real browser, as owners and supervisors use them (CONSOLE.md, "Administration")."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_CALL_TIMEOUT_MS, Console, Owner
from tests.e2e.channels import signed_message, zalo_text
from tests.e2e.conftest import Api

SECRET = "admin-browser-secret"
# The console polls every 1.5 s; the margin is for a busy machine.
LIVE_TIMEOUT_MS = 10_000


def _temporary_password(api: Api, email: str) -> str:
    invitation = next(e for e in api.get("/_local/emails").json()["items"] if e["to"] == [email])
    found = re.search(r"^Temporary password: (\S+)$", invitation["body"], re.MULTILINE)
    assert found, invitation["body"]
    return found.group(1)


def _agent(api: Api, owner: Owner, email: str) -> dict:
    return next(a for a in api.get("/agents", token=owner.token).json()["items"] if a["email"] == email)


def _invite(page: Page, email: str, nickname: str, capacity: int) -> None:
    page.get_by_role("button", name="Invite agent").click()
    form = page.get_by_role("form", name="Invite agent")
    form.get_by_role("textbox", name="Email").fill(email)
    form.get_by_role("textbox", name="Nickname").fill(nickname)
    form.get_by_role("combobox", name="Role").select_option(label="Agent")
    form.get_by_role("spinbutton", name="Capacity").fill(str(capacity))
    form.get_by_role("button", name="Send invitation").click()


def test_invitation_to_first_reply(api: Api, owner: Owner, console: Console) -> None:
    # Given a signed-in owner on the Agents page
    page = console.open("/agents")
    console.sign_in(owner.username, owner.password)
    team = page.get_by_role("table", name="Team")
    expect(team.get_by_role("row").filter(has_text=owner.username)).to_contain_text("Owner")

    # When they invite Lan with a capacity of 5
    email = f"lan-{uuid.uuid4().hex[:6]}@lan-shop.example"
    _invite(page, email, "Lan", 5)
    # Then Lan is in the team: an agent, offline, accepting, holding nothing of 5
    lan_row = team.get_by_role("row").filter(has_text=email)
    expect(lan_row).to_contain_text("Agent")
    expect(lan_row.get_by_role("cell").nth(2)).to_have_text("Offline")
    expect(lan_row.get_by_role("cell").nth(3)).to_have_text("Yes")
    expect(lan_row).to_contain_text("0 / 5")

    # When they edit Lan: groups, weight, bound pages and capacity
    lan_row.get_by_role("button", name="Edit Lan").click()
    form = page.get_by_role("form", name="Edit Lan")
    form.get_by_role("textbox", name="Groups").fill("pre-sales, vip")
    form.get_by_role("spinbutton", name="Weight").fill("3")
    form.get_by_role("textbox", name="Bound pages").fill("home")
    form.get_by_role("spinbutton", name="Capacity").fill("4")
    form.get_by_role("button", name="Save").click()
    # Then the team shows it and the API holds it
    expect(form).to_have_count(0)
    expect(lan_row).to_contain_text("0 / 4")
    expect(lan_row).to_contain_text("pre-sales, vip")
    lan = _agent(api, owner, email)
    assert (lan["groups"], lan["weight"], lan["bound_pages"], lan["capacity"]) == (["pre-sales", "vip"], 3, ["home"], 4)

    # When the owner makes another member a supervisor (only owners see the Role choice)
    binh_email = f"binh-{uuid.uuid4().hex[:6]}@lan-shop.example"
    assert api.post("/agents", token=owner.token, json={"email": binh_email, "nickname": "Binh"}).status_code == 201
    binh_row = team.get_by_role("row").filter(has_text=binh_email)
    binh_row.get_by_role("button", name="Edit Binh").click()
    page.get_by_role("form", name="Edit Binh").get_by_role("combobox", name="Role").select_option(label="Supervisor")
    page.get_by_role("form", name="Edit Binh").get_by_role("button", name="Save").click()
    expect(binh_row).to_contain_text("Supervisor")
    assert _agent(api, owner, binh_email)["role"] == "supervisor"

    # Given a web chat whose rule hands its customers to Lan
    conn = api.post("/connections", token=owner.token, json={
        "channel": "web", "name": "Web chat", "external_id": f"site-{uuid.uuid4().hex[:8]}",
        "credentials": {"signing_secret": SECRET}, "mode": "shared"}).json()
    rule = api.post("/rules", token=owner.token, json={
        "name": "Web team", "sources": [conn["connection_id"]], "members": [lan["agent_id"]], "method": "round_robin"})
    assert rule.status_code == 201, rule.text
    page.get_by_role("button", name="Sign out").click()

    # When Lan signs in with the invitation's password and chooses her own
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_label("Password", exact=True).fill(_temporary_password(api, email))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("New password").fill("Lan-Chosen-Passw0rd!")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status").filter(has_text="Online")).to_be_visible(timeout=FIRST_CALL_TIMEOUT_MS)
    expect(page.get_by_role("link", name="Agents")).to_have_count(0)

    # And a customer writes for the first time, while Lan is online and accepting
    contact = {"id": f"c-{uuid.uuid4().hex[:8]}", "name": "Mai Tran", "store_name": "Mai Store", "language": "en"}
    body, headers = signed_message(secret=SECRET, contact=contact, text="Do you ship to Hanoi?")
    assert api.post(f"/webhooks/web/{conn['connection_id']}", data=body, headers=headers).status_code in (200, 202)
    assert api.post("/_local/drain").status_code == 200
    # Then it is in Lan's own list, and she answers it
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Inbox").click()
    expect(page).to_have_url(re.compile(r"/inbox/mine$"))
    item = page.get_by_role("list", name="Conversations").get_by_role("listitem").filter(has_text="Mai Tran")
    expect(item).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    item.get_by_role("link").click()
    expect(page.get_by_role("log", name="Messages")).to_contain_text("Do you ship to Hanoi?")
    page.get_by_role("textbox", name="Reply").fill("Yes, in two days.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("log", name="Messages")).to_contain_text("Yes, in two days.")
    assert api.post("/_local/drain").status_code == 200
    assert any(sent.get("text") == "Yes, in two days." for sent in api.get("/_local/outbox").json()["items"])


def test_a_connected_zalo_account_brings_its_customers_to_the_inbox(api: Api, owner: Owner, console: Console) -> None:
    # Given a signed-in owner on the Channels page
    console.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = console.open("/channels")
    console.sign_in(owner.username, owner.password)
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"

    # When they connect a Zalo Official Account for themselves only
    page.get_by_role("button", name="Connect channel").click()
    form = page.get_by_role("form", name="Connect channel")
    form.get_by_role("combobox", name="Channel").select_option(label="Zalo")
    form.get_by_role("textbox", name="Name").fill("Lan OA")
    form.get_by_role("textbox", name="Account id").fill(oa_id)
    form.get_by_role("textbox", name="App id").fill("app-lan")
    form.get_by_label("OA secret key").fill("oa-secret")
    form.get_by_label("Access token").fill("zalo-token")
    form.get_by_role("radio", name="Only me").check()
    form.get_by_role("button", name="Connect", exact=True).click()

    # Then it is listed as connected, by the owner, with its webhook URL to copy
    row = page.get_by_role("table", name="Connections").get_by_role("row").filter(has_text="Lan OA")
    expect(row).to_contain_text("Connected")
    expect(row).to_contain_text("Zalo")
    me = api.get("/me", token=owner.token).json()
    expect(row).to_contain_text(me["nickname"])
    expect(row).to_contain_text(f"{console.url}/webhooks/zalo")
    row.get_by_role("button", name="Copy webhook URL of Lan OA").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == f"{console.url}/webhooks/zalo"
    connection = next(c for c in api.get("/connections", token=owner.token).json()["items"] if c["external_id"] == oa_id)
    assert (connection["channel"], connection["mode"], connection["status"]) == ("zalo", "only_me", "connected")

    # When a customer writes to the OA (signed as Zalo signs)
    body, headers = zalo_text(app_id="app-lan", secret="oa-secret", oa_id=oa_id, user_id="u-1", text="Chào shop, còn áo không?")
    assert api.post("/webhooks/zalo", data=body, headers=headers).status_code == 200
    # Then the message arrives in the owner's inbox without a reload
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Inbox").click()
    conversations = page.get_by_role("list", name="Conversations")
    expect(conversations.get_by_role("listitem").filter(has_text="Chào shop, còn áo không?")).to_be_visible(timeout=LIVE_TIMEOUT_MS)

    # When they reconnect it with new credentials
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Channels").click()
    row.get_by_role("button", name="Reconnect Lan OA").click()
    form = page.get_by_role("form", name="Reconnect Lan OA")
    form.get_by_role("textbox", name="App id").fill("app-lan")
    form.get_by_label("OA secret key").fill("new-secret")
    form.get_by_label("Access token").fill("new-token")
    form.get_by_role("button", name="Reconnect", exact=True).click()
    expect(form).to_have_count(0)
    # Then the new secret is the one that counts
    body, headers = zalo_text(app_id="app-lan", secret="new-secret", oa_id=oa_id, user_id="u-1", text="Still there?")
    assert api.post("/webhooks/zalo", data=body, headers=headers).status_code == 200

    # When they disconnect it, dismissing the confirmation first
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Disconnect Lan OA").click()
    expect(row).to_contain_text("Connected")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Disconnect Lan OA").click()
    # Then it shows as disconnected and its webhook stores nothing
    expect(row).to_contain_text("Disconnected")
    expect(row.get_by_role("button", name="Disconnect Lan OA")).to_have_count(0)
    body, headers = zalo_text(app_id="app-lan", secret="new-secret", oa_id=oa_id, user_id="u-1", text="Hello?")
    assert api.post("/webhooks/zalo", data=body, headers=headers).status_code == 404


def test_rules_tags_templates_and_settings_are_managed_from_their_pages(api: Api, owner: Owner, console: Console) -> None:
    # Given an owner with a web chat and an agent, signed in on the Rules page
    conn = api.post("/connections", token=owner.token, json={
        "channel": "web", "name": "Shop chat", "external_id": f"site-{uuid.uuid4().hex[:8]}",
        "credentials": {"signing_secret": SECRET}, "mode": "shared"}).json()
    an = api.post("/agents", token=owner.token, json={"email": f"an-{uuid.uuid4().hex[:6]}@shop.example", "nickname": "An"}).json()
    page = console.open("/rules")
    console.sign_in(owner.username, owner.password)
    nav = page.get_by_role("navigation", name="Sections")

    # When they create a rule that hands the web chat's customers to An, one by one
    page.get_by_role("button", name="New rule").click()
    form = page.get_by_role("form", name="New rule")
    form.get_by_role("textbox", name="Name").fill("Web sales")
    form.get_by_role("group", name="Sources").get_by_role("checkbox", name="Shop chat").check()
    form.get_by_role("group", name="Members").get_by_role("checkbox", name="An").check()
    form.get_by_role("combobox", name="Method").select_option(label="Round robin")
    form.get_by_role("button", name="Create rule").click()
    row = page.get_by_role("table", name="Rules").get_by_role("row").filter(has_text="Web sales")
    expect(row).to_contain_text("Shop chat")
    expect(row).to_contain_text("An")
    rule = next(r for r in api.get("/rules", token=owner.token).json()["items"] if r["name"] == "Web sales")
    assert (rule["sources"], rule["members"], rule["method"]) == ([conn["connection_id"]], [an["agent_id"]], "round_robin")
    # And change it to self-claim, then delete it (after confirming)
    row.get_by_role("button", name="Edit Web sales").click()
    page.get_by_role("form", name="Edit Web sales").get_by_role("combobox", name="Method").select_option(label="Self-claim")
    page.get_by_role("form", name="Edit Web sales").get_by_role("button", name="Save").click()
    expect(row).to_contain_text("Self-claim")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Delete Web sales").click()
    expect(row).to_have_count(0)
    assert api.get("/rules", token=owner.token).json()["items"] == []

    # When they add a tag, rename it and delete it
    nav.get_by_role("link", name="Tags").click()
    page.get_by_role("textbox", name="New tag").fill("vip")
    page.get_by_role("button", name="Add tag").click()
    tags = page.get_by_role("list", name="Tags")
    expect(tags.get_by_role("listitem").filter(has_text="vip")).to_be_visible()
    tags.get_by_role("button", name="Rename vip").click()
    page.get_by_role("form", name="Rename vip").get_by_role("textbox", name="Name").fill("VIP customer")
    page.get_by_role("form", name="Rename vip").get_by_role("button", name="Save").click()
    expect(tags.get_by_role("listitem").filter(has_text="VIP customer")).to_be_visible()
    assert [t["name"] for t in api.get("/tags", token=owner.token).json()["items"]] == ["VIP customer"]
    page.once("dialog", lambda dialog: dialog.accept())
    tags.get_by_role("button", name="Delete VIP customer").click()
    expect(tags.get_by_role("listitem")).to_have_count(0)

    # When they write a template with one text per language
    nav.get_by_role("link", name="Templates").click()
    page.get_by_role("button", name="New template").click()
    form = page.get_by_role("form", name="New template")
    form.get_by_role("textbox", name="Name").fill("Greeting")
    form.get_by_role("textbox", name="English").fill("Hello! How can I help?")
    form.get_by_role("textbox", name="Tiếng Việt").fill("Xin chào! Shop giúp gì được ạ?")
    form.get_by_role("button", name="Create template").click()
    expect(page.get_by_role("region", name="Greeting")).to_contain_text("Xin chào! Shop giúp gì được ạ?")
    template = next(t for t in api.get("/templates", token=owner.token).json()["items"] if t["name"] == "Greeting")
    assert template["texts"] == {"en": "Hello! How can I help?", "vi": "Xin chào! Shop giúp gì được ạ?"}

    # When they shorten the expiring warning and name a fallback agent
    nav.get_by_role("link", name="Settings").click()
    page.get_by_role("spinbutton", name="Expiring after (hours)").fill("12")
    page.get_by_role("combobox", name="Fallback agent").select_option(label="An")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    settings = api.get("/settings", token=owner.token).json()
    assert (settings["sla"]["expiring_after_hours"], settings["fallback_agent_id"]) == (12, an["agent_id"])
    # And a bad value is refused with the API's reason, nothing saved
    page.get_by_role("spinbutton", name="Takeover after (hours)").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("spinbutton", name="Takeover after (hours)")).to_have_js_property("validity.valid", False)


def test_the_administration_and_reports_speak_vietnamese_and_chinese(owner: Owner, console: Console) -> None:
    # Given a signed-in owner on the Channels page
    page = console.open("/channels")
    console.sign_in(owner.username, owner.password)
    # When they choose 中文 in the header
    page.get_by_role("combobox", name="Language").select_option(label="中文")
    # Then the page, its table and its form speak Chinese
    expect(page.get_by_role("heading", name="渠道")).to_be_visible()
    page.get_by_role("button", name="连接渠道").click()
    expect(page.get_by_role("form", name="连接渠道").get_by_role("radio", name="仅我自己")).to_be_visible()
    expect(page.get_by_role("table", name="连接列表")).to_be_attached()
    # When they switch to Tiếng Việt and open the reports, the figures and charts are in Vietnamese
    page.get_by_role("combobox", name="语言").select_option(label="Tiếng Việt")
    page.get_by_role("navigation", name="Mục").get_by_role("link", name="Báo cáo").click()
    expect(page.get_by_role("heading", name="Tỷ lệ phản hồi (24 giờ)", exact=True)).to_be_visible()
    expect(page.get_by_role("figure", name="Tỷ lệ phản hồi (24 giờ) theo ngày")).to_be_visible()
    expect(page.get_by_role("region", name="Tình trạng")).to_contain_text("Bình thường")
