"""Issue 13 point 6 on serialized moto: delivery against Zalo's and Messenger's documented answers. An expired
Zalo token is refreshed and the message sent once more, the rotated pair stored; a token about to expire is
refreshed first; concurrent refreshes make one call to Zalo and keep its newest refresh token; rate limits
come back through the queue; a closed window fails the message with a code the window policy can use.

The fake Zalo answers as developers.zalo.me documents (see tests/unit/test_channel_senders.py for the sources):
`{"error": 0, "data": {"message_id"}}`, `-216` for an access token it does not honour, and OAuth v4 pairs
whose refresh token is used once.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from switchboard import wiring
from switchboard.adapters.http import HttpResponse
from switchboard.channels.registry import adapter_for
from switchboard.delivery import tokens
from switchboard.delivery.deliver import DeliverDeps, RetryLater, deliver
from switchboard.delivery.tokens import TokenDeps
from switchboard.errors import ChannelRejected
from switchboard.models import Channel

from tests.integration.support import claims_for, dynamodb_calls, http_event, invoke, new_org
from tests.integration.test_replies import _customer_writes

ZALO_BASE, OAUTH_BASE = "https://zalo.test", "https://oauth.zalo.test"


class FakeZalo:
    """Zalo's OA API and OAuth v4: honours the access tokens it issued (and `honoured`), answers -216 to any
    other; each refresh token is used once; `fail_next` answers the next sends with a Zalo error code."""

    def __init__(self, honoured: set[str]) -> None:
        self.honoured, self.used, self.valid_refresh = set(honoured), set(), {"r0"}
        self.sent: list[dict] = []
        self.refreshes: list[str] = []
        self.issued: list[tuple[str, str]] = []
        self.fail_next: list[int] = []
        self._lock = threading.Lock()

    def post(self, request):
        with self._lock:
            if request.url.endswith("/v4/oa/access_token"):
                token = request.body["refresh_token"]
                self.refreshes.append(token)
                if token in self.used or token not in self.valid_refresh or not request.headers.get("secret_key"):
                    return HttpResponse(200, {"error": -14014, "error_name": "Invalid refresh token"})
                self.used.add(token)
                n = len(self.issued) + 1
                pair = (f"zt-{n}", f"zr-{n}")
                self.issued.append(pair)
                self.honoured.add(pair[0])
                self.valid_refresh = {pair[1]}  # issuing a pair retires every earlier refresh token
                return HttpResponse(200, {"access_token": pair[0], "refresh_token": pair[1], "expires_in": "90000"})
            if request.headers.get("access_token") not in self.honoured:
                return HttpResponse(200, {"error": -216, "message": "Access token is invalid"})
            if self.fail_next:
                code = self.fail_next.pop(0)
                return HttpResponse(200, {"error": code, "message": f"error {code}"})
            self.sent.append({"token": request.headers["access_token"], **request.body})
            return HttpResponse(200, {"error": 0, "message": "Success", "data": {"message_id": f"zm-out-{len(self.sent)}"}})


def _deps(api: FakeZalo, clock) -> DeliverDeps:
    return DeliverDeps(
        conversations=wiring.conversations(), connections=wiring.connections(), secrets=wiring.secret_store(),
        sender=api, base_urls={Channel.ZALO: ZALO_BASE}, attachments=wiring.attachment_store(),
        tokens=TokenDeps(secrets=wiring.secret_store(), leases=wiring.refresh_leases(), post=api.post,
                         oauth_base_url=OAUTH_BASE, clock=clock),
        clock=clock,
    )


def _with_refresh(conn, **extra) -> None:
    """The connection's credentials with a refresh token and the app's secret key, as an OA connected by OAuth has."""
    values = {"app_id": "app", "oa_secret_key": "secret", "access_token": "token", "refresh_token": "r0",
              "secret_key": "app-secret", **extra}
    wiring.secret_store().replace(conn.connection_id, values)
    wiring.secret_store().forget()


def _queued_reply(team, oa_id: str, clock, text: str = "Dạ còn ạ") -> tuple[str, str, str]:
    user = f"zu-{uuid.uuid4().hex[:8]}"
    # The customer writes now (signed with the wall clock's time, as Zalo would, and taken in on the stack's
    # clock, which the messaging window counts from), and the agent answers a second later
    clock.advance((datetime.now(UTC) - clock.now()).total_seconds())
    conversation_id = _customer_writes(oa_id, user)
    clock.advance(1)
    agent = team[0]
    route = "/conversations/{conversation_id}/messages"
    event = http_event("POST", f"/conversations/{conversation_id}/messages", route=route,
                       path_params={"conversation_id": conversation_id}, claims=claims_for(agent), body={"text": text})
    answer = invoke("reply", event)
    assert answer["statusCode"] == 201, answer
    message = [m for m in wiring.conversations().messages(conversation_id, limit=50, cursor=None)[0] if m.direction == "out"][-1]
    return conversation_id, message.sort_key, user


def _message(conversation_id: str, sort_key: str):
    return wiring.conversations().get_message(conversation_id, sort_key)


def test_an_expired_zalo_token_is_refreshed_the_message_sent_once_more_and_the_rotated_pair_kept(aws, clock):
    # Given an OA whose stored access token Zalo no longer honours, and an agent's reply queued
    _, team, conn, oa_id = new_org(1)
    _with_refresh(conn)
    api = FakeZalo(honoured=set())
    conversation_id, sort_key, user = _queued_reply(team, oa_id, clock)

    # When it is delivered
    outcome = deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=_deps(api, clock))

    # Then Zalo said -216, the token was refreshed once with the stored refresh token, and the reply went out once
    # with the new token, naming the customer's message it answers
    assert outcome == "sent"
    assert api.refreshes == ["r0"]
    [sent] = api.sent
    assert sent["token"] == "zt-1" and sent["recipient"]["user_id"] == user and sent["recipient"]["message_id"]
    assert _message(conversation_id, sort_key).channel_message_id == "zm-out-1"
    # And the rotated pair is what the connection's secret now holds, with its expiry (25 h)
    stored = wiring.secret_store().get(conn.connection_id, fresh=True)
    assert (stored.get("access_token"), stored.get("refresh_token")) == ("zt-1", "zr-1")
    assert stored.get("access_token_expires_at") == (clock.now() + timedelta(hours=25)).isoformat()


def test_a_zalo_free_reply_names_the_customers_message_it_holds_without_a_read(aws, clock, monkeypatch):
    # Given a queued reply on a Zalo OA whose token Zalo honours: a free reply of the customer's message
    _, team, _, oa_id = new_org(1)
    api = FakeZalo(honoured={"token"})
    conversation_id, sort_key, _ = _queued_reply(team, oa_id, clock)
    held = _message(conversation_id, sort_key).free_reply_key
    deps = _deps(api, clock)
    calls = dynamodb_calls(monkeypatch)

    # When it is delivered
    assert deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=deps) == "sent"

    # Then DynamoDB saw the pending Query, the conversation, the connection and the status update (the customer's
    # message is the one whose free reply it holds: no read for it); no lease, no refresh while the token is good
    assert calls == ["Query", "GetItem", "GetItem", "UpdateItem"], calls
    assert held and api.sent[0]["recipient"]["message_id"] == held.split("#", 1)[1]


def test_a_token_about_to_expire_is_refreshed_before_sending(aws, clock):
    # Given an OA whose token Zalo still honours but which expires within the hour
    _, team, conn, oa_id = new_org(1)
    _with_refresh(conn, access_token_expires_at=(clock.now() + timedelta(minutes=30)).isoformat())
    api = FakeZalo(honoured={"token"})
    conversation_id, sort_key, _ = _queued_reply(team, oa_id, clock)

    # When the reply is delivered
    assert deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=_deps(api, clock)) == "sent"

    # Then the token was refreshed first: the only send carries the new token
    assert api.refreshes == ["r0"] and [s["token"] for s in api.sent] == ["zt-1"]


def test_concurrent_refreshes_make_one_call_to_zalo_and_keep_its_newest_refresh_token(aws, clock):
    # Given an OA whose token just expired, and six deliveries that all found it so at the same moment
    _, _, conn, _ = new_org(1)
    _with_refresh(conn)
    stale = wiring.secret_store().get(conn.connection_id, fresh=True)
    api = FakeZalo(honoured=set())
    adapter, deps = adapter_for(Channel.ZALO), _deps(api, clock).tokens
    start = threading.Barrier(6)

    def refresh(_: int):
        start.wait()
        return tokens.refresh(adapter, conn, stale, deps)

    # When each refreshes it
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(refresh, range(6)))

    # Then Zalo was asked once, every delivery uses the pair it answered, and that pair is stored:
    # its refresh token, the only one Zalo still honours, is not lost
    assert api.refreshes == ["r0"]
    assert {r.get("access_token") for r in results} == {"zt-1"}
    stored = wiring.secret_store().get(conn.connection_id, fresh=True)
    assert stored.get("refresh_token") == api.issued[-1][1] and api.valid_refresh == {stored.get("refresh_token")}


def test_a_closed_zalo_window_fails_the_message_with_a_code_the_window_policy_uses(aws, clock):
    # Given a reply Zalo refuses with -230 (no interaction in the last 7 days)
    _, team, conn, oa_id = new_org(1)
    api = FakeZalo(honoured={"token"})
    api.fail_next = [-230]
    conversation_id, sort_key, _ = _queued_reply(team, oa_id, clock)

    # When it is delivered
    outcome = deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=_deps(api, clock))

    # Then it is failed at once (no retry would help), with the window's code and Zalo's reason
    message = _message(conversation_id, sort_key)
    assert outcome == "failed" and message.status == "failed"
    assert message.error_code == "outside_messaging_window" and "-230" in message.error


def test_a_zalo_rate_limit_comes_back_through_the_queue_and_is_then_sent(aws, clock):
    # Given a reply whose first send Zalo answers -32 (rate limit)
    _, team, conn, oa_id = new_org(1)
    api = FakeZalo(honoured={"token"})
    api.fail_next = [-32]
    conversation_id, sort_key, _ = _queued_reply(team, oa_id, clock)
    deps = _deps(api, clock)

    # When it is delivered: the record is left for the queue to bring back
    with pytest.raises(RetryLater):
        deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=deps)
    assert _message(conversation_id, sort_key).status == "queued"

    # Then the next attempt sends it
    assert deliver(conversation_id, sort_key, attempt=2, max_attempts=5, deps=deps) == "sent"
    assert len(api.sent) == 1


def test_a_token_zalo_refuses_to_refresh_fails_the_message_saying_to_connect_again(aws, clock):
    # Given an OA with an expired token and no refresh token stored (connected with an access token only)
    _, team, _, oa_id = new_org(1)
    api = FakeZalo(honoured=set())
    conversation_id, sort_key, _ = _queued_reply(team, oa_id, clock)

    # When its reply is delivered / Then it fails for good, saying what to do
    assert deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=_deps(api, clock)) == "failed"
    message = _message(conversation_id, sort_key)
    assert message.error_code == "token_expired" and "connect the account again" in message.error
    assert api.refreshes == []


def test_a_refresh_whose_holder_crashed_waits_only_for_its_lease_to_run_out(aws, clock, monkeypatch):
    # Given a lease taken by a delivery that crashed while refreshing (it never gave it back)
    _, _, conn, _ = new_org(1)
    _with_refresh(conn)
    stale = wiring.secret_store().get(conn.connection_id, fresh=True)
    assert wiring.refresh_leases().take(conn.connection_id, "crashed", clock.now(), tokens.LEASE_SECONDS)
    api = FakeZalo(honoured=set())
    deps = _deps(api, clock).tokens
    monkeypatch.setattr(tokens, "WAIT_SECONDS", 0.0)

    # When another delivery refreshes while the lease holds / Then it goes back to the queue, Zalo unasked
    with pytest.raises(ChannelRejected) as caught:
        tokens.refresh(adapter_for(Channel.ZALO), conn, stale, deps)
    assert caught.value.retryable and api.refreshes == []

    # When the lease has run out / Then the next refresh takes it and refreshes
    clock.advance(tokens.LEASE_SECONDS + 1)
    assert tokens.refresh(adapter_for(Channel.ZALO), conn, stale, deps).get("access_token") == "zt-1"
    assert api.refreshes == ["r0"]
