"""DynamoDB transactions and queries in moto that cost the same on a full table as on an empty one.

moto 5.2.5 backs up every table a transaction touches with `copy.deepcopy(table)` before
writing, in case it must roll back. That makes each TransactWriteItems O(table size): about
50 ms at a few thousand items, and the embedded stack slows down the longer it runs. This
replacement checks every condition first, writes only if all hold, and snapshots just the
items it writes (so a write that fails half way is still undone). Behaviour is otherwise
moto's own: the same exceptions, the same cancellation reasons, in the same order.

Like moto's original, it is atomic only because every request is serialized (local/aws.py,
tests/moto_env.py).

A query of the table itself (not of an index) reads only its partition: moto 5.2.5 walks every
item of the table to find those of one partition key, so an inbox read or a thread page on the
local stack got slower with every conversation the stack had ever stored (the index queries still
walk the table: an index has no partition map in moto to read instead).
"""

from __future__ import annotations

import copy
from typing import Any

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

OPERATIONS = {"ConditionCheck", "Put", "Delete", "Update"}


def _key_of(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return op["Key"]
    table = backend.get_table(op["TableName"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _check(backend: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> tuple | None:
    """The cancellation reason of one operation, or None when its condition holds."""
    current = backend.get_item(op["TableName"], key)
    expression = op.get("ConditionExpression")
    if expression is None:
        return None
    condition = get_filter_expression(expression, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues"))
    if condition.expr(current):
        return None
    old = current.to_json()["Attributes"] if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current else None
    return ("ConditionalCheckFailed", ConditionalCheckFailed(item=old).message, old)


def _apply(backend: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    if op_type == "Put":
        backend.put_item(op["TableName"], op["Item"], expression_attribute_names=names, expression_attribute_values=values)
    elif op_type == "Delete":
        backend.delete_item(op["TableName"], key, expression_attribute_names=names, expression_attribute_values=values)
    elif op_type == "Update":
        backend.update_item(
            op["TableName"], key, update_expression=op["UpdateExpression"],
            expression_attribute_names=names, expression_attribute_values=values,
        )


def _restore(backend: DynamoDBBackend, table_name: str, key: dict[str, Any], before) -> None:
    if before is None:
        if backend.get_item(table_name, key) is not None:
            backend.delete_item(table_name, key)
    else:
        backend.put_item(table_name, before.to_json()["Attributes"])


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    operations = []
    seen: set[tuple[str, str]] = set()
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in OPERATIONS:
            raise ValueError("Unsupported transaction operation")
        key = _key_of(self, op_type, op)
        identity = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if identity in seen:
            raise MultipleTransactionsException()
        seen.add(identity)
        operations.append((op_type, op, key))

    reasons: list[tuple] = []
    for op_type, op, key in operations:
        try:
            reasons.append(_check(self, op_type, op, key) or (None, None, None))
        except MockValidationException:
            raise
        except Exception as error:  # moto reports any other failure as that item's reason
            reasons.append((type(error).__name__, str(error), None))
    if any(code is not None for code, _, _ in reasons):
        raise TransactionCanceledException(reasons)

    written: list[tuple[str, dict, Any]] = []
    position = 0
    try:
        for position, (op_type, op, key) in enumerate(operations):
            if op_type == "ConditionCheck":
                continue
            written.append((op["TableName"], key, copy.deepcopy(self.get_item(op["TableName"], key))))
            _apply(self, op_type, op, key)
    except Exception as error:
        for table_name, key, before in reversed(written):
            _restore(self, table_name, key, before)
        if isinstance(error, MockValidationException):
            raise
        failed: list[tuple] = [(None, None, None)] * len(operations)
        failed[position] = (type(error).__name__, str(error), None)
        raise TransactionCanceledException(failed) from None


def empty_tables(account_id: str, region: str) -> int:
    """Every item of every table of moto's DynamoDB gone, the tables kept; answers how many items were.
    Callers hold moto's lock (or run nothing else meanwhile)."""
    from moto.dynamodb.models import dynamodb_backends

    removed = 0
    for table in dynamodb_backends[account_id][region].tables.values():
        removed += sum(len(p) if table.range_key_attr else 1 for p in table.items.values())
        table.items.clear()
    return removed


_table_query = Table.query


def _partition_query(self: Table, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any,
                     exclusive_start_key: Any, scan_index_forward: Any, projection_expressions: Any,
                     index_name: str | None = None, *args: Any, **kwargs: Any) -> Any:
    """moto's own query, shown only the partition it asks for when it reads the table itself."""
    args = (hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
            projection_expressions, index_name, *args)
    if index_name is not None or hash_key is None:
        return _table_query(self, *args, **kwargs)
    partition = self.items.get(hash_key)  # .get: the table's defaultdict must not grow an empty partition
    if partition is None:
        found: list = []
    elif self.range_key_attr:
        found = list(partition.values())
    else:
        found = [partition]
    self.all_items = lambda: found  # type: ignore[method-assign]  # the query's only caller of it, for this call
    try:
        return _table_query(self, *args, **kwargs)
    finally:
        del self.all_items


def install() -> None:
    """Use item-level snapshots for every DynamoDB backend in this process, and partition reads for queries."""
    DynamoDBBackend.transact_write_items = transact_write_items
    if Table.query is not _partition_query:
        Table.query = _partition_query  # type: ignore[method-assign]
