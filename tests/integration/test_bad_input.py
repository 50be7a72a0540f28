"""Issue 10, point 4: the bad input an outside check found, each once a 500, through the real handlers on moto.

Every case is a clear 4xx that stores nothing, or, for a customer's message on a real channel, stored safely.
The property-based fuzzers of tests/adversarial generate many more such bodies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from switchboard import wiring
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.connections import connect_channel
from switchboard.models import Channel, ConnectionMode
from switchboard.clock import current_clock
from switchboard.store import keys
from switchboard.store.table import OrgItem
from tests.e2e.channels import signed_message
from tests.integration.support import claims_for, http_event, invoke, new_org

SECRET = "s3cret"


def zalo_event(oa_id: str, text_json: str, user: str = "u-1") -> dict:
    """A Zalo user_send_text whose message.text is `text_json` as written (any JSON), signed as Zalo signs."""
    timestamp = str(int(time.time() * 1000))
    body = ('{"app_id": "app", "event_name": "user_send_text", "timestamp": "%s", "sender": {"id": "%s"}, '
            '"recipient": {"id": "%s"}, "message": {"text": %s, "msg_id": "%s"}}'
            % (timestamp, user, oa_id, text_json, uuid.uuid4().hex))
    mac = hashlib.sha256(b"app" + body.encode() + timestamp.encode() + b"secret").hexdigest()
    return http_event("POST", "/webhooks/zalo", body=body,
                      headers={"content-type": "application/json", "x-zevent-signature": f"mac={mac}"})


def messenger_event(page_id: str, text_json: str, user: str = "psid-1") -> dict:
    now = int(time.time() * 1000)
    body = ('{"object": "page", "entry": [{"id": "%s", "time": %d, "messaging": [{"sender": {"id": "%s"}, '
            '"recipient": {"id": "%s"}, "timestamp": %d, "message": {"mid": "m_%s", "text": %s}}]}]}'
            % (page_id, now, user, page_id, now, uuid.uuid4().hex, text_json))
    signature = hmac.new(b"app-secret", body.encode(), hashlib.sha256).hexdigest()
    return http_event("POST", "/webhooks/messenger", body=body,
                      headers={"content-type": "application/json", "x-hub-signature-256": f"sha256={signature}"})


def connect(owner, channel: Channel, credentials: dict, external_id: str | None = None):
    conn = connect_channel(
        owner, channel=channel, name=channel.value, external_id=external_id or f"{channel.value}-{uuid.uuid4().hex[:8]}",
        credentials=credentials, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(),
        rules=wiring.rules(), secrets=wiring.secret_store(), clock=current_clock(),
    )
    wiring.directory().forget()
    return conn


def web_event(conn, body: bytes, headers: dict) -> dict:
    return http_event("POST", f"/webhooks/web/{conn.connection_id}", route="/webhooks/{channel}/{connection_id}",
                      body=body, headers=headers, path_params={"channel": "web", "connection_id": conn.connection_id})


def console(owner, method: str, path: str, body: str | None = None, query: dict | None = None) -> dict:
    event = http_event(method, path, body=body, headers={"content-type": "application/json"}, claims=claims_for(owner))
    if query:
        event["queryStringParameters"] = query
    return invoke("console", event)


def error_code(response: dict) -> str:
    return json.loads(response["body"])["error"]["code"]


def texts_of(conversation_id: str) -> list[str | None]:
    return [m.text for m in wiring.conversations().messages(conversation_id, limit=50, cursor=None)[0]]


def test_a_lone_surrogate_in_a_zalo_message_is_stored_with_a_replacement_character(aws, clock):
    # Given a Zalo OA, and a customer's text holding a lone UTF-16 surrogate (as JSON escapes it)
    _, _, conn, oa_id = new_org(1)

    # When Zalo delivers it
    response = invoke("ingest", zalo_event(oa_id, '"size M \\ud800 please"'))

    # Then it is stored, not lost: the unreadable unit is U+FFFD, everything else as written
    assert response["statusCode"] == 200, response
    conversation_id = json.loads(response["body"])["conversation_ids"][0]
    assert texts_of(conversation_id) == ["size M \ufffd please"]


def test_a_lone_surrogate_in_a_console_body_is_400_and_stores_nothing(aws, clock):
    # Given an owner / When they create a tag whose name holds a lone surrogate
    owner, _, _, _ = new_org(0)
    response = console(owner, "POST", "/tags", '{"name": "VIP \\udfff"}')

    # Then it is refused as malformed, and no tag exists
    assert response["statusCode"] == 400, response
    assert error_code(response) == "malformed_json"
    assert wiring.tags().list(owner.org_id) == []


@pytest.mark.parametrize("levels", [5_000, 10_000])
def test_json_nested_thousands_of_levels_is_400_on_webhooks_and_console_bodies(aws, clock, levels):
    # Given bodies nested thousands of levels deep, one an object all the way down, one holding arrays
    owner, _, _, oa_id = new_org(0)
    objects = '{"a": ' * levels + "1" + "}" * levels
    arrays = '{"sla": ' + "[" * levels + "]" * levels + "}"

    # When they reach a webhook and a console route
    answers = [
        invoke("ingest", zalo_event(oa_id, objects)),
        console(owner, "PATCH", "/settings", objects),
        console(owner, "PATCH", "/settings", arrays),
    ]

    # Then each is 400 (API.md: deeper than 64 levels), and the settings did not change
    for response in answers:
        assert response["statusCode"] == 400, response
        assert error_code(response) == "nesting_too_deep"
    assert wiring.organizations().get(owner.org_id).settings.sla.expiring_after_hours == 20


def test_64_levels_are_still_read(aws, clock):
    # Given a body exactly 64 levels deep (the settings object, then 63 nested lists in a field)
    owner, _, _, _ = new_org(0)
    body = '{"fallback_agent_id": ' + "[" * 63 + "]" * 63 + "}"
    # When sent / Then it is parsed and validated (422: the field is not an id), not refused for its depth
    response = console(owner, "PATCH", "/settings", body)
    assert response["statusCode"] == 422, response


@pytest.mark.parametrize("text_json,stored", [("12345", "12345"), ("12.5", "12.5"), ("true", "true")])
def test_a_number_as_text_on_zalo_and_messenger_is_stored_as_the_text_the_customer_wrote(aws, clock, text_json, stored):
    # Given a Zalo OA and a Messenger page
    owner, _, _, oa_id = new_org(0)
    page = connect(owner, Channel.MESSENGER,
                   {"app_secret": "app-secret", "verify_token": uuid.uuid4().hex, "page_access_token": "t"})

    # When each delivers a message whose text is a JSON number or boolean
    answers = [invoke("ingest", zalo_event(oa_id, text_json)),
               invoke("ingest", messenger_event(page.external_id, text_json))]

    # Then both are stored, with the text as written
    for response in answers:
        assert response["statusCode"] == 200, response
        assert texts_of(json.loads(response["body"])["conversation_ids"][0]) == [stored]


@pytest.mark.parametrize("text_json", ['{"a": 1}', "[1, 2]"])
def test_an_object_as_text_on_zalo_and_messenger_is_422_and_stores_nothing(aws, clock, text_json):
    # Given a Zalo OA and a Messenger page
    owner, _, _, oa_id = new_org(0)
    page = connect(owner, Channel.MESSENGER,
                   {"app_secret": "app-secret", "verify_token": uuid.uuid4().hex, "page_access_token": "t"})

    # When each delivers a "message" whose text is an object or a list (no customer wrote that)
    zalo = invoke("ingest", zalo_event(oa_id, text_json, user="u-obj"))
    messenger = invoke("ingest", messenger_event(page.external_id, text_json, user="psid-obj"))

    # Then both are 422 and no conversation was created
    assert zalo["statusCode"] == 422 and messenger["statusCode"] == 422, (zalo, messenger)
    assert console(owner, "GET", "/conversations", query={"view": "all"})["body"].count("conversation_id") == 0
    assert wiring.conversations().find(conversation_id_for(contact_id_for(page.connection_id, "psid-obj"))) is None


def test_a_contact_name_of_a_hundred_distinct_words_is_stored_and_found_by_its_first_words(aws, clock):
    # Given a web connection, and a contact whose name has 120 distinct words (each was a search term, written
    # in the conversation's one transaction, which DynamoDB caps at 100 items)
    owner, _, _, _ = new_org(0)
    conn = connect(owner, Channel.WEB, {"signing_secret": SECRET})
    name = " ".join(f"word{n:03d}x" for n in range(120))
    renamed = " ".join(f"name{n:03d}y" for n in range(120))

    # When the contact writes, then writes again under another name of 120 words (its terms are replaced)
    # (a second apart: within one second the channel's order, not arrival, says which message is newer)
    answers = []
    for sent_at, who in (("2026-03-01T10:00:00Z", name), ("2026-03-01T10:00:01Z", renamed)):
        body, headers = signed_message(secret=SECRET, contact={"id": "c-long", "name": who}, text=who[:7], sent_at=sent_at)
        answers.append(invoke("ingest", web_event(conn, body, headers)))

    # Then both messages are stored, and the conversation is found by the first word of its current name only
    assert [a["statusCode"] for a in answers] == [200, 200], answers
    conversation_id = json.loads(answers[0]["body"])["conversation_ids"][0]
    assert sorted(texts_of(conversation_id)) == ["name000", "word000"]
    found = console(owner, "GET", "/conversations", query={"view": "all", "q": "name000y"})
    assert [c["conversation_id"] for c in json.loads(found["body"])["items"]] == [conversation_id]
    assert json.loads(console(owner, "GET", "/conversations", query={"view": "all", "q": "word000x"})["body"])["items"] == []


@pytest.mark.parametrize("sla", [
    {"expiring_after_hours": 1e9}, {"expiring_after_hours": 0}, {"takeover_after_hours": 721},
    {"auto_close_after_days": 366}, {"reply_lock_after_days": 0.5}, {"expiring_after_hours": -1},
])
def test_settings_outside_their_bounds_are_422_and_change_nothing(aws, clock, sla):
    # Given an owner / When they set an SLA value outside hours 1-720 or days 1-365
    owner, _, _, _ = new_org(0)
    response = console(owner, "PATCH", "/settings", json.dumps({"sla": sla}))
    # Then it is refused and the settings are as they were
    assert response["statusCode"] == 422, response
    assert wiring.organizations().get(owner.org_id).settings.sla.model_dump() == {
        "expiring_after_hours": 20, "takeover_after_hours": 48, "auto_close_after_days": 7, "reply_lock_after_days": 30}


def test_a_stored_setting_out_of_bounds_no_longer_breaks_the_organizations_webhooks(aws, clock):
    # Given an organization whose stored settings hold 1e9 hours (accepted before the bounds existed)
    owner, _, _, oa_id = new_org(1)
    stored = wiring.organizations().get(owner.org_id).settings.model_dump(mode="json")
    stored["sla"].update(expiring_after_hours=1e9, auto_close_after_days="soon")
    OrgItem(keys.org_pk(owner.org_id), keys.ORG_SK).update(actions=[OrgItem.settings.set(stored)])
    wiring.directory().forget()

    # When a customer writes, and the owner reads the settings
    response = invoke("ingest", zalo_event(oa_id, '"hello"'))
    settings = console(owner, "GET", "/settings")

    # Then the message is stored with deadlines at the nearest bound (720 h) and the default (7 days)
    assert response["statusCode"] == 200, response
    conv = wiring.conversations().get(owner.org_id, json.loads(response["body"])["conversation_ids"][0])
    assert (conv.deadlines.expiring_at - conv.waiting_since).total_seconds() == 720 * 3600
    assert (conv.deadlines.auto_close_at - conv.waiting_since).days == 7
    assert json.loads(settings["body"])["sla"]["expiring_after_hours"] == 720


@pytest.mark.parametrize("body", ["[]", "[1, 2]", '"settings"', "null", "1", "true", " [{}]"])
def test_a_body_that_is_not_a_json_object_is_400_and_changes_nothing(aws, clock, body):
    # Given an owner / When PATCH /settings (or creating a tag) gets a JSON value that is not an object
    owner, _, _, _ = new_org(0)
    answers = [console(owner, "PATCH", "/settings", body), console(owner, "POST", "/tags", body)]
    # Then both are 400 malformed_json, and nothing changed
    for response in answers:
        assert response["statusCode"] == 400, response
        assert error_code(response) == "malformed_json"
    assert wiring.tags().list(owner.org_id) == []


def test_numbers_json_does_not_have_or_a_double_cannot_hold_are_400(aws, clock):
    owner, _, _, _ = new_org(0)
    for body in ('{"sla": {"expiring_after_hours": NaN}}', '{"sla": {"expiring_after_hours": Infinity}}',
                 '{"sla": {"expiring_after_hours": 1e999}}', '{"sla": {"expiring_after_hours": 1%s}}' % ("0" * 5000)):
        response = console(owner, "PATCH", "/settings", body)
        assert response["statusCode"] == 400, (body[:60], response)
        assert error_code(response) == "malformed_json"


def test_the_default_route_tells_an_unknown_path_from_a_method_the_path_does_not_have(aws, clock):
    # Given requests API Gateway sends to the $default route (the console function): no route matched them
    def fallback(method: str, path: str) -> dict:
        event = http_event(method, path)
        event["routeKey"] = event["requestContext"]["routeKey"] = "$default"
        return invoke("console", event)

    # When a path no route has, and a path with another method, arrive / Then 404 and 405 with Allow
    unknown, trace, wrong = fallback("GET", "/nowhere"), fallback("TRACE", "/me"), fallback("DELETE", "/webhooks/zalo")
    assert unknown["statusCode"] == 404 and error_code(unknown) == "not_found"
    assert trace["statusCode"] == 405 and trace["headers"]["Allow"] == "GET"
    assert wrong["statusCode"] == 405 and wrong["headers"]["Allow"] == "POST"
    assert error_code(trace) == "method_not_allowed"


def _page(owner, **query) -> dict:
    response = console(owner, "GET", "/conversations", query={"limit": "1", **query})
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def _queue_of_three(owner, oa_id: str) -> list[str]:
    """Three customers waiting in the queue (the organization has no agent to take them)."""
    return [json.loads(invoke("ingest", zalo_event(oa_id, '"hi"', user=f"u-{n}"))["body"])["conversation_ids"][0]
            for n in range(3)]


def _flip_one_bit(cursor: str, at: int) -> str:
    return cursor[:at] + chr(ord(cursor[at]) ^ 1) + cursor[at + 1:]


def test_a_cursor_pages_its_own_list_and_nothing_else(aws, clock):
    # Given two organizations with three waiting conversations each, and a first page of each list
    owner, _, _, oa_id = new_org(0)
    other, _, _, other_oa = new_org(0)
    waiting = _queue_of_three(owner, oa_id)
    _queue_of_three(other, other_oa)
    first = _page(owner, view="unassigned")
    assert first["next_cursor"]

    # When the cursor is used for its own list / Then it gives the next conversation
    second = _page(owner, view="unassigned", cursor=first["next_cursor"])
    shown = [c["conversation_id"] for c in first["items"] + second["items"]]
    assert len(set(shown)) == 2 and set(shown) <= set(waiting)

    # When it is used by another organization, for another view or sort, or altered by one bit
    misuses = [
        console(other, "GET", "/conversations", query={"view": "unassigned", "cursor": first["next_cursor"]}),
        console(owner, "GET", "/conversations", query={"view": "all", "cursor": first["next_cursor"]}),
        console(owner, "GET", "/conversations", query={"view": "unclaimed", "cursor": first["next_cursor"]}),
        console(owner, "GET", "/conversations", query={"view": "unassigned", "sort": "latest", "cursor": first["next_cursor"]}),
        *[console(owner, "GET", "/conversations", query={"view": "unassigned", "cursor": _flip_one_bit(first["next_cursor"], at)})
          for at in (0, len(first["next_cursor"]) // 2, len(first["next_cursor"]) - 1)],
    ]
    # Then each is 400 bad_cursor
    for response in misuses:
        assert response["statusCode"] == 400, response
        assert error_code(response) == "bad_cursor"


@pytest.mark.parametrize("view", ["all", "unassigned", "history", "escalated", "mine"])
def test_a_forged_cursor_naming_another_organization_is_400_on_every_view(aws, clock, view):
    # Given a cursor as this API used to issue them: base64 of table keys, here naming another organization
    owner, _, _, oa_id = new_org(0)
    other, _, _, _ = new_org(0)
    forged = {"IPK": {"S": f"{other.org_id}#Q"}, "ISK": {"S": "2026-01-01T00:00:00.000000Z#cv_x"},
              "OPK": {"S": other.org_id}, "OSK": {"S": "2026"}, "PK": {"S": "CONV#cv_x"}, "SK": {"S": "CONV"}}
    cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode()
    # When listed with it / Then 400 bad_cursor, never a 500 nor a silently empty page
    response = console(owner, "GET", "/conversations", query={"view": view, "cursor": cursor})
    assert response["statusCode"] == 400, response
    assert error_code(response) == "bad_cursor"


def test_a_messages_cursor_pages_only_its_own_conversation(aws, clock):
    # Given two conversations of one organization, each with two messages, and a first page of one
    owner, _, _, oa_id = new_org(0)
    mine = [invoke("ingest", zalo_event(oa_id, f'"{n}"', user="u-a")) for n in range(2)]
    other = [invoke("ingest", zalo_event(oa_id, f'"{n}"', user="u-b")) for n in range(2)]
    conversation_id = json.loads(mine[0]["body"])["conversation_ids"][0]
    other_id = json.loads(other[0]["body"])["conversation_ids"][0]
    first = console(owner, "GET", f"/conversations/{conversation_id}/messages", query={"limit": "1"})
    cursor = json.loads(first["body"])["next_cursor"]

    # When it pages its own conversation / Then the older message comes; on the other conversation: 400
    older = console(owner, "GET", f"/conversations/{conversation_id}/messages", query={"limit": "1", "cursor": cursor})
    assert [m["text"] for m in json.loads(older["body"])["items"]] == ["0"]
    elsewhere = console(owner, "GET", f"/conversations/{other_id}/messages", query={"limit": "1", "cursor": cursor})
    assert elsewhere["statusCode"] == 400 and error_code(elsewhere) == "bad_cursor"


def test_working_through_a_whole_queue_needs_no_cursor_key(aws, clock):
    # Given 55 waiting conversations (more than one page of 50), and conversations read through a repository whose
    # cursor key cannot be read: paging inside a function needs no cursor, so no key
    from dataclasses import replace

    from switchboard.api.assignment import routing_deps
    from switchboard.cursors import CursorSigner
    from switchboard.routing.assign import drain_queue
    from switchboard.store.conversations import ConversationRepository

    def no_key() -> bytes:
        raise AssertionError("the cursor key was read")

    owner, _, _, oa_id = new_org(1, capacity=100)
    for n in range(55):
        assert invoke("ingest", zalo_event(oa_id, '"hi"', user=f"q-{n}"))["statusCode"] == 200
    deps = replace(routing_deps(), conversations=ConversationRepository(8, CursorSigner(no_key)))

    # When the Assign function drains the queue / Then every one is given out, page after page, without the key
    assert drain_queue(owner.org_id, deps) == 55


def test_the_cursor_key_is_made_once_however_many_containers_make_it_at_once(aws):
    # Given a stack whose key of this name nobody has made yet
    from switchboard.store.server_keys import ServerKeyRepository

    name = f"cursor-{uuid.uuid4().hex[:8]}"
    start = threading.Barrier(8)

    def first_use(_):
        start.wait()
        return ServerKeyRepository().key(name)

    # When 8 containers need it at the same moment (serialized moto, interleaved calls)
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(first_use, range(8)))

    # Then all of them use one key of 256 bits, and later readers get the same one
    assert len(set(made)) == 1 and len(made[0]) == 32
    assert ServerKeyRepository().key(name) == made[0]
    # And another name is another key
    assert ServerKeyRepository().key(name + "-other") != made[0]
