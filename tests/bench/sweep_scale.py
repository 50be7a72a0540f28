"""The SLA sweep against its population: 100,000 waiting conversations, 1% of them due.

The claim under test (ARCHITECTURE.md): a sweep's cost grows with what is due, not with how many
conversations exist. Every seeded conversation has a running clock, so all of them are in the
sparse `Due` index, 99% with a future deadline; the sweep must read only the 1% that are due.

Seeding: each conversation is built as a domain `Conversation` and turned into its item by the
repository's own mapping (`ConversationRepository._conversation_item`, the one `save` writes), so
the `Due` keys and projected attributes are exactly what the product writes. The items are put
into moto's DynamoDB backend directly rather than through `BatchWriteItem`: the stored attribute
maps are the same, and it skips a botocore serialization and a moto request parse per item (about
half of the seeding time), with moto's per-attribute item-size check off while seeding (see `seed`).

Measured per sweep (one `sla` invocation per shard, as the `SlaSweep` Map makes them, run one
after the other here): `Due` index items returned and `ScannedCount`, read units priced by AWS's
rule for a query (ceil(returned bytes / 4 KB) x 0.5 per page, eventually consistent; moto's own
`ConsumedCapacity` is a constant per query, recorded for reference), DynamoDB requests and
other AWS calls by operation, and wall time. moto answers a GSI query by scanning and sorting the
whole table (DynamoDB reads only the key range), so the time spent inside `Due` queries is
reported apart, and the acting time is the rest.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest import mock

from tests.bench.capacity import item_size, read_units

POPULATION = int(os.environ.get("BENCH_SWEEP_POPULATION", "100000"))
DUE_SHARE = float(os.environ.get("BENCH_SWEEP_DUE_SHARE", "0.01"))
ORGANIZATIONS = 10
AGENTS_PER_ORG = 2
TARGET_READ_RATIO = 1.1
# What the due 1% are doing: most are warnings, fewer takeovers, fewest auto-closes.
DUE_MIX = {"warn_expiring": 0.7, "take_over": 0.2, "auto_close": 0.1}


@contextmanager
def recording_calls():
    """Every AWS call made meanwhile: operation, time, and for `Due` queries what they returned."""
    from botocore.client import BaseClient

    calls: list[dict[str, Any]] = []
    original = BaseClient._make_api_call

    def _make_api_call(self, operation_name, api_params):
        started = time.perf_counter()
        response = original(self, operation_name, api_params)
        call = {"service": self.meta.service_model.service_name, "operation": operation_name,
                "s": time.perf_counter() - started}
        if operation_name == "Query" and api_params.get("IndexName") == "Due":
            items = response.get("Items", [])
            size = sum(item_size(i) for i in items)
            call.update(due_query=True, count=response.get("Count", 0), scanned=response.get("ScannedCount", 0),
                        bytes=size, rcu=read_units(size, bool(api_params.get("ConsistentRead"))),
                        moto_consumed=(response.get("ConsumedCapacity") or {}).get("CapacityUnits"))
        calls.append(call)
        return response

    BaseClient._make_api_call = _make_api_call
    try:
        yield calls
    finally:
        BaseClient._make_api_call = original


def _conversation(index: int, org_id: str, agents: list[str], now, kind: str):
    """One waiting conversation in the given stage of its clock, as the product would hold it."""
    from switchboard.models import Channel, ContactSnapshot, Conversation, Escalation, SlaSettings, Status
    from switchboard.sla.policy import deadlines_from

    ages = {
        # not due: every clock still runs, each with its next deadline ahead
        "waiting": timedelta(minutes=index % (19 * 60)),
        "warned": timedelta(hours=21, minutes=index % (26 * 60)),
        "escalated": timedelta(hours=49, minutes=index % (4 * 24 * 60)),
        # due now
        "warn_expiring": timedelta(hours=20, minutes=1 + index % 60),
        "take_over": timedelta(hours=48, minutes=1 + index % 60),
        "auto_close": timedelta(days=7, minutes=1 + index % 60),
    }
    since = now - ages[kind]
    warned = kind in ("warned", "escalated", "take_over", "auto_close")
    taken = kind in ("escalated", "auto_close")
    user = f"u{index:06d}"
    return Conversation(
        org_id=org_id,
        conversation_id=f"cv_{index:020d}",
        connection_id=f"cn_{org_id[-8:]}",
        channel=Channel.ZALO,
        contact=ContactSnapshot(contact_id=f"ct_{index:020d}", channel_user_id=user, name=f"Khách {user}",
                                store_name="Cửa hàng Hoa", language="vi"),
        status=Status.ESCALATED if taken else Status.OPEN,
        assignee_id=None if taken else agents[index % len(agents)],
        unread=True,
        waiting_since=since,
        last_message_at=since,
        last_message_preview="Chào shop, đơn hàng của mình đến đâu rồi ạ?",
        last_inbound_key=f"{since.isoformat()}#{user}",
        deadlines=deadlines_from(since, SlaSettings()),
        expiring_warned=warned,
        taken_over=taken,
        escalation=Escalation(reason="sla_takeover", at=since + timedelta(hours=48)) if taken else None,
        created_at=since,
    )


def _kinds(population: int, due: int) -> list[str]:
    due_kinds = [k for k, share in DUE_MIX.items() for _ in range(round(due * share))]
    due_kinds = (due_kinds + ["warn_expiring"] * due)[:due]
    rest = population - due
    not_due = ["waiting"] * (rest * 6 // 10) + ["warned"] * (rest * 3 // 10)
    not_due += ["escalated"] * (rest - len(not_due))
    # spread the due ones through the population
    step = max(1, population // max(due, 1))
    kinds, d, n = [], 0, 0
    for i in range(population):
        if d < len(due_kinds) and i % step == 0:
            kinds.append(due_kinds[d])
            d += 1
        else:
            kinds.append(not_due[n])
            n += 1
    return kinds


def seed(stack, now, population: int, due: int) -> dict:
    """Organizations and agents through the product, conversations straight into moto's table."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    from switchboard import wiring
    from switchboard.models import Agent
    from switchboard.settings import settings
    from switchboard.onboarding import create_organization
    from switchboard.store.conversations import ConversationRepository

    started = time.perf_counter()
    orgs: list[tuple[str, list[str]]] = []
    for o in range(ORGANIZATIONS):
        org = create_organization(name=f"Sweep shop {o}")
        agents = []
        for a in range(AGENTS_PER_ORG):
            agent = Agent(org_id=org.org_id, agent_id=f"ag_sweep_{o}_{a}", email=f"a{a}@sweep{o}.example",
                          nickname=f"agent{a}", capacity=100_000, created_at=now)
            wiring.agents().add(agent)
            agents.append(agent.agent_id)
        orgs.append((org.org_id, agents))

    repository = ConversationRepository(settings().sla_shards, wiring.cursors())
    table = stack.function_env["TABLE_NAME"]
    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][stack.raw.meta.region_name]
    kinds = _kinds(population, due)
    loads: Counter = Counter()
    table_bytes = index_entries = 0
    build_s = put_s = 0.0
    # moto re-measures the whole item on every attribute it sets (quadratic in attributes, about 1.5 ms
    # for a conversation): while seeding, set attributes as a plain dict does. The items are about 1 KB,
    # far from the 400 KB limit that check enforces.
    with mock.patch.object(LimitedSizeDict, "__setitem__", dict.__setitem__):
        for i, kind in enumerate(kinds):
            org_id, agents = orgs[i % ORGANIZATIONS]
            t = time.perf_counter()
            conv = _conversation(i, org_id, agents, now, kind)
            item = repository._conversation_item(conv).serialize()
            t2 = time.perf_counter()
            backend.put_item(table, item)
            put_s += time.perf_counter() - t2
            build_s += t2 - t
            table_bytes += item_size(item)
            index_entries += "DSK" in item
            if conv.assignee_id:
                loads[(org_id, conv.assignee_id)] += 1
    for (org_id, agent_id), load in loads.items():
        wiring.agents().update_profile(org_id, agent_id, {"load": load})
    return {
        "conversations": population,
        "due": due,
        "due_mix": dict(Counter(k for k in kinds if k in DUE_MIX)),
        "not_due_mix": dict(Counter(k for k in kinds if k not in DUE_MIX)),
        "organizations": ORGANIZATIONS,
        "agents": ORGANIZATIONS * AGENTS_PER_ORG,
        "in_due_index": index_entries,
        "conversation_bytes": table_bytes,
        "seed_s": round(time.perf_counter() - started, 1),
        "build_items_s": round(build_s, 1),
        "put_items_s": round(put_s, 1),
    }


