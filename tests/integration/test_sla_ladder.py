"""The response-time ladder on every channel and every status, through the real sweep and repository on moto.

Warning at 20 h, takeover at 48 h, auto-close at 7 days, replies locked 30 days after the close: each once, at
its time, whether the sweep runs every 30 minutes or once after 8 days; the inbox counters stay equal to a
recount and every load held by a conversation the sweep takes away is released.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.api.closing import close_deps
from switchboard.conversations.closing import appeal
from switchboard.ids import contact_id_for, conversation_id_for, shard_of
from switchboard.connections import connect_channel
from switchboard.models import Channel, ConnectionMode, Status, holds_load
from switchboard.onboarding import add_agent, change_settings
from switchboard.routing.manual import assign_manually
from switchboard.settings import settings
from switchboard.sla.sweep import SweepDeps, sweep_shard
from tests.e2e.channels import messenger_text, signed_message, zalo_text
from tests.integration.support import claims_for, domain_of, http_event, invoke, new_org
from tests.integration.test_inbox_counts_search import recount
from tests.integration.test_sla import FAR_FUTURE, RecordingQueue

SECRET = "ladder-secret"
# Every conversation of these tests is placed in one Due shard, so sweeping every 30 minutes for 8 days is 384
# queries of that shard rather than 8 times as many of shards holding none of them (the other shards' sweeps
# are the same code on other keys).
SHARD = 5
STEP = timedelta(minutes=30)
EIGHT_DAYS = timedelta(days=8)
WARN, TAKE_OVER, CLOSE = timedelta(hours=20), timedelta(hours=48), timedelta(days=7)
STATUSES = (Status.OPEN, Status.AWAITING_CUSTOMER, Status.ESCALATED, Status.UNASSIGNED)
# Every channel; the signed ones both with a marketplace ticket's category and without.
KINDS = (
    (Channel.ZALO, None), (Channel.MESSENGER, None),
    (Channel.WEB, None), (Channel.WEB, "pre_purchase"),
    (Channel.PARTNER, None), (Channel.PARTNER, "post_purchase_support"),
    (Channel.MARKETPLACE, None), (Channel.MARKETPLACE, "post_purchase_ticket"),
)


@dataclass(frozen=True)
class Case:
    conversation_id: str
    channel: Channel
    category: str | None
    status: Status  # what it was when the clock started to run

    def __str__(self) -> str:
        return f"{self.channel.value}/{self.category or '-'}/{self.status.value}"


class TimedBus:
    """The bus, recording when each event was published on the test's clock."""

    def __init__(self, clock):
        self.clock = clock
        self.events: list[tuple[str, str, datetime]] = []

    def publish(self, detail_type, detail):
        self.events.append((detail_type, detail["conversation_id"], self.clock.now()))


