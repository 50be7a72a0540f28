"""Assignments per second through the local stack (`python -m local`), driven over HTTP as a client.

Two figures, both for one organization (its assign queue is FIFO with one message group per
organization, so its assignments happen one at a time, locally and in AWS alike):
- arrival to assignment: N signed webhooks posted from 8 client threads, timed from the first
  post until /_local/drain answers (every queue empty) with all N assigned;
- queue drain: N conversations waiting while nobody accepts, timed from the moment every agent
  switches accepting on until /_local/drain answers with all N assigned.
The stack runs in its own process, moto serializing every request, so these are the local
stack's figures, not AWS's; they show where the time goes relative to each other.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
AGENTS = 10
CONVERSATIONS = 200
CLIENT_THREADS = 8
SECRET = "bench-secret"
LISTENING = re.compile(r"Switchboard local stack listening on (http://\S+)")


class LocalStackProcess:
    def __init__(self, inherited_to_drop: set[str]) -> None:
        # The bench's own in-process moto environment must not leak into the stack's process.
        env = {k: v for k, v in os.environ.items() if k not in inherited_to_drop and not k.startswith("AWS_")}
        env.update({"PORT": "0", "PYTHONUNBUFFERED": "1", "LOCAL_LOG_LEVEL": "WARNING"})
        self.proc = subprocess.Popen([sys.executable, "-m", "local"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        found: list[str] = []
        ready = threading.Event()

        def read() -> None:
            for line in self.proc.stdout:
                if not found and (match := LISTENING.search(line)):
                    found.append(match.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(120) or not found:
            self.stop()
            raise RuntimeError("the local stack did not start")
        self.url = found[0]
        self.http = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, self.url + path, headers=headers, timeout=120, **kwargs)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)


def _ok(response: requests.Response, status: int = 200) -> dict:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


def _drained(stack: LocalStackProcess, attempts: int = 10) -> None:
    """POST /_local/drain until every queue is empty: on a loaded machine one call may give up after
    its 60 s (504 drain_timeout) while the work is still moving; the bench waits for the work itself."""
    for _ in range(attempts):
        response = stack.call("POST", "/_local/drain")
        if response.status_code != 504:
            _ok(response)
            return
    _ok(response)


def _setup(stack: LocalStackProcess) -> tuple[str, list[dict], dict]:
    org = _ok(stack.call("POST", "/_local/orgs", json={"name": "Bench Shop"}), 201)
    owner = org["owner"]["token"]
    agents = []
    for i in range(AGENTS):
        agent = _ok(stack.call("POST", "/agents", owner, json={"email": f"a{i}@bench.io", "nickname": f"a{i}",
                                                               "capacity": 1000}), 201)
        agent["token"] = _ok(stack.call("POST", "/_local/token", json={"agent_id": agent["agent_id"]}))["token"]
        _ok(stack.call("POST", "/me/presence", agent["token"], json={"online": True}))
        agents.append(agent)
    conn = _ok(stack.call("POST", "/connections", owner, json={
        "channel": "web", "name": "web", "external_id": f"web-{uuid.uuid4().hex[:6]}",
        "credentials": {"signing_secret": SECRET}, "mode": "shared"}), 201)
    _ok(stack.call("POST", "/rules", owner, json={"name": "all", "sources": [conn["connection_id"]],
                                                  "members": [a["agent_id"] for a in agents], "method": "round_robin"}), 201)
    return owner, agents, conn


def _post_message(stack: LocalStackProcess, conn: dict) -> str:
    """A new customer writes; the id of the conversation the webhook stored it in."""
    body = json.dumps({"event_id": uuid.uuid4().hex, "type": "message",
                       "contact": {"id": f"c-{uuid.uuid4().hex[:10]}", "name": "Bench"},
                       "message": {"id": uuid.uuid4().hex, "text": "Is size M in stock?"},
                       "sent_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}).encode()
    ts = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return _ok(stack.call("POST", conn["webhook_path"], data=body, headers={
        "Content-Type": "application/json", "X-Switchboard-Timestamp": ts,
        "X-Switchboard-Signature": f"sha256={signature}"}))["conversation_ids"][0]


def _held(stack: LocalStackProcess, owner: str) -> int:
    return sum(a["load"] for a in _ok(stack.call("GET", "/agents", owner))["items"])


def _heartbeat(stack: LocalStackProcess, agents: list[dict]) -> None:
    for agent in agents:
        _ok(stack.call("POST", "/me/presence", agent["token"], json={"online": True}))


def measure(inherited_to_drop: set[str]) -> dict:
    stack = LocalStackProcess(inherited_to_drop)
    try:
        owner, agents, conn = _setup(stack)

        # arrival to assignment
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            list(pool.map(lambda _: _post_message(stack, conn), range(CONVERSATIONS)))
        posted = time.perf_counter()
        _drained(stack)
        arrival_s = time.perf_counter() - started
        if _held(stack, owner) != CONVERSATIONS:
            raise RuntimeError("not every arrival was assigned")

        # queue drain
        _heartbeat(stack, agents)
        for agent in agents:
            _ok(stack.call("PUT", "/me/status", agent["token"], json={"accepting": False}))
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            list(pool.map(lambda _: _post_message(stack, conn), range(CONVERSATIONS)))
        _drained(stack)
        if _held(stack, owner) != CONVERSATIONS:
            raise RuntimeError("conversations were assigned while nobody accepted")
        started_drain = time.perf_counter()
        for agent in agents:
            _ok(stack.call("PUT", "/me/status", agent["token"], json={"accepting": True}))
        _drained(stack)
        drain_s = time.perf_counter() - started_drain
        if _held(stack, owner) != 2 * CONVERSATIONS:
            raise RuntimeError("the queue did not drain completely")
    finally:
        stack.stop()
    return {
        "description": (__doc__ or "").strip().replace("\n", " "),
        "agents": AGENTS,
        "conversations": CONVERSATIONS,
        "client_threads": CLIENT_THREADS,
        "arrival_to_assignment_s": round(arrival_s, 2),
        "webhooks_posted_s": round(posted - started, 2),
        "arrival_assignments_per_s": round(CONVERSATIONS / arrival_s, 1),
        "queue_drain_s": round(drain_s, 2),
        "queue_drain_assignments_per_s": round(CONVERSATIONS / drain_s, 1),
    }
