"""The measured operations: how each run's data is prepared, what is invoked, what must come back."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.stack import APP_ID, OA_ID, OA_SECRET, Stack, http_event, zalo_event


@dataclass
class Prepared:
    function: str
    event: dict
    check: Callable[[Any], None]
    after: Callable[[], None] | None = None


@dataclass(frozen=True)
class Operation:
    name: str
    description: str
    prepare: Callable[[Stack], Prepared]
    purge_each_run: bool = False
    runs: int | None = None  # timed runs, when the default is too many for a heavy operation
    per: int = 1  # conversations handled per run: the figures are also given divided by this


# ---------------------------------------------------------------- building blocks


def _user() -> str:
    return f"u-{uuid.uuid4().hex[:12]}"


def _ok(status: int = 200) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        if result.get("statusCode") != status:
            raise AssertionError(f"expected {status}, got {result.get('statusCode')}: {result.get('body')}")

    return check


def _stored(result: Any) -> None:
    _ok()(result)
    body = json.loads(result["body"])
    if body.get("stored") != 1:
        raise AssertionError(f"the webhook stored nothing: {body}")


def _no_batch_failures(result: Any) -> None:
    if result.get("batchItemFailures"):
        raise AssertionError(f"batch failures: {result}")


def new_conversation(stack: Stack, user: str) -> str:
    result = stack.invoke("ingest", zalo_event(user, "Xin chao"))
    _stored(result)
    return json.loads(result["body"])["conversation_ids"][0]


def assigned_conversation(stack: Stack, user: str) -> tuple[str, str]:
    cid = new_conversation(stack, user)
    records = stack.receive(stack.assign_url)
    _no_batch_failures(stack.invoke("assign", {"Records": records}))
    conv = stack.conversation(cid)
    if conv.assignee_id is None:
        raise AssertionError(f"automatic assignment assigned nobody: {conv.status}")
    return cid, conv.assignee_id


def reply_event(stack: Stack, cid: str, agent: str, text: str = "Chao ban!") -> dict:
    return http_event(
        "POST", "/conversations/{conversation_id}/messages", f"/conversations/{cid}/messages", {"text": text},
        claims=stack.claims(agent), params={"conversation_id": cid},
    )


def replied_conversation(stack: Stack, user: str) -> tuple[str, str]:
    cid, agent = assigned_conversation(stack, user)
    _ok(201)(stack.invoke("reply", reply_event(stack, cid, agent)))
    stack.drain_queues()
    return cid, agent


# ---------------------------------------------------------------- operations


def _ingest_new(stack: Stack) -> Prepared:
    stack.drain_queues()
    return Prepared("ingest", zalo_event(_user(), "Xin chao"), _stored, stack.drain_queues)


def _ingest_existing_waiting(stack: Stack) -> Prepared:
    user = _user()
    assigned_conversation(stack, user)
    return Prepared("ingest", zalo_event(user, "Are you there?"), _stored, stack.drain_queues)


# 80 characters of Vietnamese with its diacritics: the longest preview a conversation keeps, in bytes.
LONG_VIETNAMESE = (
    "Chào shop, mình đặt đơn hàng hôm qua nhưng chưa thấy cập nhật trạng thái giao hàng, "
    "shop kiểm tra giúp mình với ạ. Cảm ơn shop nhiều!"
)


def _ingest_existing_long_text(stack: Stack) -> Prepared:
    user = _user()
    assigned_conversation(stack, user)
    return Prepared("ingest", zalo_event(user, LONG_VIETNAMESE), _stored, stack.drain_queues)


def _ingest_existing_cold_cache(stack: Stack) -> Prepared:
    from aws_lambda_powertools.utilities import parameters
    from switchboard import wiring

    prepared = _ingest_existing_waiting(stack)
    wiring.directory().forget()
    parameters.clear_caches()  # the channel secret, cached by Powertools for 30 s
    return prepared


def _ingest_after_reply(stack: Stack) -> Prepared:
    user = _user()
    replied_conversation(stack, user)
    return Prepared("ingest", zalo_event(user, "Thanks, one more question"), _stored, stack.drain_queues)


def _ingest_existing_queued(stack: Stack) -> Prepared:
    user = _user()
    new_conversation(stack, user)
    stack.drain_queues()  # nobody assigns it: it stays in the queue
    return Prepared("ingest", zalo_event(user, "Hello?"), _stored, stack.drain_queues)


def _assign(stack: Stack) -> Prepared:
    stack.drain_queues()
    cid = new_conversation(stack, _user())
    records = stack.receive(stack.assign_url)
    if len(records) != 1:
        raise AssertionError(f"expected one assign message, got {len(records)}")

    def check(result: Any) -> None:
        _no_batch_failures(result)
        if stack.conversation(cid).assignee_id is None:
            raise AssertionError("not assigned")

    return Prepared("assign", {"Records": records}, check, stack.drain_queues)


DRAIN_SIZE = 50
BATCH_SIZE = 10


def _assign_batch(stack: Stack) -> Prepared:
    """Ten arrivals' assign records in one SQS batch, as Lambda hands them over under load."""
    stack.drain_queues()
    arrived = [new_conversation(stack, _user()) for _ in range(BATCH_SIZE)]
    records = stack.receive(stack.assign_url)
    if len(records) != BATCH_SIZE:
        raise AssertionError(f"expected {BATCH_SIZE} assign messages, got {len(records)}")

    def check(result: Any) -> None:
        _no_batch_failures(result)
        if any(stack.conversation(cid).assignee_id is None for cid in arrived):
            raise AssertionError("not every arrival was assigned")

    return Prepared("assign", {"Records": records}, check, stack.drain_queues)



