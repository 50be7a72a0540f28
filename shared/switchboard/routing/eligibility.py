"""Who may receive a conversation right now."""

from __future__ import annotations

from datetime import datetime, timedelta

from switchboard.models import Agent

# Presence heartbeats come every 60 s; two missed ones mean the console is gone.
PRESENCE_TIMEOUT = timedelta(seconds=120)
# An open WebSocket is presence without heartbeats, up to API Gateway's longest connection (2 hours):
# past it, a socket whose $disconnect never came no longer keeps its agent online.
SOCKET_LIFETIME = timedelta(hours=2)


def is_online(agent: Agent, now: datetime) -> bool:
    """Online: the console is open. A heartbeat within the timeout, or an open WebSocket; the last
    socket's close counts as a heartbeat, so a reload within the timeout never looks offline."""
    if not agent.online or agent.last_seen_at is None:
        return False
    since = now - agent.last_seen_at
    return since <= PRESENCE_TIMEOUT or (agent.sockets > 0 and since <= SOCKET_LIFETIME)


def is_present(agent: Agent, now: datetime) -> bool:
    """Online and accepting: there to take conversations, whether or not they have room now."""
    return agent.accepting and is_online(agent, now)


def is_eligible(agent: Agent, now: datetime) -> bool:
    """Accepting assignments, online, and under capacity."""
    return is_present(agent, now) and agent.load < agent.capacity
