"""A sample of tests/adversarial's fuzzers over HTTP, through the local stack's API Gateway (issue 10, point 4):
adversarial bodies on a signed webhook and on console routes are never a 5xx, and a 4xx changes nothing."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.fuzz_support import adversarial_body
from tests.e2e.conftest import Api
from tests.e2e.shop import SECRET, Shop

SAMPLE = settings(max_examples=10, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def shop(stack_url: str) -> tuple[Shop, dict]:
    api = Api(stack_url)
    shop = Shop(api, ["An"])
    return shop, shop.shared(["An"])


def _state(shop: Shop) -> tuple:
    """What a refused request must leave as it was: settings, tags, and every conversation not closed (as stored:
    not the fields computed from the clock when read)."""
    api = shop.api
    conversations = api.get("/conversations?view=all&limit=200", token=shop.owner).json()["items"]
    return (api.get("/settings", token=shop.owner).json(), api.get("/tags", token=shop.owner).json(),
            [{k: v for k, v in c.items() if k not in ("expiring", "time_left_to_respond_seconds")} for c in conversations])


@SAMPLE
@given(data=st.data())
def test_adversarial_bodies_over_http_are_never_a_5xx_and_a_4xx_changes_nothing(shop, data):
    # Given a signed web webhook body, a settings change and a tag, each turned into adversarial JSON
    shop, conn = shop
    n = uuid.uuid4().hex[:8]
    webhook = data.draw(adversarial_body({
        "event_id": f"e-{n}", "type": "message", "contact": {"id": f"c-{n}", "name": "Lan"},
        "message": {"id": f"m-{n}", "text": "hi"}, "sent_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}))
    settings_change = data.draw(adversarial_body({"sla": {"expiring_after_hours": 20}, "fallback_agent_id": None}))
    tag = data.draw(adversarial_body({"name": f"tag {n}"}))
    timestamp = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), timestamp.encode() + b"." + webhook.encode(), hashlib.sha256).hexdigest()
    before = _state(shop)

    # When each is sent through the stack's HTTP API
    headers = {"Content-Type": "application/json"}
    answers = [
        shop.api.post(conn["webhook_path"], data=webhook.encode(), headers={
            **headers, "X-Switchboard-Timestamp": timestamp, "X-Switchboard-Signature": f"sha256={signature}"}),
        shop.api.patch("/settings", data=settings_change.encode(), headers=headers, token=shop.owner),
        shop.api.post("/tags", data=tag.encode(), headers=headers, token=shop.owner),
    ]

    # Then none is a 5xx, every 4xx is the API's error body, and if all were refused nothing changed
    for response in answers:
        assert response.status_code < 500, (response.request.body[:300], response.text[:300])
        if response.status_code >= 400:
            assert response.json()["error"]["code"], response.text
    if all(r.status_code >= 400 for r in answers):
        assert _state(shop) == before
    else:
        shop.drain()  # what an accepted request started (routing) finishes before the next example
