"""Messenger's handover protocol, the page's standing with Meta and the customer's feedback on its messages, as
deliveries arrive in any order: the corpus' documented events (tests/fixtures/channels/messenger) through the real ingest handler, on moto."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.ids import contact_id_for, conversation_id_for, timed_id
from switchboard.models import Message
from switchboard.store import keys
from tests.integration.support import claims_for, conversation_shown, http_event, invoke, new_org
from tests.integration.test_channel_corpus import CORPUS, META_APP_ID, _fill, _messenger_event, _page

PAGE_INBOX = "263902037430900"  # the app id Meta documents for its Page Inbox
OTHER_APP = "123456789"  # the app Meta's examples pass the thread to


def _body(name: str, timestamp: int | None = None) -> dict:
    """A corpus event; with `timestamp` (ms), that item's time."""
    body = json.loads((CORPUS / "messenger" / f"{name}.json").read_text())["body"]
    if timestamp is not None:
        for entry in body["entry"]:
            for item in entry.get("messaging", []):
                item["timestamp"] = timestamp
    return body


def _deliver(body: dict, ids: dict) -> dict:
    answer = invoke("ingest", _messenger_event(_fill(body, ids)))
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])


def _customer():
    """A page of our app (its connection names the app) and a customer who wrote to it."""
    owner, _, _, _ = new_org(0)
    page = _page(owner)
    ids = {"<PAGE_ID>": page.external_id, "<PSID>": f"psid-{uuid.uuid4().hex[:8]}", "<APP_ID>": META_APP_ID}
    _deliver(_body("message_text"), ids)
    conversation_id = conversation_id_for(contact_id_for(page.connection_id, ids["<PSID>"]))
    return owner, page, ids, conversation_id




T1, T2, T3 = 1764660000000, 1764660060000, 1764660120000  # a minute apart


@pytest.mark.parametrize(("newer", "older", "holder"), [
    ("handover_take_thread_control", "handover_pass_thread_control", PAGE_INBOX),  # a pass back to us arrives late
    ("handover_pass_thread_control", "handover_take_thread_control", None),  # the take before it arrives late
], ids=["late pass after a take", "late take after a pass back"])
def test_a_late_older_handover_does_not_undo_a_newer_one(aws, clock, newer, older, holder):
    # Given a customer's conversation on our page
    owner, _, ids, conversation_id = _customer()

    # When a handover (T2) is applied, and the one that preceded it (T1) arrives after it
    applied = _deliver(_body(newer, T2), ids)
    late = _deliver(_body(older, T1), ids)

    # Then the newer holds (the Page Inbox holds the thread after its take; after the pass back it is ours, and our
    # replies are not held back by the stale take), and the older was not applied
    assert (applied["applied"], late["applied"]) == (1, 0), late
    assert conversation_shown(owner, conversation_id)["thread_owner_app_id"] == holder


def test_handovers_in_order_each_apply(aws, clock):
    # Given a customer's conversation on our page
    owner, _, ids, conversation_id = _customer()

    # When the thread is taken (T1), then passed back to us (T2), then passed to another app (T3)
    answers = [_deliver(_body("handover_take_thread_control", T1), ids),
               _deliver(_body("handover_pass_thread_control", T2), ids),
               _deliver(_body("handover_pass_to_another_app", T3), ids)]

    # Then each applied, and the latest holds
    assert [a["applied"] for a in answers] == [1, 1, 1]
    assert conversation_shown(owner, conversation_id)["thread_owner_app_id"] == OTHER_APP


def test_two_handovers_of_one_millisecond_apply_in_their_arrival_order(aws, clock):
    # Given a customer's conversation on our page
    owner, _, ids, conversation_id = _customer()

    # When a take and a pass back to us of the same millisecond arrive in turn (Meta's own examples share one)
    answers = [_deliver(_body("handover_take_thread_control", T1), ids),
               _deliver(_body("handover_pass_thread_control", T1), ids)]

    # Then both applied: nothing orders them but their arrival, and the thread is ours
    assert [a["applied"] for a in answers] == [1, 1]
    assert conversation_shown(owner, conversation_id)["thread_owner_app_id"] is None


