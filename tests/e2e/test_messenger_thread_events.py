"""Issue 13, on the local stack over HTTP: Messenger's documented events about a message, the thread, the contact
and the page (tests/fixtures/channels/messenger) applied. A customer's edit shows in the thread with what they
first wrote; while another app holds the thread (handover protocol) replies are refused and the customer's
messages keep arriving; while Meta blocks the page its replies are refused and the page's settings say why;
opt-ins and account linking show on the contact."""

from __future__ import annotations

import uuid

from tests.e2e.team import connect, new_team, token_of
from tests.e2e.test_channel_events import APP_SECRET, documented, post_messenger

APP_ID = "1517776481860111"  # the connection's Meta app (its optional `app_id` credential)


def _page_with_a_customer(api, name: str):
    """A page of our app with one agent, whose customer wrote (Meta's documented text message)."""
    team = new_team(api, [name])
    page_id = f"page-{uuid.uuid4().hex[:8]}"
    connect(api, team, "messenger", page_id, {"app_secret": APP_SECRET, "verify_token": uuid.uuid4().hex,
                                              "page_access_token": "page-token", "app_id": APP_ID},
            rule_members=[team.agents[name]["agent_id"]])
    ids = {"<PAGE_ID>": page_id, "<PSID>": f"psid-{uuid.uuid4().hex[:8]}", "<APP_ID>": APP_ID}
    [conversation_id] = post_messenger(api, documented("messenger", "message_text", ids))["conversation_ids"]
    return team, token_of(team, name), ids, conversation_id


def _reply(api, token: str, conversation_id: str, text: str):
    response = api.post(f"/conversations/{conversation_id}/messages", json={"text": text}, token=token)
    api.post("/_local/drain")
    return response


def _assert_reply_refused(api, token: str, conversation_id: str, code: str) -> None:
    """The agent's reply is refused with 409 `code`, and nothing of it is stored: the thread is the customer's."""
    refused = _reply(api, token, conversation_id, "Dạ shop đây ạ")
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == code
    messages = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    assert {m["direction"] for m in messages} == {"in"}


def test_a_customers_edit_shows_in_the_thread_with_what_they_first_wrote(api):
    # Given a customer who wrote "hello, world!"
    _, token, ids, conversation_id = _page_with_a_customer(api, "Hoa")

    # When they edit it (Meta's message_edits), and the same edit is delivered again
    answers = [post_messenger(api, documented("messenger", "message_edit", ids)) for _ in range(2)]

    # Then the thread shows the new text, marked edited, with the first text kept, once
    assert [a["applied"] for a in answers] == [1, 0]
    [message] = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    assert (message["text"], message["edited"], message["original_text"]) == (
        "hello, world! (edited)", True, "hello, world!")


def test_while_another_app_holds_the_thread_replies_wait_and_messages_keep_arriving(api):
    # Given a customer of the page, and the Page Inbox taking the thread from our app (take_thread_control)
    _, token, ids, conversation_id = _page_with_a_customer(api, "Khoa")
    assert post_messenger(api, documented("messenger", "handover_take_thread_control", ids))["applied"] == 1

    # When the agent replies / Then the reply is refused, nothing is queued, and the conversation says which app
    # holds the thread
    _assert_reply_refused(api, token, conversation_id, "thread_controlled_by_other_app")
    conversation = api.get(f"/conversations/{conversation_id}", token=token).json()
    assert conversation["thread_owner_app_id"] == "263902037430900"

    # When the customer writes meanwhile (Meta sends it on standby), then the thread is passed back to our app
    assert post_messenger(api, documented("messenger", "standby_message", ids))["stored"] == 1
    assert post_messenger(api, documented("messenger", "handover_pass_thread_control", ids))["applied"] == 1

    # Then their message is in the thread, and the agent's reply goes
    assert _reply(api, token, conversation_id, "Dạ shop đây ạ").status_code == 201
    thread = api.get(f"/conversations/{conversation_id}/messages", token=token).json()["items"]
    assert sorted(m["text"] for m in thread) == ["Dạ shop đây ạ", "hello from standby", "hello, world!"]
    assert api.get(f"/conversations/{conversation_id}", token=token).json()["thread_owner_app_id"] is None


