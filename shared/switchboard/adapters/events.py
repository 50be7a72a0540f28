"""Domain events on the EventBridge bus."""

from __future__ import annotations

import json
import time
from typing import Any

from switchboard.adapters.aws import client

SOURCE = "switchboard"
ATTEMPTS = 3


class EventNotPublished(Exception):
    """EventBridge refused the event every time it was offered."""


class EventBus:
    def __init__(self, bus_name: str) -> None:
        self._bus = bus_name

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        """Publish one event. PutEvents answers 200 even when it drops an entry (FailedEntryCount),
        so a dropped entry is offered again, then raised: the caller's retry keeps it from being lost."""
        entry = {"EventBusName": self._bus, "Source": SOURCE, "DetailType": detail_type,
                 "Detail": json.dumps(detail, default=str)}
        for attempt in range(ATTEMPTS):
            answer = client("events").put_events(Entries=[entry])
            if not answer.get("FailedEntryCount"):
                return
            if attempt < ATTEMPTS - 1:
                time.sleep(0.1 * 2**attempt)
        failure = (answer.get("Entries") or [{}])[0]
        raise EventNotPublished(f"{detail_type} not published: {failure.get('ErrorCode')} {failure.get('ErrorMessage')}")
