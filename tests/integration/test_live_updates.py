"""The Realtime function on moto: the WebSocket routes (token, sockets, presence) and the table's stream
pushed through the management API (moto's PostToConnection) to the sockets that may see each change."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import quote

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from switchboard import wiring
from switchboard.adapters.sockets import SocketPoster
from switchboard.adapters.tokens import TokenVerifier
from switchboard.onboarding import add_agent
from switchboard.routing.eligibility import is_online
from switchboard.settings import settings
from tests.integration.support import domain_of, dynamodb_calls, invoke, new_org
from tests.integration.test_routing import arrive
from tests.moto_env import stream_records

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_live"
CLIENT = "live-client"
ENDPOINT = "https://live123.execute-api.us-east-1.amazonaws.com/live"
KEY = RSAKey.generate_key(2048, parameters={"kid": "live"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "live"})


def token(agent, *, key=KEY, audience: str = CLIENT, expires_in: int = 3600, **claims) -> str:
    body = {"iss": ISSUER, "aud": audience, "exp": int(time.time()) + expires_in, "token_use": "id",
            "custom:agent_id": agent.agent_id, "custom:org_id": agent.org_id, **claims}
    return jwt.encode({"alg": "RS256", "kid": "live"}, body, key)


@pytest.fixture
def live(aws, clock, monkeypatch):
    """The user pool's keys and the WebSocket API's endpoint, as the template gives them to the function."""
    verifier = TokenVerifier(ISSUER, [CLIENT], fetch=lambda url: {"keys": [KEY.as_dict(private=False)]})
    monkeypatch.setattr(wiring, "token_verifier", lambda: verifier)
    monkeypatch.setattr(wiring, "socket_poster", lambda: SocketPoster(ENDPOINT))
    return clock


def open_socket(agent, **token_claims) -> tuple[str, dict]:
    socket_id = f"{uuid.uuid4().hex[:14]}="
    answer = invoke("realtime", {
        "headers": {"Host": "live123.execute-api.us-east-1.amazonaws.com"},
        "queryStringParameters": {"token": token(agent, **token_claims)},
        "requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": socket_id,
                           "stage": "live", "apiId": "live123", "connectedAt": int(time.time() * 1000)},
        "isBase64Encoded": False,
    })
    return socket_id, answer


def close_socket(socket_id: str) -> dict:
    return invoke("realtime", {
        "requestContext": {"routeKey": "$disconnect", "eventType": "DISCONNECT", "connectionId": socket_id,
                           "disconnectStatusCode": 1001, "stage": "live", "apiId": "live123"},
        "isBase64Encoded": False,
    })


def received(socket_id: str) -> list[dict]:
    """What PostToConnection sent the socket (moto keeps the bytes of every post, one after the other)."""
    from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

    # moto keys a connection by its id as the URL path carries it (percent-encoded)
    connections = apigatewaymanagementapi_backends["123456789012"]["us-east-1"].connections
    data = connections[quote(socket_id, safe="")].data.decode()
    decoder, events, at = json.JSONDecoder(), [], 0
    while at < len(data):
        event, at = decoder.raw_decode(data, at)
        events.append(event)
    return events


def test_connect_checks_the_token_as_the_authorizer_does_and_the_socket_makes_its_agent_online(live):
    # Given an agent who sent no heartbeat
    owner, [agent], _, _ = new_org(1, online=False)
    assert not is_online(wiring.agents().get(agent.org_id, agent.agent_id), live.now())
    # When sockets are opened with tokens that are expired, for another client, signed by another key,
    # or naming an agent that does not exist
    for bad in ({"expires_in": -10}, {"audience": "another-client"}, {"key": OTHER_KEY},
                {"custom:agent_id": "ag_nobody"}):
        _, answer = open_socket(agent, **bad)
        # Then each is refused with 401, and nothing is stored
        assert answer["statusCode"] == 401
    assert wiring.sockets().of_organization(agent.org_id) == []
    # When one opens with the user pool's valid token
    socket_id, answer = open_socket(agent)
    # Then it is accepted and kept under the organization, and its agent is online without a heartbeat
    assert answer["statusCode"] == 200
    [socket] = wiring.sockets().of_organization(agent.org_id)
    assert (socket.socket_id, socket.agent_id, socket.role.value) == (socket_id, agent.agent_id, "agent")
    live.advance(3600)
    assert is_online(wiring.agents().get(agent.org_id, agent.agent_id), live.now())
    # When it closes
    assert close_socket(socket_id)["statusCode"] == 200
    # Then it is forgotten; its agent stays online for a reload's grace, then is offline
    assert wiring.sockets().of_organization(agent.org_id) == []
    assert is_online(wiring.agents().get(agent.org_id, agent.agent_id), live.now())
    live.advance(121)
    assert not is_online(wiring.agents().get(agent.org_id, agent.agent_id), live.now())
    # and a second $disconnect of the same socket changes nothing
    assert close_socket(socket_id)["statusCode"] == 200


def test_a_reload_keeps_the_agent_online_whatever_order_connect_and_disconnect_come_in(live):
    # Given an agent with one socket
    _, [agent], _, _ = new_org(1, online=False)
    first, _ = open_socket(agent)
    # When a reload opens the second socket before the first one's $disconnect arrives
    second, _ = open_socket(agent)
    close_socket(first)
    live.advance(600)
    # Then the agent is online by the open socket
    assert wiring.agents().get(agent.org_id, agent.agent_id).sockets == 1
    assert is_online(wiring.agents().get(agent.org_id, agent.agent_id), live.now())
    close_socket(second)


def test_the_stream_reaches_whoever_may_see_each_change_and_no_one_else(live, aws):
    # Given shop A: its owner, the rule's member, and an agent in no rule, and shop B's owner, each with a socket
    owner, [member], conn, oa_id = new_org(1, online=False)
    outsider = add_agent(owner, {"email": f"out@{domain_of(owner.org_id)}", "nickname": "out"},
                         agents=wiring.agents(), users=wiring.users(), clock=live)
    other_owner, _, _, _ = new_org(1, online=False)
    sockets = {name: open_socket(agent)[0] for name, agent in
               (("owner", owner), ("member", member), ("outsider", outsider), ("other", other_owner))}
    # When a customer writes (the conversation waits in the rule's queue) and the stream's records reach the function
    with stream_records(aws.refs["Table"]) as records:
        conversation_id = arrive(oa_id, f"u-{uuid.uuid4().hex[:6]}", "Còn hàng không?")
        batch = records()
    answer = invoke("realtime", {"Records": batch})
    # Then the owner and the rule's member get the new conversation and its message
    for name in ("owner", "member"):
        got = [(e["type"], e["conversation_id"]) for e in received(sockets[name])]
        assert ("conversation.created", conversation_id) in got
        assert ("message.created", conversation_id) in got
        assert ("counts.changed", None) in got
    message = next(e for e in received(sockets["member"]) if e["type"] == "message.created")
    assert message["data"]["direction"] == "in" and set(message) == {"id", "type", "conversation_id", "data"}
    # the agent in no rule only the organization's badges, and shop B's owner nothing at all
    assert [e["type"] for e in received(sockets["outsider"])] == ["counts.changed"]
    assert received(sockets["other"]) == []
    assert answer["posted"] == 3 + 3 + 1
    # each event with its own id
    first = [e["id"] for e in received(sockets["owner"])]
    assert all(first) and len(set(first)) == len(first)
    # When Lambda retries the batch (a later record failed), the same events come again with the same ids
    invoke("realtime", {"Records": batch})
    assert [e["id"] for e in received(sockets["owner"])] == first + first


def test_a_socket_that_is_gone_is_forgotten_and_no_longer_keeps_its_agent_online(live, monkeypatch):
    # Given an agent's socket that API Gateway no longer has (its $disconnect never came)
    _, [agent], _, _ = new_org(1, online=False)
    socket_id, _ = open_socket(agent)

    class Gone:
        def post(self, socket_id: str, data: bytes) -> bool:
            return False

    monkeypatch.setattr(wiring, "socket_poster", lambda: Gone())
    live.advance(30)
    # When a change for the organization is pushed and the post answers 410
    with stream_records(settings().table_name) as records:
        wiring.agents().update_profile(agent.org_id, agent.agent_id, {"accepting": False})
        batch = records()
    invoke("realtime", {"Records": batch})
    # Then the socket is forgotten, and the agent has no open socket any more
    assert wiring.sockets().of_organization(agent.org_id) == []
    assert wiring.agents().get(agent.org_id, agent.agent_id).sockets == 0


def sweep() -> list[dict]:
    return [invoke("sla", {"shard": shard}) for shard in range(settings().sla_shards)]


def swept(org_id: str) -> list[dict]:
    """The stream records of the organization's items that one sweep of every shard writes."""
    with stream_records(settings().table_name) as records:
        sweep()
        return [r for r in records() if r["dynamodb"]["Keys"]["PK"]["S"] == f"ORG#{org_id}"]


