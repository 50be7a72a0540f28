"""The console's lists against the size of the inbox: one organization with 10,000 conversations.

The claim under test (issue 4): a view or a search reads a number of items that grows with
what it returns, not with the size of the inbox. The organization holds 10,000 conversations
(most closed, some queued, escalated, and an agent's own), seeded as in sweep_scale: built
as domain conversations and turned into items by the repository's own mapping, with their
search terms, put into moto's backend directly. Each request then goes through the console
handler while the capacity meter prices every DynamoDB call by AWS's rules.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from datetime import timedelta
from unittest import mock

from tests.bench.stack import http_event

POPULATION = int(os.environ.get("BENCH_INBOX_POPULATION", "10000"))
MINE, QUEUED, ESCALATED = 40, 600, 300  # the rest is history
SEARCHED_NAME = "Phượng"  # one contact in 500 carries it
FIRST_NAMES = ("Lan", "Minh", "Hoa", "Tuấn", "Mai", "Hùng", "Linh", "Dũng", "Trang", "Nam")
LAST_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")


def _conversation(index: int, org_id: str, connection_id: str, agent_id: str, now):
    from switchboard.models import Channel, CloseReason, ContactSnapshot, Conversation, Escalation, SlaSettings, Status
    from switchboard.sla.policy import deadlines_from

    at = now - timedelta(minutes=POPULATION - index)
    if index < MINE:
        status, assignee = Status.OPEN, agent_id
    elif index < MINE + QUEUED:
        status, assignee = Status.UNASSIGNED, None
    elif index < MINE + QUEUED + ESCALATED:
        status, assignee = Status.ESCALATED, None
    else:
        status, assignee = Status.CLOSED, agent_id
    waiting = status != Status.CLOSED and index % 3 != 0
    first = SEARCHED_NAME if index % 500 == 7 else FIRST_NAMES[index % len(FIRST_NAMES)]
    name = f"{LAST_NAMES[index % len(LAST_NAMES)]} {first}"
    return Conversation(
        org_id=org_id, conversation_id=f"cv_inbox_{index:010d}", connection_id=connection_id, channel=Channel.WEB,
        contact=ContactSnapshot(contact_id=f"ct_inbox_{index:010d}", channel_user_id=f"u{index}", name=name,
                                store_name=f"{first} Shop", store_url=f"https://shop{index}.example"),
        status=status, assignee_id=assignee, unread=index % 4 == 0,
        close_reason=CloseReason.RESOLVED if status == Status.CLOSED else None,
        closed_at=at if status == Status.CLOSED else None,
        waiting_since=at if waiting else None, last_message_at=at, last_message_preview="Cho mình hỏi đơn hàng",
        deadlines=deadlines_from(at, SlaSettings()) if waiting else deadlines_from(at, SlaSettings()).model_copy(
            update={"expiring_at": None, "takeover_at": None, "auto_close_at": None}),
        escalation=Escalation(reason="appeal", at=at) if status == Status.ESCALATED else None,
        order={"id": f"ORD-{index:06d}"}, created_at=at,
    )


def seed(stack, now) -> dict:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    from switchboard import wiring
    from switchboard.inbox.counters import facets
    from switchboard.inbox.search import search_terms
    from switchboard.onboarding import create_organization
    from switchboard.settings import settings
    from switchboard.store import keys
    from switchboard.store.conversations import COUNTER_SHARDS, ConversationRepository
    from switchboard.ids import shard_of
    from switchboard.store.table import SearchTermItem

    started = time.perf_counter()
    org = create_organization(name="Inbox at scale")
    owner = org.owner_agent_id
    connection_id = "cn_inbox_scale"
    repository = ConversationRepository(settings().sla_shards)
    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][stack.raw.meta.region_name]
    table = stack.function_env["TABLE_NAME"]
    shards: list[Counter] = [Counter() for _ in range(COUNTER_SHARDS)]
    terms = 0
    with mock.patch.object(LimitedSizeDict, "__setitem__", dict.__setitem__):  # see sweep_scale.seed
        for i in range(POPULATION):
            conv = _conversation(i, org.org_id, connection_id, owner, now)
            conv = conv.model_copy(update={"counted_in": facets(conv)})
            backend.put_item(table, repository._conversation_item(conv).serialize())
            shards[shard_of(conv.conversation_id, COUNTER_SHARDS)].update(conv.counted_in)
            for term in search_terms(conv):
                item = SearchTermItem(keys.search_pk(org.org_id, term), keys.search_sk(term, conv.conversation_id),
                                      conversation_id=conv.conversation_id)
                backend.put_item(table, item.serialize())
                terms += 1
        for n, counts in enumerate(shards):
            item = {"PK": {"S": keys.org_pk(org.org_id)}, "SK": {"S": keys.counter_sk(n)}}
            item.update({name: {"N": str(v)} for name, v in counts.items()})
            backend.put_item(table, item)
    wiring.agents().update_profile(org.org_id, owner, {"load": MINE, "capacity": 100})
    return {"org_id": org.org_id, "owner": owner, "conversations": POPULATION, "search_terms": terms,
            "mine": MINE, "queued": QUEUED, "escalated": ESCALATED, "history": POPULATION - MINE - QUEUED - ESCALATED,
            "seed_s": round(time.perf_counter() - started, 1)}


def _get(stack, path: str, query: dict, claims: dict) -> dict:
    event = http_event("GET", path, path, claims=claims)
    event["queryStringParameters"] = {k: str(v) for k, v in query.items()}
    event["rawQueryString"] = "&".join(f"{k}={v}" for k, v in query.items())
    return event


REQUESTS = {
    "all_first_page": ("/conversations", {"view": "all", "limit": 50}),
    "history_first_page": ("/conversations", {"view": "history", "limit": 50}),
    "mine": ("/conversations", {"view": "mine", "limit": 50}),
    "queue_filter_unread": ("/conversations", {"view": "unassigned", "filter": "unread", "limit": 50}),
    "all_category_filter": ("/conversations", {"view": "all", "category": "pre_purchase", "limit": 50}),
    "search_name": ("/conversations", {"view": "history", "q": "phuong", "limit": 50}),
    "search_order_id": ("/conversations", {"view": "history", "q": "ord-009871", "limit": 50}),
    "inbox_counts": ("/inbox/counts", {}),
}


def measure(stack, meter) -> dict:
    """Seed one organization of POPULATION conversations, then price each list request three times."""
    from tests.bench.capacity import summarize

    stack.clock._now = stack.t0 + timedelta(days=120)
    seeded = seed(stack, stack.clock.now())
    claims = {"custom:agent_id": seeded["owner"], "custom:org_id": seeded["org_id"]}
    rows = {}
    for name, (path, query) in REQUESTS.items():
        times = []
        for _ in range(3):
            meter.start(detailed=True)
            started = time.perf_counter()
            try:
                result = stack.invoke("console", _get(stack, path, query, claims))
            finally:
                elapsed = (time.perf_counter() - started) * 1000
                meter.stop()
            if result.get("statusCode") != 200:
                raise AssertionError(f"{name}: {result.get('statusCode')} {result.get('body')}")
            times.append(elapsed)
        body = json.loads(result["body"])
        rcu, _, approximate = meter.totals()
        rows[name] = {
            "query": query,
            "returned": len(body.get("items", [])),
            "dynamodb_requests": len(meter.dynamodb_operations()),
            "operations": meter.dynamodb_operations(),
            "rcu": rcu,
            "calls": summarize(meter.charges)["calls"],
            "median_ms": round(sorted(times)[1], 1),
            **({"capacity_approximate": True} if approximate else {}),
        }
    return {"description": f"one organization with {POPULATION:,} conversations; GET requests through the console "
                           "handler, priced by the capacity meter", "method": (__doc__ or "").strip().replace("\n", " "),
            "seeded": seeded, "requests": rows}
