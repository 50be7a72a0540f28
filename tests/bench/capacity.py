"""DynamoDB request counting and capacity accounting by AWS's published sizing rules.

Every botocore API call goes through ``BaseClient._make_api_call`` (PynamoDB included), so
one wrapper sees them all. While a ``Meter`` is active it records each call's service and
operation; in detailed mode it also computes the read and write capacity a DynamoDB call
would consume in AWS, from the real item states before and after the call, which it reads
with raw ``GetItem`` calls that bypass the meter.

Why not moto's ``ConsumedCapacity``: moto 5.2.5 returns a constant (1.0 for
Get/Put/Update/Delete whatever the size or consistency, 0.5 for every Query, 2.0 per item
for TransactGetItems) and nothing at all for TransactWriteItems, and it never counts index
writes. See ``METHOD`` for the rules applied here.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

KB = 1024
READ_UNIT = 4 * KB
GSI_ENTRY_OVERHEAD = 100

METHOD = {
    "requests": "botocore.client.BaseClient._make_api_call is wrapped; every call whose service is "
    "dynamodb counts as one request (PynamoDB calls botocore underneath). A paginated query is one "
    "request per page. Calls by the bench itself (setup, snapshots) are not counted.",
    "item_size": "sum over attributes of UTF-8 name length + value size: S = UTF-8 bytes, "
    "N = ceil(significant digits / 2) + 1, B = bytes, BOOL/NULL = 1, SS/NS/BS = sum of elements, "
    "L/M = 3 + sum(element sizes) + 1 per element (map keys count as names).",
    "writes": "per item written: ceil(size / 1 KB) WCU, size = the larger of the item before and after "
    "(PutItem/UpdateItem), the deleted item (DeleteItem), min 1; x2 for every action of a "
    "TransactWriteItems (ConditionCheck charged like a write of the checked item). A failed "
    "conditional single write: ceil(existing size / 1 KB), min 1. A cancelled TransactWriteItems: "
    "charged 1x per action on the current item size (the prepare phase), min 1 - AWS publishes no "
    "exact rule for this case, so that number is approximate.",
    "index_writes": "per GSI, from the item's index entry before and after (entry = table keys + index "
    "keys + projected attributes, size + 100 bytes overhead): entry added or removed = 1 write of "
    "ceil(entry / 1 KB); index key changed = 2 writes (delete old + put new); same key but a projected "
    "attribute's value changed = 1 write; nothing projected changed = 0 (writing an equal value costs "
    "nothing in the index). Index writes are not doubled inside transactions (assumption: AWS documents "
    "the 2x for the table items of a transaction only).",
    "reads": "GetItem: ceil(full item size / 4 KB) x 0.5 (eventually consistent) or x 1 (strongly "
    "consistent), a missing item costs the minimum (0.5 / 1); BatchGetItem: the same per requested key; "
    "TransactGetItems x2; Query/Scan: ceil(sum of the sizes of the returned items / 4 KB) x 0.5 or 1, "
    "min 0.5 (a query on a GSI reads index entries, so their projected size counts, without the 100-byte "
    "storage overhead). Exact only without a FilterExpression (items filtered out are not seen here; "
    "flagged 'approximate' when it happens).",
    "timing": "median wall time of lambda_handler(event, context) in a warm, in-process container, with "
    "moto (in-process, every request serialized by a lock) standing in for AWS: the times include "
    "moto's emulation and exclude network round trips, so compare them with each other, not with AWS "
    "latency. Timed runs count requests only; capacity comes from separate detailed runs (the raw "
    "snapshot reads would distort the times).",
}


# ---------------------------------------------------------------- sizes


def number_size(text: str) -> int:
    digits = text.strip().lstrip("+-")
    if "e" in digits.lower():
        digits = format(Decimal(digits), "f")
    digits = digits.replace(".", "").lstrip("0").rstrip("0")
    return math.ceil(max(len(digits), 1) / 2) + 1


def value_size(value: dict) -> int:
    (kind, v), = value.items()
    if kind == "S":
        return len(v.encode())
    if kind == "N":
        return number_size(v)
    if kind == "B":
        return len(v)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode()) for s in v)
    if kind == "NS":
        return sum(number_size(n) for n in v)
    if kind == "BS":
        return sum(len(b) for b in v)
    if kind == "L":
        return 3 + sum(value_size(e) + 1 for e in v)
    if kind == "M":
        return 3 + sum(len(k.encode()) + value_size(e) + 1 for k, e in v.items())
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(item: dict | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def write_units(size: int) -> int:
    return max(1, math.ceil(size / KB))


def read_units(size: int, consistent: bool) -> float:
    return max(1, math.ceil(size / READ_UNIT)) * (1.0 if consistent else 0.5)


# ---------------------------------------------------------------- schema


@dataclass(frozen=True)
class Index:
    name: str
    keys: tuple[str, ...]
    projection: str  # KEYS_ONLY | INCLUDE | ALL
    non_key: tuple[str, ...] = ()

    def entry(self, item: dict | None, table_keys: tuple[str, ...]) -> dict | None:
        """The item's entry in this index, or None when the item is not in it (sparse)."""
        if not item or any(k not in item for k in self.keys):
            return None
        if self.projection == "ALL":
            return dict(item)
        names = set(table_keys) | set(self.keys) | set(self.non_key)
        return {k: v for k, v in item.items() if k in names}


