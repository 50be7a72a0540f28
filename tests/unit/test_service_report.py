"""Service reports: what each event counts, and the report's rates, median and health from the counters."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from fractions import Fraction

import pytest
from switchboard.clock import FrozenClock
from switchboard.errors import Forbidden, NotFound
from switchboard.models import Status
from switchboard.reports import counts as c
from switchboard.reports.service import (
    build_report,
    health,
    median_seconds,
    service_report,
    window_days,
)

from tests.unit.builders import T0, agent, conversation, hours


def deltas_by_scope(found) -> dict:
    """What changes add up to for the organization (key None) and for each agent, as the report reads the
    stored items: an agent's day holds their own counts and the organization's share (org_deltas)."""
    totals: dict = {}
    for change in found:
        if change.agent_id is None:
            totals.setdefault(None, Counter()).update(dict(change.deltas))
            continue
        if change.deltas:
            totals.setdefault(change.agent_id, Counter()).update(dict(change.deltas))
        if change.org_deltas:
            totals.setdefault(None, Counter()).update(dict(change.org_deltas))
    return {scope: dict(values) for scope, values in totals.items()}


# ---------------------------------------------------------------- health thresholds


@pytest.mark.parametrize(
    "csat,late,expected",
    [
        (Fraction(86, 100), Fraction(4, 100), "normal"),
        (Fraction(85, 100), Fraction(4, 100), "watch"),  # satisfaction must be above 85%
        (Fraction(86, 100), Fraction(5, 100), "watch"),  # late responses must be under 5%
        (Fraction(60, 100), Fraction(45, 100), "watch"),  # 60% and 45% exactly are not at risk
        (Fraction(59, 100), Fraction(0), "at_risk"),  # satisfaction under 60%
        (Fraction(1), Fraction(46, 100), "at_risk"),  # late responses above 45%
        (Fraction(70, 100), Fraction(10, 100), "watch"),
        (None, None, "normal"),  # no data cannot put an account at risk
        (None, Fraction(4, 100), "normal"),
        (None, Fraction(5, 100), "watch"),
        (Fraction(90, 100), None, "normal"),
        (Fraction(59, 100), None, "at_risk"),
        (None, Fraction(46, 100), "at_risk"),
    ],
)
def test_health_follows_the_thresholds_at_their_boundaries(csat, late, expected):
    # Given satisfaction and late-response rates / When health is judged / Then as API.md states
    assert health(csat, late) == expected


def test_seventeen_satisfied_of_twenty_is_exactly_85_percent_and_so_not_normal():
    # Given 17 of 20 ratings satisfied and no late response (a float could round either way)
    report = build_report([{c.RATED: 20, c.SATISFIED: 17, c.WAITS_ENDED: 10, c.ANSWERED_24H: 10}], {})
    # Then satisfaction is exactly 0.85 and health is watch, not normal
    assert report.csat == Fraction(85, 100)
    assert report.health == "watch"


# ---------------------------------------------------------------- rates


def test_rates_are_fractions_of_the_waits_that_ended_and_of_the_ratings():
    # Given two days: 10 waits ended, 8 answered within 24 h, 1 late; 4 ratings, 3 satisfied
    days = [
        {c.WAITS_ENDED: 6, c.ANSWERED_24H: 5, c.LATE: 1, c.RATED: 1, c.SATISFIED: 1, c.RECEIVED: 9},
        {c.WAITS_ENDED: 4, c.ANSWERED_24H: 3, c.RATED: 3, c.SATISFIED: 2, c.RECEIVED: 2},
    ]
    # When the report is built, the second day being today
    report = build_report(days, days[1])
    # Then each rate is its fraction, and received counts today only
    assert report.response_rate_24h == Fraction(8, 10)
    assert report.late_response_rate == Fraction(1, 10)
    assert report.csat == Fraction(3, 4)
    assert report.received_today == 2
    assert report.health == "watch"


def test_without_any_count_every_rate_and_the_median_are_none_not_a_division_by_zero():
    # Given no counters at all
    report = build_report([], {})
    # Then nothing is invented
    assert (report.response_rate_24h, report.late_response_rate, report.csat) == (None, None, None)
    assert report.first_response_seconds_median is None
    assert report.received_today == 0
    assert report.health == "normal"


def test_the_window_is_the_last_days_including_today():
    # Given today / When a 7-day window is asked / Then it starts six days ago
    assert window_days(date(2026, 11, 22), 7) == (date(2026, 11, 16), date(2026, 11, 22))
    assert window_days(date(2026, 11, 22), 1) == (date(2026, 11, 22), date(2026, 11, 22))


# ---------------------------------------------------------------- median from the histogram


def histogram_of(*seconds: float) -> dict[int, int]:
    found: dict[int, int] = {}
    for s in seconds:
        lower = int(c.frt_bucket(s)[len(c.FRT_PREFIX):])
        found[lower] = found.get(lower, 0) + 1
    return found


def test_a_value_goes_to_the_bucket_whose_range_holds_it():
    # Given bucket edges 0, 15, 30, ... / Then a bound belongs to the bucket it starts
    assert c.frt_bucket(0) == "frt_0"
    assert c.frt_bucket(14.9) == "frt_0"
    assert c.frt_bucket(15) == "frt_15"
    assert c.frt_bucket(3599) == "frt_2700"
    assert c.frt_bucket(10 * 24 * 3600) == "frt_604800"


@pytest.mark.parametrize(
    "values",
    [
        [20, 40, 70, 100, 500],
        [60] * 3 + [3600] * 4,
        [5, 86000, 90000],
        [1000 + 97 * i for i in range(101)],
        [42],
    ],
)
def test_the_median_from_the_buckets_is_within_the_band_of_its_bucket(values):
    # Given first-response times counted in buckets only
    true_median = sorted(values)[len(values) // 2]
    # When the median is estimated
    estimate = median_seconds(histogram_of(*values))
    # Then it lies in the bucket of the true median: no more than 1.5 times its start away
    lower = int(c.frt_bucket(true_median)[len(c.FRT_PREFIX):])
    upper = c.FRT_BUCKETS[c.FRT_BUCKETS.index(lower) + 1]
    assert lower <= estimate <= upper


def test_a_median_in_the_open_last_bucket_is_its_lower_bound_and_an_empty_histogram_has_none():
    assert median_seconds(histogram_of(8 * 24 * 3600, 9 * 24 * 3600, 10)) == 604800
    assert median_seconds({}) is None
    assert median_seconds({60: 0}) is None


def test_the_median_interpolates_inside_its_bucket():
    # Given four responses in the 60-90 s bucket / Then the estimate is that bucket's middle
    assert median_seconds({60: 4}) == 75
    # Given one fast and three in 120-180 s / Then the middle (2 of 4) lies a third into that bucket
    assert median_seconds({0: 1, 120: 3}) == 140


def test_first_response_buckets_are_read_back_from_the_counters_and_unknown_names_ignored():
    report = build_report([{"frt_60": 2}, {"frt_900": 1, "frt_bogus": 4}], {})
    assert report.first_response_seconds_median == 82  # the middle (1.5 of 3) is 3/4 into 60-90 s


# ---------------------------------------------------------------- what each event counts


def test_a_new_conversation_is_received_by_the_organization_only():
    conv = conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None, waiting_since=T0)
    assert deltas_by_scope(c.wait_started(None, conv, T0)) == {None: {c.RECEIVED: 1}}


def test_a_customer_writing_again_counts_a_wait_only_when_none_was_running():
    # Given an assigned conversation the agent answered, and one still waiting
    answered = conversation("cv-1", assignee_id="a-1", waiting_since=None)
    waiting = conversation("cv-1", assignee_id="a-1", waiting_since=T0)
    after = answered.model_copy(update={"waiting_since": T0 + hours(1)})
    # Then a new wait counts for the organization and the agent; a running one counts nothing
    assert deltas_by_scope(c.wait_started(answered, after, T0 + hours(1))) == {None: {c.RECEIVED: 1}, "a-1": {c.RECEIVED: 1}}
    assert c.wait_started(waiting, waiting, T0 + hours(1)) == ()


def test_a_waiting_conversation_handed_to_an_agent_is_received_by_them_only():
    before = conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None, waiting_since=T0)
    after = before.model_copy(update={"assignee_id": "a-2", "status": Status.OPEN})
    assert deltas_by_scope(c.handed_over(before, after, T0)) == {"a-2": {c.RECEIVED: 1}}
    # but not when nobody is waiting, nor when it stays with the same agent
    idle = before.model_copy(update={"waiting_since": None})
    assert c.handed_over(idle, idle.model_copy(update={"assignee_id": "a-2"}), T0) == ()
    assert c.handed_over(after, after, T0) == ()


def test_a_first_reply_within_24_hours_ends_the_wait_on_time_and_times_the_first_response():
    # Given a conversation waiting 90 s with no response yet
    before = conversation("cv-1", assignee_id="a-1", waiting_since=T0)
    now = T0 + timedelta(seconds=90)
    # When its agent replies
    found = deltas_by_scope(c.replied(before, before, "a-1", now))
    # Then the org and the agent count one ended wait, answered within 24 h, and a first response of 90 s
    expected = {c.WAITS_ENDED: 1, c.ANSWERED_24H: 1, "frt_90": 1}
    assert found == {None: expected, "a-1": expected}


def test_a_change_an_agent_holds_is_one_item_of_the_agent_carrying_the_organizations_counts_too():
    # Given a waiting conversation answered from the queue (the agent also receives it; the org does not again)
    before = conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None, waiting_since=T0)
    after = before.model_copy(update={"assignee_id": "a-1", "waiting_since": None})
    # When the counts of the reply, of a new wait on the agent's conversation and of a rating are made
    changes = [
        c.replied(before, after, "a-1", T0 + timedelta(seconds=10)),
        c.wait_started(after, after.model_copy(update={"waiting_since": T0 + hours(1)}), T0 + hours(1)),
        c.rated(after, 5, T0 + hours(2)),
    ]
    # Then each is one item, the agent's, with the organization's view beside the agent's (one write each)
    assert [[change.agent_id for change in found] for found in changes] == [["a-1"], ["a-1"], ["a-1"]]
    reply = changes[0][0]
    assert dict(reply.deltas)[c.RECEIVED] == 1 and c.RECEIVED not in dict(reply.org_deltas)
    assert dict(changes[1][0].org_deltas) == {c.RECEIVED: 1}
    # and a change nobody holds is the organization's item alone
    (queued,) = c.wait_started(None, before, T0)
    assert (queued.agent_id, queued.deltas, queued.org_deltas) == (None, ((c.RECEIVED, 1),), ())


def test_a_reply_after_24_hours_and_after_the_takeover_deadline_is_late():
    before = conversation("cv-1", assignee_id="a-1", waiting_since=T0).model_copy(
        update={"first_response_at": T0 - hours(100)}
    )
    # 30 h: past 24 h, before takeover (48 h): ended, not within 24 h, not late; no first response
    assert deltas_by_scope(c.replied(before, before, "a-1", T0 + hours(30)))["a-1"] == {c.WAITS_ENDED: 1}
    # 48 h exactly: at the takeover deadline, which the sweep had not reached yet: late
    assert deltas_by_scope(c.replied(before, before, "a-1", T0 + hours(48)))["a-1"] == {c.WAITS_ENDED: 1, c.LATE: 1}


def test_answering_a_wait_already_taken_over_counts_only_its_first_response():
    before = conversation("cv-1", status=Status.ESCALATED, assignee_id="sup", waiting_since=T0).model_copy(
        update={"taken_over": True}
    )
    found = deltas_by_scope(c.replied(before, before, "sup", T0 + hours(50)))
    assert found == {None: {"frt_172800": 1}, "sup": {"frt_172800": 1}}


def test_a_second_message_without_a_customer_waiting_counts_nothing():
    before = conversation("cv-1", assignee_id="a-1", waiting_since=None)
    assert c.replied(before, before, "a-1", T0) == ()


def test_answering_from_the_queue_is_also_received_by_the_one_who_answered():
    before = conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None, waiting_since=T0)
    after = before.model_copy(update={"assignee_id": "a-1", "waiting_since": None})
    found = deltas_by_scope(c.replied(before, after, "a-1", T0 + timedelta(seconds=10)))
    assert found[None] == {c.WAITS_ENDED: 1, c.ANSWERED_24H: 1, "frt_0": 1}
    assert found["a-1"] == {c.WAITS_ENDED: 1, c.ANSWERED_24H: 1, "frt_0": 1, c.RECEIVED: 1}


def test_a_takeover_is_a_late_end_of_the_wait_held_against_the_agent_who_had_it():
    found = c.wait_expired("org-1", "cv-1", "a-1", waiting=True, already_taken_over=False, now=T0)
    assert deltas_by_scope(found) == {None: {c.WAITS_ENDED: 1, c.LATE: 1}, "a-1": {c.WAITS_ENDED: 1, c.LATE: 1}}
    # an unassigned one counts for the organization; a timeout after a takeover counts no second time
    assert deltas_by_scope(c.wait_expired("org-1", "cv-1", None, waiting=True, already_taken_over=False, now=T0)) == {
        None: {c.WAITS_ENDED: 1, c.LATE: 1}
    }
    assert c.wait_expired("org-1", "cv-1", "a-1", waiting=True, already_taken_over=True, now=T0) == ()


@pytest.mark.parametrize("rating,satisfied", [(1, False), (3, False), (4, True), (5, True)])
def test_ratings_of_4_and_5_count_as_satisfied(rating, satisfied):
    conv = conversation("cv-1", assignee_id="a-1")
    found = deltas_by_scope(c.rated(conv, rating, T0))
    expected = {c.RATED: 1, **({c.SATISFIED: 1} if satisfied else {})}
    assert found == {None: expected, "a-1": expected}


def test_counts_go_to_the_utc_day_of_the_event():
    from datetime import timezone

    late_evening_in_hanoi = T0.replace(hour=23).astimezone(timezone(timedelta(hours=7)))
    (change,) = c.rated(conversation("cv-1", assignee_id=None), 5, late_evening_in_hanoi)
    assert change.day == date(2026, 11, 22)


# ---------------------------------------------------------------- who may read which report


class FakeStats:
    def __init__(self, by_day=None):
        self.asked: list = []
        self.by_day = by_day or {}

    def days(self, org_id, agent_id, first, last):
        self.asked.append((org_id, agent_id, first, last))
        return self.by_day


class FakeAgents:
    def __init__(self, *agents):
        self.agents = {(a.org_id, a.agent_id): a for a in agents}

    def get(self, org_id, agent_id):
        if (org_id, agent_id) not in self.agents:
            raise NotFound("agent not found")
        return self.agents[(org_id, agent_id)]


OWNER = agent("own", role="owner")
AN = agent("an")
BINH = agent("binh")
STRANGER = agent("x-1", org_id="org-2")


def read(actor, agent_id, stats=None, days=7):
    stats = stats or FakeStats()
    report = service_report(actor, agent_id, days, stats=stats, agents=FakeAgents(OWNER, AN, BINH, STRANGER),
                            clock=FrozenClock(T0))
    return report, stats


def test_an_owner_reads_the_organization_and_any_agent_over_the_window_asked():
    _, stats = read(OWNER, None, days=7)
    assert stats.asked == [("org-1", None, date(2026, 11, 16), date(2026, 11, 22))]
    _, stats = read(OWNER, "an", days=30)
    assert stats.asked == [("org-1", "an", date(2026, 10, 24), date(2026, 11, 22))]


def test_an_agent_reads_their_own_report_only():
    _, stats = read(AN, "an")
    assert stats.asked[0][1] == "an"
    with pytest.raises(Forbidden):
        read(AN, "binh")
    with pytest.raises(Forbidden):
        read(AN, None)


def test_another_organizations_agent_is_unknown_even_to_an_owner():
    with pytest.raises(NotFound):
        read(OWNER, "x-1")
    with pytest.raises(NotFound):
        read(AN, "x-1")


def test_received_today_comes_from_today_and_the_rates_from_the_whole_window():
    stats = FakeStats({
        date(2026, 11, 20): {c.RECEIVED: 5, c.WAITS_ENDED: 4, c.ANSWERED_24H: 4},
        date(2026, 11, 22): {c.RECEIVED: 2, c.WAITS_ENDED: 1},
    })
    report, _ = read(OWNER, None, stats)
    assert report.received_today == 2
    assert report.response_rate_24h == Fraction(4, 5)


def test_by_day_every_day_of_the_window_has_its_own_rates_oldest_first():
    # Given counters on two days of a 7-day window
    stats = FakeStats({
        date(2026, 11, 18): {c.RECEIVED: 3, c.WAITS_ENDED: 4, c.ANSWERED_24H: 3, c.LATE: 1, c.RATED: 2, c.SATISFIED: 1},
        date(2026, 11, 22): {c.RECEIVED: 2},
    })
    # When the report is asked by day
    report = service_report(OWNER, None, 7, stats=stats, agents=FakeAgents(OWNER), clock=FrozenClock(T0), by_day=True)
    # Then each of the 7 days is there, oldest first; a day without waits or ratings has no rates
    assert [d.day for d in report.series] == [date(2026, 11, 16) + timedelta(days=n) for n in range(7)]
    busy = report.series[2]
    assert (busy.response_rate_24h, busy.late_response_rate, busy.csat, busy.received) == (Fraction(3, 4), Fraction(1, 4), Fraction(1, 2), 3)
    today = report.series[-1]
    assert (today.response_rate_24h, today.late_response_rate, today.csat, today.received) == (None, None, None, 2)
    # And without by_day there is no series (the answer stays as it was)
    assert read(OWNER, None, stats)[0].series is None


def test_no_counter_is_named_like_the_organizations_share_on_an_agents_day():
    # Given every counter a change can add (reports/counts.py) and the prefix the store keeps the org's share under
    from switchboard.store.stats import ORG_SHARE_PREFIX

    names = [c.RECEIVED, c.WAITS_ENDED, c.ANSWERED_24H, c.LATE, c.RATED, c.SATISFIED]
    names += [c.frt_bucket(bound) for bound in c.FRT_BUCKETS]
    # Then none starts with it, so an agent's report can drop the share and the org's report can find it
    assert not [name for name in names if name.startswith(ORG_SHARE_PREFIX)]
