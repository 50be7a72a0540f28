"""What each event adds to the service-report counters. Pure: the callers write the result in
the same transaction as the change that caused it, so a count moves exactly when the change does.

Counters are kept per UTC day, for the organization and for one agent (see README, "Service
reports"). Each change is counted once, at its finest grain: a change an agent holds goes to that
agent's day only, with the organization's counts of it beside the agent's (`org_deltas`; the two
differ where a handover is received by the agent alone); a change nobody holds goes to the
organization's day. The organization's report adds its own day to its agents' shares. What is counted:
  received       a customer wait started (organization); a wait started on, or a waiting
                 conversation was handed to, the agent (agent)
  waits_ended    a wait ended by an agent's reply, a takeover, or a timeout close
  answered_24h   ... by a reply within 24 hours of the wait's start
  late           ... at or after the takeover deadline, or by the takeover or timeout itself
  rated          a rating arrived;  satisfied: it was 4 or 5
  frt_<s>        one first response whose time falls in the bucket starting at <s> seconds
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from switchboard.models import Conversation, Status

RECEIVED = "received"
WAITS_ENDED = "waits_ended"
ANSWERED_24H = "answered_24h"
LATE = "late"
RATED = "rated"
SATISFIED = "satisfied"
SATISFIED_FROM = 4  # 4 (satisfied) and 5 (very satisfied) count as satisfied
RESPONSE_WINDOW = timedelta(hours=24)

# Lower bounds (seconds) of the first-response buckets; the last one is open-ended. Each bucket
# is at most 1.5 times as wide as its start, so a median read from them is within that band.
FRT_BUCKETS = (
    0, 15, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200,
    10800, 14400, 21600, 28800, 43200, 64800, 86400, 129600, 172800, 259200, 345600, 432000, 604800,
)
FRT_PREFIX = "frt_"


@dataclass(frozen=True)
class ServiceCount:
    """Add `deltas` to one day's counters of the organization (agent_id None) or of one agent, and,
    on an agent's day, `org_deltas`: what the same change counts for the organization (kept apart
    from the agent's own counters on the same item, so no change is written twice).

    `conversation_id` only spreads concurrent writes over a few items of the day (the store
    shards by it); the report adds the shards up.
    """

    org_id: str
    agent_id: str | None
    day: date
    conversation_id: str
    deltas: tuple[tuple[str, int], ...]
    org_deltas: tuple[tuple[str, int], ...] = ()


def frt_bucket(seconds: float) -> str:
    """The counter a first response of `seconds` goes to."""
    lower = FRT_BUCKETS[0]
    for bound in FRT_BUCKETS:
        if seconds < bound:
            break
        lower = bound
    return f"{FRT_PREFIX}{lower}"


def _counts(org_id: str, conversation_id: str, now: datetime, org: dict[str, int],
            agent_id: str | None, mine: dict[str, int]) -> tuple[ServiceCount, ...]:
    """One item per change: the agent's who holds it (their counts `mine`, the organization's `org`
    beside them), or, held by nobody, the organization's."""
    day = now.astimezone(UTC).date()
    if agent_id:
        if not (mine or org):
            return ()
        return (ServiceCount(org_id, agent_id, day, conversation_id, tuple(sorted(mine.items())),
                             org_deltas=tuple(sorted(org.items()))),)
    if not org:
        return ()
    return (ServiceCount(org_id, None, day, conversation_id, tuple(sorted(org.items()))),)


def wait_started(before: Conversation | None, after: Conversation, now: datetime) -> tuple[ServiceCount, ...]:
    """A customer message that started a wait (none was running before, one is now)."""
    if after.waiting_since is None or (before is not None and before.waiting_since is not None):
        return ()
    if after.status == Status.CLOSED:
        return ()
    one = {RECEIVED: 1}
    return _counts(after.org_id, after.conversation_id, now, one, after.assignee_id, dict(one))


def handed_over(before: Conversation, after: Conversation, now: datetime) -> tuple[ServiceCount, ...]:
    """A waiting conversation given to an agent (assignment, claim, transfer) is received by them."""
    if (
        after.assignee_id is None
        or after.assignee_id == before.assignee_id
        or after.waiting_since is None
        or after.status == Status.CLOSED
    ):
        return ()
    return _counts(after.org_id, after.conversation_id, now, {}, after.assignee_id, {RECEIVED: 1})


def replied(before: Conversation, after: Conversation, agent_id: str, now: datetime) -> tuple[ServiceCount, ...]:
    """An agent's message: it ends the wait it answers, and may be the conversation's first response.

    A wait already taken over was counted (late) by the takeover, so answering it later counts
    no second time; its first response still counts in the response times.
    """
    deltas: dict[str, int] = {}
    waited = before.waiting_since
    if waited is not None and not before.taken_over:
        deltas[WAITS_ENDED] = 1
        if now - waited <= RESPONSE_WINDOW:
            deltas[ANSWERED_24H] = 1
        takeover_at = before.deadlines.takeover_at
        if takeover_at is not None and now >= takeover_at:
            deltas[LATE] = 1
    if waited is not None and before.first_response_at is None:
        deltas[frt_bucket((now - waited).total_seconds())] = 1
    mine = dict(deltas)
    if waited is not None and before.assignee_id != agent_id and after.assignee_id == agent_id:
        mine[RECEIVED] = 1  # answered straight from the queue: it reached this agent too
    return _counts(before.org_id, before.conversation_id, now, deltas, agent_id, mine)


def wait_expired(
    org_id: str, conversation_id: str, assignee_id: str | None, *, waiting: bool, already_taken_over: bool,
    now: datetime,
) -> tuple[ServiceCount, ...]:
    """The SLA took the conversation over, or closed it for timeout, with the customer still waiting:
    a late response, held against the agent who had it."""
    if not waiting or already_taken_over:
        return ()
    deltas = {WAITS_ENDED: 1, LATE: 1}
    return _counts(org_id, conversation_id, now, deltas, assignee_id, dict(deltas))


def rated(conv: Conversation, rating: int, now: datetime) -> tuple[ServiceCount, ...]:
    """A contact's rating, for the organization and the agent who has (or last had) the conversation."""
    deltas = {RATED: 1}
    if rating >= SATISFIED_FROM:
        deltas[SATISFIED] = 1
    return _counts(conv.org_id, conv.conversation_id, now, deltas, conv.assignee_id, dict(deltas))
