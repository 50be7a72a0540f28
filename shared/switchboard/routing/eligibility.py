"""Who may receive a conversation right now."""

from __future__ import annotations

from datetime import datetime, timedelta

from switchboard.models import Agent

# Presence heartbeats come every 60 s; two missed ones mean the console is gone.
PRESENCE_TIMEOUT = timedelta(seconds=120)


def is_online(agent: Agent, now: datetime) -> bool:
    return bool(agent.online and agent.last_seen_at is not None and now - agent.last_seen_at <= PRESENCE_TIMEOUT)


def is_present(agent: Agent, now: datetime) -> bool:
    """Online and accepting: there to take conversations, whether or not they have room now."""
    return agent.accepting and is_online(agent, now)


def is_eligible(agent: Agent, now: datetime) -> bool:
    """Accepting assignments, online, and under capacity."""
    return is_present(agent, now) and agent.load < agent.capacity