def sweep(stack) -> dict:
    """One sweep: the `sla` handler once per shard, as the state machine's Map calls it."""
    from switchboard.settings import settings

    shards = settings().sla_shards
    reports, shard_s = [], []
    with recording_calls() as calls:
        started = time.perf_counter()
        for shard in range(shards):
            t = time.perf_counter()
            reports.append(stack.invoke("sla", {"shard": shard}))
            shard_s.append(time.perf_counter() - t)
        wall = time.perf_counter() - started
    queries = [c for c in calls if c.get("due_query")]
    query_s = sum(c["s"] for c in queries)
    totals = {k: sum(r[k] for r in reports) for k in ("due", "acted", "skipped", "reindexed", "failed")}
    return {
        **totals,
        "due_index_items_returned": sum(c["count"] for c in queries),
        "due_index_scanned_count": sum(c["scanned"] for c in queries),
        "due_index_query_pages": len(queries),
        "due_index_bytes": sum(c["bytes"] for c in queries),
        "rcu": sum(c["rcu"] for c in queries),
        "moto_reported_consumed_capacity": sum(c["moto_consumed"] or 0 for c in queries),
        "dynamodb_requests": dict(Counter(c["operation"] for c in calls if c["service"] == "dynamodb")),
        "other_aws_calls": dict(Counter(f"{c['service']}:{c['operation']}" for c in calls if c["service"] != "dynamodb")),
        "wall_s": round(wall, 2),
        "due_query_s_in_moto": round(query_s, 2),
        "acting_s": round(wall - query_s, 2),
        "acting_ms_per_due": round((wall - query_s) * 1000 / totals["acted"], 2) if totals["acted"] else None,
        "slowest_shard_s": round(max(shard_s), 2),
    }


