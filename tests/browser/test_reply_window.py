"""The reply box and the channel's messaging window in a real browser (CONSOLE.md "A conversation": when the
channel's reply window is closed the reply box says why and Send is disabled; notes still go)."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Console, Owner
from tests.e2e.channels import messenger_text
from tests.e2e.conftest import Api

APP_SECRET = "window-app-secret"


def test_after_24_hours_on_messenger_send_is_disabled_with_the_reason_but_a_note_still_goes(
    api: Api, owner: Owner, console: Console
) -> None:
    # Given a Messenger page and a customer who wrote to it 25 hours ago
    page_id = f"page-{uuid.uuid4().hex[:8]}"
    connection = api.post("/connections", token=owner.token, json={
        "channel": "messenger", "name": "Lan page", "external_id": page_id, "mode": "shared",
        "credentials": {"app_secret": APP_SECRET, "verify_token": f"v-{page_id}", "page_access_token": "token"}})
    assert connection.status_code == 201, connection.text
    body, headers = messenger_text(app_secret=APP_SECRET, page_id=page_id, user_id="psid-lan", text="Is it shipped?")
    stored = api.post("/webhooks/messenger", data=body, headers=headers)
    assert stored.status_code == 200, stored.text
    conversation_id = stored.json()["conversation_ids"][0]
    assert api.post("/_local/drain").status_code == 200
    assert api.post("/_local/clock", json={"advance_seconds": 25 * 3600}).status_code == 200

    # When the owner opens it
    page = console.open(f"/conversations/{conversation_id}")
    console.sign_in(owner.username, owner.password)
    reply = page.get_by_role("textbox", name="Reply")
    reply.fill("Sorry for the wait")

    # Then the reply box says the channel's window has closed, and Send and Send and resolve are disabled
    expect(page.get_by_role("status").filter(has_text="reply window has closed")).to_be_visible()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Send and resolve")).to_be_disabled()

    # When they make it an internal note instead / Then it can be sent, and shows in the thread as a note
    page.get_by_role("checkbox", name="Internal note").check()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("log", name="Messages")).to_contain_text("Sorry for the wait")
    notes = api.get(f"/conversations/{conversation_id}/messages", token=owner.token).json()["items"]
    assert [m["direction"] for m in notes if m["text"] == "Sorry for the wait"] == ["note"]

    # When the page is permitted the HUMAN_AGENT tag and the conversation is shown again
    changed = api.patch(f"/connections/{connection.json()['connection_id']}", token=owner.token,
                        json={"settings": {"human_agent_tag": True}})
    assert changed.status_code == 200, changed.text
    page.reload()

    # Then the window notice is gone and Send works again
    page.get_by_role("textbox", name="Reply").fill("Your parcel left today")
    expect(page.get_by_role("status").filter(has_text="reply window has closed")).to_have_count(0)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("log", name="Messages")).to_contain_text("Your parcel left today")
