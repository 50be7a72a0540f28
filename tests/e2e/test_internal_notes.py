"""API.md additions: `"internal": true` stores a private note in the thread, never sent to the contact,
and changes nothing else of the conversation (the console's checkbox Internal note)."""

from __future__ import annotations

import uuid

from tests.e2e.shop import Shop


def test_an_internal_note_is_kept_in_the_thread_and_never_sent(api):
    # Given a customer waiting on An's conversation
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    contact = f"c-{uuid.uuid4().hex[:8]}"
    conversation_id = shop.write(conn, contact=contact, text="Is size M in stock?")
    before = shop.conversation(conversation_id)

    # When An writes an internal note
    answer = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("An"),
                      json={"text": "Check the warehouse first", "internal": True})
    shop.drain()

    # Then it is stored as a note by An, and the thread shows it after the customer's message
    assert answer.status_code == 201, answer.text
    note = answer.json()
    assert (note["direction"], note["text"], note["author_id"]) == ("note", "Check the warehouse first", shop.id("An"))
    thread = api.get(f"/conversations/{conversation_id}/messages", token=shop.token("An")).json()["items"]
    assert [(m["direction"], m["text"]) for m in thread][-2:] == [("in", "Is size M in stock?"), ("note", "Check the warehouse first")]
    # And the contact never received it, and the customer is still waiting for an answer
    sent = [m for m in api.get("/_local/outbox").json()["items"] if m["recipient"] == contact]
    assert sent == []
    after = shop.conversation(conversation_id)
    assert (after["status"], after["unreplied"], after["waiting_since"]) == (before["status"], True, before["waiting_since"])


def test_a_note_without_text_is_refused(api):
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn)
    answer = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("An"), json={"text": "  ", "internal": True})
    assert answer.status_code == 422, answer.text


def test_a_note_mentioning_a_teammate_emails_them_once_and_nobody_else(api):
    # Given An's conversation, and Binh and Chi on the team
    shop = Shop(api, ["An", "Binh", "Chi"])
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn, text="Can I return the red dress?")
    emails = {n: shop.team.agents[n]["email"] for n in ("An", "Binh", "Chi")}

    # When An writes a note to @binh (typed in another case), naming an unknown @3pm and An herself too
    answer = api.post(f"/conversations/{conversation_id}/messages", token=shop.token("An"),
                      json={"text": "@binh can you check returns? Call before @3pm, cc @An.", "internal": True})
    shop.drain()

    # Then the note names Binh as mentioned, and Binh alone got an email with the note, once
    assert answer.status_code == 201, answer.text
    assert answer.json()["mentions"] == [shop.id("Binh")]
    mentioned = [e for e in api.get("/_local/emails").json()["items"] if "mentioned you" in e["subject"]
                 and conversation_id in e["body"]]
    assert [e["to"] for e in mentioned] == [[emails["Binh"]]], mentioned
    assert mentioned[0]["subject"].startswith("An mentioned you") and "can you check returns?" in mentioned[0]["body"]
    # And the thread shows who was mentioned
    thread = api.get(f"/conversations/{conversation_id}/messages", token=shop.token("An")).json()["items"]
    assert thread[-1]["mentions"] == [shop.id("Binh")]
