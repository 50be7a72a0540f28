"""Webhook ingestion: what is checked, in which order, before anything is looked up or stored."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from switchboard.channels.base import WebhookRequest
from switchboard.channels.signed import SignedWebhookAdapter
from switchboard.channels.zalo import ZaloAdapter
from switchboard.clock import FrozenClock
from switchboard.errors import BadSignature, MalformedRequest, PayloadTooLarge
from switchboard.inbound.ingest import IngestDeps, ingest_event, ingest_webhook
from switchboard.models import Channel, ConnectionSecrets, InboundContact, InboundEvent, OrgSettings
from switchboard.store.conversations import InboundAppend

from tests.unit.builders import connection

CONN = connection(Channel.WEB, connection_id="cn-web")
SECRET = "s3cret"


class FakeDirectory:
    def __init__(self, cached_secret: str = SECRET, may_read_again: bool = True):
        self.calls: list[str] = []
        self.cached_secret = cached_secret  # what this container read before: SECRET unless rotated since
        self.read_again = may_read_again

    def find(self, locator, *, fresh=False):
        self.calls.append("find fresh" if fresh else "find")
        return CONN

    def secrets(self, conn, *, fresh=False):
        self.calls.append("secrets fresh" if fresh else "secrets")
        return ConnectionSecrets(values={"signing_secret": SECRET if fresh else self.cached_secret})

    def may_read_again(self, locator):
        self.calls.append("may_read_again")
        return self.read_again

    def org_settings(self, org_id):
        self.calls.append("org_settings")
        return OrgSettings()


class RecordingStore:
    """Any call to the conversation store, the assignment queue or the event bus is recorded."""

    def __init__(self):
        self.calls: list[str] = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)

        def record(*args, **kwargs):
            self.calls.append(name)
            return False

        return record


@dataclass
class World:
    directory: FakeDirectory = field(default_factory=FakeDirectory)
    conversations: RecordingStore = field(default_factory=RecordingStore)
    assign_queue: RecordingStore = field(default_factory=RecordingStore)

    def deps(self, max_body_bytes=256 * 1024) -> IngestDeps:
        return IngestDeps(
            directory=self.directory, conversations=self.conversations, assign_queue=self.assign_queue,
            clock=FrozenClock(datetime.now(UTC)), max_body_bytes=max_body_bytes,
        )

    def nothing_stored(self) -> bool:
        return self.conversations.calls == [] and self.assign_queue.calls == []


def signed(body: dict | bytes, *, headers: dict | None = None) -> WebhookRequest:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    ts = str(int(time.time()))
    sig = "sha256=" + hmac.new(SECRET.encode(), ts.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return WebhookRequest(
        "POST", {"x-switchboard-timestamp": ts, "x-switchboard-signature": sig} if headers is None else headers, raw,
        path_params={"connection_id": "cn-web"},
    )


RATING = {"event_id": "e-r", "type": "rating", "contact": {"id": "c-9"}, "rating": 4, "sent_at": "2026-11-22T10:00:00Z"}
WEB = SignedWebhookAdapter(Channel.WEB)


def test_an_oversize_body_is_refused_before_anything_is_looked_up():
    # Given a body one byte over the limit, even though correctly signed
    world = World()
    request = signed(b"x" * 101)
    # When it is ingested with a 100-byte limit
    with pytest.raises(PayloadTooLarge) as caught:
        ingest_webhook(request, WEB, world.deps(max_body_bytes=100))
    # Then 413, and no connection was looked up and nothing stored
    assert caught.value.status == 413
    assert world.directory.calls == []
    assert world.nothing_stored()


def test_a_body_exactly_at_the_limit_is_not_refused_for_its_size():
    # Given a correctly signed rating exactly at the limit
    world = World()
    request = signed(RATING)
    # When it is ingested with a limit equal to its size / Then it goes through to verification
    ingest_webhook(request, WEB, world.deps(max_body_bytes=len(request.body)))
    assert "find" in world.directory.calls


def test_an_oversize_zalo_body_is_refused_before_its_json_is_read():
    # Given an oversize body that is not even JSON
    world = World()
    request = WebhookRequest("POST", {"x-zevent-signature": "mac=00"}, b"{" * 500)
    # When it is ingested / Then size is the complaint, not the JSON
    with pytest.raises(PayloadTooLarge):
        ingest_webhook(request, ZaloAdapter(), world.deps(max_body_bytes=100))
    assert world.directory.calls == []


def test_a_missing_signature_is_refused_before_the_connection_is_found():
    # Given a request with no signature headers
    world = World()
    request = signed(RATING, headers={})
    # When it is ingested
    with pytest.raises(BadSignature) as caught:
        ingest_webhook(request, WEB, world.deps())
    # Then 401 and the directory was never asked
    assert caught.value.status == 401
    assert world.directory.calls == []
    assert world.nothing_stored()


def test_a_missing_zalo_signature_is_refused_before_the_json_is_read_or_the_oa_found():
    # Given an unsigned Zalo request with a body that is not JSON
    world = World()
    request = WebhookRequest("POST", {}, b"not json")
    # When it is ingested / Then the missing signature is the complaint, and nothing was looked up
    with pytest.raises(BadSignature):
        ingest_webhook(request, ZaloAdapter(), world.deps())
    assert world.directory.calls == []


def test_a_bad_signature_stores_nothing():
    # Given a request signed with another secret
    world = World()
    request = signed(RATING)
    forged = WebhookRequest("POST", {**request.headers, "x-switchboard-signature": "sha256=" + "0" * 64}, request.body,
                            path_params=request.path_params)
    # When it is ingested / Then BadSignature after the connection's secrets were read (and read again, in
    # case they changed since this container cached them), and nothing stored
    with pytest.raises(BadSignature):
        ingest_webhook(forged, WEB, world.deps())
    assert world.directory.calls == ["find", "secrets", "may_read_again", "find fresh", "secrets fresh"]
    assert world.nothing_stored()

    # And when the directory read them again just before / Then no second read
    world = World(directory=FakeDirectory(may_read_again=False))
    with pytest.raises(BadSignature):
        ingest_webhook(forged, WEB, world.deps())
    assert world.directory.calls == ["find", "secrets", "may_read_again"]


def test_a_signature_made_with_credentials_newer_than_the_cached_ones_is_accepted():
    # Given a container that cached the connection's previous secret (it was reconnected since)
    world = World(directory=FakeDirectory(cached_secret="previous-secret"))

    # When a rating signed with the current secret arrives
    ingest_webhook(signed(RATING), WEB, world.deps())

    # Then it was verified with the secret read afresh
    assert world.directory.calls[:5] == ["find", "secrets", "may_read_again", "find fresh", "secrets fresh"]


def test_a_malformed_body_after_a_good_signature_is_a_400_and_stores_nothing():
    # Given correctly signed bytes that are not JSON
    world = World()
    # When ingested / Then 400 and nothing stored
    with pytest.raises(MalformedRequest):
        ingest_webhook(signed(b"{oops"), WEB, world.deps())
    assert world.nothing_stored()


def test_a_rating_from_a_contact_without_a_conversation_is_acknowledged_and_counts_nothing():
    # Given a correctly signed rating webhook from a contact who never wrote
    world = World()
    stats = RecordingStore()
    deps = world.deps()
    deps.stats = stats
    # When it is ingested
    (result,) = ingest_webhook(signed(RATING), WEB, deps)
    # Then it is acknowledged as not stored: the conversation was looked up, nothing was written or counted
    assert result.stored is False and result.duplicate is False
    assert result.conversation_id is None and result.message_id is None
    assert "rating" in (result.reason or "")
    assert world.conversations.calls == ["find"] and stats.calls == []
    assert world.assign_queue.calls == []


class RatingStats:
    """Records ratings; the second one with the same event id is a duplicate, as the table's condition makes it."""

    def __init__(self):
        self.recorded: dict[str, tuple] = {}

    def record_rating(self, conv, event_key, rating, now):
        from switchboard.store.stats import DuplicateRating

        if event_key in self.recorded:
            raise DuplicateRating()
        self.recorded[event_key] = (conv.conversation_id, conv.assignee_id, rating)


