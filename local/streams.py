"""DynamoDB stream event sources: the template's `DynamoDB` events, polled like Lambda's event source
mapping (one shard, one batch at a time, in order; the event's FilterCriteria; retries, then the batch
is skipped as after MaximumRetryAttempts).

moto keeps every stream record, and every shard iterator a GetRecords call makes, for the life of the
process; polling it through its API twenty times a second would grow without end. So the poller reads
the shard in process, under the embedded server's lock, and trims what it handed over (DynamoDB
trims after 24 hours). The records are moto's own stream records, so the function receives the shape
it receives in AWS.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from local.event_sources import IDLE_SLEEP_S, Activity, PollingThread
from local.runtime import HandlerError
from local.template import ACCOUNT_ID, REGION, Resolver, function_events

log = logging.getLogger("local.streams")


@dataclass(frozen=True)
class StreamSource:
    function: str
    stream_arn: str
    table_name: str
    batch_size: int
    starting_position: str
    max_retries: int
    patterns: tuple[dict, ...]


def stream_sources(template: Mapping, resolver: Resolver) -> list[StreamSource]:
    found = []
    for lid, _, event in function_events(template, "DynamoDB"):
        p = resolver.resolve(event["Properties"])
        arn = p["Stream"]
        filters = (p.get("FilterCriteria") or {}).get("Filters") or []
        found.append(StreamSource(
            function=lid,
            stream_arn=arn,
            table_name=arn.split(":table/", 1)[1].split("/", 1)[0],
            batch_size=int(p.get("BatchSize", 100)),
            starting_position=str(p.get("StartingPosition", "LATEST")),
            # Lambda's default is to retry until the record expires; bounded here.
            max_retries=int(p.get("MaximumRetryAttempts", 10)),
            patterns=tuple(json.loads(f["Pattern"]) for f in filters),
        ))
    return found


def _matches(pattern: Any, value: Any) -> bool:
    """Lambda event filtering, the part this template uses: nested objects (all must match), lists of
    alternatives, exact strings and numbers, and {"prefix": ...}."""
    if isinstance(pattern, Mapping):
        return isinstance(value, Mapping) and all(_matches(p, value.get(k)) for k, p in pattern.items())
    if isinstance(pattern, list):
        return any(_matches_one(p, value) for p in pattern)
    return pattern == value


def _matches_one(rule: Any, value: Any) -> bool:
    if isinstance(rule, Mapping) and "prefix" in rule:
        return isinstance(value, str) and value.startswith(rule["prefix"])
    if isinstance(rule, Mapping):
        return _matches(rule, value)
    return rule == value


def passes(source: StreamSource, record: dict) -> bool:
    return not source.patterns or any(_matches(p, record) for p in source.patterns)


_written = threading.Event()


def _signal_writes() -> None:
    """Wake the pollers when moto adds a stream record, instead of making them poll more often."""
    from moto.dynamodb.models.table import StreamShard

    if getattr(StreamShard.add, "signals", False):
        return
    original = StreamShard.add

    def add(self: Any, old: Any, new: Any) -> None:
        original(self, old, new)
        _written.set()

    add.signals = True  # type: ignore[attr-defined]
    StreamShard.add = add  # type: ignore[method-assign]


def lambda_record(record: dict, stream_arn: str) -> dict:
    """A moto stream record as Lambda hands it over: the creation time in epoch seconds, the stream's ARN."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = float(int(created.timestamp()))
    return {**record, "dynamodb": dynamodb, "eventSourceARN": stream_arn}


class StreamPoller(PollingThread):
    def __init__(self, source: StreamSource, lock: threading.Lock, activity: Activity,
                 invoke: Callable[[str, Any], Any], readers: list[StreamPoller] | None = None) -> None:
        """`readers`: every poller of the same table's stream, this one included once made (a record is
        dropped from moto's shard only when all of them have handed it over)."""
        super().__init__(f"stream-{source.function}")
        self.source = source
        self.lock = lock
        self.activity = activity
        self.invoke = invoke
        self.readers = readers if readers is not None else []
        _signal_writes()
        with self.lock:
            shard = self._shard()
            # LATEST: from the records written after the mapping is created; TRIM_HORIZON: all of them.
            self.position = shard.starting_sequence_number + (len(shard.items) if source.starting_position == "LATEST" else 0)
            self.readers.append(self)

    def _shard(self) -> Any:
        from moto.dynamodb.models import dynamodb_backends

        return dynamodb_backends[ACCOUNT_ID][REGION].get_table(self.source.table_name).stream_shard

    def stop(self) -> None:
        super().stop()
        _written.set()

    def caught_up(self) -> bool:
        """Every record written so far was handed over (for /_local/drain)."""
        with self.lock:
            shard = self._shard()
            return self.position >= shard.starting_sequence_number + len(shard.items)

    def idle(self) -> None:
        _written.wait(IDLE_SLEEP_S)
        _written.clear()

    def poll_once(self) -> bool:
        with self.activity:
            with self.lock:
                shard = self._shard()
                start = self.position - shard.starting_sequence_number
                taken = [item.to_json() for item in shard.items[start:start + self.source.batch_size]]
            if not taken:
                return False
            records = [lambda_record(r, self.source.stream_arn) for r in taken if passes(self.source, r)]
            if records:
                self._deliver(records)
            self.position += len(taken)
            with self.lock:  # what every reader of the stream handed over is no longer needed
                shard = self._shard()
                done = min(reader.position for reader in self.readers) - shard.starting_sequence_number
                if done > 0:
                    del shard.items[:done]
                    shard.starting_sequence_number += done
            return True

    def _deliver(self, records: list[dict]) -> None:
        for attempt in range(self.source.max_retries + 1):
            try:
                self.invoke(self.source.function, {"Records": records})
                return
            except HandlerError:
                continue
        log.error("%s: skipped a batch of %d records after %d attempts", self.source.function, len(records),
                  self.source.max_retries + 1)