class Shop:
    """One organization with an agent of every channel's conversations, a takeover agent, and every connection."""

    def __init__(self, clock, *, takeover_agent: bool):
        self.clock = clock
        self.owner, (self.agent,), zalo, self.oa_id = new_org(1, capacity=100, online=False)
        self.support = None
        if takeover_agent:
            self.support = add_agent(self.owner, {"email": f"support@{domain_of(self.owner.org_id)}", "nickname": "support",
                                                  "role": "supervisor"}, agents=wiring.agents(), users=wiring.users(),
                                     clock=clock)
            change_settings(self.owner, {"takeover_agent_id": self.support.agent_id},
                            organizations=wiring.organizations(), agents=wiring.agents())
        self.connections = {Channel.ZALO: zalo}
        for channel, credentials in (
            (Channel.MESSENGER, {"app_secret": SECRET, "verify_token": uuid.uuid4().hex, "page_access_token": "t"}),
            (Channel.WEB, {"signing_secret": SECRET}), (Channel.PARTNER, {"signing_secret": SECRET}),
            (Channel.MARKETPLACE, {"signing_secret": SECRET}),
        ):
            self.connections[channel] = connect_channel(
                self.owner, channel=channel, name=channel.value, external_id=f"{channel.value}-{uuid.uuid4().hex[:8]}",
                credentials=credentials, mode=ConnectionMode.SHARED, rule_id=None, connections=wiring.connections(),
                rules=wiring.rules(), secrets=wiring.secret_store(), clock=clock,
            )
        wiring.directory().forget()

    def write(self, channel: Channel, category: str | None) -> str:
        """A new customer writes on `channel` (a ticket of `category`); nobody is online, so it waits in the queue."""
        conn = self.connections[channel]
        user = next(u for u in (f"u-{uuid.uuid4().hex[:10]}" for _ in range(1000))
                    if shard_of(conversation_id_for(contact_id_for(conn.connection_id, u)), settings().sla_shards) == SHARD)
        if channel == Channel.ZALO:
            body, headers = zalo_text(app_id="app", secret="secret", oa_id=self.oa_id, user_id=user, text="Hello?")
            path, route, params = "/webhooks/zalo", None, {}
        elif channel == Channel.MESSENGER:
            body, headers = messenger_text(app_secret=SECRET, page_id=conn.external_id, user_id=user, text="Hello?")
            path, route, params = "/webhooks/messenger", None, {}
        else:
            ticket = {"id": f"t-{user}", "category": category} if category else None
            body, headers = signed_message(secret=SECRET, contact={"id": user, "name": user}, text="Hello?", ticket=ticket)
            path = f"/webhooks/{channel.value}/{conn.connection_id}"
            route, params = "/webhooks/{channel}/{connection_id}", {"channel": channel.value, "connection_id": conn.connection_id}
        response = invoke("ingest", http_event("POST", path, route=route, body=body, headers=headers, path_params=params))
        assert response["statusCode"] == 200, response
        return json.loads(response["body"])["conversation_ids"][0]

    def bring_to(self, conversation_id: str, status: Status) -> None:
        """From the queue to `status`, the customer still waiting (but for awaiting_customer: answered)."""
        if status == Status.UNASSIGNED:
            return
        assign_manually(self.owner, conversation_id, self.agent.agent_id, routing_deps())
        if status == Status.ESCALATED:
            appeal(self.agent, conversation_id, "the platform must decide", close_deps())
        elif status == Status.AWAITING_CUSTOMER:
            assert self.reply(conversation_id) == 201

    def reply(self, conversation_id: str) -> int:
        path = f"/conversations/{conversation_id}/messages"
        response = invoke("reply", http_event("POST", path, route="/conversations/{conversation_id}/messages",
                                              body={"text": "On it"}, claims=claims_for(self.owner),
                                              path_params={"conversation_id": conversation_id}))
        return response["statusCode"]

    def every_case(self) -> list[Case]:
        cases = []
        for channel, category in KINDS:
            for status in STATUSES:
                conversation_id = self.write(channel, category)
                self.bring_to(conversation_id, status)
                cases.append(Case(conversation_id, channel, category, status))
        for case in cases:
            assert self.conversation(case).status == case.status, case
        return cases

    def conversation(self, case: Case):
        return wiring.conversations().get(self.owner.org_id, case.conversation_id)

    def counters_match_a_recount(self, cases: list[Case]) -> None:
        stored = {k: v for k, v in wiring.conversations().counter_totals(self.owner.org_id).items() if v}
        assert stored == recount(self.owner.org_id, {c.conversation_id for c in cases})

    def loads_match_what_each_agent_holds(self, cases: list[Case]) -> None:
        held: dict[str, int] = {}
        for case in cases:
            conv = self.conversation(case)
            if holds_load(conv.assignee_id, conv.status):
                held[conv.assignee_id] = held.get(conv.assignee_id, 0) + 1
        for agent in wiring.agents().list(self.owner.org_id):
            assert agent.load == held.get(agent.agent_id, 0), agent.nickname


def _sweeper(shop: Shop, cases: list[Case]):
    bus, queue = TimedBus(shop.clock), RecordingQueue()
    deps = SweepDeps(conversations=wiring.conversations(), organizations=wiring.organizations(), events=bus,
                     assign_queue=queue, clock=shop.clock)
    assert {shard_of(c.conversation_id, settings().sla_shards) for c in cases} == {SHARD}

    def sweep() -> int:
        """The shard holding the cases, as one SlaSweep execution sweeps it; returns how many actions failed."""
        return sweep_shard(SHARD, deps).failed

    return sweep, bus, queue


def _in_due_index(case: Case, clock) -> bool:
    shard = shard_of(case.conversation_id, settings().sla_shards)
    return any(e.conversation_id == case.conversation_id
               for e in wiring.conversations().due(shard, clock.now() + FAR_FUTURE, limit=10_000))


def _announced(bus: TimedBus, case: Case) -> list[tuple[str, datetime]]:
    return [(kind, at) for kind, cid, at in bus.events if cid == case.conversation_id]


