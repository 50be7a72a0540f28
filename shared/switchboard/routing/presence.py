"""Presence changes: a heartbeat, or a WebSocket opening or closing. Coming online with room drains the
organization's queue; going offline only records it (routing skips agents who are not online)."""

from __future__ import annotations

from datetime import datetime

from switchboard.models import Agent
from switchboard.routing.eligibility import PRESENCE_TIMEOUT, is_eligible


def after_presence(before: Agent, after: Agent, now: datetime, assign_queue) -> None:
    if is_eligible(after, now) and not is_eligible(before, now):
        assign_queue.drain(after.org_id, reason="agent came online")


def offline_after_grace(last_seen_at: datetime) -> datetime:
    """When an agent without a socket goes offline: the heartbeat timeout after they were last seen."""
    return last_seen_at + PRESENCE_TIMEOUT


def end_lapsed_presence(due_agents, agents, now: datetime) -> int:
    """Write offline the agents whose last socket's grace period has passed (the SLA sweep finds them in
    its Due index), so the moment is a change the live updates push; how many were. An agent back by a
    socket or a heartbeat meanwhile is left online (see AgentRepository.end_presence)."""
    ended = 0
    for entry in due_agents:
        if agents.end_presence(entry, seen_before=now - PRESENCE_TIMEOUT, offline_at=offline_after_grace):
            ended += 1
    return ended
