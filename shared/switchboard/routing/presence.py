"""Presence changes: a heartbeat, or a WebSocket opening or closing. Coming online with room drains the
organization's queue; going offline only records it (routing skips agents who are not online)."""

from __future__ import annotations

from datetime import datetime

from switchboard.models import Agent
from switchboard.routing.eligibility import is_eligible


def after_presence(before: Agent, after: Agent, now: datetime, assign_queue) -> None:
    if is_eligible(after, now) and not is_eligible(before, now):
        assign_queue.drain(after.org_id, reason="agent came online")