def measure(stack) -> dict:
    """Seed, sweep once (acts on every due conversation), sweep again right after (finds nothing)."""
    due = round(POPULATION * DUE_SHARE)
    stack.purge_conversations()
    stack.clock._now = stack.t0 + timedelta(days=60)  # after everything the other operations left behind
    now = stack.clock.now()
    seeded = seed(stack, now, POPULATION, due)
    first = sweep(stack)
    second = sweep(stack)
    if first["acted"] != due or first["failed"]:
        raise AssertionError(f"the first sweep should act on all {due} due conversations: {first}")
    if second["due"] or second["acted"]:
        raise AssertionError(f"the second sweep should find nothing due: {second}")
    scan_rcu = read_units(seeded["conversation_bytes"], False)
    return {
        "description": f"{POPULATION:,} conversations with a running clock (all in the Due index), "
                       f"{due:,} of them due; one sweep = the sla handler on each shard, then a second "
                       "sweep right after",
        "method": (__doc__ or "").strip().replace("\n", " "),
        "seeded": seeded,
        "first_sweep": first,
        "second_sweep": second,
        "read_ratio": round(first["due_index_scanned_count"] / due, 3),
        "for_comparison_scan_of_every_conversation_rcu": scan_rcu,
    }


def target(result: dict) -> dict:
    due = result["seeded"]["due"]
    read = result["first_sweep"]["due_index_scanned_count"]
    return {"name": f"SLA sweep over {result['seeded']['conversations']:,} conversations: Due items read "
                    f"per sweep with {due:,} due", "limit": round(TARGET_READ_RATIO * due),
            "measured": read, "pass": read <= TARGET_READ_RATIO * due}
