"""The reply box and the channel's messaging window in a real browser (CONSOLE.md "A conversation": when the
channel's reply window is closed the reply box says why and Send is disabled; notes still go), and a Zalo
contact's follow state in the side panel."""

from __future__ import annotations

import time
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Console, Owner
from tests.e2e.channels import messenger_text, zalo_signed, zalo_text
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


def test_a_zalo_contacts_follow_state_is_shown_beside_the_reply_window(api: Api, owner: Owner, console: Console) -> None:
    # Given a Zalo OA (free replies only), and a customer who wrote to it and then followed it
    oa_id, user = f"oa-{uuid.uuid4().hex[:8]}", f"zu-{uuid.uuid4().hex[:8]}"
    connection = api.post("/connections", token=owner.token, json={
        "channel": "zalo", "name": "Lan OA", "external_id": oa_id, "mode": "shared",
        "credentials": {"app_id": "app-z", "oa_secret_key": "oa-secret", "access_token": "zalo-token"}})
    assert connection.status_code == 201, connection.text
    body, headers = zalo_text(app_id="app-z", secret="oa-secret", oa_id=oa_id, user_id=user, text="Còn size M không?")
    stored = api.post("/webhooks/zalo", data=body, headers=headers)
    assert stored.status_code == 200, stored.text
    conversation_id = stored.json()["conversation_ids"][0]
    assert api.post("/_local/drain").status_code == 200

    def zalo_event(event_name: str) -> None:
        event = {"app_id": "app-z", "event_name": event_name, "timestamp": str(int(time.time() * 1000)),
                 "oa_id": oa_id, "follower": {"id": user}, "source": "oa_profile"}
        raw, signed_headers = zalo_signed(app_id="app-z", secret="oa-secret", body=event)
        answered = api.post("/webhooks/zalo", data=raw, headers=signed_headers)
        assert answered.status_code == 200 and answered.json()["applied"] == 1, answered.text

    zalo_event("follow")

    # When the owner opens the conversation
    page = console.open(f"/conversations/{conversation_id}")
    console.sign_in(owner.username, owner.password)

    # Then the contact panel says the customer follows the OA, and the reply box is open
    expect(page.get_by_role("complementary", name="Details")).to_contain_text("Follows the OA")
    page.get_by_role("textbox", name="Reply").fill("Dạ còn ạ")
    expect(page.get_by_role("status").filter(has_text="reply window has closed")).to_have_count(0)
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_enabled()

    # When the customer unfollows, 48 hours pass (the free replies end), and the conversation is shown again
    zalo_event("unfollow")
    assert api.post("/_local/clock", json={"advance_seconds": 49 * 3600}).status_code == 200
    page.reload()

    # Then it says they unfollowed, and the reply box still gives the window's own reason, with Send disabled
    expect(page.get_by_role("complementary", name="Details")).to_contain_text("Unfollowed")
    page.get_by_role("textbox", name="Reply").fill("Dạ còn ạ")
    expect(page.get_by_role("status").filter(has_text="reply window has closed")).to_be_visible()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_disabled()
