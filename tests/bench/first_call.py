"""A cold start with its first request: each function of the built artifact imported, then invoked once with a
representative event, in a new python3.12 process per run, against the AWS of a local stack (`python -m local`'s
embedded moto, reached over HTTP as `AWS_ENDPOINT_URL`), so the first request makes its real AWS clients.

built.py times the import alone; a cut that only moved work from the import into the first request would show
there and not here. Reported per function: the import and the import with the first call (wall, medians), and
the CPU time (user + sys) of the whole process, which counts neither moto's work nor other processes' load.

    python -m tests.bench.first_call [--builds DIR[,DIR...]] [--runs N] [function ...]

Without --builds the artifact is built as built.py builds it (.aws-sam/bench-build). Several builds (e.g. one of
main and one of a branch, each laid out like .aws-sam/bench-build) are measured interleaved, round after round.
Not part of `make bench` (it needs a local stack and a few minutes); its figures are quoted in the README."""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ("ingest", "assign", "reply", "close", "appeal", "deliver", "sla", "notify", "console", "realtime")
MISSING = "c-" + "0" * 26  # a conversation that does not exist: the route reads it and answers 404

_CHILD = """
import contextlib, io, json, sys, time
sys.path[:0] = [{task!r}, {deps!r}, {shared!r}, {runtime!r}]  # Lambda's order (built.py)
import importlib.util
spec = importlib.util.spec_from_file_location("app", {app!r})
module = importlib.util.module_from_spec(spec)
sys.modules["app"] = module
spec.loader.exec_module(module)
imported = time.monotonic()

class Context:
    function_name = {name!r}; function_version = "$LATEST"; memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:" + {name!r}; aws_request_id = "first"
    log_group_name = "/aws/lambda/" + {name!r}; log_stream_name = "first"
    def get_remaining_time_in_millis(self): return 15000

with contextlib.redirect_stdout(io.StringIO()):
    answer = module.lambda_handler(json.loads({event!r}), Context())
called = time.monotonic()
sys.stdout.write(json.dumps([imported, called, str(answer.get("statusCode", answer) if isinstance(answer, dict) else answer)[:60]]))
"""


def events(function: str, claims: dict) -> dict:
    from tests.bench.stack import http_event, zalo_event

    def post(action: str, body: dict | None = None) -> dict:
        return http_event("POST", f"/conversations/<conversation_id>/{action}", f"/conversations/{MISSING}/{action}",
                          body, claims=claims, params={"conversation_id": MISSING})

    sqs = {"messageId": "m1", "receiptHandle": "r", "md5OfBody": "", "messageAttributes": {}, "eventSource": "aws:sqs",
           "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:OutboundQueue.fifo", "awsRegion": "us-east-1",
           "body": json.dumps({"conversation_id": MISSING, "sort_key": "M#1#x"}),
           "attributes": {"ApproximateReceiveCount": "1", "MessageGroupId": MISSING, "SentTimestamp": "1",
                          "SenderId": "x", "ApproximateFirstReceiveTimestamp": "1"}}
    return {
        "ingest": lambda: zalo_event(f"u-{uuid.uuid4().hex}", "Xin chào, đơn hàng của tôi đâu?"),  # a new conversation
        "assign": lambda: post("claim"),
        "reply": lambda: post("messages", {"text": "hello"}),
        "close": lambda: post("close", {}),
        "appeal": lambda: post("appeal", {"note": "the platform's rule"}),
        "console": lambda: http_event("GET", "/conversations", "/conversations", claims=claims),
        "deliver": lambda: {"Records": [sqs]},
        "sla": lambda: {"shard": 0},
        "notify": lambda: {"kind": "digest"},
        "realtime": lambda: {"requestContext": {"routeKey": "$disconnect", "connectionId": "gone"}},
    }[function]()


def child_environment() -> dict[str, str]:
    """The functions' environment as the local stack exports it, as in AWS (not the local stack's own switches)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    suffixes = ("_URL", "_NAME", "_BUCKET", "_ID", "_PREFIX", "_SENDER", "_SHARDS", "_ISSUER", "_ENDPOINT")
    env = {k: v for k, v in os.environ.items()
           if k in keep or (k.isupper() and (k.startswith(("AWS_", "POWERTOOLS_")) or k.endswith(suffixes)))}
    for name in ("PYTHONPATH", "SWITCHBOARD_LOCAL", "MOTO_PORT"):
        env.pop(name, None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # /var/task and /opt are read-only in Lambda
    return env


def once(python: str, build: Path, function: str, event: dict, env: dict) -> tuple[float, float, float, str]:
    code = _CHILD.format(task=str(build / function), runtime=str(build / "runtime"), deps=str(build / "DepsLayer" / "python"),
                         shared=str(build / "SharedLayer" / "python"), app=str(build / function / "app.py"),
                         name=f"first-{function}", event=json.dumps(event))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run([python, "-c", code], env=env, cwd=str(build / function), capture_output=True, text=True,
                          timeout=120, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{function}: {done.stderr[-2000:]}")
    imported, called, answer = json.loads(done.stdout.strip().splitlines()[-1])
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return (imported - started) * 1000, (called - started) * 1000, cpu * 1000, answer


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.first_call")
    parser.add_argument("--builds", default="", help="comma-separated build directories (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("functions", nargs="*", default=list(FUNCTIONS))
    args = parser.parse_args()
    from tests.bench import built

    python = built.python312()
    if python is None:
        raise SystemExit("no python3.12 on PATH or in pyenv")
    builds = [Path(b).resolve() for b in args.builds.split(",") if b] or [built.build(python)]

    logging.disable(logging.WARNING)
    from local.stack import LocalStack
    from tests.bench.stack import APP_ID, OA_ID, OA_SECRET, http_event

    stack = LocalStack(port=0).start()
    try:
        org = stack.create_organization("First call")
        claims = {"custom:agent_id": org.owner_agent_id, "custom:org_id": org.org_id}
        created = stack.invoke("ConsoleFunction", http_event("POST", "/connections", "/connections", {
            "channel": "zalo", "name": "OA", "external_id": OA_ID, "mode": "shared",
            "credentials": {"app_id": APP_ID, "oa_secret_key": OA_SECRET, "access_token": "tok"}}, claims=claims))
        assert created["statusCode"] == 201, created
        env = child_environment()
        samples: dict[tuple[str, Path], list] = {(f, b): [] for f in args.functions for b in builds}
        for key in samples:  # discarded: fills the page cache
            once(python, key[1], key[0], events(key[0], claims), env)
        for n in range(args.runs):
            for function in args.functions:
                # The builds take turns at going first: a run can leave work for the next (ingest's new conversation
                # is in notify's next digest).
                for build in builds[n % len(builds):] + builds[:n % len(builds)]:
                    samples[(function, build)].append(once(python, build, function, events(function, claims), env))
    finally:
        stack.stop()
    print(f"{'function':30} {'import ms':>10} {'+ first call':>13} {'process CPU ms':>15}  answer  (1-min load {os.getloadavg()[0]:.1f})")
    for (function, build), runs in samples.items():
        label = f"{function} ({build.name})" if len(builds) > 1 else function
        imported, called, cpu = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{label:30} {imported:>10.1f} {called:>13.1f} {cpu:>15.1f}  {runs[-1][3]}")
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "shared")]
    sys.exit(main())
