"""Bad input is a clear 4xx in the API's error body, found by fuzzing the local stack (tests/e2e/test_openapi_fuzz.py)."""

from __future__ import annotations

import base64
import json

from tests.integration.support import claims_for, http_event, invoke, new_org


def test_a_body_that_is_not_utf8_is_400_malformed_json_not_500(aws, clock):
    # Given an owner, and a body whose bytes are not UTF-8 (API Gateway hands it over base64-encoded)
    owner, _, _, _ = new_org(0)
    event = http_event("POST", "/tags", headers={"content-type": "application/json"}, claims=claims_for(owner))
    event.update(body=base64.b64encode(b'{"name": "\xff\xfe"}').decode(), isBase64Encoded=True)

    # When the console receives it
    response = invoke("console", event)

    # Then it is refused as malformed, in the API's error body
    assert response["statusCode"] == 400, response
    assert json.loads(response["body"])["error"]["code"] == "malformed_json"


def test_a_created_resource_is_201_with_its_body(aws, clock):
    # Given an owner
    owner, _, _, _ = new_org(0)

    # When they create a tag with a valid body sent base64-encoded, as API Gateway may
    event = http_event("POST", "/tags", headers={"content-type": "application/json"}, claims=claims_for(owner))
    event.update(body=base64.b64encode('{"name": "Khách VIP"}'.encode()).decode(), isBase64Encoded=True)
    response = invoke("console", event)

    # Then it is created (the status the OpenAPI document declares) and the name kept as sent
    assert response["statusCode"] == 201, response
    assert json.loads(response["body"])["name"] == "Khách VIP"