def test_another_apps_request_for_the_thread_is_shown_until_a_handover_answers_it(aws, clock):
    # Given a customer's conversation on our page
    owner, _, ids, conversation_id = _customer()

    # When another app asks for the thread
    asked = _deliver(_body("handover_request_thread_control", T1), ids)

    # Then the conversation shows which app asks, and the thread is still ours
    shown = conversation_shown(owner, conversation_id)
    assert asked["applied"] == 1, asked
    assert (shown["thread_requested_by_app_id"], shown["thread_owner_app_id"]) == (OTHER_APP, None)

    # When the thread is passed to that app (in Meta's inbox) / Then the request is answered: no longer shown
    _deliver(_body("handover_pass_to_another_app", T2), ids)
    shown = conversation_shown(owner, conversation_id)
    assert (shown["thread_requested_by_app_id"], shown["thread_owner_app_id"]) == (None, OTHER_APP)


def test_a_request_older_than_the_handover_applied_is_not_shown(aws, clock):
    # Given a thread passed to another app (T2)
    owner, _, ids, conversation_id = _customer()
    _deliver(_body("handover_pass_to_another_app", T2), ids)

    # When a request for the thread of T1 arrives late
    late = _deliver(_body("handover_request_thread_control", T1), ids)

    # Then nothing is recorded: that request was answered already
    assert late["applied"] == 0, late
    assert conversation_shown(owner, conversation_id)["thread_requested_by_app_id"] is None


class BlockedMeanwhile:
    """The connections' repository, where Meta's policy block (the corpus' delivery, through the ingest handler)
    lands between a change's read of the connection and its write, once: the race of a reconnect with a block."""

    def __init__(self, ids: dict):
        self.real, self.ids, self.raced = wiring.connections(), ids, False

    def get(self, org_id, connection_id):
        conn = self.real.get(org_id, connection_id)
        if not self.raced:
            self.raced = True
            assert _deliver(_body("policy_enforcement_block", T2), self.ids)["applied"] == 1
        return conn

    def __getattr__(self, name):
        return getattr(self.real, name)


def _change(owner, page, changes: dict, connections, clock):
    from switchboard.connections import change_connection

    return change_connection(owner, page.connection_id, changes, connections=connections, rules=wiring.rules(),
                             agents=wiring.agents(), secrets=wiring.secret_store(), clock=clock)


def _reconnect() -> dict:
    """New credentials for the page (a new page token and verify token; the same app)."""
    return {"credentials": {"app_secret": "corpus-app-secret", "verify_token": uuid.uuid4().hex,
                            "page_access_token": "new-token", "app_id": META_APP_ID}}


@pytest.mark.parametrize("changes", [None, {"name": "Renamed page"}], ids=["reconnect", "rename"])
def test_a_block_that_lands_while_the_connection_is_changed_is_kept(aws, clock, changes):
    # Given a Messenger page, being reconnected (or renamed) by its manager
    owner, page, ids, _ = _customer()
    racing, changes = BlockedMeanwhile(ids), changes or _reconnect()

    # When Meta's policy block is applied after the change read the connection and before it wrote it
    _change(owner, page, changes, racing, clock)

    # Then the block is kept on every copy of the connection: replies stay refused until Meta unblocks the page
    assert racing.raced
    listed = wiring.connections().get(owner.org_id, page.connection_id)
    by_account = wiring.connections().find_by_external_id(page.channel, page.external_id)
    assert (listed.enforcement.action, by_account.enforcement.action) == ("block", "block")
    # and the change was made all the same
    assert listed.name == changes.get("name", page.name)


def test_a_reconnect_after_a_block_keeps_it_and_a_later_unblock_lifts_it(aws, clock):
    # Given a page Meta blocked
    owner, page, ids, _ = _customer()
    _deliver(_body("policy_enforcement_block", T1), ids)

    # When it is reconnected, and then Meta unblocks it
    _change(owner, page, _reconnect(), wiring.connections(), clock)
    blocked = wiring.connections().get(owner.org_id, page.connection_id).enforcement.action
    _deliver(_body("policy_enforcement_unblock", T2), ids)

    # Then the reconnect kept the block, and the unblock lifted it
    assert blocked == "block"
    assert wiring.connections().get(owner.org_id, page.connection_id).enforcement.action == "unblock"


