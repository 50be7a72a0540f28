"""The console's conversation lists: which conversations a view holds, filtered, searched, sorted, counted.

Two kinds of list, so that no list reads more than it returns:
- an agent's in-progress list ("mine") is bounded by their capacity: it is read whole,
  filtered and sorted in any order, and paged with a keyset cursor (the sort key of the
  last row), which stays right while rows come and go;
- the organization-wide lists (queue, escalated, history, all) are pages of an index in
  the index's order, paged with DynamoDB's own cursor.
A search (`q`) reads the conversations whose search terms match, page by page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from switchboard.conversations.access import is_supervising
from switchboard.cursors import CursorSigner, bad_cursor
from switchboard.errors import InvalidFields
from switchboard.inbox.search import SearchQuery
from switchboard.models import ACTIVE_STATUSES, Agent, Conversation, RoutingMethod, Status
from switchboard.sla.policy import is_expiring
from switchboard.store.conversations import clock_state

VIEWS = ("mine", "unassigned", "unclaimed", "escalated", "history", "all")
FILTERS = ("unread", "unreplied", "expiring", "flagged")
SORTS = ("waiting", "latest")
MAX_Q = 100

# The index behind each organization-wide view; each is sorted by one time of its own.
_LISTS = {"unassigned": "Q", "unclaimed": "Q", "escalated": "E", "history": "H"}


@dataclass(frozen=True)
class ViewQuery:
    view: str = "mine"
    filter: str | None = None
    tag: str | None = None
    category: str | None = None
    status: str | None = None
    q: str | None = None
    sort: str | None = None
    limit: int = 50
    cursor: str | None = None
    connection_id: str | None = None  # one store's (connection's) conversations

    def validate(self) -> ViewQuery:
        if self.view not in VIEWS:
            raise InvalidFields(f"view must be one of {', '.join(VIEWS)}")
        if self.filter is not None and self.filter not in FILTERS:
            raise InvalidFields(f"filter must be one of {', '.join(FILTERS)}")
        if self.sort is not None and self.sort not in SORTS:
            raise InvalidFields(f"sort must be one of {', '.join(SORTS)}")
        if not 1 <= self.limit <= 200:
            raise InvalidFields("limit must be from 1 to 200")
        if self.status is not None and self.status not in {s.value for s in Status}:
            raise InvalidFields("status is not a conversation status")
        if self.q is not None and len(self.q) > MAX_Q:
            raise InvalidFields(f"q is longer than {MAX_Q} characters", code="bad_search")
        return self

    @property
    def order(self) -> str:
        """The queue is worked oldest first; every other list shows the newest first."""
        return self.sort or ("waiting" if self.view in ("unassigned", "unclaimed") else "latest")


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


def list_view(actor: Agent, query: ViewQuery, *, conversations, agents, rules, cursors: CursorSigner,
              now: datetime) -> ViewPage:
    """One page of a view. `counts` are always those of the actor's own in-progress list (the filter badges).

    Cursors are sealed for the actor's organization and the list they page (cursors.py)."""
    query.validate()
    mine = conversations.whole_list(actor.org_id, f"A#{actor.agent_id}")
    counts = filter_counts(mine, now)
    own_only = query.view == "mine" or (query.view == "all" and not is_supervising(actor))
    if query.q is not None:
        search = SearchQuery.parse(query.q)
        if search.finds_nothing:
            return ViewPage(items=[], next_cursor=None, counts=counts)
        member = _membership(actor, query, rules)
        found, cursor = conversations.search(actor.org_id, search.lookup, limit=query.limit, cursor=query.cursor,
                                             view=query.view)
        page = [c for c in found if search.matches(c) and member(c) and _selected(c, query, now)]
        return ViewPage(items=_sorted(page, query.order), next_cursor=cursor, counts=counts)
    if own_only:
        scope = ("own", actor.org_id, actor.agent_id, query.view, query.order)
        return _bounded(mine, query, now, counts, cursors, scope)
    newest_first = query.order == "latest"
    if query.view == "all":
        page, cursor = conversations.open_list(actor.org_id, limit=query.limit, cursor=query.cursor, newest_first=newest_first)
    else:
        page, cursor = conversations.inbox(
            actor.org_id, _LISTS[query.view], limit=query.limit, cursor=query.cursor, newest_first=newest_first,
            view=query.view,
        )
    member = _membership(actor, query, rules)
    return ViewPage(items=[c for c in page if member(c) and _selected(c, query, now)], next_cursor=cursor, counts=counts)


