"""Live updates (API.md, "Live updates") over a WebSocket, as a client that knows only API.md.

One story on one stack: shop A (an owner, An in the rule of its web inbox, Binh in no rule) and shop B
(an owner), each person with a socket opened from `/config.json`'s `websocket_url`.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.e2e.channels import signed_message
from tests.e2e.shop import SECRET, Shop

WAIT_S = 15
REDELIVERIES = 10


class Listener:
    """A WebSocket that keeps every event it receives, with the moment it arrived."""

    def __init__(self, url: str, token: str) -> None:
        self.socket = connect(f"{url}?token={token}", open_timeout=WAIT_S)
        self.events: list[tuple[float, dict]] = []
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for message in self.socket:
                with self._arrived:
                    self.events.append((time.monotonic(), json.loads(message)))
                    self._arrived.notify_all()
        except ConnectionClosed:
            pass

    def wait_for(self, matches: Callable[[dict], bool], count: int = 1) -> list[tuple[float, dict]]:
        """The first `count` events that match, waiting for them (at most WAIT_S)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.matching(matches)) >= count, timeout=WAIT_S)
            found = self.matching(matches)
        assert len(found) >= count, f"{len(found)} of {count} events arrived: {[e for _, e in self.events][-5:]}"
        return found[:count]

    def matching(self, matches: Callable[[dict], bool]) -> list[tuple[float, dict]]:
        return [(at, e) for at, e in list(self.events) if matches(e)]

    def close(self) -> None:
        self.socket.close()
        self._reader.join(timeout=WAIT_S)


def about(conversation_id: str, kind: str | None = None) -> Callable[[dict], bool]:
    return lambda e: e.get("conversation_id") == conversation_id and (kind is None or e["type"] == kind)


class Story:
    def __init__(self, api) -> None:
        self.api = api
        self.url = api.get("/config.json").json()["websocket_url"]
        self.a = Shop(api, ["An", "Binh"], online=False)
        self.inbox = self.a.shared(["An"])
        self.b = Shop(api, [], online=False)
        self.owner = Listener(self.url, self.a.owner)
        self.an = Listener(self.url, self.a.token("An"))
        self.binh = Listener(self.url, self.a.token("Binh"))
        self.other_shop = Listener(self.url, self.b.owner)
        self.other_owner_id = api.get("/me", token=self.b.owner).json()["agent_id"]
        self.a.drain()
        self.conversations: set[str] = set()

    def customer_writes(self, contact: str, text: str) -> str:
        """Returns the conversation's id (the webhook's answer)."""
        body, headers = signed_message(secret=SECRET, contact={"id": contact, "name": contact}, text=text)
        for _ in range(REDELIVERIES):  # as a channel does when the webhook answers 409 (a write lost a race)
            response = self.api.post(self.inbox["webhook_path"], data=body, headers=headers)
            if response.status_code != 409:
                break
        assert response.status_code == 200, response.text
        [conversation_id] = response.json()["conversation_ids"]
        self.conversations.add(conversation_id)
        return conversation_id

    def close(self) -> None:
        for listener in (self.owner, self.an, self.binh, self.other_shop):
            listener.close()


@pytest.fixture(scope="module")
def story(stack_url: str) -> Any:
    from tests.e2e.conftest import Api

    api = Api(stack_url)
    story = Story(api)
    yield story
    story.close()
    api.session.close()


def test_a_bad_token_is_refused_at_the_handshake(story: Story) -> None:
    # Given the websocket_url of /config.json
    # When a client opens it with a token that is not the user pool's, or with none
    for query in ("?token=not-a-jwt", f"?token={story.a.owner[:-4]}AAAA", ""):
        # Then the handshake is refused with 401 and no socket opens
        with pytest.raises(InvalidStatus) as refused:
            connect(f"{story.url}{query}", open_timeout=WAIT_S)
        assert refused.value.response.status_code == 401


def test_an_arrival_reaches_the_agents_socket_within_a_second(story: Story) -> None:
    # Given An's socket is open (An is online by it, and the rule's only member)
    # When a customer writes
    sent = time.monotonic()
    conversation_id = story.customer_writes("live-first", "Is it in stock?")
    answered = time.monotonic()
    # Then An's socket gets message.created for it, and the owner's the new conversation
    [(arrived, event)] = story.an.wait_for(about(conversation_id, "message.created"))
    assert event["data"]["direction"] == "in"
    story.owner.wait_for(about(conversation_id, "conversation.created"))
    print(f"\nnew conversation: arrival -> message.created on the agent's socket {(arrived - sent) * 1000:.0f} ms "
          f"(the webhook answered in {(answered - sent) * 1000:.0f} ms)")
    story.a.drain()
    # and each next message of the waiting customer within 1 s of its arrival
    latencies = []
    for i in range(5):
        seen = len(story.an.matching(about(conversation_id, "message.created")))
        sent = time.monotonic()
        story.customer_writes("live-first", f"Hello? ({i})")
        arrived, _ = story.an.wait_for(about(conversation_id, "message.created"), count=seen + 1)[-1]
        latencies.append(arrived - sent)
    print("customer writes again: arrival -> message.created "
          + ", ".join(f"{latency * 1000:.0f}" for latency in latencies) + " ms")
    assert max(latencies) < 1.0


