"""The price of 1 million inbound messages (tests/bench/cost.py) follows where template.yaml sends the webhooks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bench import cost

ROOT = Path(__file__).resolve().parents[2]


def _operations() -> dict:
    return json.loads((ROOT / "bench" / "results.json").read_text())["operations"]


def test_webhooks_at_the_ingest_functions_url_cost_no_http_api_request():
    # Given the template, which gives the ingest function a URL for the webhooks
    counts = cost.template_counts()
    assert counts["webhooks_through_function_url"] == 1

    # When 1 million inbound messages are priced
    inbound = cost.per_million_inbound(_operations(), cost.Prices.load(), template=counts)

    # Then only the console's requests (a reply and a close per conversation) are HTTP API requests
    conversations = inbound["mix"]["conversations"]
    assert inbound["counts"]["http_requests"] == 2 * conversations
    assert inbound["usd_by_component"]["api_gateway"] == round(2 * conversations * 0.000001, 4)
    # and every webhook (5 customer messages, 2 receipts and an echo per conversation) is a function URL request
    assert inbound["counts"]["function_url_requests"] == 8 * conversations


def test_webhooks_through_the_http_api_are_priced_as_its_requests():
    # Given a template whose ingest function has no URL
    counts = {**cost.template_counts(), "webhooks_through_function_url": 0}

    # When 1 million inbound messages are priced
    inbound = cost.per_million_inbound(_operations(), cost.Prices.load(), template=counts)

    # Then every webhook is an HTTP API request too
    assert inbound["counts"]["http_requests"] == 10 * inbound["mix"]["conversations"]
    assert inbound["counts"]["function_url_requests"] == 0
