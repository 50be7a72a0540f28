"""Schemathesis over GET /openapi.json on the local stack: no 5xx, and every answer is one the schema documents.

Every operation of the published schema is called with generated requests, valid and invalid, as the owner of
a real organization. Path parameters are either generated or the ids of that organization's real agent,
connection, rule, tag, conversation and contact, so that calls reach real records as well as unknown ones.
The webhook routes are fuzzed too: they check signatures, so most of those calls are a documented 401.

Bounded and reproducible: a fixed seed, deterministic generation, a few examples per operation, no shrinking
and a deadline per call. The `/_local/*` routes are not part of the schema (and are excluded if they ever are).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.conftest import Api
from tests.e2e.shop import Shop

SEED = 20260101
MAX_EXAMPLES = 5
CALL_TIMEOUT_S = 10


def not_a_server_error_but_a_documented_501(ctx, response, case):
    """The local stack has no translation service: the operations that translate document their 501."""
    if response.status_code == 501 and "501" in case.operation.responses.status_codes:
        return None
    return not_a_server_error(ctx, response, case)


CHECKS = [not_a_server_error_but_a_documented_501, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def shop(stack_url: str) -> tuple[Shop, dict[str, str]]:
    """An organization with one of everything: An holds a conversation on a shared web connection."""
    api = Api(stack_url)
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn)
    tag = api.post("/tags", json={"name": "fuzzed"}, token=shop.owner)
    assert tag.status_code == 201, tag.text
    ids = {
        "agent_id": shop.id("An"), "connection_id": conn["connection_id"], "conversation_id": conversation_id,
        "rule_id": api.get("/rules", token=shop.owner).json()["items"][0]["rule_id"], "tag_id": tag.json()["tag_id"],
        "contact_id": shop.conversation(conversation_id)["contact"]["contact_id"], "channel": "web",
    }
    return shop, ids


@pytest.fixture(scope="module")
def api_schema(stack_url: str, shop):
    owner, ids = shop
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none", "no-shrink": True},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "headers": {"Authorization": f"Bearer {owner.owner}"},
    })
    schema = schemathesis.openapi.from_url(f"{stack_url}/openapi.json", config=config, timeout=30)

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        if not path_parameters:
            return st.just(path_parameters)
        real = {name: ids.get(name, value) for name, value in path_parameters.items()}
        return st.sampled_from([path_parameters, real])

    return schema


schema = schemathesis.pytest.from_fixture("api_schema").exclude(path_regex=r"^/_local/")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=timedelta(seconds=CALL_TIMEOUT_S), derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented_and_never_5xx(case):
    # Given a generated request for one operation, as the owner of a real organization
    # When it is sent to the local stack
    # Then the answer is no 5xx, and its status, content type and body are what the schema documents
    case.call_and_validate(checks=CHECKS, timeout=CALL_TIMEOUT_S)
