"""Inbox counters: which badges a conversation counts in.

Each conversation counts in a small set of counters (its facets). Every write of the
conversation moves the organization's counters by the difference between the facets it
had and the ones it has now, in the same transaction, so the badges are exact without
ever counting conversations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from switchboard.models import Channel, Connection, Conversation, Status

TICKET_CATEGORIES = ("pre_purchase", "post_purchase_ticket", "post_purchase_support")


def facets(conv: Conversation) -> frozenset[str]:
    found = set(status_facets(conv.status, conv.connection_id, conv.category))
    if conv.unread:
        found.add(f"unread#{conv.connection_id}")
    return frozenset(found)


def status_facets(status: Status, connection_id: str, category: str | None) -> frozenset[str]:
    """The facets that follow from the status alone: what the SLA sweep can move without reading the item."""
    found = set()
    if status == Status.UNASSIGNED:
        found.add(f"queued#{connection_id}")
    if category:
        if status == Status.CLOSED:
            found.add("tickets#closed")
        else:
            found.add(f"tickets#{category}")
            if status == Status.AWAITING_CUSTOMER:
                found.add("tickets#awaiting_customer")
    return frozenset(found)


def counted(recorded: frozenset[str], status: Status, connection_id: str, category: str | None) -> frozenset[str]:
    """What a stored conversation counts in: the facets its item records, and those its status implies.

    The SLA sweep moves the counters of a status change without reading the item, and DynamoDB
    refuses one update that both adds to and deletes from the `counted_in` set, so the sweep only
    deletes the facets the conversation leaves; the ones it joins follow from its new status.
    """
    return recorded | status_facets(status, connection_id, category)


def anyone_queued(totals: dict[str, int]) -> bool:
    """Whether a conversation waits in the organization's queue (unassigned: the queue list), from the summed counters."""
    return sum(n for name, n in totals.items() if name.startswith("queued#")) > 0


def delta(before: frozenset[str], after: frozenset[str]) -> dict[str, int]:
    moves = Counter({name: 1 for name in after - before})
    moves.update({name: -1 for name in before - after})
    return dict(moves)


def _count(totals: dict[str, int], name: str) -> int:
    return max(0, int(totals.get(name, 0)))


def store_badges(totals: dict[str, int], connections: list[Connection],
                 marketplace_of: Callable[[Channel], str | None]) -> list[dict]:
    """GET /inbox/counts's stores: each marketplace connection's unread and queued, with its name and market."""
    return [
        {"connection_id": c.connection_id, "marketplace": marketplace, "name": c.name, "market": c.market,
         "unread": _count(totals, f"unread#{c.connection_id}"), "queued": _count(totals, f"queued#{c.connection_id}")}
        for c in connections if (marketplace := marketplace_of(c.channel))
    ]


def badges(totals: dict[str, int], connection_ids: list[str]) -> dict:
    """GET /inbox/counts's connections and tickets from the summed counters."""
    def count(name: str) -> int:
        return _count(totals, name)

    return {
        "connections": [
            {"connection_id": cid, "unread": count(f"unread#{cid}"), "queued": count(f"queued#{cid}")}
            for cid in connection_ids
        ],
        "tickets": {
            **{category: count(f"tickets#{category}") for category in TICKET_CATEGORIES},
            "awaiting_customer": count("tickets#awaiting_customer"),
            "closed": count("tickets#closed"),
        },
    }
