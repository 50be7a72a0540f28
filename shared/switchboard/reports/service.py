"""The service report: rates, median first response and health, from the day counters alone.

Definitions (README, "Service reports"): over the last `days` UTC days, today included,
  response_rate_24h   = answered_24h / waits_ended
  late_response_rate  = late / waits_ended
  csat                = satisfied / rated
  received_today      = received on today's UTC day
  first_response_seconds_median, estimated from the first-response buckets
Each is None when its denominator is 0. Health: at_risk when late > 45% or csat < 60%;
normal when csat > 85% and late < 5%; watch otherwise. A measure with no data can neither
put the account at risk nor keep it from normal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta
from fractions import Fraction

from switchboard.clock import Clock
from switchboard.conversations.access import is_supervising
from switchboard.errors import Forbidden
from switchboard.models import Agent
from switchboard.reports import counts as c

MAX_DAYS = 90
NORMAL_CSAT_ABOVE = Fraction(85, 100)
NORMAL_LATE_BELOW = Fraction(5, 100)
AT_RISK_LATE_ABOVE = Fraction(45, 100)
AT_RISK_CSAT_BELOW = Fraction(60, 100)


@dataclass(frozen=True)
class ServiceReport:
    response_rate_24h: Fraction | None
    late_response_rate: Fraction | None
    csat: Fraction | None
    received_today: int
    first_response_seconds_median: int | None
    health: str
    waits_ended: int
    rated: int
    series: tuple[DayFigures, ...] | None = None  # only when asked for (by day)


@dataclass(frozen=True)
class DayFigures:
    """One UTC day of a report's window, for charts (API.md: `by=day`)."""

    day: date
    response_rate_24h: Fraction | None
    late_response_rate: Fraction | None
    csat: Fraction | None
    received: int


def ratio(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole > 0 else None


def health(csat: Fraction | None, late: Fraction | None) -> str:
    if (late is not None and late > AT_RISK_LATE_ABOVE) or (csat is not None and csat < AT_RISK_CSAT_BELOW):
        return "at_risk"
    if (csat is None or csat > NORMAL_CSAT_ABOVE) and (late is None or late < NORMAL_LATE_BELOW):
        return "normal"
    return "watch"


def median_seconds(histogram: Mapping[int, int]) -> int | None:
    """The median of the values counted in buckets (lower bound -> count).

    Linear interpolation inside the bucket that holds the middle value; a median in the last,
    open bucket is given as that bucket's lower bound.
    """
    total = sum(n for n in histogram.values() if n > 0)
    if total == 0:
        return None
    middle = Fraction(total, 2)
    seen = 0
    bounds = c.FRT_BUCKETS
    for index, lower in enumerate(bounds):
        n = histogram.get(lower, 0)
        if n <= 0:
            continue
        if seen + n >= middle:
            if index + 1 == len(bounds):
                return lower
            upper = bounds[index + 1]
            return round(lower + (upper - lower) * (middle - seen) / n)
        seen += n
    return bounds[-1]


def first_response_histogram(totals: Mapping[str, int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for name, n in totals.items():
        if name.startswith(c.FRT_PREFIX):
            try:
                found[int(name[len(c.FRT_PREFIX):])] = int(n)
            except ValueError:
                continue  # not a bucket of this version: ignore rather than fail the report
    return found


def build_report(window: Iterable[Mapping[str, int]], today: Mapping[str, int]) -> ServiceReport:
    """`window`: the day counters of every day in the window; `today`: today's."""
    totals: Counter = Counter()
    for day in window:
        totals.update({k: int(v) for k, v in day.items()})
    ended, rated = totals[c.WAITS_ENDED], totals[c.RATED]
    csat = ratio(totals[c.SATISFIED], rated)
    late = ratio(totals[c.LATE], ended)
    return ServiceReport(
        response_rate_24h=ratio(totals[c.ANSWERED_24H], ended),
        late_response_rate=late,
        csat=csat,
        received_today=int(today.get(c.RECEIVED, 0)),
        first_response_seconds_median=median_seconds(first_response_histogram(totals)),
        health=health(csat, late),
        waits_ended=ended,
        rated=rated,
    )


def daily_figures(by_day: Mapping[date, Mapping[str, int]], first: date, last: date) -> list[DayFigures]:
    """Every day from `first` to `last`, oldest first; a day without counters has no rates and 0 received."""
    figures = []
    day = first
    while day <= last:
        counts = by_day.get(day, {})
        ended = int(counts.get(c.WAITS_ENDED, 0))
        figures.append(DayFigures(
            day=day,
            response_rate_24h=ratio(int(counts.get(c.ANSWERED_24H, 0)), ended),
            late_response_rate=ratio(int(counts.get(c.LATE, 0)), ended),
            csat=ratio(int(counts.get(c.SATISFIED, 0)), int(counts.get(c.RATED, 0))),
            received=int(counts.get(c.RECEIVED, 0)),
        ))
        day += timedelta(days=1)
    return figures


def window_days(today: date, days: int) -> tuple[date, date]:
    """The last `days` UTC days, today included."""
    return today - timedelta(days=days - 1), today


def service_report(actor: Agent, agent_id: str | None, days: int, *, stats, agents, clock: Clock,
                   by_day: bool = False) -> ServiceReport:
    """Owners and supervisors read anyone's report and the organization's; an agent reads their own.

    An agent id of another organization is unknown here (404), before any role check.
    `by_day` adds each day's figures (`series`), from the same counters: no further read.
    """
    if agent_id is not None:
        if agent_id != actor.agent_id:  # the actor was read already
            agents.get(actor.org_id, agent_id)
        if not is_supervising(actor) and agent_id != actor.agent_id:
            raise Forbidden("agents may read only their own service report")
    elif not is_supervising(actor):
        raise Forbidden("only owners and supervisors may read the organization's service report")
    today = clock.now().astimezone(UTC).date()
    first, last = window_days(today, days)
    counters = stats.days(actor.org_id, agent_id, first, last)
    report = build_report(counters.values(), counters.get(today, {}))
    if by_day:
        report = replace(report, series=tuple(daily_figures(counters, first, last)))
    return report