def test_a_rule_change_with_a_connection_read_before_a_block_keeps_the_block(aws, clock):
    # Given a page read by a rule's change, and Meta's block applied after that read
    owner, page, ids, _ = _customer()
    read = wiring.connections().get(owner.org_id, page.connection_id)
    _deliver(_body("policy_enforcement_block", T1), ids)

    # When the rule's change routes the page through another rule, from what it read
    wiring.connections().set_rule(read, "rl-other")

    # Then the page is routed by that rule, and still blocked
    stored = wiring.connections().get(owner.org_id, page.connection_id)
    assert (stored.rule_id, stored.enforcement.action) == ("rl-other", "block")


def _page_message(conversation_id: str, mid: str) -> str:
    """A message the page sent (an agent's reply, delivered: Meta answered `mid`); its id."""
    at = datetime.fromtimestamp(T1 / 1000 - 60, UTC)
    message_id = timed_id("ms", at)
    wiring.conversations().add_message(Message(
        conversation_id=conversation_id, message_id=message_id, sort_key=keys.message_sk(at, message_id),
        direction="out", text="Your order ships today", status="sent", channel_message_id=mid, author_id="agent",
        created_at=at))
    return message_id


def _feedback(said: str, mid: str, timestamp: int) -> dict:
    body = _body("response_feedback", timestamp)
    body["entry"][0]["messaging"][0]["response_feedback"] = {"feedback": said, "mid": mid}
    return body


def test_the_customers_latest_feedback_on_a_reply_is_shown_on_it_whatever_the_delivery_order(aws, clock):
    # Given a reply of the page to the customer
    owner, _, ids, conversation_id = _customer()
    message_id = _page_message(conversation_id, "m_reply")

    # When the customer's thumbs down (T2) arrives, then, late, the thumbs up they gave before it (T1)
    latest = _deliver(_feedback("Bad response", "m_reply", T2), ids)
    late = _deliver(_feedback("Good response", "m_reply", T1), ids)

    # Then the reply shows their latest feedback: bad
    assert (latest["applied"], late["applied"]) == (1, 0), late
    route = "/conversations/{conversation_id}/messages"
    answer = invoke("console", http_event("GET", route.format(conversation_id=conversation_id), route=route,
                                          path_params={"conversation_id": conversation_id}, claims=claims_for(owner)))
    shown = {m["message_id"]: m["feedback"] for m in json.loads(answer["body"])["items"]}
    assert shown[message_id] == "bad"
    assert [v for k, v in shown.items() if k != message_id] == [None]  # the customer's own message has none


def _roles(roles: dict, timestamp: int) -> dict:
    body = _body("handover_app_roles", timestamp)
    body["entry"][0]["messaging"][0]["app_roles"] = roles
    return body


def _reply(owner, conversation_id: str) -> dict:
    route = "/conversations/{conversation_id}/messages"
    answer = invoke("reply", http_event("POST", route.format(conversation_id=conversation_id), route=route,
                                        path_params={"conversation_id": conversation_id}, claims=claims_for(owner),
                                        body={"text": "We are on it"}))
    return {**json.loads(answer["body"]), "http_status": answer["statusCode"]}


def _listed(owner, page) -> dict:
    route = "/connections"
    answer = invoke("console", http_event("GET", route, route=route, claims=claims_for(owner)))
    assert answer["statusCode"] == 200, answer
    return next(c for c in json.loads(answer["body"])["items"] if c["connection_id"] == page.connection_id)


def test_our_apps_role_on_the_page_is_on_the_connection_and_a_secondary_receiver_waits_for_the_thread(aws, clock):
    # Given a customer's conversation on our page (whose connection names our app)
    owner, page, ids, conversation_id = _customer()

    # When the page makes our app a secondary receiver (the Page Inbox primary)
    made = _deliver(_roles({PAGE_INBOX: ["primary_receiver"], META_APP_ID: ["secondary_receiver"]}, T1), ids)

    # Then the connection shows our role, and a reply waits: the primary receiver holds threads by default
    assert made["applied"] == 1, made
    assert _listed(owner, page)["app_role"] == "secondary_receiver"
    refused = _reply(owner, conversation_id)
    assert (refused["http_status"], refused["error"]["code"]) == (409, "thread_controlled_by_other_app"), refused

    # When the primary passes this thread to our app / Then our reply is accepted
    _deliver(_body("handover_pass_thread_control", T2), ids)
    assert _reply(owner, conversation_id)["http_status"] == 201