def test_a_rating_counts_once_for_the_conversation_and_its_agent():
    # Given a contact whose conversation is assigned to agent a-1
    from tests.unit.builders import conversation as build_conversation

    world = World()
    existing = build_conversation("cv-any", org_id=CONN.org_id, assignee_id="a-1")

    class OneConversation(RecordingStore):
        def find(self, conversation_id):
            return existing.model_copy(update={"conversation_id": conversation_id})

    world.conversations = OneConversation()
    deps = world.deps()
    deps.stats = RatingStats()
    # When their rating of 4 arrives, and the channel delivers it again
    (first,) = ingest_webhook(signed(RATING), WEB, deps)
    (again,) = ingest_webhook(signed(RATING), WEB, deps)
    # Then it is recorded once, with the conversation's agent and the score; the retry is a duplicate
    assert first.stored is True and first.conversation_id
    assert again.stored is False and again.duplicate is True
    assert list(deps.stats.recorded.values()) == [(first.conversation_id, "a-1", 4)]


@pytest.mark.parametrize("kind", ["reaction", "unknown"])
def test_events_that_are_acknowledged_store_nothing(kind):
    # Given a verified, non-message event
    world = World()
    event = InboundEvent(connection=CONN, kind=kind, event_key="e-1", sent_at=datetime.now(UTC),
                         contact=InboundContact(channel_user_id="c-9"), rating=3 if kind == "rating" else None)
    # When it is ingested
    result = ingest_event(event, world.deps())
    # Then nothing is stored, queued or announced, and no settings were even read
    assert result.stored is False
    assert world.nothing_stored()
    assert world.directory.calls == []