def _drain_50(stack: Stack) -> Prepared:
    """50 conversations wait while nobody accepts; then both agents accept and one drain gives them out."""
    from switchboard import wiring

    stack.drain_queues()
    stack.heartbeat()
    for agent in stack.agents:
        wiring.agents().update_profile(stack.org_id, agent, {"accepting": False})
    waiting = [new_conversation(stack, _user()) for _ in range(DRAIN_SIZE)]
    stack.drain_queues()  # their assign messages would find nobody; the drain below is what counts
    for agent in stack.agents:
        wiring.agents().update_profile(stack.org_id, agent, {"accepting": True})
    wiring.assign_queue().drain(stack.org_id, reason="bench")
    records = stack.receive(stack.assign_url)

    def check(result: Any) -> None:
        _no_batch_failures(result)
        unassigned = [cid for cid in waiting if stack.conversation(cid).assignee_id is None]
        if unassigned:
            raise AssertionError(f"{len(unassigned)} of {DRAIN_SIZE} still waiting after the drain")

    return Prepared("assign", {"Records": records}, check, stack.drain_queues)


def _drain_after_close(stack: Stack) -> Prepared:
    """The drain record a close sends when it frees the agent's capacity, with nobody waiting in the queue."""
    from switchboard import wiring

    stack.drain_queues()
    stack.heartbeat()
    wiring.assign_queue().drain(stack.org_id, reason="capacity freed")
    records = stack.receive(stack.assign_url)
    if len(records) != 1:
        raise AssertionError(f"expected one drain message, got {len(records)}")
    return Prepared("assign", {"Records": records}, _no_batch_failures, stack.drain_queues)


def _notify_first_contact(stack: Stack) -> Prepared:
    from switchboard.adapters.events import SOURCE

    cid, agent = assigned_conversation(stack, _user())
    event = {"source": SOURCE, "detail-type": "conversation.first_contact",
             "detail": {"org_id": stack.org_id, "conversation_id": cid, "assignee_id": agent}}

    def check(result: Any) -> None:
        if not result.get("sent"):
            raise AssertionError(f"the first contact was emailed to nobody: {result}")

    return Prepared("notify", event, check)


def _reply(stack: Stack) -> Prepared:
    cid, agent = assigned_conversation(stack, _user())
    return Prepared("reply", reply_event(stack, cid, agent), _ok(201), stack.drain_queues)


def _reply_again(stack: Stack) -> Prepared:
    cid, agent = replied_conversation(stack, _user())
    return Prepared("reply", reply_event(stack, cid, agent, "Con gi nua khong a?"), _ok(201), stack.drain_queues)


def _close(stack: Stack) -> Prepared:
    cid, agent = assigned_conversation(stack, _user())
    event = http_event(
        "POST", "/conversations/{conversation_id}/close", f"/conversations/{cid}/close", {},
        claims=stack.claims(agent), params={"conversation_id": cid},
    )
    return Prepared("close", event, _ok(), stack.drain_queues)


def _decline(stack: Stack) -> Prepared:
    cid, agent = assigned_conversation(stack, _user())
    event = http_event(
        "POST", "/conversations/{conversation_id}/decline", f"/conversations/{cid}/decline",
        {"text": "Xin loi, chung toi khong the giup"}, claims=stack.claims(agent), params={"conversation_id": cid},
    )
    return Prepared("close", event, _ok(), stack.drain_queues)


def _deliver(stack: Stack) -> Prepared:
    cid, agent = assigned_conversation(stack, _user())
    _ok(201)(stack.invoke("reply", reply_event(stack, cid, agent)))
    records = stack.receive(stack.outbound_url)
    return Prepared("deliver", {"Records": records}, _no_batch_failures, stack.drain_queues)


CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "channels" / "zalo"


def _zalo_documented(name: str, user: str, **message) -> dict:
    """A documented Zalo event of the corpus (tests/fixtures/channels) for the bench's OA and `user`, signed."""
    text = json.dumps(json.loads((CORPUS / f"{name}.json").read_text())["body"])
    body = json.loads(text.replace("<OA_ID>", OA_ID).replace("<USER_ID>", user).replace("<APP_ID>", APP_ID))
    body["message"].update(message)
    raw = json.dumps(body)
    mac = hashlib.sha256(APP_ID.encode() + raw.encode() + body["timestamp"].encode() + OA_SECRET.encode()).hexdigest()
    return http_event("POST", "/webhooks/zalo", "/webhooks/zalo", raw=raw, headers={"x-zevent-signature": f"mac={mac}"})


def _delivered_reply(stack: Stack) -> str:
    """A customer who wrote and the agent's answer, sent to the channel (the bench's sink answers the id "x")."""
    user = _user()
    cid, agent = assigned_conversation(stack, user)
    _ok(201)(stack.invoke("reply", reply_event(stack, cid, agent)))
    _no_batch_failures(stack.invoke("deliver", {"Records": stack.receive(stack.outbound_url)}))
    return user


def _answered(key: str, value: int) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        _ok()(result)
        body = json.loads(result["body"])
        if body.get(key) != value:
            raise AssertionError(f"expected {key} {value}: {body}")

    return check


def _ingest_receipt(stack: Stack) -> Prepared:
    user = _delivered_reply(stack)
    return Prepared("ingest", _zalo_documented("user_received_message", user, msg_ids=["x"]), _answered("applied", 1),
                    stack.drain_queues)


def _ingest_echo_own(stack: Stack) -> Prepared:
    user = _delivered_reply(stack)
    return Prepared("ingest", _zalo_documented("oa_send_text", user, msg_id="x", text="Chao ban!"),
                    _answered("duplicates", 1), stack.drain_queues)


def _ingest_echo_from_app(stack: Stack) -> Prepared:
    user = _delivered_reply(stack)
    return Prepared("ingest", _zalo_documented("oa_send_text", user, msg_id=f"z-{uuid.uuid4().hex}"),
                    _answered("stored", 1), stack.drain_queues)


def _sla_sweep(stack: Stack) -> Prepared:
    from switchboard.ids import shard_of

    stack.reset_clock()
    stack.heartbeat()
    cid, _ = assigned_conversation(stack, _user())
    stack.drain_queues()
    stack.advance(hours=20, minutes=1)  # past the expiring warning (20 h), before takeover (48 h)

    def check(report: Any) -> None:
        if report.get("due") != 1 or report.get("acted") != 1:
            raise AssertionError(f"expected one due conversation acted on, got {report}")

    def after() -> None:
        stack.reset_clock()
        stack.drain_queues()

    return Prepared("sla", {"shard": shard_of(cid, 8)}, check, after)


REPORT_DAYS = 7


def _fill_service_counters(stack: Stack) -> None:
    """Every day of the window, every shard, for the organization and agent0 (its own counters and the
    organization's share), with every counter
    and every first-response bucket: the largest report the window can hold (once per stack)."""
    if getattr(stack, "_service_counters_filled", False):
        return
    from pynamodb.transactions import TransactWrite

    from switchboard.reports import counts
    from switchboard.reports.counts import ServiceCount
    from switchboard.store.connection import dynamo_connection
    from switchboard.store.stats import STATS_SHARDS, count_update

    names = [counts.RECEIVED, counts.WAITS_ENDED, counts.ANSWERED_24H, counts.LATE, counts.RATED, counts.SATISFIED]
    names += [f"{counts.FRT_PREFIX}{b}" for b in counts.FRT_BUCKETS]
    today = stack.clock.now().date()
    for back in range(REPORT_DAYS):
        day = today - timedelta(days=back)
        for shard_key in _one_conversation_per_shard(STATS_SHARDS):
            with TransactWrite(connection=dynamo_connection()) as tx:
                every = tuple((n, 3) for n in names)
                count_update(tx, ServiceCount(stack.org_id, None, day, shard_key, every))
                # the agent's own counters and the organization's share of them, on one item
                count_update(tx, ServiceCount(stack.org_id, stack.agents[0], day, shard_key, every, org_deltas=every))
    stack._service_counters_filled = True


def _one_conversation_per_shard(shards: int) -> list[str]:
    from switchboard.ids import shard_of

    found: dict[int, str] = {}
    i = 0
    while len(found) < shards:
        found.setdefault(shard_of(f"cv-bench-{i}", shards), f"cv-bench-{i}")
        i += 1
    return list(found.values())


