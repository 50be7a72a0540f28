"""python -m tests.bench: per-operation DynamoDB cost and handler time, cold imports, bench/results.json.

BENCH_ONLY=built,cost measures only those parts (built: the cold imports from the built artifact; cost: the
cost model, priced from the operations already in bench/results.json) and updates them in results.json, so
a change to either is measured in a minute instead of the whole bench's quarter of an hour."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
for _p in (str(_ROOT), str(_ROOT / "shared")):  # `make bench` sets no PYTHONPATH
    if _p not in sys.path:
        sys.path.insert(0, _p)

from tests.bench import stack as _stack  # noqa: I001  (environment and moto before anything else)

import json
import os
import platform
import statistics
import time
from collections import Counter
from datetime import UTC, datetime

from tests.bench import built, capacity, cold, console, cost, inbox_scale, live_updates, local_routing, sweep_scale, wish_sync
from tests.bench import lazada_sync
from tests.bench.operations import OPERATIONS, Operation

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
DETAILED_RUNS = 3
WARMUP_RUNS = 2
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "5"))
TARGET_INGEST_REQUESTS = 2
TARGET_INGEST_WCU = 4
TARGET_COLD_MS = 400
TARGET_COLD_BUILT_MS = 300  # issue 15: from the built artifact, on a quiet machine
# BENCH_ONLY=operations: measure only the operations (BENCH_OPS=a,b: only those), then price them and merge
# them into the existing bench/results.json, in a minute or two instead of the whole bench's quarter hour.
ONLY = os.environ.get("BENCH_ONLY", "")
ONLY_OPERATIONS = {name for name in os.environ.get("BENCH_OPS", "").split(",") if name}


def run_operation(stack: _stack.Stack, meter: capacity.Meter, op: Operation) -> dict:
    stack.purge_conversations()
    times, sequences, details = [], Counter(), []
    others: Counter = Counter()
    runs = op.runs or RUNS
    for i in range(WARMUP_RUNS + runs + DETAILED_RUNS):
        if op.purge_each_run:
            stack.purge_conversations()
        prepared = op.prepare(stack)
        detailed = i >= WARMUP_RUNS + runs
        meter.start(detailed=detailed)
        started = time.perf_counter()
        try:
            result = stack.invoke(prepared.function, prepared.event)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            meter.stop()
        prepared.check(result)
        if prepared.after:
            prepared.after()
        if i < WARMUP_RUNS:
            continue
        sequences[tuple(meter.dynamodb_operations())] += 1
        others[tuple(meter.other_calls())] += 1
        if detailed:
            rcu, wcu, approximate = meter.totals()
            details.append({"rcu": rcu, "wcu": wcu, "approximate": approximate, **capacity.summarize(meter.charges)})
        else:
            times.append(elapsed)
    usual, _ = sequences.most_common(1)[0]
    rcus = sorted({d["rcu"] for d in details})
    wcus = sorted({d["wcu"] for d in details})
    row = {
        "description": op.description,
        "function": prepared.function,
        "dynamodb_requests": len(usual),
        "operations": list(usual),
        "rcu": rcus[-1],
        "wcu": wcus[-1],
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(statistics.quantiles(times, n=10)[-1], 2) if len(times) >= 10 else None,
        "runs": len(times),
        "other_aws_calls": list(others.most_common(1)[0][0]),
        "capacity_detail": details[-1],
    }
    if isinstance(result, dict) and "sent" in result:
        row["emails_sent"] = result["sent"]  # notify: how many people one event was emailed to
    if op.per > 1:
        row["per_conversation"] = {
            "conversations": op.per,
            "dynamodb_requests": round(len(usual) / op.per, 2),
            "rcu": round(rcus[-1] / op.per, 2),
            "wcu": round(wcus[-1] / op.per, 2),
            "median_ms": round(statistics.median(times) / op.per, 2),
        }
        row["operations"] = [f"{name} x{n}" for name, n in Counter(usual).items()]
    if len(sequences) > 1:
        row["request_variants"] = [{"operations": list(s), "runs": n} for s, n in sequences.most_common()]
    if len(rcus) > 1 or len(wcus) > 1:
        row["capacity_varied"] = {"rcu": rcus, "wcu": wcus}
    if any(d["approximate"] for d in details):
        row["capacity_approximate"] = True
    return row


def moto_consumed_capacity_check(stack: _stack.Stack) -> dict:
    """What moto itself reports, to show why it is not used."""
    table = stack.function_env["TABLE_NAME"]
    big = {"PK": {"S": "BENCH#probe"}, "SK": {"S": "P"}, "blob": {"S": "x" * 5000}}
    put = stack.raw.put_item(TableName=table, Item=big, ReturnConsumedCapacity="TOTAL")
    get = stack.raw.get_item(TableName=table, Key={"PK": big["PK"], "SK": big["SK"]}, ConsistentRead=True,
                             ReturnConsumedCapacity="TOTAL")
    tx = stack.raw.transact_write_items(
        TransactItems=[{"Put": {"TableName": table, "Item": big}}], ReturnConsumedCapacity="TOTAL"
    )
    stack.raw.delete_item(TableName=table, Key={"PK": big["PK"], "SK": big["SK"]})
    return {
        "probe": "a 5 KB item: AWS would charge PutItem 5 WCU, strongly consistent GetItem 2 RCU, "
        "TransactWriteItems Put 10 WCU",
        "moto_put_item": put.get("ConsumedCapacity", {}).get("CapacityUnits"),
        "moto_get_item": get.get("ConsumedCapacity", {}).get("CapacityUnits"),
        "moto_transact_write_items": tx.get("ConsumedCapacity"),
    }


def print_table(results: dict) -> None:
    ops = results["operations"]
    print()
    print(f"{'operation':38} {'ddb req':>7} {'RCU':>6} {'WCU':>6} {'median ms':>10} {'runs':>5}  operations")
    print("-" * 130)
    for name, r in ops.items():
        flag = "~" if r.get("capacity_approximate") else " "
        print(f"{name:38} {r['dynamodb_requests']:>7} {r['rcu']:>6g} {r['wcu']:>5g}{flag} {r['median_ms']:>10.2f} "
              f"{r['runs']:>5}  {', '.join(r['operations'])}")
        if r.get("request_variants"):
            for v in r["request_variants"][1:]:
                print(f"{'':38} variant in {v['runs']} run(s): {', '.join(v['operations'])}")
    print("  (~ = includes an approximate charge, see method)")
    live = results["live_updates"]
    through = live["through_local_stack"]
    print()
    print(f"live updates through the local stack: {through['events_per_s']} events/s to {through['sockets']} sockets "
          f"({through['events_delivered']} events in {through['elapsed_s']} s); message.created on the owner's socket "
          f"median {through['owner_message_created_latency_ms']['median']} ms, "
          f"p90 {through['owner_message_created_latency_ms']['p90']} ms")
    print(f"  per pushed event: ${live['per_pushed_event_usd']['total']:.3g} "
          f"(DynamoDB ${live['per_pushed_event_usd']['dynamodb']:.3g}); per connected agent-hour: "
          f"${live['per_connected_agent_hour_usd']['total']:.3g} ({live['prices_as_of']})")
    print()
    print(f"{'cold import (new process)':38} {'median ms':>10} {'min':>8} {'max':>8}")
    print("-" * 68)
    for name, ms in results["cold_import_ms"].items():
        spread = results["cold_import_samples_ms"][name]
        print(f"{name:38} {ms:>10.1f} {min(spread):>8.1f} {max(spread):>8.1f}")
    print_built(results["cold_import_built_ms"], results["cold_import_built_samples_ms"])
    print(f"  (1-min load average before: {results['machine']['load_average_1min_before_cold_imports']} "
          f"on {results['machine']['cpu_count']} CPUs)")
    print()
    routing = results["local_stack_routing"]
    print(f"local stack, {routing['conversations']} conversations, {routing['agents']} agents: "
          f"arrival to assignment {routing['arrival_assignments_per_s']}/s, "
          f"queue drain {routing['queue_drain_assignments_per_s']}/s")
    print()
    inbox = results["inbox_at_scale"]
    print(f"{'inbox of ' + format(inbox['seeded']['conversations'], ',') + ' conversations':38} {'ddb req':>7} "
          f"{'RCU':>6} {'rows':>5} {'median ms':>10}")
    print("-" * 72)
    for name, r in inbox["requests"].items():
        print(f"{name:38} {r['dynamodb_requests']:>7} {r['rcu']:>6g} {r['returned']:>5} {r['median_ms']:>10.1f}")
    print()
    scale = results["sla_sweep_at_scale"]
    first, second = scale["first_sweep"], scale["second_sweep"]
    print(f"SLA sweep, {scale['seeded']['conversations']:,} conversations, {scale['seeded']['due']:,} due: "
          f"{first['due_index_scanned_count']:,} Due items read ({first['rcu']:g} RCU), {first['acted']:,} acted in "
          f"{first['wall_s']} s ({first['acting_s']} s acting, {first['due_query_s_in_moto']} s in moto's index scans); "
          f"next sweep read {second['due_index_scanned_count']} items")
    print()
    print("targets")
    print("-" * 48)
    for t in results["targets"]:
        print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['measured']} (limit {t['limit']})")
    print()


def operations_only(stack: _stack.Stack, meter: capacity.Meter) -> int:
    """BENCH_ONLY=operations: the operations and the cost model, merged into the last full run's results."""
    operations = {}
    try:
        for op in OPERATIONS:
            if ONLY_OPERATIONS and op.name not in ONLY_OPERATIONS:
                continue
            t = time.monotonic()
            operations[op.name] = run_operation(stack, meter, op)
            print(f"  {op.name}: {time.monotonic() - t:.1f} s", file=sys.stderr)
    finally:
        stack.stop()
    out = _ROOT / "bench" / "results.json"
    results = json.loads(out.read_text())
    results["operations"].update(operations)
    results["cost"] = cost.model(results["operations"])
    cost_names = {t["name"] for t in cost.targets(results["cost"])}
    results["targets"] = [t for t in results["targets"] if t["name"] not in cost_names] + cost.targets(results["cost"])
    results["operations_measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    for name, r in operations.items():
        written = [item for call in r["capacity_detail"]["calls"] for item in call.get("items", [])]
        print(f"{name:38} {r['dynamodb_requests']:>3} req {r['rcu']:>5g} RCU {r['wcu']:>5g} WCU  {', '.join(written[:6])}")
    cost.print_model(results["cost"])
    print(f"merged {len(operations)} operation(s) into {out.relative_to(_ROOT)}")


def measure_built(function_env: dict) -> tuple[str | None, dict, dict, dict, float | None]:
    """Cold imports from the built artifact: python, medians, samples, bytecode counts, load before."""
    python = built.python312()
    if python is None:
        print("  cold imports from the built artifact: skipped (no python3.12 on PATH or in pyenv)", file=sys.stderr)
        return None, {}, {}, {}, None
    t = time.monotonic()
    build_dir = built.build(python)
    bytecode = built.bytecode_counts(build_dir)
    load_before = os.getloadavg()[0]
    samples = built.measure(_stack.FUNCTIONS, function_env, python, build_dir, runs=COLD_RUNS)
    print(f"  cold imports from the built artifact: {time.monotonic() - t:.1f} s", file=sys.stderr)
    return python, cold.medians(samples), samples, bytecode, load_before


def built_targets(built_ms: dict) -> list[dict]:
    return [
        {"name": f"cold import {fn} from the built artifact (ms)", "limit": TARGET_COLD_BUILT_MS,
         "measured": built_ms[fn], "pass": built_ms[fn] <= TARGET_COLD_BUILT_MS}
        for fn in _stack.FUNCTIONS if fn in built_ms
    ]


BASELINE_CLIENT = "_baseline_boto3_dynamodb_client"


def over_baseline(built_samples: dict) -> dict:
    """Each function's import above the bare `import boto3; boto3.client('dynamodb')` of the same run: the median of
    the differences round by round (a round runs every target once, so a burst of load meets both alike)."""
    base = built_samples.get(BASELINE_CLIENT)
    if not base:
        return {}
    return {name: round(statistics.median(v - b for v, b in zip(values, base)), 1)
            for name, values in built_samples.items() if not name.startswith("_baseline")}


def print_built(built_ms: dict, built_samples: dict) -> None:
    above = over_baseline(built_samples)
    for name, ms in built_ms.items():
        spread = built_samples[name]
        extra = f" {above[name]:>+10.1f}" if name in above else ""
        print(f"{name + ' (built)':38} {ms:>10.1f} {min(spread):>8.1f} {max(spread):>8.1f}{extra}")
    print(f"  (last column: above {BASELINE_CLIENT}, the median of the differences round by round)")


def built_results(python, built_ms: dict, built_samples: dict, bytecode: dict, load_before) -> dict:
    return {
        "cold_import_built_ms": built_ms,
        "cold_import_built_over_baseline_ms": over_baseline(built_samples),
        "cold_import_built_samples_ms": built_samples,
        "cold_import_built": {
            "python": python, "method": (built.__doc__ or "").strip().replace("\n", " "), "bytecode": bytecode,
            "load_average_1min_before": round(load_before, 2) if built_ms else None,
        },
    }


def only(parts: set[str]) -> int:
    """BENCH_ONLY: the named parts measured again into the existing bench/results.json."""
    unknown = parts - {"built", "cost"}
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown parts {sorted(unknown)} (known: built, cost; or operations alone)")
    out = _ROOT / "bench" / "results.json"
    results = json.loads(out.read_text())
    replaced: list[dict] = []
    if "built" in parts:
        stack = _stack.Stack()  # for the functions' environment only
        function_env = dict(stack.function_env)
        stack.stop()
        figures = built_results(*measure_built(function_env))
        results.update(figures)
        replaced += built_targets(figures["cold_import_built_ms"])
        print_built(figures["cold_import_built_ms"], figures["cold_import_built_samples_ms"])
        print(f"  (1-min load average before: {figures['cold_import_built']['load_average_1min_before']} "
              f"on {os.cpu_count()} CPUs)")
    if "cost" in parts:
        results["cost"] = cost.model(results["operations"])
        replaced += cost.targets(results["cost"])
        cost.print_model(results["cost"])
    names = {t["name"] for t in replaced}
    results["targets"] = [t for t in results["targets"] if t["name"] not in names] + replaced
    results["measured_again"] = {"parts": sorted(parts), "at": datetime.now(UTC).isoformat(timespec="seconds")}
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    for t in replaced:
        print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['measured']} (limit {t['limit']})")
    return 0


