"""Schemathesis with every check (`--checks all`) over GET /openapi.json on the local stack: 0 failures.

Every operation of the published schema is called with generated requests, valid and invalid, as the owner of a
real organization (path parameters are generated, or that organization's real ids: tests/e2e/openapi_fuzz_hooks.py).
The checks: no 5xx; every status, content type, header and body is what the schema documents; schema-valid data
is accepted and schema-violating data refused; a missing required header or token is refused; a method an
operation does not have is 405 with Allow; a deleted resource is gone and a created one is there (stateful).
Where a check meets the right behaviour, tests/e2e/openapi_fuzz.toml says so per operation, with the reason.

Bounded for `make test` (about a minute): deterministic generation, no shrinking, 2 examples per operation in
the fuzzing phase, the coverage phase's negative cases (boundaries, missing headers, unexpected methods), and
the stateful phase. `OPENAPI_FUZZ_FULL=1` runs every phase in both modes with 3 examples (several minutes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO_ROOT, Api
from tests.e2e.shop import Shop

CONFIG = Path(__file__).with_name("openapi_fuzz.toml")
FULL = os.environ.get("OPENAPI_FUZZ_FULL") == "1"
RUN_TIMEOUT_S = 1800 if FULL else 300


@pytest.fixture(scope="module")
def fuzzed_org(stack_url: str) -> dict[str, str]:
    """An organization with one of everything: An holds a conversation on a shared web connection."""
    api = Api(stack_url)
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn)
    tag = api.post("/tags", json={"name": "fuzzed"}, token=shop.owner)
    assert tag.status_code == 201, tag.text
    return {
        "agent_id": shop.id("An"), "connection_id": conn["connection_id"], "conversation_id": conversation_id,
        "rule_id": api.get("/rules", token=shop.owner).json()["items"][0]["rule_id"], "tag_id": tag.json()["tag_id"],
        "contact_id": shop.conversation(conversation_id)["contact"]["contact_id"], "channel": "web",
        "token": shop.owner,
    }


# The coverage phase's positive cases (several hundred, each a real write) run in the full mode only.
BOUNDED = """
[phases.coverage.generation]
mode = "negative"
"""


def schemathesis_command(stack_url: str, token: str, config: Path) -> list[str]:
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run", f"{stack_url}/openapi.json",
        "--checks", "all", "--header", f"Authorization: Bearer {token}", "--workers", "1",
        "--request-timeout", "20", "--no-color",
    ]
    if FULL:
        return [*command, "--phases", "examples,coverage,fuzzing,stateful", "--max-examples", "3"]
    return [*command, "--phases", "coverage,fuzzing,stateful", "--max-examples", "2"]


def test_every_operation_answers_as_documented_under_every_check(stack_url: str, fuzzed_org: dict[str, str],
                                                                   tmp_path: Path):
    # Given the published schema and the owner of a real organization
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.openapi_fuzz_hooks", "PYTHONPATH": str(REPO_ROOT),
           "SWITCHBOARD_FUZZ_IDS": json.dumps(fuzzed_org)}
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.read_text() + ("" if FULL else BOUNDED))

    # When schemathesis runs every check over every operation
    run = subprocess.run(schemathesis_command(stack_url, fuzzed_org["token"], config), cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=RUN_TIMEOUT_S)

    # Then it finds nothing, and every operation was tested
    report = run.stdout + run.stderr
    selected = re.search(r"Selected: (\d+)/(\d+)", report)
    tested = re.search(r"Tested: (\d+)", report)
    cases = re.search(r"(\d+) generated", report)
    summary = (f"schemathesis: {selected and selected.group(0)}, {tested and tested.group(0)}, "
               f"{cases and cases.group(0)} test cases")
    print(summary)
    assert run.returncode == 0, f"{summary}\n{report[-12000:]}"
    assert selected and tested and selected.group(1) == selected.group(2) == tested.group(1), summary
