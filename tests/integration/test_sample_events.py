"""Every sample event in events/functions is one its function accepts (the events `sam local invoke -e` uses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.support import invoke

SAMPLES = sorted(Path("events/functions").glob("*.json"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_event_is_handled_without_a_server_error(aws, clock, sample):
    # Given a sample event naming an organization and ids that do not exist here
    event = json.loads(sample.read_text())
    function = sample.stem.split("_")[0]

    # When its function handles it
    result = invoke(function, event)

    # Then HTTP events get a clear 4xx (unknown org, bad signature), and the others finish
    if "routeKey" in event:
        assert 400 <= result["statusCode"] < 500, result
        assert "error" in json.loads(result["body"])
    elif "Records" in event:
        assert result == {"batchItemFailures": []}
    else:
        assert isinstance(result, dict)