def test_a_late_older_role_change_does_not_undo_a_newer_one(aws, clock):
    # Given our page
    owner, page, ids, conversation_id = _customer()

    # When our app is made the primary receiver (T2), and the older change that made it secondary (T1) arrives late
    _deliver(_roles({META_APP_ID: ["primary_receiver"]}, T2), ids)
    late = _deliver(_roles({META_APP_ID: ["secondary_receiver"]}, T1), ids)

    # Then our app is the primary receiver, and replies go out without waiting for the thread
    assert late["applied"] == 0, late
    assert _listed(owner, page)["app_role"] == "primary_receiver"
    assert _reply(owner, conversation_id)["http_status"] == 201


class HandoverApi:
    """Meta's Handover Protocol API as the page's connection reaches it: each POST recorded, answered as Meta
    answers a pass (`{"success": true}`), or with `refusal` (status, body)."""

    def __init__(self, refusal: tuple[int, dict] | None = None) -> None:
        self.posts: list = []
        self.refusal = refusal

    def post(self, request):
        from switchboard.adapters.http import HttpResponse

        self.posts.append(request)
        return HttpResponse(*self.refusal) if self.refusal else HttpResponse(200, {"success": True})


def _passing_page(monkeypatch, api: HandoverApi):
    """A customer on a page whose connection passes the thread to an app that asks for it."""
    from switchboard.connections import change_connection

    owner, page, ids, conversation_id = _customer()
    change_connection(owner, page.connection_id, {"settings": {"pass_thread_on_request": True}},
                      connections=wiring.connections(), rules=wiring.rules(), agents=wiring.agents(),
                      secrets=wiring.secret_store(), clock=current_clock())
    wiring.directory().forget()
    monkeypatch.setattr(wiring, "http_sender", lambda: api)
    return owner, ids, conversation_id


def test_a_page_set_to_pass_on_request_passes_the_thread_to_the_app_that_asks(aws, clock, monkeypatch):
    # Given a page whose connection is set to pass the thread to an app that asks for it
    api = HandoverApi()
    owner, ids, conversation_id = _passing_page(monkeypatch, api)

    # When another app asks for a customer's thread
    asked = _deliver(_body("handover_request_thread_control", T1), ids)

    # Then our app passed it with Meta's Handover API (to that app, for that customer), and the conversation shows
    # that app holding the thread: the request is answered, and our replies wait
    assert asked["applied"] == 1, asked
    (passed,) = api.posts
    assert "/me/pass_thread_control?access_token=" in passed.url
    assert (passed.body["recipient"], passed.body["target_app_id"]) == ({"id": ids["<PSID>"]}, OTHER_APP)
    shown = conversation_shown(owner, conversation_id)
    assert (shown["thread_owner_app_id"], shown["thread_requested_by_app_id"]) == (OTHER_APP, None)


def test_when_meta_refuses_the_pass_the_request_stays_for_a_person(aws, clock, monkeypatch):
    # Given a page set to pass on request, whose pass Meta refuses (the app is no secondary receiver of the page)
    api = HandoverApi(refusal=(400, {"error": {"message": "(#10) Invalid target app", "code": 10, "type": "OAuthException"}}))
    owner, ids, conversation_id = _passing_page(monkeypatch, api)

    # When another app asks for the thread
    asked = _deliver(_body("handover_request_thread_control", T1), ids)

    # Then the delivery is accepted, the thread stays ours, and the request is shown for a person to decide
    assert asked["applied"] == 1 and len(api.posts) == 1, asked
    shown = conversation_shown(owner, conversation_id)
    assert (shown["thread_owner_app_id"], shown["thread_requested_by_app_id"]) == (None, OTHER_APP)


def test_a_block_that_lands_while_the_page_is_disconnected_is_kept_for_its_reconnection(aws, clock):
    # Given a Messenger page being disconnected by its manager
    from switchboard.connections import disconnect_channel

    owner, page, ids, _ = _customer()
    racing = BlockedMeanwhile(ids)

    # When Meta's block is applied after the disconnection read the connection and before it wrote it
    disconnect_channel(owner, page.connection_id, connections=racing)

    # Then the page is disconnected and the block kept: reconnected, its replies stay refused until Meta unblocks
    assert racing.raced
    stored = wiring.connections().get(owner.org_id, page.connection_id)
    assert (stored.status, stored.enforcement.action) == ("disconnected", "block")
    _change(owner, page, _reconnect(), wiring.connections(), clock)
    assert wiring.connections().get(owner.org_id, page.connection_id).enforcement.action == "block"