def test_while_meta_blocks_the_page_its_replies_are_refused_and_its_settings_say_why(api):
    # Given a customer of the page, and Meta blocking the page for its policies (messaging_policy_enforcement)
    team, token, ids, conversation_id = _page_with_a_customer(api, "Lan")
    assert post_messenger(api, documented("messenger", "policy_enforcement_block", ids))["applied"] == 1

    # When the agent replies / Then it is refused before anything is queued
    _assert_reply_refused(api, token, conversation_id, "account_blocked_by_channel")

    # And the page's connection shows the block and Meta's reason
    [page] = [c for c in api.get("/connections", token=team.owner_token).json()["items"]
              if c["external_id"] == ids["<PAGE_ID>"]]
    assert page["enforcement"]["action"] == "block"
    assert page["enforcement"]["reason"].startswith("The bot violated our Platform Policies")

    # When Meta unblocks it / Then the reply goes
    assert post_messenger(api, documented("messenger", "policy_enforcement_unblock", ids))["applied"] == 1
    assert _reply(api, token, conversation_id, "Dạ shop đây ạ").status_code == 201


def test_opt_ins_and_account_linking_show_on_the_contact(api):
    # Given a customer of the page
    _, token, ids, conversation_id = _page_with_a_customer(api, "Minh")

    def contact() -> dict:
        found = api.get(f"/conversations/{conversation_id}", token=token).json()["contact"]
        return {"notifications": found["notifications"], "linked": found["linked"]}

    # When they opt in to the page's Marketing Messages and link their account (Meta's documented events)
    assert contact() == {"notifications": None, "linked": None}
    post_messenger(api, documented("messenger", "optin_notification_messages", ids))
    post_messenger(api, documented("messenger", "account_linking_linked", ids))
    # Then the contact says so
    assert contact() == {"notifications": True, "linked": True}

    # When they stop the notifications and unlink / Then the contact says so
    post_messenger(api, documented("messenger", "optin_notification_messages_stop", ids))
    post_messenger(api, documented("messenger", "account_linking_unlinked", ids))
    assert contact() == {"notifications": False, "linked": False}


def test_a_page_set_to_pass_on_request_hands_the_thread_to_the_app_that_asks(api):
    # Given a customer of a page whose manager set it to pass a thread to an app that asks for it
    team, token, ids, conversation_id = _page_with_a_customer(api, "Mai")
    [connection] = [c for c in api.get("/connections", token=team.owner_token).json()["items"]
                    if c["external_id"] == ids["<PAGE_ID>"]]
    changed = api.patch(f"/connections/{connection['connection_id']}",
                        json={"settings": {"pass_thread_on_request": True}}, token=team.owner_token)
    assert changed.status_code == 200, changed.text

    # When another app of the page asks for the customer's thread (Meta's request_thread_control)
    assert post_messenger(api, documented("messenger", "handover_request_thread_control", ids))["applied"] == 1

    # Then our app passed it with Meta's Handover API, to that app, for that customer
    [passed] = [m for m in api.get("/_local/outbox").json()["items"]
                if m["connection_id"] == connection["connection_id"] and m["kind"] == "pass_thread"]
    assert (passed["recipient"], passed["payload"]["target_app_id"]) == (ids["<PSID>"], "123456789")

    # And the conversation shows that app holding the thread, so the agent's reply waits
    conversation = api.get(f"/conversations/{conversation_id}", token=token).json()
    assert (conversation["thread_owner_app_id"], conversation["thread_requested_by_app_id"]) == ("123456789", None)
    _assert_reply_refused(api, token, conversation_id, "thread_controlled_by_other_app")
