"""The system under test, in process: moto, the template's resources, warm handlers, events.

Import this module before anything imports switchboard or creates a boto3 client: it sets
the environment the settings and PynamoDB models read once, and imports moto first.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import os
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.moto_env import base_environment, create_stack, serialized_moto

STACK = "switchboard-bench"
REGION = "us-east-1"
BASE_ENV = base_environment(STACK)
serialized_moto(STACK)

import moto  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ("ingest", "assign", "reply", "close", "appeal", "deliver", "sla", "notify", "console", "realtime")
APP_ID, OA_SECRET, OA_ID = "bench-app", "bench-secret", "oa-bench"


# ---------------------------------------------------------------- channel sink


class _Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"error": 0, "message": "Success", "data": {"message_id": "x"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_sink() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------- Lambda plumbing


class Context:
    def __init__(self, name: str) -> None:
        self.function_name = f"{STACK}-{name}"
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:123456789012:function:{self.function_name}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 15000


def load_app(name: str) -> ModuleType:
    path = ROOT / "functions" / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"_bench_fn_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Powertools logs one JSON line per invocation: keep formatting it (Lambda does), but not on our stdout.
    devnull = open(os.devnull, "w")  # noqa: SIM115
    for handler in module.logger._logger.handlers:
        if hasattr(handler, "setStream"):
            handler.setStream(devnull)
    return module


def http_event(method: str, route: str, path: str, body: Any = None, *, claims: dict | None = None,
               headers: dict | None = None, params: dict | None = None, raw: str | None = None) -> dict:
    event: dict = {
        "version": "2.0",
        "routeKey": f"{method} {route}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", **(headers or {})},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.execute-api.us-east-1.amazonaws.com",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "bench"},
            "requestId": uuid.uuid4().hex,
            "routeKey": f"{method} {route}",
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }
    if raw is not None:
        event["body"] = raw
    elif body is not None:
        event["body"] = json.dumps(body)
    if params:
        event["pathParameters"] = params
    if claims is not None:
        event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return event


_timestamps = itertools.count(1_795_000_000_000, 1000)


def zalo_event(user: str, text: str) -> dict:
    """A signed Zalo webhook; timestamps only grow, so each message is newer than the last."""
    ts = str(next(_timestamps))
    body = json.dumps({
        "app_id": APP_ID, "user_id_by_app": user, "event_name": "user_send_text", "timestamp": ts,
        "sender": {"id": user}, "recipient": {"id": OA_ID},
        "message": {"text": text, "msg_id": f"m-{uuid.uuid4().hex}"},
    })
    mac = hashlib.sha256(APP_ID.encode() + body.encode() + ts.encode() + OA_SECRET.encode()).hexdigest()
    return http_event("POST", "/webhooks/zalo", "/webhooks/zalo", raw=body, headers={"x-zevent-signature": f"mac={mac}"})


# ---------------------------------------------------------------- the stack


class Stack:
    """Everything of template.yaml in moto, nine warm containers, one organization set up."""

    def __init__(self) -> None:
        import boto3

        self._mock = moto.mock_aws()
        self._mock.start()
        self.sink = start_sink()
        self.template, self.resources, self.function_env = create_stack(
            STACK, {"ZALO_API_BASE_URL": f"http://127.0.0.1:{self.sink.server_address[1]}"}
        )
        self.raw = boto3.client("dynamodb")  # the bench's own client: snapshots and clean-up
        self.sqs = boto3.client("sqs")

        from switchboard.clock import FrozenClock, use_clock

        self.clock = FrozenClock()
        self.t0 = self.clock.now()
        use_clock(self.clock)
        self.apps = {name: load_app(name) for name in FUNCTIONS}
        self._setup_org()

    def stop(self) -> None:
        self.sink.shutdown()
        self._mock.stop()

    # -- invoking
    def invoke(self, function: str, event: dict) -> Any:
        return self.apps[function].lambda_handler(event, Context(function))

    def claims(self, agent_id: str) -> dict:
        return {"custom:agent_id": agent_id, "custom:org_id": self.org_id}

    def console(self, function: str, method: str, route: str, path: str, body: Any, agent_id: str,
                params: dict | None = None) -> dict:
        result = self.invoke(function, http_event(method, route, path, body, claims=self.claims(agent_id), params=params))
        if result["statusCode"] >= 300:
            raise RuntimeError(f"{method} {path}: {result['statusCode']} {result.get('body')}")
        return json.loads(result["body"]) if result.get("body") else {}

    # -- setup
    def _setup_org(self) -> None:
        from switchboard.onboarding import create_organization

        org = create_organization(name="Bench Shop")
        self.org_id, self.owner = org.org_id, org.owner_agent_id
        self.agents = [
            self.console("console", "POST", "/agents", "/agents",
                         {"email": f"a{i}@bench.io", "nickname": f"agent{i}", "capacity": 1000}, self.owner)["agent_id"]
            for i in range(2)
        ]
        conn = self.console("console", "POST", "/connections", "/connections", {
            "channel": "zalo", "name": "OA", "external_id": OA_ID, "mode": "shared",
            "credentials": {"app_id": APP_ID, "oa_secret_key": OA_SECRET, "access_token": "tok"},
        }, self.owner)
        self.connection_id = conn["connection_id"]
        self.console("console", "POST", "/rules", "/rules", {
            "name": "all", "sources": [self.connection_id], "members": self.agents, "method": "round_robin",
        }, self.owner)
        self.heartbeat()
        self.drain_queues()

    def heartbeat(self) -> None:
        for agent in self.agents:
            self.console("assign", "POST", "/me/presence", "/me/presence", {"online": True}, agent)

    # -- queues
    @property
    def assign_url(self) -> str:
        return self.function_env["ASSIGN_QUEUE_URL"]

    @property
    def outbound_url(self) -> str:
        return self.function_env["OUTBOUND_QUEUE_URL"]

    def receive(self, url: str) -> list[dict]:
        """Every message now in the queue, deleted from it, as Lambda SQS records."""
        from local.event_sources import sqs_record

        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        records = []
        while True:
            got = self.sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            if not got:
                return records
            for message in got:
                records.append(sqs_record(message, arn))
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    def drain_queues(self) -> None:
        self.receive(self.assign_url)
        self.receive(self.outbound_url)

    # -- data
    def purge_conversations(self) -> None:
        """Drop every conversation, message and contact (keeps moto's index scans small and the Due index empty),
        and the inbox counters that counted them (so the queue is empty by its counters too)."""
        from switchboard.store.keys import COUNTER_PREFIX

        table = self.function_env["TABLE_NAME"]
        doomed = []
        for page in self.raw.get_paginator("scan").paginate(TableName=table, ProjectionExpression="PK, SK"):
            doomed += [i for i in page["Items"] if i["PK"]["S"].startswith(("CONV#", "CONTACT#"))
                       or i["SK"]["S"].startswith(COUNTER_PREFIX)]
        for start in range(0, len(doomed), 25):
            self.raw.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": k}} for k in doomed[start:start + 25]]})

    def conversation(self, conversation_id: str):
        from switchboard import wiring

        return wiring.conversations().find(conversation_id)

    def reset_clock(self) -> None:
        self.clock._now = self.t0

    def advance(self, **delta) -> None:
        self.clock.advance(timedelta(**delta).total_seconds())
