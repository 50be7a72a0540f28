"""What Switchboard costs at AWS list prices, priced from the bench's own counts.

Two figures (bench/prices.json holds every price with its date and page):
- dollars per 1 million inbound customer messages, by component, for the documented MIX below;
- the fixed monthly cost of an idle deployment (no messages at all), by component.

Per-operation DynamoDB request units, other AWS calls and handler times come from the measured
operations of `make bench` (results["operations"]); what the bench cannot see (API Gateway requests,
Lambda's SQS polling, log lines, schedules) is counted from template.yaml and stated as an assumption.
`python -m tests.bench.cost` prices an existing bench/results.json without measuring again.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRICES = ROOT / "bench" / "prices.json"
MESSAGES = 1_000_000
HOURS_A_MONTH = 730
MINUTES_A_MONTH = HOURS_A_MONTH * 60

# The documented mix: every conversation opens with one customer message, is routed and answered
# once (the reply is delivered, the channel echoes it and sends a delivery and a read receipt for it), the
# customer writes four more messages (one of them right after the reply, when the response clock restarts),
# and the agent closes it. So 1 million inbound messages are 200,000 conversations.
MESSAGES_PER_CONVERSATION = 5
CONVERSATIONS = MESSAGES // MESSAGES_PER_CONVERSATION
MIX = {
    # bench operation: how many times it runs per 1 million inbound messages
    "ingest_new_conversation": CONVERSATIONS,
    "assign_automatic": CONVERSATIONS,
    "notify_first_contact": CONVERSATIONS,
    "reply": CONVERSATIONS,
    "deliver": CONVERSATIONS,
    "ingest_existing_after_reply": CONVERSATIONS,
    "ingest_existing_waiting": 3 * CONVERSATIONS,
    "close": CONVERSATIONS,  # it frees the agent's capacity; nobody waits in the queue, so it sends no drain
    # Each reply's receipts (delivered, then read: each moves it, one query and one conditional update) and
    # the channel's echo of it (recognized by one query, not stored again).
    "ingest_receipt": 2 * CONVERSATIONS,
    "ingest_echo_own": CONVERSATIONS,
}
RECEIPTS = MIX["ingest_receipt"]
# Which operations a channel's webhook starts, which a console request through the HTTP API, and which an SQS
# message (sent by the previous step). Webhooks reach the ingest function's own URL when the template gives it
# one (output WebhookUrl, what the console shows to register): a function URL adds no charge to the invocation
# ("There is no additional charge for using function URLs", https://aws.amazon.com/lambda/pricing/); otherwise
# each is an HTTP API request.
WEBHOOK_OPERATIONS = {"ingest_new_conversation", "ingest_existing_after_reply", "ingest_existing_waiting",
                      "ingest_receipt", "ingest_echo_own"}
CONSOLE_OPERATIONS = {"reply", "close"}
SQS_OPERATIONS = {"assign_automatic", "deliver"}  # each message: sent (counted by the bench), received, deleted
EVENT_OPERATIONS = {"notify_first_contact"}  # invoked by an EventBridge rule (the event is counted where published)

# Log lines: Lambda's own START / END / REPORT lines are off (template.yaml: SystemLogLevel WARN), so only
# the functions' INFO lines are ingested: deliver logs one line per delivery (about 300 bytes); the other
# handlers log nothing at INFO on a good path, and the idle sweep logs nothing (functions/sla/app.py).
LOG_BYTES_PER_INVOCATION = {"deliver": 300}

# Idle deployment: what runs with no traffic (template.yaml; the alarms, SQS event sources and schedules are
# counted from it, so a change to the template changes the figure).
SWEEPS_A_MONTH = MINUTES_A_MONTH  # SlaSweep: rate(1 minute)
SLA_SHARDS = 8  # one sla invocation per shard and sweep
DIGESTS_A_MONTH = HOURS_A_MONTH  # notify's HourlyDigest: rate(1 hour)
MARKETPLACE_SYNCS_A_MONTH = MINUTES_A_MONTH // 5  # MarketplaceSyncFunction: rate(5 minutes), one query when no store
SWEEP_EXPRESS_SECONDS = 1.0  # an idle sweep's whole execution, billed per 100 ms
SWEEP_EXPRESS_GB = 0.0625  # Express bills memory in 64 MB steps; a sweep's state is far below that
IDLE_SWEEP_SHARD_MS = 15  # an sla invocation that finds nothing due: one Due query (an assumption)
# Lambda's SQS event source mapping long-polls the queue (20 s, the longest ReceiveMessage wait) until it
# becomes active, and "when traffic is low, Lambda scales back the processing to five concurrent batches, and
# can optimize to as few as 2 concurrent batches to reduce the SQS calls and corresponding costs. However,
# this optimization is not available when you enable the maximum concurrency setting" (Lambda developer guide,
# "Configuring scaling behavior for SQS event source mappings",
# https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html; template.yaml sets no
# MaximumConcurrency). Every empty receive is a billed request ("Why are my Amazon SQS charges higher than
# expected?", https://aws.amazon.com/premiumsupport/knowledge-center/sqs-high-charges/: "when an SQS queue is
# configured to invoke a Lambda function, the Lambda long polls the queue ... even if the SQS queue isn't used").
# So an idle mapping: 2 pollers, 3 receives a minute each. The guide states the scale-back for standard queues;
# ours are FIFO, for which it says nothing, so the 5-poller figure is printed beside it as the upper bound.
LONG_POLL_SECONDS = 20
IDLE_POLLERS, IDLE_POLLERS_UPPER_BOUND = 2, 5
IDLE_POLLS_A_MINUTE = IDLE_POLLERS * 60 // LONG_POLL_SECONDS
# CloudWatch bills $0.10 a month per alarm metric: an alarm on a metric-math expression of two metrics costs
# what two alarms do, and a composite alarm $0.50, so the failures the stack keeps share one queue (one alarm)
# instead of one queue and alarm per function.
SECRETS = 0  # the stack has none of its own (the cursor key is in the table); each connection's credentials
# are one secret ($0.40 a month per connected channel account, not counted as idle)
TEMPLATE = ROOT / "template.yaml"


def template_counts(path: Path = TEMPLATE) -> dict[str, int]:
    """What of the template costs money while idle: its alarms and its functions' SQS event sources."""
    from cfnlint.decode import decode

    template, problems = decode(str(path))
    if problems:
        raise ValueError(problems)
    resources = template["Resources"].values()
    sqs = [event["Properties"] for r in resources if r["Type"] == "AWS::Serverless::Function"
           for event in (r["Properties"].get("Events") or {}).values() if event["Type"] == "SQS"]
    ingest = (template["Resources"].get("IngestFunction") or {}).get("Properties") or {}
    return {
        "webhooks_through_function_url": int(bool(ingest.get("FunctionUrlConfig"))),
        "alarms": sum(1 for r in resources if r["Type"] == "AWS::CloudWatch::Alarm"),
        "sqs_event_sources": len(sqs),
        # these keep 5 pollers idle: the scale-back to 2 is not available with a maximum concurrency
        "sqs_event_sources_with_maximum_concurrency": sum(1 for p in sqs if "MaximumConcurrency" in (p.get("ScalingConfig") or {})),
    }


