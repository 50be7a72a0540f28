"""Domain events on the EventBridge bus."""

from __future__ import annotations

import json
from typing import Any

from switchboard.adapters.aws import client

SOURCE = "switchboard"


class EventBus:
    def __init__(self, bus_name: str) -> None:
        self._bus = bus_name

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        client("events").put_events(
            Entries=[{"EventBusName": self._bus, "Source": SOURCE, "DetailType": detail_type, "Detail": json.dumps(detail, default=str)}]
        )
