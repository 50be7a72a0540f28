"""Service-report counters: written with ADD inside the transactions of the changes that count
(store/conversations.py, the rating below), read back one Query per report.

Each scope's day is split over STATS_SHARDS items, chosen by conversation, so two transactions
of one busy organization rarely meet on one item (DynamoDB cancels a transaction that does).
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
    actions.append(StatsItem.expires_at.set(expires))
    tx.update(item, actions=actions)


class StatsRepository:
    def days(self, org_id: str, agent_id: str | None, first: date, last: date) -> dict[date, dict[str, int]]:
        """The counters of each day from `first` to `last` (shards added up); days without any are absent."""
        found: dict[date, Counter] = {}
        lower = keys.stats_sk(first.isoformat(), 0)
        upper = keys.stats_sk(last.isoformat(), STATS_SHARDS)
        # The counters are not declared attributes (their names are data), and PynamoDB's model
        # query keeps only declared ones: read the raw items.
        start = None
        while True:
            page = StatsItem._get_connection().query(
                keys.stats_pk(org_id, agent_id),
                range_key_condition=StatsItem.SK.between(lower, upper), exclusive_start_key=start,
            )
            for raw in page.get("Items", []):
                day = date.fromisoformat(raw["SK"]["S"][len(keys.STATS_DAY_PREFIX):].split("#", 1)[0])
                found.setdefault(day, Counter()).update(counter_values(raw))
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        return {day: dict(values) for day, values in found.items()}

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