def test_presence_ending_by_the_grace_period_is_written_once_and_tells_the_team(live, monkeypatch):
    # Given an owner's socket, and an agent whose only socket has just closed (online for the grace period)
    owner, [agent], _, _ = new_org(1, online=False)
    owner_socket, _ = open_socket(owner)
    agent_socket, _ = open_socket(agent)
    close_socket(agent_socket)
    calls = dynamodb_calls(monkeypatch)
    # When the SLA sweep runs within the grace period
    live.advance(60)
    # Then it writes nothing of theirs, and reads only what it read before: one page of each shard's index
    assert swept(agent.org_id) == []
    assert calls.count("Query") == settings().sla_shards
    assert wiring.agents().get(agent.org_id, agent.agent_id).online is True
    # When it runs once the grace period has passed
    live.advance(61)
    batch = swept(agent.org_id)
    # Then the agent is written offline, once, and that write reaches the owner's socket as agent.updated
    assert len(batch) == 1 and wiring.agents().get(agent.org_id, agent.agent_id).online is False
    invoke("realtime", {"Records": batch})
    [told] = [e for e in received(owner_socket) if e["type"] == "agent.updated" and e["data"]["online"] is False]
    assert told["data"]["agent_id"] == agent.agent_id
    # and later sweeps write nothing of them
    live.advance(60)
    assert swept(agent.org_id) == []
    close_socket(owner_socket)


