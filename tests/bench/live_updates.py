"""Live updates: events per second through the local stack, and what a pushed event and a connected
agent-hour cost in DynamoDB, Lambda and API Gateway at AWS list prices.

Two parts:
- through the local stack (`python -m local`, its own process): one organization, its owner and 10 agents
  each with a WebSocket; 50 customers write at once from 8 client threads; every event each socket
  receives is counted, from the first post to the last event; the latency of each message.created on the
  owner's socket is measured from its webhook's post;
- cost, in process on moto with the capacity meter: $connect and $disconnect, and the Realtime function
  on the stream records of an arrival (a new conversation), a customer writing again and an assignment,
  with every DynamoDB call priced by AWS's rules and every post counted.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.bench.local_routing import CLIENT_THREADS, LocalStackProcess, _ok, _post_message, _setup

CONVERSATIONS = 50
# us-east-1 list prices as AWS published them in 2025 (DynamoDB on-demand after its November 2024
# reduction; Lambda on arm64, the template's architecture; API Gateway WebSocket APIs, first billion).
PRICES_AS_OF = ("AWS list prices, us-east-1, as published in 2025 (DynamoDB on-demand after its November 2024 "
                "reduction); not checked against AWS since")
PRICES = {
    "dynamodb_write_request_unit": 0.625 / 1e6,
    "dynamodb_read_request_unit": 0.125 / 1e6,
    "dynamodb_stream_read_by_lambda": 0.0,  # GetRecords by a Lambda trigger is free
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second_arm64": 0.0000133334,
    "apigateway_websocket_message": 1.00 / 1e6,  # per message of up to 32 KB
    "apigateway_websocket_connection_minute": 0.25 / 1e6,
    "eventbridge_custom_event": 1.00 / 1e6,  # the alternative source, for comparison
}
MEMORY_GB = 0.5  # the template's MemorySize
HEARTBEATS_PER_HOUR = 60  # what a console without a socket sends (POST /me/presence every 60 s)


# ---------------------------------------------------------------- through the local stack

class _Socket:
    def __init__(self, url: str, token: str) -> None:
        from websockets.sync.client import connect

        self.socket = connect(f"{url}?token={token}", open_timeout=60)
        self.events: list[tuple[float, dict]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            for message in self.socket:
                self.events.append((time.monotonic(), json.loads(message)))
        except ConnectionClosed:
            pass

    def close(self) -> None:
        self.socket.close()
        self.thread.join(timeout=30)


def measure_local(inherited_to_drop: set[str]) -> dict:
    stack = LocalStackProcess(inherited_to_drop)
    sockets: list[_Socket] = []
    try:
        owner, agents, conn = _setup(stack)
        url = _ok(stack.call("GET", "/config.json"))["websocket_url"]
        sockets = [_Socket(url, owner)] + [_Socket(url, a["token"]) for a in agents]
        _ok(stack.call("POST", "/_local/drain"))
        for s in sockets:
            s.events.clear()
        posted: dict[str, float] = {}
        answered: dict[str, float] = {}

        def post(_: int) -> None:
            started = time.monotonic()
            conversation_id = _post_message(stack, conn)
            posted[conversation_id], answered[conversation_id] = started, time.monotonic()

        started = time.monotonic()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            list(pool.map(post, range(CONVERSATIONS)))
        _ok(stack.call("POST", "/_local/drain"))
        # drain returns once every push was handed to its socket; the readers may still be reading
        owner_socket = sockets[0]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if len({e["conversation_id"] for _, e in owner_socket.events if e["type"] == "message.created"}) >= CONVERSATIONS:
                break
            time.sleep(0.05)
        time.sleep(0.5)
        events = [at for s in sockets for at, _ in s.events]
        last = max(events)
        arrivals = [(at, e["conversation_id"]) for at, e in owner_socket.events
                    if e["type"] == "message.created" and e["conversation_id"] in posted]
        latencies = sorted(at - posted[cid] for at, cid in arrivals)
        after_answer = sorted(at - answered[cid] for at, cid in arrivals)
        kinds: dict[str, int] = {}
        for s in sockets:
            for _, e in s.events:
                kinds[e["type"]] = kinds.get(e["type"], 0) + 1
    finally:
        for s in sockets:
            s.close()
        stack.stop()
    elapsed = last - started
    return {
        "sockets": len(sockets),
        "conversations": CONVERSATIONS,
        "client_threads": CLIENT_THREADS,
        "events_delivered": len(events),
        "events_by_type": kinds,
        "elapsed_s": round(elapsed, 2),
        "events_per_s": round(len(events) / elapsed, 1),
        "owner_message_created_latency_ms": _spread(latencies),
        # negative: the event came before the webhook's answer (the push follows the write, not the answer)
        "owner_message_created_after_webhook_answer_ms": _spread(after_answer),
    }


def _spread(seconds: list[float]) -> dict:
    return {"count": len(seconds), "median": round(statistics.median(seconds) * 1000),
            "p90": round(statistics.quantiles(seconds, n=10)[-1] * 1000), "max": round(seconds[-1] * 1000)}


# ---------------------------------------------------------------- cost, in process

class _CountingPoster:
    def __init__(self) -> None:
        self.posts = 0
        self.bytes = 0

    def post(self, socket_id: str, data: bytes) -> bool:
        self.posts += 1
        self.bytes += len(data)
        return True


def _dollars(rcu: float, wcu: float) -> float:
    return rcu * PRICES["dynamodb_read_request_unit"] + wcu * PRICES["dynamodb_write_request_unit"]


def _metered(meter, action) -> dict:
    meter.start(detailed=True)
    started = time.perf_counter()
    try:
        result = action()
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        meter.stop()
    rcu, wcu, _ = meter.totals()
    return {"dynamodb_requests": len(meter.dynamodb_operations()), "operations": meter.dynamodb_operations(),
            "rcu": rcu, "wcu": wcu, "handler_ms": round(elapsed_ms, 1), "result": result}


def measure_cost(stack, meter) -> dict:
    from unittest import mock

    from switchboard import wiring
    from switchboard.live import sockets as live_sockets
    from switchboard.live.push import PushDeps
    from tests.bench.stack import zalo_event
    from tests.moto_env import stream_records

    stack.heartbeat()  # the agents online now, whatever the operations before did to the clock
    poster = _CountingPoster()
    deps = PushDeps(sockets=wiring.sockets(), agents=wiring.agents(), assign_queue=wiring.assign_queue(),
                    rules=wiring.rules(), poster=poster)
    people = [stack.owner, *stack.agents]
    rows: dict[str, Any] = {}
    with mock.patch.object(wiring, "socket_poster", lambda: poster):
        opened = []
        for agent_id in people:
            socket_id = f"{uuid.uuid4().hex[:14]}="
            row = _metered(meter, lambda: live_sockets.connect(socket_id, stack.claims(agent_id), deps, stack.clock.now()))
            opened.append(socket_id)
        rows["connect"] = {k: v for k, v in row.items() if k != "result"}
        table = stack.function_env["TABLE_NAME"]

        def pushed(name: str, make_changes) -> None:
            with stream_records(table) as records:
                make_changes()
                batch = records()
            before = poster.posts
            row = _metered(meter, lambda: stack.invoke("realtime", {"Records": batch}))
            row["stream_records"] = len(batch)
            row["events"] = row.pop("result")["events"]
            row["posts"] = poster.posts - before
            rows[name] = row

        user = f"live-{uuid.uuid4().hex[:6]}"
        pushed("arrival_new_conversation", lambda: stack.invoke("ingest", zalo_event(user, "Còn hàng không?")))
        pushed("assignment", lambda: stack.invoke("assign", {"Records": stack.receive(stack.assign_url)}))
        pushed("customer_writes_again", lambda: stack.invoke("ingest", zalo_event(user, "Size M?")))
        for socket_id in opened[:1]:
            row = _metered(meter, lambda: live_sockets.disconnect(socket_id, deps, stack.clock.now()))
            rows["disconnect"] = {k: v for k, v in row.items() if k != "result"}
        for socket_id in opened[1:]:
            live_sockets.disconnect(socket_id, deps, stack.clock.now())
    return _priced(rows, len(people))


def _priced(rows: dict, sockets: int) -> dict:
    batches = [rows[n] for n in ("arrival_new_conversation", "assignment", "customer_writes_again")]
    posts = sum(b["posts"] for b in batches)
    dynamodb = sum(_dollars(b["rcu"], b["wcu"]) for b in batches)
    invocations = len(batches) * PRICES["lambda_request"]
    duration = sum(b["handler_ms"] for b in batches) / 1000 * MEMORY_GB * PRICES["lambda_gb_second_arm64"]
    per_event = {
        "dynamodb": dynamodb / posts,
        "lambda_requests": invocations / posts,
        "lambda_duration_upper_bound": duration / posts,
        "apigateway_message": PRICES["apigateway_websocket_message"],
    }
    per_event["total"] = sum(per_event.values())
    connect, disconnect = rows["connect"], rows["disconnect"]
    connection = _dollars(connect["rcu"] + disconnect["rcu"], connect["wcu"] + disconnect["wcu"]) + 2 * PRICES["lambda_request"]
    # API Gateway closes a socket after 2 hours at the latest: at least one connection every 2 hours;
    # priced here with one per hour (a reload or a network change every hour).
    per_agent_hour = {
        "apigateway_connection_minutes": 60 * PRICES["apigateway_websocket_connection_minute"],
        "connect_and_disconnect_once": connection,
    }
    per_agent_hour["total"] = sum(per_agent_hour.values())
    heartbeats = HEARTBEATS_PER_HOUR * (_dollars(0.5, 1) + PRICES["lambda_request"])
    return {
        "sockets": sockets,
        "rows": rows,
        "prices": PRICES,
        "prices_as_of": PRICES_AS_OF,
        "per_pushed_event_usd": {k: float(f"{v:.3g}") for k, v in per_event.items()},
        "per_connected_agent_hour_usd": {k: float(f"{v:.3g}") for k, v in per_agent_hour.items()},
        "heartbeats_per_agent_hour_usd_for_comparison": float(f"{heartbeats:.3g}"),
        "eventbridge_alternative_per_change_usd": float(f"{PRICES['eventbridge_custom_event'] + PRICES['lambda_request']:.3g}"),
    }