@dataclass(frozen=True)
class Prices:
    usd: dict[str, float]

    @classmethod
    def load(cls, path: Path = PRICES) -> Prices:
        data = json.loads(path.read_text())
        return cls({name: p["usd"] for name, p in data["prices"].items()})

    def __getitem__(self, name: str) -> float:
        return self.usd[name]


def _lambda_cost(prices: Prices, invocations: float, median_ms: float, memory_mb: int) -> float:
    billed_s = math.ceil(median_ms) / 1000  # Lambda bills by the millisecond
    return invocations * (prices["lambda_request"] + billed_s * memory_mb / 1024 * prices["lambda_arm64_gb_second"])


def _calls(row: dict, prefix: str) -> int:
    return sum(1 for call in row.get("other_aws_calls", []) if call.startswith(prefix))


def per_million_inbound(operations: dict, prices: Prices, memory_mb: int = 512, template: dict[str, int] | None = None) -> dict:
    """Dollars per 1 million inbound messages for MIX, by component, and the counts behind them."""
    template = template or template_counts()
    webhooks_by_url = bool(template["webhooks_through_function_url"])
    missing = sorted(set(MIX) - set(operations))
    if missing:
        raise KeyError(f"the bench measured no {missing}")
    usd = dict.fromkeys(
        ("dynamodb", "lambda", "api_gateway", "sqs", "eventbridge", "cloudwatch_logs", "secrets_manager", "email"), 0.0)
    counts = dict.fromkeys(("wru", "rru", "invocations", "http_requests", "function_url_requests", "sqs_requests",
                            "events", "emails"), 0.0)
    for name, runs in MIX.items():
        row = operations[name]
        counts["wru"] += runs * row["wcu"]
        counts["rru"] += runs * row["rcu"]
        counts["invocations"] += runs
        usd["lambda"] += _lambda_cost(prices, runs, row["median_ms"], memory_mb)
        if name in CONSOLE_OPERATIONS or (name in WEBHOOK_OPERATIONS and not webhooks_by_url):
            counts["http_requests"] += runs
        elif name in WEBHOOK_OPERATIONS:
            counts["function_url_requests"] += runs
        sends = _calls(row, "sqs:SendMessage")
        counts["sqs_requests"] += runs * sends
        if name in SQS_OPERATIONS:
            counts["sqs_requests"] += runs * 2  # Lambda's poller receives it and deletes it
        counts["events"] += runs * _calls(row, "events:PutEvents")
        counts["emails"] += runs * row.get("emails_sent", 0)
        usd["secrets_manager"] += runs * _calls(row, "secretsmanager:") * prices["secrets_manager_api_call"]
    usd["dynamodb"] = counts["wru"] * prices["dynamodb_write_request_unit"] + counts["rru"] * prices["dynamodb_read_request_unit"]
    usd["api_gateway"] = counts["http_requests"] * prices["http_api_request"]
    usd["sqs"] = counts["sqs_requests"] * prices["sqs_fifo_request"]
    usd["eventbridge"] = counts["events"] * prices["eventbridge_custom_event"]
    log_bytes = sum(runs * LOG_BYTES_PER_INVOCATION.get(operations[name]["function"], 0) for name, runs in MIX.items())
    usd["cloudwatch_logs"] = log_bytes / 1e9 * prices["cloudwatch_logs_ingested_gb"]
    usd["email"] = counts["emails"] * prices["ses_email"]
    total = sum(usd.values())
    return {
        "mix": {"inbound_messages": MESSAGES, "conversations": CONVERSATIONS, "runs": MIX, "receipts": RECEIPTS, "echoes": MIX["ingest_echo_own"],
                "webhooks_through": "the ingest function's URL" if webhooks_by_url else "the HTTP API"},
        "counts": {k: round(v) for k, v in counts.items()},
        "usd_by_component": {k: round(v, 4) for k, v in usd.items()},
        "usd": round(total, 2),
        "usd_excluding_email": round(total - usd["email"], 2),
    }


