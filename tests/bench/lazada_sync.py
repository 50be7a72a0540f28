"""Lazada IM: what the push and the catch-up poll cost, in Lazada requests per synced chat and per store a month.

Measured on the bench's moto stack with the local fake of Lazada (local/fake_lazada.py) over HTTP: a store
connected through POST /connections (its code exchanged), its buyers' pushes through the ingest handler, and
the marketplaces function's handler run as the schedule runs it: idle (nothing changed), one chat whose push
was lost per run, a burst of chats (pages of sessions). `python -m tests.bench.lazada_sync` measures it.
"""

from __future__ import annotations

import json
import os
import time

from tests.bench.wish_sync import POLLS_A_MONTH, _server, standalone, summarize

BURST = 60
APP_KEY, APP_SECRET, SELLER = "bench-app", "bench-app-secret", "200100300"


def measure(stack, meter) -> dict:
    from local.fake_lazada import FakeLazada, push_signature
    from switchboard import settings, wiring
    from tests.bench.stack import Context, http_event, load_app

    # The bench's earlier parts' stores (Wish's) leave the poll: their fakes are gone, and each run would fail.
    for channel in wiring.marketplace_connectors():
        for store in wiring.marketplace_stores().stores(channel.value):
            wiring.marketplace_stores().forget(channel.value, store.connection_id)
    fake = FakeLazada(stack.clock.now, access_token_seconds=30 * 24 * 3600)
    server = _server(fake)
    base = f"http://127.0.0.1:{server.server_address[1]}/_lazada"
    os.environ.update(LAZADA_API_BASE_URL=f"{base}/rest", LAZADA_AUTH_BASE_URL=f"{base}/auth/rest")
    settings.settings.cache_clear()
    for factory in (wiring.marketplace_connectors, wiring.ticket_desk, wiring.http_sender):
        factory.cache_clear()
    stack.console("console", "POST", "/connections", "/connections", {
        "channel": "lazada", "name": "Bench Lazada store", "external_id": SELLER,
        "credentials": {"client_id": APP_KEY, "client_secret": APP_SECRET,
                        "code": fake.issue_code(SELLER, APP_KEY, APP_SECRET)},
    }, stack.owner)
    poll_app = load_app("marketplaces")

    def metered(call) -> dict:
        before = len(fake.calls)
        meter.start(detailed=True)
        started = time.perf_counter()
        try:
            result = call()
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            meter.stop()
        rcu, wcu, _ = meter.totals()
        return {"ms": elapsed, "rcu": rcu, "wcu": wcu, "dynamodb": meter.dynamodb_operations(),
                "other": meter.other_calls(), "lazada_requests": len(fake.calls) - before, "result": result}

    def poll() -> dict:
        return metered(lambda: poll_app.lambda_handler({}, Context("marketplaces")))

    def push(message: dict) -> dict:
        body = json.dumps({"seller_id": SELLER, "message_type": 2, "data": message,
                           "timestamp": int(stack.clock.now().timestamp() * 1000), "site": "lazada_vn"})
        event = http_event("POST", "/webhooks/lazada", "/webhooks/lazada", raw=body,
                           headers={"authorization": push_signature(APP_KEY, body.encode(), APP_SECRET)})
        return metered(lambda: stack.invoke("ingest", event))

    def buyer(text: str, **kw) -> dict:
        stack.clock.advance(1)
        written = fake.buyer_writes(SELLER, text=text, push=False, **kw)
        return next(m for m in fake.sessions[written["session_id"]]["messages"] if m["message_id"] == written["message_id"])

    poll()  # the first run reads the store's first 7 days: nothing yet
    idle = []
    for _ in range(20):
        stack.clock.advance(300)
        idle.append(poll())
    pushed, repeated = [], []
    for n in range(20):
        message = buyer(f"pushed {n}")
        pushed.append(push(message))
        repeated.append(push(message))  # Lazada's retry of a push it thinks was lost
    stack.clock.advance(300)
    after_pushes = poll()  # the poll reads the pushed chats again: stored once already
    lost = []
    for n in range(20):
        stack.clock.advance(300)
        buyer(f"lost {n}")
        lost.append(poll())
    stack.clock.advance(300)
    for n in range(BURST):
        buyer(f"burst {n}")
    burst = poll()
    server.shutdown()
    stack.drain_queues()

    def summary(rows: list[dict]) -> dict:
        return summarize(rows, "lazada_requests")

    return {
        "push_new_chat": summary(pushed),
        "push_repeated": summary(repeated),
        "idle_poll": summary(idle),
        "poll_after_20_pushed_chats": {**summary([after_pushes]), "chats": 20,
                                       "stored": after_pushes["result"]["stored"]},
        "one_lost_push_poll": summary(lost),
        "burst": {**summary([burst]), "chats": BURST,
                  "lazada_requests_per_chat": round(burst["lazada_requests"] / BURST, 3)},
        "polls_a_month": POLLS_A_MONTH,
    }


if __name__ == "__main__":
    raise SystemExit(standalone(measure))