def test_the_ladder_in_30_minute_steps_acts_once_at_each_deadline_on_every_channel_and_status(aws, clock):
    # Given a shop with a takeover agent and, on every channel (with and without a ticket category), a customer
    # waiting in each status: open with the agent, answered (awaiting the customer), appealed (escalated), queued
    shop = Shop(clock, takeover_agent=True)
    start = clock.now()
    cases = shop.every_case()
    shop.counters_match_a_recount(cases)
    sweep, bus, queue = _sweeper(shop, cases)

    # When the sweep runs every 30 minutes for 8 days, the counters and loads checked whenever something acted
    failures = 0
    while clock.now() < start + EIGHT_DAYS:
        clock.advance(STEP.total_seconds())
        acted_before = len(bus.events)
        failures += sweep()
        if len(bus.events) != acted_before or clock.now() - start == CLOSE:
            shop.counters_match_a_recount(cases)
            shop.loads_match_what_each_agent_holds(cases)

    # Then no action failed
    assert failures == 0
    for case in cases:
        conv = shop.conversation(case)
        if case.status == Status.AWAITING_CUSTOMER:
            # And the answered ones, whose customer has the next word, were left alone with their agent
            assert _announced(bus, case) == [], case
            assert (conv.status, conv.assignee_id) == (Status.AWAITING_CUSTOMER, shop.agent.agent_id), case
            assert not _in_due_index(case, clock), case
            continue
        # And every waiting one was warned once at 20 h and taken over once at 48 h
        assert _announced(bus, case) == [("conversation.expiring", start + WARN),
                                         ("conversation.taken_over", start + TAKE_OVER)], case
        # And closed for timeout at 7 days, replies locked 30 days on, out of the Due index
        assert (conv.status, conv.close_reason) == (Status.CLOSED, "timeout"), case
        assert conv.closed_at == start + CLOSE, case
        assert conv.deadlines.reply_locked_at == start + CLOSE + timedelta(days=30), case
        assert conv.expiring_warned is False and conv.taken_over is True, case
        assert conv.previous_assignee_id == (shop.agent.agent_id if case.status != Status.UNASSIGNED else None), case
        assert not _in_due_index(case, clock), case
    # And the counters equal a recount, every load is what its agent holds (the agent's open ones released at the
    # takeover, the takeover agent holding none), and the queue was woken when capacity was freed
    shop.counters_match_a_recount(cases)
    shop.loads_match_what_each_agent_holds(cases)
    assert wiring.agents().get(shop.owner.org_id, shop.agent.agent_id).load == len(KINDS)  # the answered ones
    assert shop.owner.org_id in queue.drains


def test_one_8_day_jump_closes_every_waiting_conversation_once_on_every_channel_and_status(aws, clock):
    # Given a shop without a takeover agent and, on every channel and in every status, a waiting customer
    shop = Shop(clock, takeover_agent=False)
    start = clock.now()
    cases = shop.every_case()
    sweep, bus, queue = _sweeper(shop, cases)

    # When the first sweep runs 8 days later, and another right after it
    clock.advance(EIGHT_DAYS.total_seconds())
    assert sweep() == 0
    drained_by_the_first = queue.drains.count(shop.owner.org_id)
    assert sweep() == 0

    # Then every waiting conversation was closed for timeout once, at the sweep, with nothing announced: the close
    # supersedes the warning and the takeover it is past
    for case in cases:
        conv = shop.conversation(case)
        assert _announced(bus, case) == [], case
        if case.status == Status.AWAITING_CUSTOMER:
            assert conv.status == Status.AWAITING_CUSTOMER, case
            continue
        assert (conv.status, conv.close_reason, conv.closed_at) == (Status.CLOSED, "timeout", start + EIGHT_DAYS), case
        assert conv.deadlines.reply_locked_at == start + EIGHT_DAYS + timedelta(days=30), case
        assert not _in_due_index(case, clock), case
    # And the counters equal a recount and the open ones' loads were released, once
    shop.counters_match_a_recount(cases)
    shop.loads_match_what_each_agent_holds(cases)
    assert wiring.agents().get(shop.owner.org_id, shop.agent.agent_id).load == len(KINDS)
    assert drained_by_the_first == queue.drains.count(shop.owner.org_id) == 1  # the second sweep found nothing to do


# Channels whose own messaging window does not end first (Zalo's and Messenger's do: messaging_window.py).
@pytest.mark.parametrize("channel,category", [(Channel.MARKETPLACE, "post_purchase_ticket"), (Channel.WEB, None)])
def test_replies_to_a_conversation_closed_by_the_sweep_lock_30_days_after_the_close(aws, clock, channel, category):
    # Given a waiting customer whose conversation the sweep closed for timeout after 7 days
    shop = Shop(clock, takeover_agent=False)
    case = Case(shop.write(channel, category), channel, category, Status.UNASSIGNED)
    sweep, *_ = _sweeper(shop, [case])
    clock.advance(CLOSE.total_seconds())
    assert sweep() == 0
    closed_at = shop.conversation(case).closed_at
    assert closed_at == clock.now()

    # When an agent answers 29 days after the close / Then the reply is accepted
    clock.advance(timedelta(days=29).total_seconds())
    assert shop.reply(case.conversation_id) == 201
    # When they answer again 30 days after the close / Then it is refused
    clock.advance(timedelta(days=1).total_seconds())
    assert shop.reply(case.conversation_id) == 409