def _membership(actor: Agent, query: ViewQuery, rules) -> Callable[[Conversation], bool]:
    """Whether a conversation belongs to the view, for rows that come from a search or a shared index."""
    view = query.view
    if view == "mine" or (view == "all" and not is_supervising(actor)):
        return lambda c: c.assignee_id == actor.agent_id and c.status in ACTIVE_STATUSES
    if view == "all":
        return lambda c: c.status != Status.CLOSED
    if view == "unassigned":
        return lambda c: c.status == Status.UNASSIGNED
    if view == "escalated":
        return lambda c: c.status == Status.ESCALATED
    if view == "history":
        return lambda c: c.status == Status.CLOSED
    # Unclaimed: through the connections' current rules; a connection may have joined one since.
    claimable = {
        source for r in rules.list(actor.org_id)
        if r.method == RoutingMethod.SELF_CLAIM and (actor.agent_id in r.members or is_supervising(actor))
        for source in r.sources
    }
    return lambda c: c.status == Status.UNASSIGNED and c.connection_id in claimable


def _bounded(convs: list[Conversation], query: ViewQuery, now: datetime, counts: dict[str, int],
             cursors: CursorSigner, scope: tuple[str, ...]) -> ViewPage:
    """A list small enough to hold whole: filter, sort, then the rows after the cursor's key (a keyset:
    the sort key of the last row shown, so rows that come and go between pages shift nothing)."""
    key = _sort_key(query.order)
    selected = _sorted([c for c in convs if _selected(c, query, now)], query.order)
    after = _keyset(cursors.open(scope, query.cursor), length=2 if query.order == "latest" else 3)
    if after is not None:
        selected = [c for c in selected if key(c) > after]
    page = selected[: query.limit]
    next_cursor = cursors.seal(scope, key(page[-1])) if len(selected) > query.limit else None
    return ViewPage(items=page, next_cursor=next_cursor, counts=counts)


def _sort_key(order: str) -> Callable[[Conversation], tuple]:
    def latest(c: Conversation) -> tuple:
        return (-(c.last_message_at or c.created_at).timestamp(), c.conversation_id)

    def waiting(c: Conversation) -> tuple:
        # Longest waiting first; the answered ones after them, newest message first.
        if c.waiting_since is not None:
            return (0, c.waiting_since.timestamp(), c.conversation_id)
        return (1, -(c.last_message_at or c.created_at).timestamp(), c.conversation_id)

    return waiting if order == "waiting" else latest


def _sorted(convs: list[Conversation], order: str) -> list[Conversation]:
    return sorted(convs, key=_sort_key(order))


def _selected(conv: Conversation, query: ViewQuery, now: datetime) -> bool:
    if query.filter and not matches(conv, query.filter, now):
        return False
    if query.tag and query.tag not in conv.tags:
        return False
    if query.category and conv.category != query.category:
        return False
    if query.connection_id and conv.connection_id != query.connection_id:
        return False
    return not (query.status and conv.status.value != query.status)


def filter_counts(convs: list[Conversation], now: datetime) -> dict[str, int]:
    """How many of `convs` each filter keeps: the badges of the in-progress list."""
    return {name: sum(matches(c, name, now) for c in convs) for name in FILTERS}


def _keyset(values: list | None, length: int) -> tuple | None:
    """The sort key a sealed cursor carries: numbers, then the conversation id."""
    if values is None:
        return None
    if len(values) != length or not isinstance(values[-1], str):
        raise bad_cursor()
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values[:-1]):
        raise bad_cursor()
    return tuple(values)