class FirstContactConversations:
    """A store where the conversation does not exist yet."""

    def __init__(self):
        self.saved: list = []
        self.writes: list[str] = []
        self.added: list = []

    def append_inbound_to_active(self, *args, **kwargs):
        return InboundAppend(appended=False, found=None)  # no conversation to append to

    def find(self, conversation_id):
        return None

    def save(self, conv, *, expected_version, messages=(), service_counts=()):
        self.saved.append((conv, expected_version, messages))
        self.service_counts = service_counts
        self.writes.append("conversation")

    def add_message(self, message):
        self.added.append(message)
        self.writes.append("message")


def test_a_first_message_creates_an_unassigned_conversation_with_a_running_clock_and_queues_it():
    # Given a signed API.md-style message from a new contact
    world = World()
    world.conversations = FirstContactConversations()
    body = {"event_id": "e-1", "type": "message", "contact": {"id": "c-9", "name": "Lan Nguyen"},
            "message": {"id": "m-1", "text": "Is size M in stock?"},
            "ticket": {"id": "t-1", "category": "pre_purchase"}, "sent_at": "2026-11-22T10:00:00Z"}
    deps = world.deps()
    now = deps.clock.now()
    # When it is ingested
    (result,) = ingest_webhook(signed(body), WEB, deps)
    # Then one new conversation is saved, waiting since our clock's now, deadlines from then, and its message
    # after it, outside its transaction (1 write unit, not 2)
    assert result.stored is True
    (conv, expected_version, messages), = world.conversations.saved
    assert messages == () and world.conversations.writes == ["conversation", "message"]
    messages = world.conversations.added
    assert expected_version is None
    assert conv.status == "unassigned" and conv.unread and conv.waiting_since == now
    assert conv.deadlines.expiring_at is not None and (conv.deadlines.expiring_at - now).total_seconds() == 20 * 3600
    assert conv.contact.name == "Lan Nguyen" and conv.category == "pre_purchase" and conv.ticket_id == "t-1"
    assert [m.text for m in messages] == ["Is size M in stock?"]
    assert conv.conversation_id == result.conversation_id
    # and, in the same save, one wait received by the organization (nobody has it yet)
    assert [(c.agent_id, c.deltas, c.day) for c in world.conversations.service_counts] == [
        (None, (("received", 1),), now.date())
    ]
    # and it is handed to routing, which announces the first contact once it has decided who takes it
    assert world.assign_queue.calls == ["conversation"]