def idle_monthly(prices: Prices, memory_mb: int = 512, counts: dict[str, int] | None = None) -> dict:
    """The fixed monthly cost of a deployment that receives nothing, by component."""
    counts = counts or template_counts()
    shard_runs = SWEEPS_A_MONTH * SLA_SHARDS
    express_billed_s = math.ceil(SWEEP_EXPRESS_SECONDS * 10) / 10
    scheduled_runs = DIGESTS_A_MONTH + MARKETPLACE_SYNCS_A_MONTH  # each one query, nothing found

    def sqs_polling(pollers: int) -> float:
        capped = counts["sqs_event_sources_with_maximum_concurrency"]
        polls_a_minute = ((counts["sqs_event_sources"] - capped) * pollers + capped * IDLE_POLLERS_UPPER_BOUND) * 60 / LONG_POLL_SECONDS
        return polls_a_minute * MINUTES_A_MONTH * prices["sqs_fifo_request"]

    usd = {
        "step_functions_sla_sweep": SWEEPS_A_MONTH * (
            prices["stepfunctions_express_request"]
            + express_billed_s * SWEEP_EXPRESS_GB * prices["stepfunctions_express_gb_second"]),
        "lambda_sla_digest_and_marketplace_sync": _lambda_cost(prices, shard_runs, IDLE_SWEEP_SHARD_MS, memory_mb)
        + _lambda_cost(prices, scheduled_runs, IDLE_SWEEP_SHARD_MS, memory_mb),
        "dynamodb_idle_queries": (shard_runs + scheduled_runs) * 0.5 * prices["dynamodb_read_request_unit"],
        "scheduler": (SWEEPS_A_MONTH + scheduled_runs) * prices["scheduler_invocation"],
        "sqs_idle_polling": sqs_polling(IDLE_POLLERS),
        "cloudwatch_alarms": counts["alarms"] * prices["cloudwatch_alarm_month"],
        "secrets_manager": SECRETS * prices["secrets_manager_secret_month"],
    }
    standard = SWEEPS_A_MONTH * 9 * prices["stepfunctions_standard_transition"]
    upper = sum(usd.values()) - usd["sqs_idle_polling"] + sqs_polling(IDLE_POLLERS_UPPER_BOUND)
    return {
        "usd_by_component": {k: round(v, 4) for k, v in usd.items()},
        "usd": round(sum(usd.values()), 2),
        "usd_if_idle_sqs_mappings_keep_5_pollers": round(upper, 2),
        "sla_sweep_as_standard_workflow_usd": round(standard, 2),
        "assumptions": {
            "sweeps_a_month": SWEEPS_A_MONTH, "sla_invocations_a_month": shard_runs,
            "digest_and_marketplace_sync_runs_a_month": scheduled_runs,
            **counts,
            "idle_pollers_per_sqs_event_source": IDLE_POLLERS,
            "idle_sqs_polls_a_minute_per_event_source": IDLE_POLLS_A_MINUTE,
            "sqs_polling_source": "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html",
        },
    }


