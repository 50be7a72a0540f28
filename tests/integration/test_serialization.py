"""Why the embedded moto server is serialized: moto does not make a DynamoDB condition
check and its write atomic, so without one lock around the server, two concurrent
version-checked updates can both pass and one increment is lost."""

from __future__ import annotations

import sys
import threading
import uuid
from collections.abc import Iterator

import boto3
import pytest
from botocore.config import Config

from local.aws import EmbeddedAws

THREADS = 8
INCREMENTS_PER_THREAD = 15


def _client(aws: EmbeddedAws):
    return boto3.client(
        "dynamodb",
        endpoint_url=aws.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(max_pool_connections=THREADS + 2, retries={"max_attempts": 10, "mode": "standard"}),
    )


def _counter_table(aws: EmbeddedAws) -> str:
    name = f"counter-{uuid.uuid4().hex[:8]}"
    ddb = _client(aws)
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(TableName=name, Item={"PK": {"S": "c"}, "count": {"N": "0"}, "version": {"N": "0"}})
    return name


def _increment_until_success(ddb, table: str) -> None:
    """Read, then write count+1 only if nobody changed the version meanwhile; retry if they did."""
    while True:
        item = ddb.get_item(TableName=table, Key={"PK": {"S": "c"}}, ConsistentRead=True)["Item"]
        version, count = int(item["version"]["N"]), int(item["count"]["N"])
        try:
            ddb.update_item(
                TableName=table,
                Key={"PK": {"S": "c"}},
                UpdateExpression="SET #c = :c, #v = :next",
                ConditionExpression="#v = :v",
                ExpressionAttributeNames={"#c": "count", "#v": "version"},
                ExpressionAttributeValues={":c": {"N": str(count + 1)}, ":v": {"N": str(version)}, ":next": {"N": str(version + 1)}},
            )
            return
        except ddb.exceptions.ConditionalCheckFailedException:
            continue


@pytest.fixture(autouse=True)
def frequent_thread_switches() -> Iterator[None]:
    # The race window inside moto (condition checked, item not yet written) is a few
    # bytecodes wide; switching threads far more often than the default 5 ms makes the
    # unserialized demonstration reliable instead of lucky.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def _lost_updates(aws: EmbeddedAws) -> int:
    table = _counter_table(aws)
    clients = [_client(aws) for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def worker(ddb) -> None:
        start.wait()
        for _ in range(INCREMENTS_PER_THREAD):
            _increment_until_success(ddb, table)

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = int(_client(aws).get_item(TableName=table, Key={"PK": {"S": "c"}})["Item"]["count"]["N"])
    successes = THREADS * INCREMENTS_PER_THREAD  # every worker retried until each write succeeded
    return successes - final


@pytest.fixture(scope="module")
def serialized_server() -> Iterator[EmbeddedAws]:
    aws = EmbeddedAws(serialize=True).start()
    yield aws
    aws.stop()


@pytest.fixture(scope="module")
def unserialized_server() -> Iterator[EmbeddedAws]:
    aws = EmbeddedAws(serialize=False).start()
    yield aws
    aws.stop()


def test_serialized_server_loses_no_conditional_update(serialized_server: EmbeddedAws) -> None:
    # Given the embedded moto server with every request behind one lock
    # When many threads each make version-checked increments until they succeed
    lost = _lost_updates(serialized_server)
    # Then every successful conditional write is in the final count
    assert lost == 0


def test_unserialized_server_lets_two_conditional_writes_both_succeed(unserialized_server: EmbeddedAws) -> None:
    # Given the same moto server without the lock
    # When the same threads make the same version-checked increments
    lost = _lost_updates(unserialized_server)
    # Then some writes passed their condition against a version another write had just
    # replaced: both "succeeded" and the final count is short of the successes
    assert lost > 0


def test_the_server_counts_the_requests_that_may_change_state_and_not_the_reads(serialized_server: EmbeddedAws) -> None:
    # Given a table on the serialized server (local.state saves only after such a request)
    table = _counter_table(serialized_server)
    ddb = _client(serialized_server)
    before = serialized_server.changes
    # When the table is only read
    ddb.get_item(TableName=table, Key={"PK": {"S": "c"}})
    ddb.scan(TableName=table)
    ddb.describe_table(TableName=table)
    # Then nothing counts as a change
    assert serialized_server.changes == before
    # When an item is written
    ddb.put_item(TableName=table, Item={"PK": {"S": "d"}})
    # Then it counts
    assert serialized_server.changes == before + 1