@dataclass(frozen=True)
class TableSchema:
    name: str
    keys: tuple[str, ...]
    indexes: tuple[Index, ...]

    @classmethod
    def from_template(cls, template: dict, logical_id: str, physical_name: str) -> TableSchema:
        p = template["Resources"][logical_id]["Properties"]
        indexes = []
        for gsi in p.get("GlobalSecondaryIndexes", []):
            proj = gsi.get("Projection", {})
            indexes.append(
                Index(
                    name=gsi["IndexName"],
                    keys=tuple(k["AttributeName"] for k in gsi["KeySchema"]),
                    projection=proj.get("ProjectionType", "ALL"),
                    non_key=tuple(proj.get("NonKeyAttributes", [])),
                )
            )
        return cls(physical_name, tuple(k["AttributeName"] for k in p["KeySchema"]), tuple(indexes))

    def key_of(self, item: dict) -> dict:
        return {k: item[k] for k in self.keys}


# ---------------------------------------------------------------- the meter


@dataclass
class Charge:
    operation: str
    rcu: float = 0.0
    wcu: float = 0.0
    table_wcu: float = 0.0
    index_wcu: dict[str, float] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    approximate: bool = False
    failed: bool = False


class Meter:
    """Counts AWS calls while active; in detailed mode, charges DynamoDB capacity."""

    def __init__(self, schema: TableSchema, raw_client: Any) -> None:
        self.schema = schema
        self.raw = raw_client
        self.active = False
        self.detailed = False
        self.calls: list[tuple[str, str]] = []
        self.charges: list[Charge] = []
        self._local = threading.local()

    # -- control
    def start(self, detailed: bool = False) -> None:
        self.calls, self.charges = [], []
        self.detailed = detailed
        self.active = True

    def stop(self) -> None:
        self.active = False

    @property
    def bypassing(self) -> bool:
        return getattr(self._local, "bypass", False)

    def dynamodb_operations(self) -> list[str]:
        return [op for svc, op in self.calls if svc == "dynamodb"]

    def other_calls(self) -> list[str]:
        return [f"{svc}:{op}" for svc, op in self.calls if svc != "dynamodb"]

    def totals(self) -> tuple[float, float, bool]:
        rcu = sum(c.rcu for c in self.charges)
        wcu = sum(c.wcu for c in self.charges)
        return rcu, wcu, any(c.approximate for c in self.charges)

    # -- raw reads that bypass the meter
    def _get(self, table: str, key: dict) -> dict | None:
        self._local.bypass = True
        try:
            return self.raw.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
        finally:
            self._local.bypass = False

    # -- the hook
    def around(self, call, client, operation: str, params: dict):
        service = client.meta.service_model.service_name
        if not self.active or self.bypassing:
            return call(client, operation, params)
        self.calls.append((service, operation))
        if service != "dynamodb" or not self.detailed:
            return call(client, operation, params)
        before = self._before(operation, params)
        try:
            response = call(client, operation, params)
        except Exception as error:
            self.charges.append(self._failed(operation, params, before, error))
            raise
        self.charges.append(self._charge(operation, params, before, response))
        return response

    # -- write targets
    def _targets(self, operation: str, params: dict) -> list[tuple[str, str, dict]]:
        """(kind, table, key) of every item a write touches."""
        if operation == "PutItem":
            return [("Put", params["TableName"], self.schema.key_of(params["Item"]))]
        if operation in ("UpdateItem", "DeleteItem"):
            return [(operation[:-4], params["TableName"], params["Key"])]
        if operation == "TransactWriteItems":
            found = []
            for action in params["TransactItems"]:
                (kind, body), = action.items()
                key = self.schema.key_of(body["Item"]) if kind == "Put" else body["Key"]
                found.append((kind, body["TableName"], key))
            return found
        if operation == "BatchWriteItem":
            found = []
            for table, requests in params["RequestItems"].items():
                for request in requests:
                    if "PutRequest" in request:
                        found.append(("Put", table, self.schema.key_of(request["PutRequest"]["Item"])))
                    else:
                        found.append(("Delete", table, request["DeleteRequest"]["Key"]))
            return found
        return []

    def _before(self, operation: str, params: dict) -> list[dict | None]:
        return [self._get(table, key) for _, table, key in self._targets(operation, params)]

    def _index_writes(self, before: dict | None, after: dict | None) -> dict[str, float]:
        units: dict[str, float] = {}
        for index in self.schema.indexes:
            old = index.entry(before, self.schema.keys)
            new = index.entry(after, self.schema.keys)
            if old == new:
                continue
            cost = 0
            old_size = item_size(old) + GSI_ENTRY_OVERHEAD if old else 0
            new_size = item_size(new) + GSI_ENTRY_OVERHEAD if new else 0
            if old is None:
                cost = write_units(new_size)
            elif new is None:
                cost = write_units(old_size)
            elif any(old[k] != new[k] for k in index.keys):
                cost = write_units(old_size) + write_units(new_size)
            else:
                cost = write_units(new_size)
            units[index.name] = cost
        return units

    def _charge(self, operation: str, params: dict, before: list, response: dict) -> Charge:
        charge = Charge(operation)
        targets = self._targets(operation, params)
        if targets:
            factor = 2 if operation == "TransactWriteItems" else 1
            for (kind, table, key), old in zip(targets, before):
                new = None if kind == "Delete" else (old if kind == "ConditionCheck" else self._get(table, key))
                units = write_units(max(item_size(old), item_size(new))) * factor
                charge.table_wcu += units
                charge.items.append(f"{kind} {_key_text(key)} {max(item_size(old), item_size(new))}B")
                if kind != "ConditionCheck":
                    for name, cost in self._index_writes(old, new).items():
                        charge.index_wcu[name] = charge.index_wcu.get(name, 0) + cost
            charge.wcu = charge.table_wcu + sum(charge.index_wcu.values())
            return charge
        if operation == "GetItem":
            item = response.get("Item")
            if item is not None and "ProjectionExpression" in params:
                item = self._get(params["TableName"], params["Key"])
            charge.rcu = read_units(item_size(item), bool(params.get("ConsistentRead")))
        elif operation == "BatchGetItem":
            for table, request in params["RequestItems"].items():
                got = {_key_text(self.schema.key_of(i)): i for i in response.get("Responses", {}).get(table, [])}
                for key in request["Keys"]:
                    item = got.get(_key_text(key))
                    if item is not None and "ProjectionExpression" in request:
                        item = self._get(table, key)
                    charge.rcu += read_units(item_size(item), bool(request.get("ConsistentRead")))
            if response.get("UnprocessedKeys"):
                charge.approximate = True
        elif operation == "TransactGetItems":
            for action, got in zip(params["TransactItems"], response.get("Responses", [])):
                charge.rcu += 2 * read_units(item_size(got.get("Item")), True)
        elif operation in ("Query", "Scan"):
            total = sum(item_size(i) for i in response.get("Items", []))
            charge.rcu = read_units(total, bool(params.get("ConsistentRead")))
            if response.get("ScannedCount", 0) != response.get("Count", 0) or params.get("Select") == "COUNT":
                charge.approximate = True
            charge.items.append(f"{params.get('IndexName', 'table')}: {response.get('Count', 0)} items {total}B")
        return charge

    def _failed(self, operation: str, params: dict, before: list, error: Exception) -> Charge:
        charge = Charge(operation, failed=True)
        targets = self._targets(operation, params)
        if targets:
            charge.table_wcu = sum(write_units(item_size(old)) for old in before)
            charge.wcu = charge.table_wcu
            charge.approximate = operation == "TransactWriteItems"
            charge.items = [f"{kind} {_key_text(key)} (cancelled)" for kind, _, key in targets]
        elif operation in ("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"):
            charge.approximate = True
        return charge


def _key_text(key: dict) -> str:
    return "/".join(str(next(iter(v.values()))) for _, v in sorted(key.items()))


def summarize(charges: list[Charge]) -> dict:
    by_index: Counter = Counter()
    for c in charges:
        by_index.update(c.index_wcu)
    return {
        "table_wcu": sum(c.table_wcu for c in charges),
        "index_wcu": dict(by_index),
        "calls": [
            {
                "operation": c.operation,
                **({"rcu": c.rcu} if c.rcu else {}),
                **({"wcu": c.wcu} if c.wcu else {}),
                **({"index_wcu": c.index_wcu} if c.index_wcu else {}),
                **({"items": c.items} if c.items else {}),
                **({"failed": True} if c.failed else {}),
                **({"approximate": True} if c.approximate else {}),
            }
            for c in charges
        ],
    }


def install(meter: Meter) -> None:
    """Route every botocore API call through the meter."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    if getattr(original, "_bench_meter", None) is not None:
        original = original._bench_original

    def _make_api_call(self, operation_name, api_params):
        return meter.around(original, self, operation_name, api_params)

    _make_api_call._bench_meter = meter
    _make_api_call._bench_original = original
    BaseClient._make_api_call = _make_api_call
