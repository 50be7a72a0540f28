"""Webhooks through the ingest function's own URL (Lambda function URL), beside the HTTP API's routes.

A function URL sends the HTTP API's payload format 2.0, but with no route: `routeKey` is `$default` and there are
no `pathParameters` (AWS Lambda developer guide, "Invoking Lambda function URLs", request payload format:
https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads).
"""

from __future__ import annotations

import json
import uuid

from cfnlint.decode import decode

from switchboard import wiring
from switchboard.models import Channel
from tests.e2e.channels import signed_message
from tests.integration.support import http_event, invoke, new_org
from tests.integration.test_bad_input import connect

SECRET = "web-secret"


def function_url_event(path: str, body: bytes, headers: dict) -> dict:
    """A request as a Lambda function URL hands it over: payload 2.0, no route, no path parameters."""
    event = http_event("POST", path, body=body, headers=headers)
    event["routeKey"] = event["requestContext"]["routeKey"] = "$default"
    event["requestContext"]["domainName"] = "abcdefghij.lambda-url.us-east-1.on.aws"
    del event["pathParameters"]
    return event


def test_a_signed_webhook_through_the_function_url_is_stored(aws, clock):
    # Given a web connection, and its customer's signed message posted to the ingest function's URL
    owner, _, _, _ = new_org(1)
    conn = connect(owner, Channel.WEB, {"signing_secret": SECRET})
    body, headers = signed_message(secret=SECRET, contact={"id": f"v-{uuid.uuid4().hex[:6]}", "name": "Lan"}, text="xin chào")

    # When the function receives it with no path parameters
    answer = invoke("ingest", function_url_event(f"/webhooks/web/{conn.connection_id}", body, headers))

    # Then it is stored on that connection's conversation, as through the HTTP API
    assert answer["statusCode"] == 200, answer
    receipt = json.loads(answer["body"])
    assert receipt["stored"] == 1
    conversation = wiring.conversations().find(receipt["conversation_ids"][0])
    assert conversation.connection_id == conn.connection_id


def test_the_template_gives_ingest_a_public_url_and_names_it():
    # Given the template
    template, problems = decode("template.yaml")
    assert not problems

    # Then the ingest function has a function URL without IAM auth (each channel's signature authenticates),
    # and the stack's outputs name it for registering webhooks
    ingest = template["Resources"]["IngestFunction"]["Properties"]
    assert ingest["FunctionUrlConfig"]["AuthType"] == "NONE"
    assert template["Outputs"]["WebhookUrl"]["Value"] == {"Fn::GetAtt": ["IngestFunctionUrl", "FunctionUrl"]}
    # and the HTTP API keeps its webhook routes, so a webhook registered there before still arrives
    assert ingest["Events"]["ZaloWebhook"]["Type"] == "HttpApi"
