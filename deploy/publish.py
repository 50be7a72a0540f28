"""`make publish STACK=<name>`: the built console into the stack's private bucket, behind its CloudFront.

Run after `sam deploy` (the Makefile builds console/dist first). It reads the stack's outputs, writes
`config.json` from them (API.md, `GET /config.json`), uploads every built file with its content type
and cache policy, and invalidates the distribution's cached copies:
- `assets/*` (Vite names them by content hash) are cached for a year, immutable;
- everything else, `index.html` and `config.json` included, is `no-cache`: browsers revalidate it
  on every load, so a new release or a new API URL shows on the next reload.
Hashed assets go up first and `index.html` last, so a page never names an asset not there yet; assets
of earlier releases stay (a page loaded before the release may still ask for them).

Usage: python -m deploy.publish --stack NAME [--region REGION] [--dist console/dist]
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

REPO_ROOT = Path(__file__).resolve().parent.parent

# config.json field -> the stack output it comes from. websocket_url stays null until the stack has a
# WebSocket API (the live-updates issue adds its WebSocketUrl output); the console then polls.
CONSOLE_CONFIG_OUTPUTS = {
    "api_url": "ApiUrl",
    # where channels post their events (the ingest function's URL); a stack deployed before has none: the API's
    "webhook_url": "WebhookUrl",
    "websocket_url": "WebSocketUrl",
    "user_pool_id": "UserPoolId",
    "user_pool_client_id": "UserPoolClientId",
}
OPTIONAL_OUTPUTS = {"WebSocketUrl", "WebhookUrl"}
BUCKET_OUTPUT = "ConsoleBucketName"
DISTRIBUTION_OUTPUT = "ConsoleDistributionId"

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CONFIG_FILE = "config.json"
INDEX_FILE = "index.html"
# What mimetypes does not know everywhere; a wrong type breaks a module script or a font.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}


class PublishError(RuntimeError):
    """The stack or the build is not what publishing needs; the message says what to do."""


@dataclass(frozen=True)
class Published:
    bucket: str
    distribution_id: str
    keys: list[str]
    config: dict[str, Any]
    invalidation_id: str


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    try:
        [described] = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as error:
        raise PublishError(f"cannot read the stack {stack!r}: {error}") from None
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def console_config(outputs: Mapping[str, str], region: str) -> dict[str, Any]:
    """config.json for the console of the stack with these outputs."""
    missing = [name for name in CONSOLE_CONFIG_OUTPUTS.values() if name not in outputs and name not in OPTIONAL_OUTPUTS]
    if missing:
        raise PublishError(f"the stack has no output {', '.join(missing)}: `sam deploy` this template first")
    config: dict[str, Any] = {field: outputs.get(name) for field, name in CONSOLE_CONFIG_OUTPUTS.items()}
    region = outputs.get("Region", region)
    config["cognito_endpoint"] = f"https://cognito-idp.{region}.amazonaws.com/"
    config["region"] = region
    return config


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    return IMMUTABLE if key.startswith("assets/") else REVALIDATE


def upload_order(keys: list[str]) -> list[str]:
    """Hashed assets, then the other files, then config.json, then index.html."""
    rank = {CONFIG_FILE: 2, INDEX_FILE: 3}
    return sorted(keys, key=lambda k: (rank.get(k, 0 if k.startswith("assets/") else 1), k))


def publish(dist: Path, stack: str, session: Any = None) -> Published:
    session = session or boto3.session.Session()
    cloudformation = session.client("cloudformation")
    outputs = stack_outputs(cloudformation, stack)
    for name in (BUCKET_OUTPUT, DISTRIBUTION_OUTPUT):
        if name not in outputs:
            raise PublishError(f"the stack {stack!r} has no output {name}: `sam deploy` this template first")
    config = console_config(outputs, cloudformation.meta.region_name)
    if not (dist / INDEX_FILE).is_file():
        raise PublishError(f"{dist} holds no built console: run `make console` first")

    files = {p.relative_to(dist).as_posix(): p for p in dist.rglob("*") if p.is_file()}
    files.pop(CONFIG_FILE, None)  # the stack's own, written below
    s3 = session.client("s3")
    bucket = outputs[BUCKET_OUTPUT]
    keys = upload_order([*files, CONFIG_FILE])
    for key in keys:
        body = json.dumps(config, indent=2).encode() if key == CONFIG_FILE else files[key].read_bytes()
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type(key), CacheControl=cache_control(key))

    distribution_id = outputs[DISTRIBUTION_OUTPUT]
    invalidation = session.client("cloudfront").create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"publish-{time.time_ns()}"},
    )
    return Published(bucket, distribution_id, keys, config, invalidation["Invalidation"]["Id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", required=True, help="the stack name given to `sam deploy`")
    parser.add_argument("--region", default=None, help="the stack's region (default: the AWS CLI's)")
    parser.add_argument("--dist", default=str(REPO_ROOT / "console" / "dist"), help="the built console")
    args = parser.parse_args(argv)
    try:
        published = publish(Path(args.dist), args.stack, boto3.session.Session(region_name=args.region))
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    except BotoCoreError as error:  # no credentials, no region, no network
        print(f"publish: {error} (AWS credentials and region are read as the AWS CLI reads them)", file=sys.stderr)
        return 1
    print(f"published {len(published.keys)} files to s3://{published.bucket}; "
          f"invalidation {published.invalidation_id} of {published.distribution_id} under way")
    return 0


if __name__ == "__main__":
    sys.exit(main())