def main() -> int:
    if ONLY and ONLY != "operations":  # operations need the metered stack below
        return only({part.strip() for part in os.environ["BENCH_ONLY"].split(",") if part.strip()})
    started = time.monotonic()
    stack = _stack.Stack()
    from tests.bench.capacity import Meter, TableSchema, install

    schema = TableSchema.from_template(stack.template, "Table", stack.function_env["TABLE_NAME"])
    meter = Meter(schema, stack.raw)
    install(meter)
    if ONLY == "operations":
        return operations_only(stack, meter)
    operations = {}
    try:
        moto_check = moto_consumed_capacity_check(stack)
        for op in OPERATIONS:
            t = time.monotonic()
            operations[op.name] = run_operation(stack, meter, op)
            print(f"  {op.name}: {time.monotonic() - t:.1f} s", file=sys.stderr)
        t = time.monotonic()
        live_cost = live_updates.measure_cost(stack, meter)
        print(f"  live updates' cost: {time.monotonic() - t:.1f} s", file=sys.stderr)
        t = time.monotonic()
        inbox_at_scale = inbox_scale.measure(stack, meter)
        print(f"  inbox at scale: {time.monotonic() - t:.1f} s", file=sys.stderr)
        t = time.monotonic()
        wish = wish_sync.measure(stack, meter)
        wish["cost_per_store_month"] = cost.wish_poll_per_store_month(wish, cost.Prices.load())
        print(f"  wish sync: {time.monotonic() - t:.1f} s", file=sys.stderr)
        t = time.monotonic()
        lazada = lazada_sync.measure(stack, meter)
        lazada["cost_per_store_month"] = cost.wish_poll_per_store_month(lazada, cost.Prices.load())
        print(f"  lazada sync: {time.monotonic() - t:.1f} s", file=sys.stderr)
        t = time.monotonic()
        sweep_at_scale = sweep_scale.measure(stack)  # last: it leaves 100,000 conversations in the table
        print(f"  sla sweep at scale: {time.monotonic() - t:.1f} s", file=sys.stderr)
        function_env = dict(stack.function_env)
    finally:
        stack.stop()
    t = time.monotonic()
    local_stack = local_routing.measure(set(function_env))
    print(f"  local stack routing: {time.monotonic() - t:.1f} s", file=sys.stderr)
    t = time.monotonic()
    live_local = live_updates.measure_local(set(function_env))
    print(f"  live updates through the local stack: {time.monotonic() - t:.1f} s", file=sys.stderr)
    t = time.monotonic()
    console_figures = console.measure(set(function_env))
    print(f"  console: {time.monotonic() - t:.1f} s", file=sys.stderr)
    t = time.monotonic()
    load_before = os.getloadavg()[0]
    cold_samples = cold.measure(_stack.FUNCTIONS, function_env, runs=COLD_RUNS)
    cold_ms = cold.medians(cold_samples)
    print(f"  cold imports: {time.monotonic() - t:.1f} s", file=sys.stderr)
    python, built_ms, built_samples, built_bytecode, load_before_built = measure_built(function_env)

    hot = operations["ingest_existing_waiting"]
    targets = [
        {"name": "ingest on an existing conversation: DynamoDB requests", "limit": TARGET_INGEST_REQUESTS,
         "measured": hot["dynamodb_requests"], "pass": hot["dynamodb_requests"] <= TARGET_INGEST_REQUESTS},
        {"name": "ingest on an existing conversation: WCU", "limit": TARGET_INGEST_WCU,
         "measured": hot["wcu"], "pass": hot["wcu"] <= TARGET_INGEST_WCU},
    ]
    targets.append(sweep_scale.target(sweep_at_scale))
    targets += [
        {"name": f"cold import {fn} (ms)", "limit": TARGET_COLD_MS, "measured": cold_ms[fn], "pass": cold_ms[fn] <= TARGET_COLD_MS}
        for fn in _stack.FUNCTIONS
    ]
    costs = cost.model(operations)
    targets += cost.targets(costs)
    targets += built_targets(built_ms)
    targets += console.targets(console_figures)
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "load_average_1min_before_cold_imports": round(load_before, 2),
        },
        "method": {
            **capacity.METHOD,
            "cold_import": (cold.__doc__ or "").strip().replace("\n", " "),
            "runs": f"{WARMUP_RUNS} warm-up runs discarded, {RUNS} timed runs, {DETAILED_RUNS} capacity runs per "
            "operation; every run on fresh data (a new contact, conversation and assignment prepared unmeasured).",
            "moto_consumed_capacity": moto_check,
        },
        "operations": operations,
        "local_stack_routing": local_stack,
        "live_updates": {"description": (live_updates.__doc__ or "").strip().replace("\n", " "),
                         "through_local_stack": live_local, **live_cost},
        "inbox_at_scale": inbox_at_scale,
        "sla_sweep_at_scale": sweep_at_scale,
        "wish_sync": wish,
        "lazada_sync": lazada,
        "console": console_figures,
        "cold_import_ms": cold_ms,
        "cold_import_samples_ms": cold_samples,
        **built_results(python, built_ms, built_samples, built_bytecode, load_before_built),
        "cost": costs,
        "targets": targets,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    out = _ROOT / "bench" / "results.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    cost.print_model(costs)
    console.print_table(console_figures)
    print(f"wish poll: {wish['cost_per_store_month']['usd']} USD per store a month; "
          f"{wish['one_new_ticket_poll']['wish_requests']} Wish request per run with one new ticket, "
          f"{wish['burst']['wish_requests_per_ticket']} per ticket in a burst of {wish['burst']['tickets']}")
    print(f"lazada: {lazada['cost_per_store_month']['usd']} USD per store a month; "
          f"{lazada['one_lost_push_poll']['lazada_requests']} Lazada requests per run with one lost push, "
          f"{lazada['burst']['lazada_requests_per_chat']} per chat in a burst of {lazada['burst']['chats']}; "
          f"a pushed chat {lazada['push_new_chat']['median_ms']} ms")
    print(f"wrote {out.relative_to(_ROOT)} in {results['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
