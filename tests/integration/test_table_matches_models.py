"""The table in template.yaml and the PynamoDB models must describe the same table."""

from __future__ import annotations

from cfnlint.decode import decode

from switchboard.store.table import ALL_ITEM_MODELS, BaseItem, ConversationItem


def _template_table() -> dict:
    template, problems = decode("template.yaml")
    assert not problems
    return template["Resources"]["Table"]["Properties"]


def _keys(schema: list[dict]) -> dict[str, str]:
    return {k["KeyType"]: k["AttributeName"] for k in schema}


def test_key_schema_and_attribute_types_match():
    # Given the template's table and the models' schema
    table = _template_table()
    schema = ConversationItem._get_schema()

    # Then the primary key and every defined attribute agree
    assert _keys(table["KeySchema"]) == _keys(schema["key_schema"])
    template_types = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
    model_types = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    assert template_types == model_types


def test_every_item_model_shares_the_table_and_its_key():
    # Given every item type stored in the single table
    for model in ALL_ITEM_MODELS:
        # Then each uses the same table name and the same PK/SK key
        assert model.Meta.table_name == BaseItem.Meta.table_name
        assert _keys(model._get_schema()["key_schema"]) == {"HASH": "PK", "RANGE": "SK"}


def test_indexes_match_by_name_keys_and_projection():
    # Given the template's GSIs and the models' indexes
    table = _template_table()
    template_indexes = {
        gsi["IndexName"]: (_keys(gsi["KeySchema"]), gsi["Projection"]["ProjectionType"], sorted(gsi["Projection"].get("NonKeyAttributes", [])))
        for gsi in table["GlobalSecondaryIndexes"]
    }
    model_indexes = {
        gsi["index_name"]: (_keys(gsi["key_schema"]), gsi["projection"]["ProjectionType"], sorted(gsi["projection"].get("NonKeyAttributes", [])))
        for gsi in ConversationItem._get_schema()["global_secondary_indexes"]
    }
    # Then they are the same indexes, with the same keys and projections
    assert template_indexes == model_indexes


def test_projected_attributes_exist_on_the_conversation_model():
    # Given the Due index projection
    projected = next(g for g in _template_table()["GlobalSecondaryIndexes"] if g["IndexName"] == "Due")["Projection"]["NonKeyAttributes"]
    # Then every projected attribute is one the conversation model writes
    names = {attr.attr_name for attr in ConversationItem.get_attributes().values()}
    assert set(projected) <= names


def test_ttl_attribute_matches():
    # Given the template's TTL specification
    ttl = _template_table()["TimeToLiveSpecification"]
    # Then the models carry that attribute as a number
    assert ttl["Enabled"] is True
    assert ttl["AttributeName"] in BaseItem.get_attributes()
    assert BaseItem.get_attributes()[ttl["AttributeName"]].attr_type == "N"


def test_shard_list_of_the_sweep_schedule_matches_the_shard_count():
    # Given the SlaSweep schedule's input and the functions' SLA_SHARDS
    import json

    template, _ = decode("template.yaml")
    schedule = template["Resources"]["SlaSweepStateMachine"]["Properties"]["Events"]["EveryMinute"]["Properties"]
    shards = json.loads(schedule["Input"])["shards"]
    count = int(template["Globals"]["Function"]["Environment"]["Variables"]["SLA_SHARDS"])
    # Then every shard is swept, once
    assert shards == list(range(count))