def _report(stack: Stack, *, agent: bool) -> Prepared:
    _fill_service_counters(stack)
    event = http_event("GET", "/reports/service", "/reports/service", claims=stack.claims(stack.owner))
    if agent:
        event["rawQueryString"] = f"agent_id={stack.agents[0]}&days={REPORT_DAYS}"
        event["queryStringParameters"] = {"agent_id": stack.agents[0], "days": str(REPORT_DAYS)}

    def check(result: Any) -> None:
        _ok()(result)
        body = json.loads(result["body"])
        # 3 per shard filled today, plus what the other operations counted for real
        if body.get("received_today", 0) < 3 * 4 or body.get("first_response_seconds_median") is None:
            raise AssertionError(f"the report did not read the whole window: {body}")

    return Prepared("console", event, check)


OPERATIONS = [
    Operation("ingest_new_conversation", "webhook, new contact: conversation + contact + message created, "
              "assign message queued", _ingest_new),
    Operation("ingest_existing_waiting", "webhook, assigned open conversation whose customer is still waiting "
              "(the hot path)", _ingest_existing_waiting),
    Operation("ingest_existing_after_reply", "webhook, conversation awaiting the customer after an agent reply "
              "(the response clock restarts)", _ingest_after_reply),
    Operation("ingest_existing_queued", "webhook, conversation still unassigned in the queue (extra row)",
              _ingest_existing_queued),
    Operation("ingest_existing_waiting_long_text", "the hot path with a long Vietnamese message (an 80-character "
              "preview of multi-byte text is stored on the conversation; extra row)", _ingest_existing_long_text),
    Operation("ingest_existing_waiting_cold_cache", "the hot path right after the container's 30 s connection / "
              "settings / secret cache expired (extra row)", _ingest_existing_cold_cache),
    Operation("assign_automatic", "one assign SQS record for a new conversation, round robin over 2 online agents",
              _assign),
    Operation("assign_batch_of_10", f"one SQS batch of {BATCH_SIZE} assign records for new conversations, round "
              "robin over 2 online agents (one routing pass for the batch)", _assign_batch, runs=10, per=BATCH_SIZE),
    Operation("assign_drain_50", f"one drain SQS record giving {DRAIN_SIZE} queued conversations to 2 agents who "
              "just started accepting, oldest first, round robin", _drain_50, purge_each_run=True, runs=5,
              per=DRAIN_SIZE),
    Operation("assign_drain_after_close", "the drain SQS record a close sends when it frees an agent's capacity "
              "and the counters say someone waits, handled with nobody left waiting (extra row)", _drain_after_close,
              purge_each_run=True),
    Operation("notify_first_contact", "the bus's conversation.first_contact event for an assigned conversation: "
              "emails as the organization's setting says (default: the owners and the assignee)", _notify_first_contact),
    Operation("reply", "POST /conversations/{id}/messages by the assignee", _reply),
    Operation("reply_again", "POST /conversations/{id}/messages by the assignee, nobody waiting (a second reply "
              "in a row: appended without the version condition; extra row)", _reply_again),
    Operation("close", "POST /conversations/{id}/close by the assignee, nobody waiting in the queue (no drain)", _close,
              purge_each_run=True),
    Operation("decline", "POST /conversations/{id}/decline by the assignee: message, close and work items in one "
              "write, then the outbound queue", _decline),
    Operation("deliver", "one outbound SQS record sent to the Zalo API sink (extra row)", _deliver),
    Operation("ingest_receipt", "webhook, Zalo user_received_message for the agent's sent answer: moved to delivered "
              "(a read receipt costs the same)", _ingest_receipt),
    Operation("ingest_echo_own", "webhook, Zalo oa_send_text echoing the agent's answer we sent: recognized, not "
              "stored again", _ingest_echo_own),
    Operation("ingest_echo_from_app", "webhook, Zalo oa_send_text for a message the seller sent from Zalo's own "
              "tools: stored once as outbound (extra row)", _ingest_echo_from_app),
    Operation("sla_sweep_one_shard", "sla {shard: n} with exactly one due conversation (expiring warning)",
              _sla_sweep, purge_each_run=True),
    Operation("report_service_org_7_days", "GET /reports/service by the owner: the organization's 7-day window, "
              "every day and counter shard filled (the largest a week can be)", lambda s: _report(s, agent=False)),
    Operation("report_service_agent_7_days", "GET /reports/service?agent_id=&days=7 by the owner, every day and "
              "counter shard filled", lambda s: _report(s, agent=True)),
]
