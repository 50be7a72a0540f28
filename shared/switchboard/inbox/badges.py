"""GET /inbox/counts: the console's badges, from counters kept as conversations change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from switchboard.inbox.counters import badges, store_badges
from switchboard.inbox.views import filter_counts
from switchboard.models import Agent, Channel


def counts_for(actor: Agent, *, conversations, connections, now: datetime,
               marketplace_of: Callable[[Channel], str | None] = lambda channel: None) -> dict:
    """Per-connection, per-store and per-ticket-category badges (a few counter items), and the actor's own
    filter counts. A store is a marketplace connection (`marketplace_of` names its marketplace): its badges are
    its connection's counters, so they cost no write of their own.

    The actor's in-progress list is bounded by their capacity, so it is counted as read;
    "expiring" depends on the clock, which no stored counter could follow.
    """
    totals = conversations.counter_totals(actor.org_id)
    connected = connections.list(actor.org_id)
    mine = conversations.whole_list(actor.org_id, f"A#{actor.agent_id}")
    return {**badges(totals, [c.connection_id for c in connected]),
            "stores": store_badges(totals, connected, marketplace_of), "mine": filter_counts(mine, now)}
