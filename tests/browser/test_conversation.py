"""The conversation screen and the inbox in a real browser, as an agent works all day (CONSOLE.md
"Inbox" and "A conversation"). Each story shares one organization and one signed-in page."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import Console, Owner
from tests.e2e.channels import signed_message
from tests.e2e.conftest import Api

SECRET = "conversation-secret"


class Desk:
    """One organization's data, made through the API and webhooks as a client would."""

    def __init__(self, api: Api, owner: Owner) -> None:
        self.api = api
        self.owner = owner
        self.connection = self._connect()

    def _connect(self) -> dict:
        conn = self.api.post("/connections", token=self.owner.token, json={
            "channel": "web", "name": "Web chat", "external_id": f"site-{uuid.uuid4().hex[:8]}",
            "credentials": {"signing_secret": SECRET}, "mode": "shared"})
        assert conn.status_code == 201, conn.text
        # The rule's one member never comes online: customers wait in the unassigned queue.
        waiting = self.agent("Queue")
        rule = self.api.post("/rules", token=self.owner.token, json={
            "name": "Web team", "sources": [conn.json()["connection_id"]], "members": [waiting["agent_id"]],
            "method": "round_robin"})
        assert rule.status_code == 201, rule.text
        return conn.json()

    def agent(self, nickname: str) -> dict:
        created = self.api.post("/agents", token=self.owner.token, json={
            "email": f"{nickname.lower()}-{uuid.uuid4().hex[:6]}@shop.example", "nickname": nickname})
        assert created.status_code == 201, created.text
        return created.json()

    def tag(self, name: str) -> dict:
        created = self.api.post("/tags", token=self.owner.token, json={"name": name})
        assert created.status_code == 201, created.text
        return created.json()

    def customer_writes(self, name: str, text: str, *, ticket: dict | None = None, contact_id: str | None = None) -> str:
        """A signed webhook from the contact; returns the conversation's id once routing has run."""
        contact = {"id": contact_id or f"c-{uuid.uuid4().hex[:8]}", "name": name, "store_name": "Lan Shop",
                   "store_url": "https://lan.example", "language": "vi"}
        body, headers = signed_message(secret=SECRET, contact=contact, text=text, ticket=ticket)
        answer = self.api.post(f"/webhooks/web/{self.connection['connection_id']}", data=body, headers=headers)
        assert answer.status_code == 200, answer.text
        self.drain()
        return answer.json()["conversation_ids"][0]

    def drain(self) -> None:
        assert self.api.post("/_local/drain").status_code == 200

    def conversation(self, conversation_id: str) -> dict:
        answer = self.api.get(f"/conversations/{conversation_id}", token=self.owner.token)
        assert answer.status_code == 200, answer.text
        return answer.json()


def _forget_logged_refusal(console: Console, status: int) -> None:
    """The browser logs every 4xx/5xx answer as a failed resource: an expected refusal is not an error of the page.
    All of them go: a refetch (a live update, the window's focus) may ask again and be refused again."""
    logged = [e for e in console.errors if f"status of {status}" in e]
    assert logged, console.errors
    for error in logged:
        console.errors.remove(error)


def _signed_in_at(console: Console, owner: Owner, path: str) -> Page:
    page = console.open(path)
    console.sign_in(owner.username, owner.password)
    return page


