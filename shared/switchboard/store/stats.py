"""Service-report counters: written with ADD inside the transactions of the changes that count
(store/conversations.py, the rating below), read back one Query per report.

Each scope's day is split over STATS_SHARDS items, chosen by conversation, so two transactions
of one busy organization rarely meet on one item (DynamoDB cancels a transaction that does).

A change is written to one item (reports/counts.py): the day of the agent who holds it, where the
organization's counts of it are kept under ORG_SHARE_PREFIX names, or the organization's own day
for a change nobody holds. The organization's report adds its own days and every agent's shares.
Items written before this scheme hold the organization's counts of every change on its own day and
no share on the agents' days, so a day written either way (or both, while two versions run) is
added up exactly: each change is in exactly one of the organization's day or an agent's share.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, UTC

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.operand import Path
from pynamodb.transactions import TransactWrite

from switchboard.ids import shard_of
from switchboard.models import Conversation
from switchboard.reports import counts
from switchboard.reports.counts import ServiceCount
from switchboard.store import keys
from switchboard.store.connection import counter_values, dynamo_connection
from switchboard.store.table import RatingItem, StatsItem

STATS_SHARDS = 4
# A day's counters stay readable for the longest report window, then DynamoDB's TTL drops them.
KEEP_DAYS = 100
# The organization's counts of a change kept on an agent's day item: the counter's name behind this
# (no counter of reports/counts.py starts with it). Short, because such an item can hold every counter
# twice: with all 32 response-time buckets filled it is about 0.9 KB, and a write of an item over 1 KB
# costs a second unit.
ORG_SHARE_PREFIX = "o_"


class DuplicateRating(Exception):
    """The rating event was counted before."""


def count_update(tx: TransactWrite, change: ServiceCount) -> None:
    """Add one ServiceCount to a transaction: one UpdateItem with ADD per counter."""
    item = StatsItem(
        keys.stats_pk(change.org_id, change.agent_id),
        keys.stats_sk(change.day.isoformat(), shard_of(change.conversation_id, STATS_SHARDS)),
    )
    expires = int(datetime.combine(change.day + timedelta(days=KEEP_DAYS), time(), tzinfo=UTC).timestamp())
    actions = [Path([name]).add(delta) for name, delta in change.deltas if delta]
    if change.agent_id is not None:
        actions += [Path([ORG_SHARE_PREFIX + name]).add(delta) for name, delta in change.org_deltas if delta]
    actions.append(StatsItem.expires_at.set(expires))
    tx.update(item, actions=actions)


class StatsRepository:
    def days(self, org_id: str, agent_id: str | None, first: date, last: date) -> dict[date, dict[str, int]]:
        """The counters of each day from `first` to `last` (shards added up) of one agent, or, with
        agent_id None, of the organization: its own days and every agent's share of theirs.
        Days without any are absent."""
        if agent_id is not None:
            own = {day: {n: v for n, v in values.items() if not n.startswith(ORG_SHARE_PREFIX)}
                   for day, values in self._scope_days(keys.stats_pk(org_id, agent_id), first, last).items()}
            return {day: values for day, values in own.items() if values}
        found = self._scope_days(keys.stats_pk(org_id, None), first, last)
        for agent in self._agent_ids(org_id):
            for day, values in self._scope_days(keys.stats_pk(org_id, agent), first, last).items():
                share = {n[len(ORG_SHARE_PREFIX):]: v for n, v in values.items() if n.startswith(ORG_SHARE_PREFIX)}
                if share:
                    found.setdefault(day, Counter()).update(share)
        return {day: dict(values) for day, values in found.items()}

    @staticmethod
    def _scope_days(pk: str, first: date, last: date) -> dict[date, Counter]:
        found: dict[date, Counter] = {}
        lower = keys.stats_sk(first.isoformat(), 0)
        upper = keys.stats_sk(last.isoformat(), STATS_SHARDS)
        # The counters are not declared attributes (their names are data), and PynamoDB's model
        # query keeps only declared ones: read the raw items.
        start = None
        while True:
            page = StatsItem._get_connection().query(
                pk, range_key_condition=StatsItem.SK.between(lower, upper), exclusive_start_key=start,
            )
            for raw in page.get("Items", []):
                day = date.fromisoformat(raw["SK"]["S"][len(keys.STATS_DAY_PREFIX):].split("#", 1)[0])
                found.setdefault(day, Counter()).update(counter_values(raw))
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        return found

    @staticmethod
    def _agent_ids(org_id: str) -> list[str]:
        """Every agent of the organization (agents are never deleted, so none who counted is missed)."""
        prefix = keys.agent_sk("")
        found, start = [], None
        while True:
            page = StatsItem._get_connection().query(
                keys.org_pk(org_id), range_key_condition=StatsItem.SK.startswith(prefix),
                attributes_to_get=["SK"], exclusive_start_key=start,
            )
            found += [raw["SK"]["S"][len(prefix):] for raw in page.get("Items", [])]
            start = page.get("LastEvaluatedKey")
            if not start:
                return found

    def record_rating(self, conv: Conversation, event_key: str, rating: int, now: datetime) -> None:
        """The rating, stored once by its event id, and its counts, in one transaction."""
        item = RatingItem(
            keys.conversation_pk(conv.conversation_id), keys.rating_sk(event_key),
            rating=rating, agent_id=conv.assignee_id, created_at=now,
        )
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.save(item, condition=RatingItem.PK.does_not_exist())
                for change in counts.rated(conv, rating, now):
                    count_update(tx, change)
        except TransactWriteError as error:
            reasons = [r.code if r else None for r in (error.cancellation_reasons or [])]
            if reasons[:1] == ["ConditionalCheckFailed"]:
                raise DuplicateRating() from None
            raise
