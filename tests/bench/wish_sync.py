"""The Wish catch-up poll: Wish requests per synced ticket, and what the poll costs per store a month.

Measured on the bench's moto stack with the local fake of Wish (local/fake_wish.py) over HTTP: a store
connected through POST /connections (its code exchanged), then the marketplaces function's handler run
as the schedule runs it: idle (nothing changed), one new ticket per run (the usual case), a burst of
tickets (pages), order tickets (their order read for its price). `python -m tests.bench.wish_sync`
measures this part alone.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
import threading
import time

POLLS_A_MONTH = 30 * 24 * 12 + 0  # rate(5 minutes), 30-day month: 8,640 runs
BURST = 250


def _server(fake):
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from werkzeug.wrappers import Request

    server = make_server("127.0.0.1", 0, lambda env, start: fake.handle(Request(env))(env, start), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(stack, meter) -> dict:
    from local.fake_wish import FakeWish
    from switchboard import settings, wiring
    from tests.bench.stack import Context, load_app

    fake = FakeWish(stack.clock.now, access_token_seconds=30 * 24 * 3600)
    server = _server(fake)
    os.environ["WISH_API_BASE_URL"] = f"http://127.0.0.1:{server.server_address[1]}"
    settings.settings.cache_clear()
    for factory in (wiring.marketplace_connectors, wiring.ticket_desk, wiring.http_sender):
        factory.cache_clear()
    merchant = "bench-merchant"
    stack.console("console", "POST", "/connections", "/connections", {
        "channel": "wish", "name": "Bench Wish store", "external_id": merchant,
        "credentials": {"client_id": "bench", "client_secret": "bench-secret", "code": fake.issue_code(merchant)},
    }, stack.owner)
    app = load_app("marketplaces")

    def run() -> dict:
        before = len(fake.calls)
        meter.start(detailed=True)
        started = time.perf_counter()
        try:
            result = app.lambda_handler({}, Context("marketplaces"))
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            meter.stop()
        rcu, wcu, _ = meter.totals()
        return {"ms": elapsed, "rcu": rcu, "wcu": wcu, "dynamodb": meter.dynamodb_operations(),
                "other": meter.other_calls(), "wish_requests": len(fake.calls) - before, "result": result}

    def clock_step():
        stack.clock.advance(300)

    run()  # the first run reads the store's first 14 days: nothing yet
    idle = []
    for _ in range(20):
        clock_step()
        idle.append(run())
    one_new = []
    for n in range(20):
        clock_step()
        fake.create_ticket(merchant, text=f"question {n}")
        one_new.append(run())
    clock_step()
    for n in range(BURST):
        stack.clock.advance(1)
        fake.create_ticket(merchant, text=f"burst {n}")
    burst = run()
    clock_step()
    for n in range(20):
        stack.clock.advance(1)
        fake.create_ticket(merchant, text=f"broken {n}", ticket_type="ORDER", orders=[{"price": 9.5}])
    orders = run()
    server.shutdown()
    stack.drain_queues()

    def summary(rows: list[dict]) -> dict:
        return summarize(rows, "wish_requests")

    return {
        "idle_poll": summary(idle),
        "one_new_ticket_poll": summary(one_new),
        "burst": {**summary([burst]), "tickets": BURST,
                  "wish_requests_per_ticket": round(burst["wish_requests"] / BURST, 3)},
        "order_tickets": {**summary([orders]), "tickets": 20,
                          "wish_requests_per_ticket": round(orders["wish_requests"] / 20, 3)},
        "polls_a_month": POLLS_A_MONTH,
    }


def summarize(rows: list[dict], requests: str) -> dict:
    """Runs of one kind: the median time, and the last run's capacity, AWS calls and marketplace `requests`."""
    last = rows[-1]
    return {"median_ms": round(statistics.median(r["ms"] for r in rows), 2), "rcu": last["rcu"], "wcu": last["wcu"],
            "dynamodb_requests": len(last["dynamodb"]),
            "dynamodb_operations": dict(Counter(last["dynamodb"])), "other_aws_calls": dict(Counter(last["other"])),
            requests: last[requests]}


def standalone(measure_part) -> int:
    """A marketplace's part of the bench alone, on its own bench stack: its figures and the poll's cost per
    store a month (an idle run's Lambda time and capacity, 8,640 runs, a secret read an hour), as JSON."""
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for p in (str(root), str(root / "shared")):
        if p not in sys.path:
            sys.path.insert(0, p)
    from tests.bench import stack as bench_stack  # moto and the environment first
    from tests.bench import cost
    from tests.bench.capacity import Meter, TableSchema, install

    stack = bench_stack.Stack()
    meter = Meter(TableSchema.from_template(stack.template, "Table", stack.function_env["TABLE_NAME"]), stack.raw)
    install(meter)
    try:
        figures = measure_part(stack, meter)
    finally:
        stack.stop()
    figures["cost_per_store_month"] = cost.wish_poll_per_store_month(figures, cost.Prices.load())
    json.dump(figures, sys.stdout, indent=2)
    print()
    return 0


def main() -> int:
    return standalone(measure)


if __name__ == "__main__":
    raise SystemExit(main())