def test_an_agent_takes_transfers_ends_and_reopens_a_conversation(api: Api, owner: Owner, console: Console) -> None:
    # Given a customer waiting, and a teammate Binh
    desk = Desk(api, owner)
    binh = desk.agent("Binh")
    conversation_id = desk.customer_writes("Lan Nguyen", "Where is my parcel?")
    page = _signed_in_at(console, owner, f"/conversations/{conversation_id}")
    expect(page.get_by_role("heading", name="Lan Nguyen")).to_be_visible()

    # When the owner takes it, Transfer applies
    page.get_by_role("button", name="Assign to me").click()
    expect(page.get_by_role("button", name="Transfer")).to_be_visible()
    assert desk.conversation(conversation_id)["assignee_id"] == owner.agent_id

    # When they transfer it to a nickname nobody has, the refusal is shown in words and nothing moves
    page.get_by_role("button", name="Transfer").click()
    dialog = page.get_by_role("dialog", name="Transfer the conversation")
    dialog.get_by_role("combobox", name="Nickname").fill("Nobody")
    dialog.get_by_role("button", name="Transfer").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Nobody")
    _forget_logged_refusal(console, 404)
    assert desk.conversation(conversation_id)["assignee_id"] == owner.agent_id
    # When they pick Binh, a suggestion of the team, it is Binh's
    dialog.get_by_role("combobox", name="Nickname").fill("Binh")
    dialog.get_by_role("button", name="Transfer").click()
    expect(dialog).to_have_count(0)
    assert desk.conversation(conversation_id)["assignee_id"] == binh["agent_id"]

    # When they end it, the page asks first; Cancel changes nothing
    page.get_by_role("button", name="End", exact=True).click()
    confirm = page.get_by_role("dialog", name="End this conversation?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_have_count(0)
    assert desk.conversation(conversation_id)["status"] != "closed"
    page.get_by_role("button", name="End", exact=True).click()
    page.get_by_role("dialog", name="End this conversation?").get_by_role("button", name="End conversation").click()
    # Then it is closed as ended, and Reopen is what applies
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    ended = desk.conversation(conversation_id)
    assert (ended["status"], ended["close_reason"]) == ("closed", "ended")
    expect(page.get_by_role("button", name="Transfer")).to_have_count(0)

    # When they reopen it, it is open again and can be closed
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_role("button", name="Close", exact=True)).to_be_visible()
    assert desk.conversation(conversation_id)["status"] != "closed"
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    assert desk.conversation(conversation_id)["close_reason"] == "resolved"


