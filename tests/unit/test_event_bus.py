"""EventBridge's partial failures: PutEvents answers 200 and drops the entry; the bus must notice."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from switchboard.adapters import events
from switchboard.adapters.events import EventBus, EventNotPublished

DROPPED = {"FailedEntryCount": 1, "Entries": [{"ErrorCode": "InternalFailure", "ErrorMessage": "try again"}]}
ACCEPTED = {"FailedEntryCount": 0, "Entries": [{"EventId": "ev-1"}]}


@pytest.fixture
def stubbed(monkeypatch):
    bus_client = boto3.client("events", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    monkeypatch.setattr(events, "client", lambda name: bus_client)
    monkeypatch.setattr(events.time, "sleep", lambda seconds: None)
    with Stubber(bus_client) as stub:
        yield stub


def test_an_entry_dropped_once_is_offered_again_and_published(stubbed):
    # Given EventBridge drops the entry the first time, then accepts it
    stubbed.add_response("put_events", DROPPED)
    stubbed.add_response("put_events", ACCEPTED)
    # When an event is published / Then it is offered twice and no error is raised
    EventBus("bus").publish("conversation.expiring", {"conversation_id": "cv-1"})
    stubbed.assert_no_pending_responses()


def test_an_entry_dropped_every_time_is_an_error_not_a_silent_loss(stubbed):
    # Given EventBridge drops the entry on every attempt
    for _ in range(events.ATTEMPTS):
        stubbed.add_response("put_events", DROPPED)
    # When an event is published / Then the caller hears of it
    with pytest.raises(EventNotPublished, match="InternalFailure"):
        EventBus("bus").publish("conversation.taken_over", {"conversation_id": "cv-1"})
