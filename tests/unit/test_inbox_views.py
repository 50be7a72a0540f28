"""The console's lists: filters, sorts, counts over the whole "mine" list, keyset paging, search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from switchboard.cursors import CursorSigner
from switchboard.errors import InvalidFields, MalformedRequest
from switchboard.inbox.search import search_terms
from switchboard.inbox.views import ViewQuery, list_view
from switchboard.models import Status

from tests.unit.builders import T0, agent, conversation, hours

NOW = T0 + timedelta(days=3)
ME = agent("ag-1", now=NOW)
CURSORS = CursorSigner(lambda: b"unit-test-key")


class FakeConversations:
    def __init__(self, by_list: dict[str, list]):
        self.by_list = by_list
        self.whole_list_calls: list[tuple[str, str]] = []
        self.inbox_calls: list[tuple] = []

    def whole_list(self, org_id, list_name):
        self.whole_list_calls.append((org_id, list_name))
        return list(self.by_list.get(list_name, []))

    def inbox(self, org_id, list_name, *, limit, cursor, newest_first, view=""):
        self.inbox_calls.append((org_id, list_name, limit, cursor, newest_first))
        return list(self.by_list.get(list_name, []))[:limit], None


class FakeRules:
    def list(self, org_id):
        return []


class FakeAgents:
    def list(self, org_id):
        return [ME]


def my_inbox() -> list:
    """Five conversations assigned to ag-1, each with a different mix of states."""
    return [
        # waiting 30 h: expiring and unreplied, unread
        conversation("cv-expiring", waiting_since=NOW - hours(30), last_message_at=NOW - hours(30), unread=True),
        # waiting 2 h: unreplied, not expiring, flagged
        conversation("cv-fresh", waiting_since=NOW - hours(2), last_message_at=NOW - hours(2), flagged=True),
        # answered (awaiting customer): nothing waiting, newest message
        conversation("cv-answered", status=Status.AWAITING_CUSTOMER, last_message_at=NOW - hours(1), tags=["vip"]),
        # waiting 21 h, unread and flagged
        conversation("cv-21h", waiting_since=NOW - hours(21), last_message_at=NOW - hours(5), unread=True, flagged=True,
                     category="pre_purchase"),
        # answered, oldest message
        conversation("cv-old", status=Status.AWAITING_CUSTOMER, last_message_at=NOW - hours(50)),
    ]


def view(query: ViewQuery, convs=None):
    repo = FakeConversations({"A#ag-1": my_inbox() if convs is None else convs})
    page = list_view(ME, query, conversations=repo, agents=FakeAgents(), rules=FakeRules(), cursors=CURSORS, now=NOW)
    return page, repo


def ids(page) -> list[str]:
    return [c.conversation_id for c in page.items]


def test_mine_reads_the_actors_own_list():
    # Given agent ag-1 / When "mine" is listed / Then only ag-1's list of its organization is read
    _, repo = view(ViewQuery(view="mine"))
    assert repo.whole_list_calls == [("org-1", "A#ag-1")]


@pytest.mark.parametrize(
    "name,expected",
    [
        ("expiring", {"cv-expiring", "cv-21h"}),
        ("unread", {"cv-expiring", "cv-21h"}),
        ("unreplied", {"cv-expiring", "cv-fresh", "cv-21h"}),
        ("flagged", {"cv-fresh", "cv-21h"}),
    ],
)
def test_each_filter_keeps_only_matching_conversations(name, expected):
    # Given my five conversations / When filtered
    page, _ = view(ViewQuery(view="mine", filter=name))
    # Then only those matching the filter remain
    assert set(ids(page)) == expected


def test_expiring_means_unreplied_for_20_hours_or_more():
    # Given one conversation waiting exactly 20 h and one 20 h minus a second
    convs = [
        conversation("cv-20h", waiting_since=NOW - hours(20)),
        conversation("cv-almost", waiting_since=NOW - hours(20) + timedelta(seconds=1)),
    ]
    # When filtered by expiring / Then only the 20 h one is in
    page, _ = view(ViewQuery(view="mine", filter="expiring"), convs)
    assert ids(page) == ["cv-20h"]


def test_counts_cover_the_whole_list_whatever_the_filter_and_page():
    # Given my five conversations
    # When a filtered page of one is listed
    page, _ = view(ViewQuery(view="mine", filter="flagged", limit=1))
    # Then the counts still describe all five
    assert page.counts == {"unread": 2, "unreplied": 3, "expiring": 2, "flagged": 2}


def test_sort_by_waiting_puts_the_longest_waiting_first_and_answered_last():
    # Given my five conversations / When sorted by waiting time
    page, _ = view(ViewQuery(view="mine", sort="waiting"))
    # Then longest-waiting first; the two not waiting come after every waiting one
    assert ids(page)[:3] == ["cv-expiring", "cv-21h", "cv-fresh"]
    assert set(ids(page)[3:]) == {"cv-answered", "cv-old"}


def test_sort_by_latest_puts_the_newest_message_first():
    # Given my five conversations / When sorted by latest message
    page, _ = view(ViewQuery(view="mine", sort="latest"))
    # Then newest message first
    assert ids(page) == ["cv-answered", "cv-fresh", "cv-21h", "cv-expiring", "cv-old"]


def test_default_sort_is_latest():
    # Given no sort / When listed / Then newest message first
    page, _ = view(ViewQuery(view="mine"))
    assert ids(page)[0] == "cv-answered"


def test_pages_follow_each_other_without_gaps_or_repeats():
    # Given my five conversations sorted by latest
    # When they are read two at a time following next_cursor
    seen, cursor, pages = [], None, 0
    while True:
        page, _ = view(ViewQuery(view="mine", sort="latest", limit=2, cursor=cursor))
        seen += ids(page)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
        assert pages < 10
    # Then three pages hold all five once, in order
    assert pages == 3
    assert seen == ["cv-answered", "cv-fresh", "cv-21h", "cv-expiring", "cv-old"]


def test_a_page_that_reaches_the_end_has_no_next_cursor():
    # Given five conversations / When the limit covers them exactly / Then there is no next page
    page, _ = view(ViewQuery(view="mine", limit=5))
    assert len(page.items) == 5 and page.next_cursor is None
    # and when the limit is one short / Then there is
    page, _ = view(ViewQuery(view="mine", limit=4))
    assert page.next_cursor is not None


def test_a_cursor_stays_right_when_rows_come_and_go_between_pages():
    # Given the first two of my five conversations, newest first
    first, _ = view(ViewQuery(view="mine", sort="latest", limit=2))
    assert ids(first) == ["cv-answered", "cv-fresh"]
    # When, before the next page, the first row leaves the list (an offset would now skip cv-21h)
    left = [c for c in my_inbox() if c.conversation_id != "cv-answered"]
    after_leaving, _ = view(ViewQuery(view="mine", sort="latest", limit=2, cursor=first.next_cursor), left)
    # Or a newer row arrives at the top (an offset would now show cv-fresh again)
    arrived = [*my_inbox(), conversation("cv-new", last_message_at=NOW)]
    after_arriving, _ = view(ViewQuery(view="mine", sort="latest", limit=2, cursor=first.next_cursor), arrived)
    # Then the next page continues after the last row seen: nothing skipped, nothing repeated
    assert ids(after_leaving) == ["cv-21h", "cv-expiring"]
    assert ids(after_arriving) == ["cv-21h", "cv-expiring"]


def test_paging_applies_after_filtering():
    # Given the unreplied filter (three match) / When paged by two
    first, _ = view(ViewQuery(view="mine", filter="unreplied", sort="waiting", limit=2))
    second, _ = view(ViewQuery(view="mine", filter="unreplied", sort="waiting", limit=2, cursor=first.next_cursor))
    # Then the pages split the three matches
    assert ids(first) == ["cv-expiring", "cv-21h"]
    assert ids(second) == ["cv-fresh"] and second.next_cursor is None


def test_tag_and_category_narrow_the_list():
    # Given my conversations / When narrowed by tag vip or by category pre_purchase
    by_tag, _ = view(ViewQuery(view="mine", tag="vip"))
    by_category, _ = view(ViewQuery(view="mine", category="pre_purchase"))
    # Then only the tagged, or the categorized, conversation is listed
    assert ids(by_tag) == ["cv-answered"]
    assert ids(by_category) == ["cv-21h"]


def test_status_narrows_the_list():
    # Given my conversations / When narrowed to awaiting customer / Then only the answered ones
    page, _ = view(ViewQuery(view="mine", status="awaiting_customer"))
    assert set(ids(page)) == {"cv-answered", "cv-old"}


@pytest.mark.parametrize(
    "query",
    [
        ViewQuery(view="everything"),
        ViewQuery(view="mine", filter="urgent"),
        ViewQuery(view="mine", sort="oldest"),
        ViewQuery(view="mine", limit=0),
        ViewQuery(view="mine", limit=201),
        ViewQuery(view="mine", status="pending"),
        ViewQuery(view="mine", q="a"),
        ViewQuery(view="mine", q="   "),
        ViewQuery(view="mine", q="x" * 101),
    ],
    ids=["view", "filter", "sort", "limit-0", "limit-201", "status", "q-one-letter", "q-blank", "q-long"],
)
def test_invalid_query_is_a_422(query):
    # Given a query outside the contract / When listed / Then InvalidFields (422)
    with pytest.raises(InvalidFields) as caught:
        view(query)
    assert caught.value.status == 422


def _issued_cursor(sort: str) -> str:
    page, _ = view(ViewQuery(view="mine", sort=sort, limit=1))
    assert page.next_cursor
    return page.next_cursor


def _one_bit_altered(cursor: str) -> str:
    flipped = chr(ord(cursor[3]) ^ 1)
    return cursor[:3] + flipped + cursor[4:]


@pytest.mark.parametrize("cursor", [
    "abc", "k" + "Wzld", "kWyJ4Il0=", "kWzEsMiwieCJd",
    pytest.param(lambda: _issued_cursor("waiting"), id="other-sort"),
    pytest.param(lambda: _one_bit_altered(_issued_cursor("latest")), id="one-bit"),
    pytest.param(lambda: CursorSigner(lambda: b"another key").seal(
        ("own", "org-1", "ag-1", "mine", "latest"), [-1.0, "cv-old"]), id="another-key"),
], ids=["plain", "junk", "short", "unsigned", None, None, None])
def test_a_cursor_this_api_did_not_give_for_this_list_is_a_400(cursor):
    # Given a cursor that is not one of ours, one from the other sort, altered by one bit, or sealed with
    # another key
    cursor = cursor() if callable(cursor) else cursor
    # When listed / Then 400 bad_cursor
    with pytest.raises(MalformedRequest) as caught:
        view(ViewQuery(view="mine", sort="latest", cursor=cursor))
    assert caught.value.status == 400 and caught.value.code == "bad_cursor"


class SearchingConversations(FakeConversations):
    """Finds conversations by a term prefix, as the repository does, from a fixed set."""

    def __init__(self, convs):
        super().__init__({"A#ag-1": [c for c in convs if c.assignee_id == "ag-1"]})
        self.convs = convs
        self.lookups: list[str] = []

    def search(self, org_id, prefix, *, limit, cursor, view=""):
        self.lookups.append(prefix)
        return [c for c in self.convs if any(t.startswith(prefix) for t in search_terms(c))][:limit], None


def test_search_looks_up_the_longest_word_and_needs_every_word():
    # Given two contacts named Lan, one of them Nguyễn
    convs = [
        conversation("cv-lan-nguyen", contact_name="Nguyễn Thị Lan"),
        conversation("cv-lan-tran", contact_name="Trần Lan"),
    ]
    repo = SearchingConversations(convs)
    # When searching "lan nguy" without accents
    page = list_view(ME, ViewQuery(view="mine", q="lan NGUY"), conversations=repo, agents=FakeAgents(),
                     rules=FakeRules(), cursors=CURSORS, now=NOW)
    # Then the longest word was looked up, and only the contact matching both words is listed
    assert repo.lookups == ["nguy"]
    assert ids(page) == ["cv-lan-nguyen"]


def test_search_keeps_to_the_view():
    # Given a match assigned to me and a match assigned to a colleague
    convs = [conversation("cv-mine", contact_name="Lan"), conversation("cv-theirs", contact_name="Lan", assignee_id="ag-2")]
    repo = SearchingConversations(convs)
    # When I search my list / Then only mine is found
    page = list_view(ME, ViewQuery(view="mine", q="lan"), conversations=repo, agents=FakeAgents(),
                     rules=FakeRules(), cursors=CURSORS, now=NOW)
    assert ids(page) == ["cv-mine"]


@pytest.mark.parametrize("limit", [1, 200])
def test_limit_bounds_are_inclusive(limit):
    # Given the smallest and largest allowed limits / When listed / Then accepted, at most limit items
    page, _ = view(ViewQuery(view="mine", limit=limit))
    assert 1 <= len(page.items) <= limit