def test_tags_are_applied_and_removed_and_filter_the_inbox(api: Api, owner: Owner, console: Console) -> None:
    # Given two waiting customers, one with a post-purchase ticket, and the tags vip and wholesale
    desk = Desk(api, owner)
    desk.tag("vip")
    desk.tag("wholesale")
    lan = desk.customer_writes("Lan Nguyen", "Do you ship to Hue?")
    desk.customer_writes("Minh Tran", "My shirt is torn", ticket={
        "id": f"t-{uuid.uuid4().hex[:6]}", "category": "post_purchase_ticket", "issue_type": "damaged",
        "order": {"id": "o-77", "items": [{"item_id": "i-1", "name": "Shirt", "price": 12.5}]}})
    page = _signed_in_at(console, owner, f"/conversations/{lan}?view=all")
    conversations = page.get_by_role("list", name="Conversations")
    expect(conversations.get_by_role("listitem")).to_have_count(2)

    # When the agent applies vip to Lan's conversation
    page.get_by_role("button", name="Tags", exact=True).click()
    tags = page.get_by_role("dialog", name="Tags of this conversation")
    tags.get_by_role("checkbox", name="vip").check()
    expect(tags.get_by_role("checkbox", name="vip")).to_be_checked()
    tags.get_by_role("button", name="Done").click()
    # Then the side panel lists it, and the API agrees
    expect(page.get_by_role("complementary", name="Details").get_by_role("list", name="Tags")).to_contain_text("vip")
    assert [t["name"] for t in desk.conversation(lan)["tags"]] == ["vip"]

    # When the inbox is filtered by the tag vip, only Lan is listed
    page.get_by_role("combobox", name="Tag").select_option(label="vip")
    expect(conversations.get_by_role("listitem")).to_have_count(1)
    expect(conversations).to_contain_text("Lan Nguyen")
    # When filtered by the category instead, only Minh's ticket
    page.get_by_role("combobox", name="Tag").select_option(label="Any tag")
    page.get_by_role("combobox", name="Category").select_option(label="Post-purchase ticket")
    expect(conversations.get_by_role("listitem")).to_have_count(1)
    expect(conversations).to_contain_text("Minh Tran")
    page.get_by_role("combobox", name="Category").select_option(label="Any category")

    # When vip is removed again, the conversation has no tags
    page.get_by_role("button", name="Tags", exact=True).click()
    page.get_by_role("dialog", name="Tags of this conversation").get_by_role("checkbox", name="vip").uncheck()
    page.get_by_role("dialog", name="Tags of this conversation").press("Escape")
    expect(page.get_by_role("complementary", name="Details")).to_contain_text("No tags")
    assert desk.conversation(lan)["tags"] == []


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def test_an_agent_replies_with_a_template_a_note_a_file_and_retries_a_failed_message(api: Api, owner: Owner, console: Console) -> None:
    # Given a Vietnamese-speaking customer waiting, and a template in two languages
    desk = Desk(api, owner)
    template = api.post("/templates", token=owner.token, json={"name": "Greeting", "texts": {"en": "Hello!", "vi": "Xin chào!"}})
    assert template.status_code == 201, template.text
    conversation_id = desk.customer_writes("Lan Nguyen", "Còn size M không?")
    page = _signed_in_at(console, owner, f"/conversations/{conversation_id}")
    log = page.get_by_role("log", name="Messages")
    reply = page.get_by_role("textbox", name="Reply")
    expect(log).to_contain_text("Còn size M không?")

    # When the agent picks the template, the reply holds it in the contact's language; English on request
    page.get_by_role("combobox", name="Template").select_option(label="Greeting")
    expect(reply).to_have_value("Xin chào!")
    page.get_by_role("combobox", name="Reply language").select_option(label="English")
    expect(reply).to_have_value("Hello!")
    page.get_by_role("button", name="Send", exact=True).click()
    # Then it is in the log, and once delivered it reads Sent
    expect(reply).to_have_value("")
    desk.drain()
    expect(log.get_by_role("article").filter(has_text="Hello!")).to_contain_text("Sent")

    # When they write an internal note, it is in the log marked as such, and never sent to the contact
    page.get_by_role("checkbox", name="Internal note").check()
    expect(page.get_by_role("button", name="Send and resolve")).to_be_disabled()
    reply.fill("Check the warehouse first")
    page.get_by_role("button", name="Send", exact=True).click()
    note = log.get_by_role("article", name="Internal note").filter(has_text="Check the warehouse first")
    expect(note).to_be_visible()
    expect(page.get_by_role("checkbox", name="Internal note")).not_to_be_checked()
    desk.drain()
    assert "Check the warehouse first" not in [m.get("text") for m in api.get("/_local/outbox").json()["items"]]

    # When they attach a picture, its upload shows progress and ends; the sent reply shows it inline
    page.get_by_label("Attach file").set_input_files(files=[{"name": "size-chart.png", "mimeType": "image/png", "buffer": PNG}])
    uploaded = page.get_by_role("list", name="Attachments").get_by_role("listitem").filter(has_text="size-chart.png")
    expect(uploaded.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    reply.fill("Our size chart")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(log.get_by_role("article").filter(has_text="Our size chart").get_by_role("img", name="size-chart.png")).to_be_visible()

    # When the channel refuses the next delivery, the message reads Failed with a Retry button
    assert api.post("/_local/sink/fail", json={"times": 1, "status": 400}).status_code == 200
    reply.fill("Are you still there?")
    page.get_by_role("button", name="Send", exact=True).click()
    desk.drain()
    failed = log.get_by_role("article").filter(has_text="Are you still there?")
    expect(failed).to_contain_text("Failed")
    # And Retry delivers it
    failed.get_by_role("button", name="Retry").click()
    desk.drain()
    expect(failed).to_contain_text("Sent")
    expect(failed.get_by_role("button", name="Retry")).to_have_count(0)
    assert "Are you still there?" in [m.get("text") for m in api.get("/_local/outbox").json()["items"]]

    # When they send and resolve, the conversation closes and the reply box says why it is disabled
    reply.fill("Anything else?")
    page.get_by_role("button", name="Send and resolve").click()
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    expect(page.get_by_text("This conversation is closed: reopen it to reply.")).to_be_visible()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_disabled()


def test_show_translation_says_when_translation_is_unavailable(api: Api, owner: Owner, console: Console) -> None:
    # Given a conversation on the local stack, which has no translation service (API.md: 501)
    desk = Desk(api, owner)
    conversation_id = desk.customer_writes("Lan Nguyen", "Còn size M không?")
    page = _signed_in_at(console, owner, f"/conversations/{conversation_id}")
    # When the agent turns Show translation on
    toggle = page.get_by_role("switch", name="Show translation")
    toggle.check()
    # Then the page says so in words, and the messages stay readable in the original
    expect(page.get_by_role("status").filter(has_text="Translation is not available")).to_be_visible()
    expect(page.get_by_role("log", name="Messages")).to_contain_text("Còn size M không?")
    toggle.uncheck()
    expect(page.get_by_text("Translation is not available")).to_have_count(0)
    _forget_logged_refusal(console, 501)  # once nothing asks for a translation any more


def test_a_post_purchase_ticket_refunds_the_marked_items_and_shows_the_refund(api: Api, owner: Owner, console: Console) -> None:
    # Given a post-purchase ticket about an order of a shirt and a hat
    desk = Desk(api, owner)
    ticket = {"id": f"t-{uuid.uuid4().hex[:6]}", "category": "post_purchase_ticket", "issue_type": "damaged",
              "order": {"id": "o-77", "items": [{"item_id": "i-1", "name": "Shirt", "price": 12.5},
                                                 {"item_id": "i-2", "name": "Hat", "price": 8}]}}
    conversation_id = desk.customer_writes("Minh Tran", "The shirt arrived torn", ticket=ticket)
    page = _signed_in_at(console, owner, f"/conversations/{conversation_id}")

    # Then the side panel shows the contact, the ticket, its order and the time left to respond
    details = page.get_by_role("complementary", name="Details")
    expect(details.get_by_role("link", name="Lan Shop")).to_have_attribute("href", "https://lan.example")
    for text in ["Minh Tran", "Post-purchase ticket", "damaged", "o-77", "Time left to respond"]:
        expect(details).to_contain_text(text)
    refund = page.get_by_role("button", name="Refund marked items")
    expect(refund).to_be_disabled()

    # When the agent marks the shirt and refunds it, after confirming
    page.get_by_role("checkbox", name="Shirt").check()
    refund.click()
    confirm = page.get_by_role("dialog", name="Refund the marked items?")
    expect(confirm).to_contain_text("Shirt")
    confirm.get_by_role("button", name="Refund", exact=True).click()

    # Then the ticket is closed as refunded, and shows what was refunded
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    shown = details.get_by_role("region", name="Refund")
    expect(shown).to_contain_text("Shirt")
    expect(shown).to_contain_text("12.50")
    expect(page.get_by_role("checkbox", name="Shirt")).to_have_count(0)
    closed = desk.conversation(conversation_id)
    assert (closed["close_reason"], closed["refund"]["item_ids"]) == ("refunded", ["i-1"])


def test_the_keyboard_moves_through_the_queue_and_enter_takes_a_conversation(api: Api, owner: Owner, console: Console) -> None:
    # Given three customers waiting on the web chat
    desk = Desk(api, owner)
    for name in ["Lan Nguyen", "Minh Tran", "Hoa Le"]:
        desk.customer_writes(name, f"Hello from {name}")
    page = _signed_in_at(console, owner, "/inbox/unassigned")
    conversations = page.get_by_role("list", name="Conversations")
    expect(conversations.get_by_role("listitem")).to_have_count(3)
    # Then the connection's badges count them, and the view its queue
    badge = page.get_by_role("list", name="Connections").get_by_role("listitem").filter(has_text="Web chat")
    expect(badge).to_contain_text("3 queued")
    expect(badge).to_contain_text("3 unread")
    expect(page.get_by_role("link", name="Unassigned 3")).to_be_visible()
    links = conversations.get_by_role("link")

    # When the agent presses J, J, then K
    page.keyboard.press("j")
    expect(links.nth(0)).to_have_attribute("aria-current", "page")
    page.keyboard.press("j")
    expect(links.nth(1)).to_have_attribute("aria-current", "page")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("k")
    # Then the first conversation is open again, its link focused
    expect(links.nth(0)).to_have_attribute("aria-current", "page")
    expect(links.nth(0)).to_be_focused()
    expect(page.get_by_role("button", name="Assign to me")).to_be_visible()
    conversation_id = page.url.split("/conversations/")[1].split("?")[0]

    # When they press Enter on it, it is theirs
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Assign to me")).to_have_count(0)
    assert desk.conversation(conversation_id)["assignee_id"] == owner.agent_id
    expect(badge).to_contain_text("2 queued")