def test_an_agent_back_within_the_grace_period_is_not_written_offline(live, aws):
    # Given an agent whose socket closed and who came back by a heartbeat (a console without a socket)
    _, [agent], _, _ = new_org(1, online=False)
    socket_id, _ = open_socket(agent)
    close_socket(socket_id)
    live.advance(100)
    wiring.agents().record_presence(agent.org_id, agent.agent_id, True, live.now())
    # When the sweep runs after the socket's grace period but within the heartbeat's
    live.advance(30)
    sweep()
    # Then they stay online, and once their heartbeats stop too, a sweep writes them offline
    assert wiring.agents().get(agent.org_id, agent.agent_id).online is True
    live.advance(100)
    sweep()
    assert wiring.agents().get(agent.org_id, agent.agent_id).online is False
    # A reload (a socket closing and another opening) leaves nothing for the sweep
    second, _ = open_socket(agent)
    third, _ = open_socket(agent)
    close_socket(second)
    live.advance(600)
    sweep()
    assert wiring.agents().get(agent.org_id, agent.agent_id).online is True
    close_socket(third)


def test_a_removed_agents_sockets_are_forgotten_and_closed(live, aws, monkeypatch):
    # Given an agent with an open socket
    from switchboard.store import keys
    from switchboard.store.table import AgentItem

    _, [agent], _, _ = new_org(1, online=False)
    socket_id, _ = open_socket(agent)
    closed: list[str] = []

    class Management:
        def post(self, socket_id: str, data: bytes) -> bool:
            return True

        def close(self, socket_id: str) -> None:
            closed.append(socket_id)

    monkeypatch.setattr(wiring, "socket_poster", lambda: Management())
    # When the agent's item is deleted and the stream's record reaches the function
    with stream_records(aws.refs["Table"]) as records:
        AgentItem(keys.org_pk(agent.org_id), keys.agent_sk(agent.agent_id)).delete()
        batch = records()
    invoke("realtime", {"Records": batch})
    # Then their socket is forgotten, and closed from the server's side (the console's reconnect is refused)
    assert wiring.sockets().of_organization(agent.org_id) == []
    assert closed == [socket_id]
