"""The console's conversation lists: which conversations a view holds, filtered, sorted, counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from switchboard.errors import InvalidFields
from switchboard.models import Agent, Conversation, RoutingMethod, Status
from switchboard.conversations.access import is_supervising
from switchboard.sla.policy import is_expiring
from switchboard.store.conversations import clock_state

VIEWS = ("mine", "unassigned", "unclaimed", "escalated", "history", "all")
FILTERS = ("unread", "unreplied", "expiring", "flagged")
SORTS = ("waiting", "latest")


@dataclass(frozen=True)
class ViewQuery:
    view: str = "mine"
    filter: str | None = None
    tag: str | None = None
    category: str | None = None
    status: str | None = None
    sort: str = "latest"
    limit: int = 50
    cursor: str | None = None

    def validate(self) -> ViewQuery:
        if self.view not in VIEWS:
            raise InvalidFields(f"view must be one of {', '.join(VIEWS)}")
        if self.filter is not None and self.filter not in FILTERS:
            raise InvalidFields(f"filter must be one of {', '.join(FILTERS)}")
        if self.sort not in SORTS:
            raise InvalidFields(f"sort must be one of {', '.join(SORTS)}")
        if not 1 <= self.limit <= 200:
            raise InvalidFields("limit must be from 1 to 200")
        if self.status is not None and self.status not in {s.value for s in Status}:
            raise InvalidFields("status is not a conversation status")
        return self


@dataclass
class ViewPage:
    items: list[Conversation]
    next_cursor: str | None
    counts: dict[str, int]


def matches(conv: Conversation, name: str, now: datetime) -> bool:
    if name == "unread":
        return conv.unread
    if name == "unreplied":
        return conv.unreplied
    if name == "expiring":
        return is_expiring(clock_state(conv), now)
    return conv.flagged


def list_view(actor: Agent, query: ViewQuery, *, conversations, agents, rules, now: datetime) -> ViewPage:
    query.validate()
    if query.view == "mine":
        return _bounded(conversations.whole_list(actor.org_id, f"A#{actor.agent_id}"), query, now)
    if query.view == "all":
        if not is_supervising(actor):
            return _bounded(conversations.whole_list(actor.org_id, f"A#{actor.agent_id}"), query, now)
        active = [c for a in agents.list(actor.org_id) for c in conversations.whole_list(actor.org_id, f"A#{a.agent_id}")]
        queued, _ = conversations.inbox(actor.org_id, "Q", limit=200, cursor=None, newest_first=False)
        escalated, _ = conversations.inbox(actor.org_id, "E", limit=200, cursor=None, newest_first=True)
        return _bounded(active + queued + escalated, query, now)
    list_name = {"unassigned": "Q", "unclaimed": "Q", "escalated": "E", "history": "H"}[query.view]
    page, cursor = conversations.inbox(
        actor.org_id, list_name, limit=query.limit, cursor=query.cursor, newest_first=query.view != "unassigned"
    )
    if query.view == "unclaimed":
        # Through the connections' current rules: a connection may have joined one since its conversations began.
        claimable = {
            source for r in rules.list(actor.org_id)
            if r.method == RoutingMethod.SELF_CLAIM and (actor.agent_id in r.members or is_supervising(actor))
            for source in r.sources
        }
        page = [c for c in page if c.connection_id in claimable]
    selected = [c for c in page if _selected(c, query, now)]
    return ViewPage(items=selected, next_cursor=cursor, counts=_counts(page, now))


def _bounded(convs: list[Conversation], query: ViewQuery, now: datetime) -> ViewPage:
    """A list small enough to hold whole (an agent's active conversations): filter, sort, then page."""
    selected = [c for c in convs if _selected(c, query, now)]
    if query.sort == "waiting":
        selected.sort(key=lambda c: (c.waiting_since is None, c.waiting_since or now, c.conversation_id))
    else:
        selected.sort(key=lambda c: (c.last_message_at or c.created_at, c.conversation_id), reverse=True)
    start = _offset(query.cursor)
    end = start + query.limit
    next_cursor = str(end) if end < len(selected) else None
    return ViewPage(items=selected[start:end], next_cursor=next_cursor, counts=_counts(convs, now))


def _selected(conv: Conversation, query: ViewQuery, now: datetime) -> bool:
    if query.filter and not matches(conv, query.filter, now):
        return False
    if query.tag and query.tag not in conv.tags:
        return False
    if query.category and conv.category != query.category:
        return False
    return not (query.status and conv.status.value != query.status)


def _counts(convs: list[Conversation], now: datetime) -> dict[str, int]:
    return {name: sum(matches(c, name, now) for c in convs) for name in FILTERS}


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.isdigit():
        raise InvalidFields("cursor is not one this API returned")
    return int(cursor)