def test_a_burst_of_50_messages_is_50_events_none_lost_or_doubled(story: Story) -> None:
    # Given An's socket is open
    contact = f"burst-{uuid.uuid4().hex[:6]}"
    conversation_id = story.customer_writes(contact, "first")
    story.a.drain()
    before = len(story.an.matching(about(conversation_id, "message.created")))
    # When the customer sends 50 messages at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: story.customer_writes(contact, f"message {i}"), range(50)))
    story.a.drain()
    # Then An's socket gets exactly one message.created for each of them
    created = story.an.wait_for(about(conversation_id, "message.created"), count=before + 50)
    ids = [e["data"]["message_id"] for _, e in story.an.matching(about(conversation_id, "message.created"))]
    assert len(ids) == len(set(ids)) == before + 50 == len(created)
    # and every event on the socket carries an id of its own (a client drops one it has seen)
    event_ids = [e["id"] for _, e in story.an.events]
    assert all(event_ids) and len(event_ids) == len(set(event_ids))
    messages = story.api.get(f"/conversations/{conversation_id}/messages?limit=200", token=story.a.owner).json()["items"]
    assert set(ids) == {m["message_id"] for m in messages if m["direction"] == "in"}


def test_another_organization_and_a_non_member_agent_receive_nothing(story: Story) -> None:
    # Given the arrivals above, all assigned to An (Binh is in no rule)
    assert story.conversations
    story.a.drain()
    # Then shop B's owner received nothing of shop A (at most their own presence, from opening the socket)
    assert [e for _, e in story.other_shop.events
            if e["conversation_id"] or e["data"].get("agent_id") != story.other_owner_id] == []
    # and Binh nothing about those conversations (only the team and the badges, which every member sees)
    about_them = [e for _, e in story.binh.events if e.get("conversation_id") in story.conversations]
    assert about_them == []
    assert {e["type"] for _, e in story.binh.events} <= {"agent.updated", "counts.changed"}
    # while the owner sees the whole organization
    assert {e["conversation_id"] for _, e in story.owner.events if e["conversation_id"]} == story.conversations


def test_presence_follows_the_socket(story: Story) -> None:
    # Given an agent of shop A without any console open
    chi = story.api.post("/agents", json={"email": f"chi@{story.a.team.org_id.replace('_', '-')}.example",
                                          "nickname": "Chi"}, token=story.a.owner).json()
    token = story.api.post("/_local/token", json={"agent_id": chi["agent_id"]}).json()["token"]

    def online() -> bool:
        return story.api.get(f"/agents/{chi['agent_id']}", token=story.a.owner).json()["online"]

    assert online() is False
    # When Chi opens a socket, they are online, and the owner's socket says so
    socket = Listener(story.url, token)
    assert online() is True
    story.owner.wait_for(lambda e: e["type"] == "agent.updated" and e["data"]["agent_id"] == chi["agent_id"]
                         and e["data"]["online"] is True)
    # and stay online with no heartbeat at all, past the heartbeats' timeout
    story.api.post("/_local/clock", json={"advance_seconds": 600})
    assert online() is True
    # When the socket closes, they stay online for a reload's grace period
    socket.close()
    story.a.drain()
    assert online() is True
    # and a reload within it keeps them online
    again = Listener(story.url, token)
    again.close()
    story.a.drain()
    assert online() is True
    # Then once the grace period passes with no socket open, they are offline
    def told_offline(e: dict) -> bool:
        return e["type"] == "agent.updated" and e["data"]["agent_id"] == chi["agent_id"] and e["data"]["online"] is False

    before = len(story.owner.matching(told_offline))  # Chi was added offline
    story.api.post("/_local/clock", json={"advance_seconds": 121})
    assert online() is False
    # and the owner's socket is told so at that moment (the sweep writes it), not at the next reload
    story.owner.wait_for(told_offline, count=before + 1)


def test_after_a_reconnect_the_client_catches_up_from_the_api(story: Story) -> None:
    # Given An's socket closes
    story.an.close()
    story.a.drain()
    # When the customer writes while it is closed
    conversation_id = story.customer_writes("live-first", "Hello? Anyone?")
    story.a.drain()
    # Then a new socket gets what happens next
    story.an = Listener(story.url, story.a.token("An"))
    story.customer_writes("live-first", "Still there?")
    story.an.wait_for(about(conversation_id, "message.created"))
    # and what it missed is in the API, which a reconnecting client reads again
    texts = [m["text"] for m in story.api.get(f"/conversations/{conversation_id}/messages",
                                              token=story.a.token("An")).json()["items"]]
    assert "Hello? Anyone?" in texts and "Still there?" in texts


def test_a_role_change_applies_to_the_agents_open_socket_at_once(story: Story) -> None:
    # Given Binh's socket, opened as an agent in no rule, and a conversation held by An
    binh = story.a.id("Binh")
    conversation_id = story.customer_writes("live-roles", "Hi")
    story.a.drain()

    def role_told(role: str) -> Callable[[dict], bool]:
        return lambda e: e["type"] == "agent.updated" and e["data"]["agent_id"] == binh and e["data"]["role"] == role

    def capacity_told(capacity: int) -> Callable[[dict], bool]:
        return lambda e: e["type"] == "agent.updated" and e["data"]["capacity"] == capacity

    # When the owner makes Binh a supervisor (the socket stays open)
    story.a.change_agent("Binh", role="supervisor")
    story.binh.wait_for(role_told("supervisor"))
    # Then Binh's socket gets the next message of An's conversation
    story.customer_writes("live-roles", "Anyone?")
    [(_, promoted)] = story.binh.wait_for(about(conversation_id, "message.created"))
    # When the owner makes Binh an agent again
    story.a.change_agent("Binh", role="agent")
    story.binh.wait_for(role_told("agent"))
    # Then the next message of An's conversation does not reach Binh's socket (a later change to the team,
    # which every member gets, marks where it would have been)
    story.customer_writes("live-roles", "Hello again?")
    story.a.drain()
    story.a.change_agent("Binh", capacity=9)
    story.binh.wait_for(capacity_told(9))
    assert [e["data"]["message_id"] for _, e in story.binh.matching(about(conversation_id, "message.created"))] \
        == [promoted["data"]["message_id"]]
