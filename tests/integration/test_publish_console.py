"""Issue 11, point 4: `make publish` puts the built console behind the stack's CloudFront (deploy/publish.py),
against moto's CloudFormation outputs, S3 and CloudFront."""

from __future__ import annotations

import json
import uuid

import boto3
import pytest
from moto import mock_aws

from deploy.publish import IMMUTABLE, REVALIDATE, PublishError, main, publish

REGION = "ap-southeast-1"
BUILD = {
    "index.html": b"<!doctype html><script type=module src=/assets/index-3f9a1c.js></script>",
    "assets/index-3f9a1c.js": b"console.log('switchboard')",
    "assets/index-77b2e0.css": b"body{margin:0}",
    "favicon.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "config.json": b'{"api_url": "http://127.0.0.1:3000"}',  # a local one must never reach AWS
}


@pytest.fixture
def dist(tmp_path):
    for name, body in BUILD.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(body)
    return tmp_path


@pytest.fixture
def session():
    # Inside the integration suite's process-wide mock (tests/moto_env.py) this nests and keeps its data:
    # every name below is new per test.
    with mock_aws():
        yield boto3.session.Session(region_name=REGION)


@pytest.fixture
def stack() -> str:
    return f"switchboard-{uuid.uuid4().hex[:8]}"


def _deployed(session, stack: str, *, websocket: bool = False, leave_out: str | None = None) -> dict[str, str]:
    """A stack as `sam deploy` leaves it: the console bucket, the distribution and the outputs naming them."""
    bucket = f"{stack}-consolebucket"
    session.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    distribution = session.client("cloudfront").create_distribution(DistributionConfig={
        "CallerReference": stack, "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "ConsoleBucket",
                                              "DomainName": f"{bucket}.s3.{REGION}.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "ConsoleBucket", "ViewerProtocolPolicy": "redirect-to-https"},
    })["Distribution"]
    outputs = {
        "ApiUrl": f"https://a1b2c3.execute-api.{REGION}.amazonaws.com",
        "WebhookUrl": f"https://d4e5f6.lambda-url.{REGION}.on.aws/",
        "UserPoolId": f"{REGION}_AbCdEf123",
        "UserPoolClientId": "4example5client6id",
        "Region": REGION,
        "ConsoleBucketName": bucket,
        "ConsoleDistributionId": distribution["Id"],
        **({"WebSocketUrl": f"wss://w1s2.execute-api.{REGION}.amazonaws.com/live"} if websocket else {}),
    }
    outputs.pop(leave_out, None)
    template = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
                "Outputs": {name: {"Value": value} for name, value in outputs.items()}}
    session.client("cloudformation").create_stack(StackName=stack, TemplateBody=json.dumps(template))
    return outputs


def _object(session, bucket: str, key: str) -> dict:
    got = session.client("s3").get_object(Bucket=bucket, Key=key)
    return {"body": got["Body"].read(), "type": got["ContentType"], "cache": got["CacheControl"]}


def test_publish_uploads_the_build_with_its_types_and_cache_rules_and_the_stacks_config(session, dist, stack):
    # Given a deployed stack and a built console
    outputs = _deployed(session, stack)
    # When it is published
    published = publish(dist, stack, session)
    bucket = outputs["ConsoleBucketName"]
    # Then hashed assets are cached for good, the rest is revalidated on every load
    assert _object(session, bucket, "assets/index-3f9a1c.js") == {
        "body": BUILD["assets/index-3f9a1c.js"], "type": "text/javascript; charset=utf-8", "cache": IMMUTABLE}
    assert _object(session, bucket, "assets/index-77b2e0.css")["type"] == "text/css; charset=utf-8"
    assert _object(session, bucket, "index.html") == {
        "body": BUILD["index.html"], "type": "text/html; charset=utf-8", "cache": REVALIDATE}
    assert _object(session, bucket, "favicon.svg")["type"] == "image/svg+xml"
    # And config.json comes from the stack's outputs (not from the build), with no WebSocket yet
    config = _object(session, bucket, "config.json")
    assert (config["type"], config["cache"]) == ("application/json", REVALIDATE)
    assert json.loads(config["body"]) == {
        "api_url": outputs["ApiUrl"], "webhook_url": outputs["WebhookUrl"], "websocket_url": None, "user_pool_id": outputs["UserPoolId"],
        "user_pool_client_id": outputs["UserPoolClientId"],
        "cognito_endpoint": f"https://cognito-idp.{REGION}.amazonaws.com/", "region": REGION,
    }
    # And index.html goes up last, after every asset it names
    assert published.keys[:2] == ["assets/index-3f9a1c.js", "assets/index-77b2e0.css"]
    assert published.keys[-1] == "index.html"
    # And CloudFront forgets its cached copies
    invalidations = session.client("cloudfront").list_invalidations(DistributionId=outputs["ConsoleDistributionId"])
    assert [i["Id"] for i in invalidations["InvalidationList"]["Items"]] == [published.invalidation_id]


def test_the_websocket_url_is_the_stacks_when_it_has_one(session, dist, stack):
    outputs = _deployed(session, stack, websocket=True)
    assert publish(dist, stack, session).config["websocket_url"] == outputs["WebSocketUrl"]


@pytest.mark.parametrize("missing", ["ApiUrl", "UserPoolClientId", "ConsoleBucketName", "ConsoleDistributionId"])
def test_a_stack_without_an_output_the_console_needs_is_refused_before_any_upload(session, dist, stack, missing):
    outputs = _deployed(session, stack, leave_out=missing)
    with pytest.raises(PublishError, match=missing):
        publish(dist, stack, session)
    if missing != "ConsoleBucketName":
        assert "Contents" not in session.client("s3").list_objects_v2(Bucket=outputs["ConsoleBucketName"])


def test_an_unknown_stack_or_an_unbuilt_console_is_a_clear_error(session, dist, stack, tmp_path):
    with pytest.raises(PublishError, match="cannot read the stack"):
        publish(dist, "no-such-stack", session)
    _deployed(session, stack)
    with pytest.raises(PublishError, match="make console"):
        publish(tmp_path / "empty", stack, session)


def test_the_command_publishes_and_says_where_or_fails_with_a_status(session, dist, stack, capsys):
    # Given a deployed stack; When `python -m deploy.publish` runs for it, and for a stack that does not exist
    outputs = _deployed(session, stack)
    published = main(["--stack", stack, "--region", REGION, "--dist", str(dist)])
    missing = main(["--stack", "no-such-stack", "--region", REGION, "--dist", str(dist)])
    # Then the first succeeds and names the bucket, the second fails with a status and a reason
    out, err = capsys.readouterr()
    assert (published, missing) == (0, 1)
    assert f"s3://{outputs['ConsoleBucketName']}" in out and "no-such-stack" in err