def model(operations: dict, prices: Prices | None = None) -> dict:
    prices = prices or Prices.load()
    inbound = per_million_inbound(operations, prices)
    idle = idle_monthly(prices)
    return {
        "prices": str(PRICES.relative_to(ROOT)),
        "per_million_inbound_usd": inbound["usd"],
        "per_million_inbound_usd_excluding_email": inbound["usd_excluding_email"],
        "idle_monthly_usd": idle["usd"],
        "per_million_inbound": inbound,
        "idle_monthly": idle,
    }


TARGET_PER_MILLION_EXCLUDING_EMAIL_USD = 10.0
TARGET_IDLE_MONTHLY_USD = 1.0


def targets(cost: dict) -> list[dict]:
    measured = [
        ("cost per 1 million inbound messages without email (USD)", cost["per_million_inbound_usd_excluding_email"],
         TARGET_PER_MILLION_EXCLUDING_EMAIL_USD),
        ("idle deployment a month (USD)", cost["idle_monthly_usd"], TARGET_IDLE_MONTHLY_USD),
    ]
    return [{"name": name, "limit": limit, "measured": value, "pass": value <= limit} for name, value, limit in measured]


def print_model(cost: dict) -> None:
    inbound, idle = cost["per_million_inbound"], cost["idle_monthly"]
    print(f"cost per 1 million inbound messages ({inbound['mix']['conversations']:,} conversations, "
          f"{MESSAGES_PER_CONVERSATION} messages each, answered once): ${inbound['usd']} "
          f"(${inbound['usd_excluding_email']} without email)")
    for name, usd in sorted(inbound["usd_by_component"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:28} ${usd:>9.4f}")
    print(f"idle deployment a month: ${idle['usd']} (${idle['usd_if_idle_sqs_mappings_keep_5_pollers']} if the idle SQS "
          f"mappings keep 5 pollers; the sweep as a Standard workflow alone was ${idle['sla_sweep_as_standard_workflow_usd']})")
    for name, usd in sorted(idle["usd_by_component"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:40} ${usd:>9.4f}")


def main() -> int:
    results_path = ROOT / "bench" / "results.json"
    results = json.loads(results_path.read_text())
    results["cost"] = model(results["operations"])
    results_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_model(results["cost"])
    return 0


if __name__ == "__main__":
    sys.exit(main())


# The Wish catch-up poll (template.yaml MarketplaceSyncFunction, rate(5 minutes)): what one connected store
# adds a month when nothing changes, priced from tests/bench/wish_sync.py's idle run. The token keeper keeps
# the secret it read for an hour (channels/marketplaces/tokens.py), so a warm container reads it about once
# an hour (SECRET_READS_A_MONTH, an assumption: Lambda does not promise how long a container lives; a read
# every run would add $0.04); its storage ($0.40 a month) is every connection's and not counted here. The schedule's invocations are the deployment's,
# shown apart: one run visits every store.
SECRET_READS_A_MONTH = HOURS_A_MONTH


def wish_poll_per_store_month(figures: dict, prices: Prices, memory_mb: int = 512) -> dict:
    idle, runs = figures["idle_poll"], figures["polls_a_month"]
    usd = {
        "lambda": _lambda_cost(prices, runs, idle["median_ms"], memory_mb),
        "dynamodb": runs * (idle["rcu"] * prices["dynamodb_read_request_unit"]
                            + idle["wcu"] * prices["dynamodb_write_request_unit"]),
        "secrets_manager": SECRET_READS_A_MONTH * prices["secrets_manager_api_call"],
    }
    return {
        "usd_by_component": {k: round(v, 4) for k, v in usd.items()},
        "usd": round(sum(usd.values()), 4),
        "deployment_schedule_usd": round(runs * prices["scheduler_invocation"], 4),
        "assumptions": "a 30-day month of 5-minute polls; each idle run billed at the whole run's median "
                       "(an upper bound for a store among many); one secret read an hour",
    }
