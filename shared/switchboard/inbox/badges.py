"""GET /inbox/counts: the console's badges, from counters kept as conversations change."""

from __future__ import annotations

from datetime import datetime

from switchboard.inbox.counters import badges
from switchboard.inbox.views import filter_counts
from switchboard.models import Agent


def counts_for(actor: Agent, *, conversations, connections, now: datetime) -> dict:
    """Per-store and per-ticket-category badges (a few counter items), and the actor's own filter counts.

    The actor's in-progress list is bounded by their capacity, so it is counted as read;
    "expiring" depends on the clock, which no stored counter could follow.
    """
    totals = conversations.counter_totals(actor.org_id)
    connection_ids = [c.connection_id for c in connections.list(actor.org_id)]
    mine = conversations.whole_list(actor.org_id, f"A#{actor.agent_id}")
    return {**badges(totals, connection_ids), "mine": filter_counts(mine, now)}
