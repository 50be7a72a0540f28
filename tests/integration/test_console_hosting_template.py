"""Issue 11, point 4: the console in AWS, as template.yaml deploys it. moto enforces neither bucket
policies nor CloudFront, so the template itself is checked: the bucket is private, and only the
console's distribution may read it, through origin access control."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template() -> dict:
    decoded, problems = decode(str(ROOT / "template.yaml"))
    assert not problems, problems
    return decoded


@pytest.fixture(scope="module")
def resources(template) -> dict:
    return template["Resources"]


def _distribution_config(resources: dict) -> dict:
    return resources["ConsoleDistribution"]["Properties"]["DistributionConfig"]


def test_the_console_bucket_blocks_every_public_access_and_acl(resources):
    bucket = resources["ConsoleBucket"]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]  # no ACL can open it
    assert "WebsiteConfiguration" not in bucket  # a website endpoint is public by design


def test_only_the_consoles_distribution_may_read_the_bucket(resources):
    policies = [r["Properties"] for r in resources.values()
                if r["Type"] == "AWS::S3::BucketPolicy" and r["Properties"]["Bucket"] == {"Ref": "ConsoleBucket"}]
    assert len(policies) == 1
    [statement] = policies[0]["PolicyDocument"]["Statement"]
    assert (statement["Effect"], statement["Principal"], statement["Action"]) == (
        "Allow", {"Service": "cloudfront.amazonaws.com"}, "s3:GetObject")
    assert statement["Resource"] == {"Fn::Sub": "${ConsoleBucket.Arn}/*"}
    # The service principal alone would let any distribution read: the condition names this one
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceArn": {
        "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${ConsoleDistribution}"}}}


def test_the_distribution_reaches_the_bucket_through_origin_access_control_only(resources):
    control = resources["ConsoleOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (control["OriginAccessControlOriginType"], control["SigningBehavior"], control["SigningProtocol"]) == (
        "s3", "always", "sigv4")
    [origin] = _distribution_config(resources)["Origins"]
    assert origin["DomainName"] == {"Fn::GetAtt": ["ConsoleBucket", "RegionalDomainName"]}
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["ConsoleOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy identity beside it


def test_the_distribution_serves_https_and_the_single_page_application_on_every_route(resources):
    config = _distribution_config(resources)
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    fallbacks = {e["ErrorCode"]: (e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]}
    assert fallbacks == {403: (200, "/index.html"), 404: (200, "/index.html")}


def test_the_api_allows_the_consoles_origin_and_no_other(resources):
    cors = resources["HttpApi"]["Properties"]["CorsConfiguration"]
    assert cors["AllowOrigins"] == [{"Fn::Sub": "https://${ConsoleDistribution.DomainName}"}]
    assert {"authorization", "content-type"} <= {h.lower() for h in cors["AllowHeaders"]}


def test_the_outputs_hold_what_publishing_and_config_json_need(template):
    from deploy.publish import BUCKET_OUTPUT, CONSOLE_CONFIG_OUTPUTS, DISTRIBUTION_OUTPUT, OPTIONAL_OUTPUTS

    needed = {BUCKET_OUTPUT, DISTRIBUTION_OUTPUT, "Region", "ConsoleUrl", *CONSOLE_CONFIG_OUTPUTS.values()}
    needed -= OPTIONAL_OUTPUTS
    assert needed <= set(template["Outputs"])
