"""The local stack's and the suites' moto reads one partition for a query of the table (local/moto_dynamodb.py):
what it answers must be exactly what moto's own walk over the whole table answers."""

from __future__ import annotations

import boto3
import pytest
from moto.dynamodb.models.table import Table

from local import moto_dynamodb


def _table(name: str):
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "SK", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
    )
    for pk in ("A", "B", "C"):
        for n in range(25):
            client.put_item(TableName=name, Item={"PK": {"S": pk}, "SK": {"S": f"M#{n:03d}"}, "n": {"N": str(n)}})
    return client


QUERIES = [
    {"KeyConditionExpression": "PK = :p", "ExpressionAttributeValues": {":p": {"S": "B"}}},
    {"KeyConditionExpression": "PK = :p AND begins_with(SK, :s)",
     "ExpressionAttributeValues": {":p": {"S": "B"}, ":s": {"S": "M#01"}}, "ScanIndexForward": False},
    {"KeyConditionExpression": "PK = :p AND SK BETWEEN :a AND :b", "Limit": 4,
     "ExpressionAttributeValues": {":p": {"S": "C"}, ":a": {"S": "M#005"}, ":b": {"S": "M#020"}}},
    {"KeyConditionExpression": "PK = :p", "FilterExpression": "n > :n", "Limit": 7,
     "ExpressionAttributeValues": {":p": {"S": "A"}, ":n": {"N": "10"}}, "ScanIndexForward": False},
    {"KeyConditionExpression": "PK = :p", "ExpressionAttributeValues": {":p": {"S": "nobody"}}},
]


def _all_pages(client, name: str, query: dict) -> list:
    pages, start = [], None
    while True:
        answer = client.query(TableName=name, **query, **({"ExclusiveStartKey": start} if start else {}))
        pages.append((answer["Items"], answer.get("LastEvaluatedKey")))
        start = answer.get("LastEvaluatedKey")
        if not start:
            return pages


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_a_query_of_the_table_answers_what_moto_answers_walking_every_item(aws, query, monkeypatch):
    # Given a table of three partitions
    name = f"partition-query-{QUERIES.index(query)}"
    client = _table(name)
    assert Table.query is moto_dynamodb._partition_query  # installed for the suites (tests/moto_env.py)

    # When the same query is paged through with the partition read, then with moto's own walk
    read_by_partition = _all_pages(client, name, query)
    monkeypatch.setattr(Table, "query", moto_dynamodb._table_query)
    read_by_walk = _all_pages(client, name, query)

    # Then every page and every resume key are the same
    assert read_by_partition == read_by_walk
    assert sum(len(items) for items, _ in read_by_walk) > 0 or query is QUERIES[-1]
