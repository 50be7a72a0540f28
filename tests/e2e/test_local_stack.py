"""The local stack's own contract (API.md, "Local stack only") and the console's 401."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Api


def _parse(now: str) -> datetime:
    assert now.endswith("Z")
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def test_health_answers_ok_once_up(api: Api) -> None:
    # Given a started stack / When asking for its health
    response = api.get("/_local/health")
    # Then it is up
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_clock_advance_moves_now_forward(api: Api) -> None:
    # Given the stack's current time
    before = _parse(api.get("/_local/clock").json()["now"])
    # When two hours pass (the SLA sweep and the digest fall due and run)
    response = api.post("/_local/clock", json={"advance_seconds": 7200})
    # Then the clock answers a UTC time at least two hours later
    assert response.status_code == 200
    after = _parse(response.json()["now"])
    assert (after - before).total_seconds() >= 7200


def test_clock_refuses_to_go_backwards(api: Api) -> None:
    # When asked to move the clock by a negative or non-numeric amount
    negative = api.post("/_local/clock", json={"advance_seconds": -1})
    text = api.post("/_local/clock", json={"advance_seconds": "soon"})
    # Then both are validation errors
    assert negative.status_code == 422
    assert negative.json()["error"]["code"] == "validation_error"
    assert text.status_code == 422


def test_drain_returns_when_idle(api: Api) -> None:
    # Given a stack with nothing in flight / When draining
    response = api.post("/_local/drain")
    # Then it answers at once
    assert response.status_code == 200
    assert response.json() == {"status": "drained"}


def test_console_route_without_token_is_unauthorized(api: Api) -> None:
    # When calling a console route without a token
    response = api.get("/me")
    # Then the JWT authorizer refuses it, saying why
    assert response.status_code == 401
    body = response.json()
    assert body["message"] == "Unauthorized"
    assert body["error"]["code"] == "unauthorized"
    assert "missing" in body["error"]["message"]


def test_console_route_with_garbage_token_is_unauthorized(api: Api) -> None:
    # When calling a console route with a token that is not a JWT of the user pool
    response = api.get("/me", token="not-a-jwt")
    # Then it is refused as well
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_unknown_route_is_not_found_in_the_apis_error_shape(api: Api) -> None:
    # When asking for a path no route has, with or without a token
    for response in (api.get("/no/such/route"), api.post("/conversations/x/nothing", token="not-a-jwt")):
        # Then it is API.md's 404 body (API Gateway's $default route reaches the console, which says so)
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method,path,allowed", [
    ("TRACE", "/me", "GET"),
    ("DELETE", "/settings", "GET, PATCH"),
    ("PUT", "/conversations/cv_x/messages", "GET, POST"),
    ("GET", "/webhooks/zalo", "POST"),
    ("PATCH", "/webhooks/web/cn_x", "POST"),
    ("OPTIONS", "/tags", "GET, POST"),
])
def test_a_method_a_route_does_not_have_is_405_with_allow(api: Api, method: str, path: str, allowed: str) -> None:
    # When a path is asked for with a method none of its routes has
    response = api.request(method, path)
    # Then 405 names the methods it has, in the API's error body
    assert response.status_code == 405, response.text
    assert response.headers["Allow"] == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_outbox_and_emails_are_lists(api: Api) -> None:
    # When reading what was sent
    outbox = api.get("/_local/outbox")
    emails = api.get("/_local/emails")
    # Then both answer item lists
    assert outbox.status_code == 200 and isinstance(outbox.json()["items"], list)
    assert emails.status_code == 200 and isinstance(emails.json()["items"], list)


def test_sink_records_a_channel_call(api: Api) -> None:
    # Given a reply sent to the Zalo send API, which the stack points at its sink
    before = len(api.get("/_local/outbox").json()["items"])
    sent = api.post(
        "/_local/sink/zalo/v3.0/oa/message/cs",
        json={"recipient": {"user_id": "u-1"}, "message": {"text": "hi"}},
        headers={"X-Switchboard-Connection-Id": "conn-1", "access_token": "zalo-token"},
    )
    # Then the sink answers like Zalo and the outbox shows the call
    assert sent.status_code == 200 and sent.json()["error"] == 0
    items = api.get("/_local/outbox").json()["items"]
    assert len(items) == before + 1
    item = items[-1]
    assert (item["channel"], item["connection_id"], item["recipient"], item["text"]) == ("zalo", "conn-1", "u-1", "hi")


def test_token_for_unknown_agent_is_not_found(api: Api) -> None:
    response = api.post("/_local/token", json={"agent_id": "agent-that-does-not-exist"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_org_owner_token_opens_the_console(api: Api) -> None:
    # Given a new organization (needs switchboard.onboarding and the console handler)
    created = api.post("/_local/orgs", json={"name": "Acme Store"})
    assert created.status_code == 201
    owner = created.json()["owner"]
    # When its owner asks who they are
    me = api.get("/me", token=owner["token"])
    # Then the console knows them
    assert me.status_code == 200
    assert me.json()["agent_id"] == owner["agent_id"]


def test_org_needs_a_name(api: Api) -> None:
    blank = api.post("/_local/orgs", json={"name": "  "})
    malformed = api.post("/_local/orgs", data="{not json", headers={"Content-Type": "application/json"})
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "validation_error"
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "malformed_json"


def test_a_reset_drops_the_sink_failures_a_test_armed_and_never_used(api: Api) -> None:
    # Given a failure armed for the next callback send, which the test that armed it never made
    assert api.post("/_local/sink/fail", json={"times": 1, "status": 400, "channel": "callback"}).status_code == 200

    # When the next file starts on a reset stack
    assert api.post("/_local/reset").status_code == 200

    # Then its first send goes through instead of inheriting the failure
    sent = api.post("/_local/sink/callback/messages", json={"text": "hello"})
    assert sent.status_code == 200, sent.text
