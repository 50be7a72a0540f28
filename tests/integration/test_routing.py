"""Routing end to end through the use cases and repositories, on serialized moto."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.api.closing import close_deps
from switchboard.clock import FrozenClock, use_clock
from switchboard.models import CloseReason, ConnectionMode, Status
from switchboard.onboarding import change_settings, update_rule
from switchboard.routing.choose import last_turn
from switchboard.routing.assign import assign_conversation, drain_queue
from switchboard.routing.redistribute import Redistribution, redistribute
from switchboard.conversations.closing import close_conversation
from tests.e2e.channels import zalo_text
from tests.integration.support import heartbeat, http_event, invoke, new_org, zalo_connection


class TickingClock(FrozenClock):
    """Every reading is a millisecond later than the one before, from any thread: arrivals get distinct times."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def now(self):
        with self._lock:
            self._now += timedelta(milliseconds=1)
            return self._now


def arrive(oa_id: str, user: str, text: str = "hi") -> str:
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text=text)
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])["conversation_ids"][0]


def queued(org_id: str) -> list:
    waiting, _ = wiring.conversations().inbox(org_id, "Q", limit=200, cursor=None, newest_first=False)
    return waiting


def held(org_id: str, agent_id: str) -> list:
    return wiring.conversations().whole_list(org_id, f"A#{agent_id}")


def loads(org_id: str) -> dict[str, int]:
    return {a.agent_id: a.load for a in wiring.agents().list(org_id)}


def test_two_hundred_arrivals_from_eight_threads_fill_ten_agents_exactly_then_drain_oldest_first(aws):
    # Given 10 online agents of capacity 5 and a clock that gives every arrival its own moment
    use_clock(TickingClock())
    owner, team, _, oa_id = new_org(10, capacity=5)

    # When 200 conversations arrive from 8 threads, each assigned as the Assign function would
    def arrival(i: int) -> str:
        conversation_id = arrive(oa_id, f"load-{i}-{uuid.uuid4().hex[:6]}")
        assign_conversation(owner.org_id, conversation_id, routing_deps())
        return conversation_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        arrived = list(pool.map(arrival, range(200)))

    # Then exactly 50 are assigned, nobody holds more than 5, and loads match what agents hold
    assert len(set(arrived)) == 200
    holdings = {a.agent_id: held(owner.org_id, a.agent_id) for a in team}
    assert sum(len(h) for h in holdings.values()) == 50
    assert all(len(h) == 5 for h in holdings.values())
    assert {a: n for a, n in loads(owner.org_id).items() if a != owner.agent_id} == {a: 5 for a in holdings}
    waiting = queued(owner.org_id)
    assert len(waiting) == 150
    assert [c.waiting_since for c in waiting] == sorted(c.waiting_since for c in waiting)

    # When every agent ends two conversations and five drains run at once
    to_end = [(agent, conv.conversation_id) for agent in team for conv in holdings[agent.agent_id][:2]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda pair: close_conversation(pair[0], pair[1], CloseReason.ENDED, close_deps()), to_end))
        list(pool.map(lambda _: drain_queue(owner.org_id, routing_deps()), range(5)))

    # Then the 20 oldest waiting conversations were assigned, each exactly once, and everyone is full again
    oldest = {c.conversation_id for c in waiting[:20]}
    now_held = [c.conversation_id for a in team for c in held(owner.org_id, a.agent_id)]
    assert len(now_held) == len(set(now_held)) == 50
    assert oldest <= set(now_held)
    assert len(queued(owner.org_id)) == 130
    assert all(n == 5 for a, n in loads(owner.org_id).items() if a != owner.agent_id)


def test_every_assignment_records_the_round_robin_turn_with_it(aws, clock):
    # Given a round-robin rule over three online agents
    owner, team, conn, oa_id = new_org(3)

    # When three conversations arrive and are assigned
    assignees = [assign_conversation(owner.org_id, arrive(oa_id, f"rr-{i}-{uuid.uuid4().hex[:4]}"), routing_deps()).assignee_id
                 for i in range(3)]

    # Then each member got one, in rule order, and the turns, kept on the agents, name the last; the rule's own
    # item is not written for it
    assert assignees == [a.agent_id for a in team]
    rule = wiring.rules().get(owner.org_id, conn.rule_id)
    assert last_turn(rule, wiring.agents().list(owner.org_id)) == team[2].agent_id
    assert rule.last_assigned_agent_id is None


def test_with_nobody_online_the_fallback_agent_holds_the_conversation(aws, clock):
    # Given a team that is offline and a fallback agent set in the settings
    owner, team, _, oa_id = new_org(2, online=False)
    change_settings(owner, {"fallback_agent_id": team[1].agent_id}, organizations=wiring.organizations(), agents=wiring.agents())

    # When a conversation arrives
    conv = assign_conversation(owner.org_id, arrive(oa_id, f"late-night-{uuid.uuid4().hex[:4]}"), routing_deps())

    # Then the fallback agent holds it
    assert conv.assignee_id == team[1].agent_id and conv.status == Status.OPEN


def test_with_nobody_online_and_no_fallback_the_conversation_waits(aws, clock):
    # Given an offline team and no fallback agent
    owner, _, _, oa_id = new_org(2, online=False)

    # When a conversation arrives
    conv = assign_conversation(owner.org_id, arrive(oa_id, f"waiting-{uuid.uuid4().hex[:4]}"), routing_deps())

    # Then it waits in the queue
    assert conv is None
    assert len(queued(owner.org_id)) == 1


def _remove_member(owner, rule_id, leaving, existing):
    rule = wiring.rules().get(owner.org_id, rule_id)
    update_rule(owner, rule_id, {"existing_conversations": existing}, connections=wiring.connections(),
                rules=wiring.rules(), agents=wiring.agents())
    members = [m for m in rule.members if m != leaving]
    update_rule(owner, rule_id, {"members": members}, connections=wiring.connections(), rules=wiring.rules(),
                agents=wiring.agents())
    return redistribute(Redistribution(owner.org_id, rule_id, removed_agent_ids=(leaving,)), routing_deps())


def _three_conversations_for(owner, team, conn, oa_id, clock):
    """Three conversations all held by team[0]: the others are away while they arrive."""
    for agent in team[1:]:
        wiring.agents().record_presence(owner.org_id, agent.agent_id, False, clock.now())
    ids = [assign_conversation(owner.org_id, arrive(oa_id, f"held-{i}-{uuid.uuid4().hex[:4]}"), routing_deps()).conversation_id
           for i in range(3)]
    heartbeat(team)
    return ids


def test_removing_an_agent_with_available_moves_their_open_conversations_to_members(aws, clock):
    # Given agent 0 holds three open conversations and agents 1, 2 are online
    owner, team, conn, oa_id = new_org(3)
    ids = _three_conversations_for(owner, team, conn, oa_id, clock)

    # When agent 0 leaves the rule, which redistributes the available conversations
    outcome = _remove_member(owner, conn.rule_id, team[0].agent_id, "available")

    # Then agent 0 holds none, the others hold them, and the loads moved with them
    assert sorted(outcome.rerouted) == sorted(ids)
    assert held(owner.org_id, team[0].agent_id) == []
    moved = held(owner.org_id, team[1].agent_id) + held(owner.org_id, team[2].agent_id)
    assert sorted(c.conversation_id for c in moved) == sorted(ids)
    current = loads(owner.org_id)
    assert current[team[0].agent_id] == 0 and current[team[1].agent_id] + current[team[2].agent_id] == 3


def test_removing_an_agent_with_none_leaves_their_conversations(aws, clock):
    # Given agent 0 holds three open conversations
    owner, team, conn, oa_id = new_org(3)
    ids = _three_conversations_for(owner, team, conn, oa_id, clock)

    # When agent 0 leaves a rule whose setting is none
    outcome = _remove_member(owner, conn.rule_id, team[0].agent_id, "none")

    # Then nothing moved
    assert outcome.rerouted == []
    assert sorted(c.conversation_id for c in held(owner.org_id, team[0].agent_id)) == sorted(ids)


def test_removing_an_agent_with_all_also_hands_over_their_history(aws, clock):
    # Given agent 0 holds three conversations, one of which is closed
    owner, team, conn, oa_id = new_org(3)
    ids = _three_conversations_for(owner, team, conn, oa_id, clock)
    close_conversation(team[0], ids[0], CloseReason.RESOLVED, close_deps())

    # When agent 0 leaves a rule whose setting is all
    outcome = _remove_member(owner, conn.rule_id, team[0].agent_id, "all")

    # Then the open ones were rerouted and the closed one now belongs to a remaining member
    assert sorted(outcome.rerouted) == sorted(ids[1:])
    assert outcome.history_moved == [ids[0]]
    closed = wiring.conversations().get(owner.org_id, ids[0])
    assert closed.status == Status.CLOSED and closed.assignee_id in (team[1].agent_id, team[2].agent_id)
    assert loads(owner.org_id)[team[0].agent_id] == 0


def test_removing_an_agent_when_nobody_can_take_their_conversations_queues_them(aws, clock):
    # Given agent 0 holds three conversations and the others are offline
    owner, team, conn, oa_id = new_org(3)
    ids = _three_conversations_for(owner, team, conn, oa_id, clock)
    for agent in team[1:]:
        wiring.agents().record_presence(owner.org_id, agent.agent_id, False, clock.now())

    # When agent 0 leaves with available
    _remove_member(owner, conn.rule_id, team[0].agent_id, "available")

    # Then they wait in the queue, and agent 0's capacity is free
    assert sorted(c.conversation_id for c in queued(owner.org_id)) == sorted(ids)
    assert loads(owner.org_id)[team[0].agent_id] == 0


def test_a_connection_with_conversations_joining_a_rule_redistributes_them(aws, clock):
    # Given an only-me connection whose three conversations the owner holds, and a rule with two online members
    owner, team, conn, _ = new_org(2)
    update_rule(owner, conn.rule_id, {"existing_conversations": "available"}, connections=wiring.connections(),
                rules=wiring.rules(), agents=wiring.agents())
    personal, personal_oa = zalo_connection(owner, ConnectionMode.ONLY_ME)
    ids = [assign_conversation(owner.org_id, arrive(personal_oa, f"mine-{i}-{uuid.uuid4().hex[:4]}"), routing_deps()).conversation_id
           for i in range(3)]
    assert {c.conversation_id for c in held(owner.org_id, owner.agent_id)} == set(ids)

    # When the connection joins the rule
    rule = wiring.rules().get(owner.org_id, conn.rule_id)
    update_rule(owner, conn.rule_id, {"sources": [*rule.sources, personal.connection_id]},
                connections=wiring.connections(), rules=wiring.rules(), agents=wiring.agents())
    outcome = redistribute(Redistribution(owner.org_id, conn.rule_id, added_connection_ids=(personal.connection_id,)),
                           routing_deps())

    # Then its conversations went to the rule's members
    assert sorted(outcome.rerouted) == sorted(ids)
    assert held(owner.org_id, owner.agent_id) == []
    members = {team[0].agent_id, team[1].agent_id}
    assert {wiring.conversations().get(owner.org_id, i).assignee_id for i in ids} <= members


def test_a_drain_reads_the_team_once_and_writes_once_per_conversation(aws, clock):
    # Given 6 waiting conversations for an offline team of 3
    owner, team, _, oa_id = new_org(3, online=False)
    for i in range(6):
        assign_conversation(owner.org_id, arrive(oa_id, f"q-{i}-{uuid.uuid4().hex[:4]}"), routing_deps())
    assert len(queued(owner.org_id)) == 6

    # When they come online and one drain runs
    heartbeat(team)
    assigned = drain_queue(owner.org_id, routing_deps())

    # Then all six are assigned, two each (round robin)
    assert assigned == 6
    assert sorted(len(held(owner.org_id, a.agent_id)) for a in team) == [2, 2, 2]
    assert queued(owner.org_id) == []


def _assign_records(limit: int) -> list[dict]:
    """What the assign queue holds now, as the SQS records Lambda would hand over."""
    import boto3

    from local.event_sources import sqs_record
    from switchboard.settings import settings

    sqs, url = boto3.client("sqs"), settings().assign_queue_url
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    records = []
    while got := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", []):
        for message in got:
            records.append(sqs_record(message, arn))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return records[-limit:]


def test_one_sqs_batch_of_arrivals_is_routed_in_one_pass_and_stays_even(aws, clock):
    # Given three online agents and six new conversations whose assign records arrive in one batch
    owner, team, conn, oa_id = new_org(3)
    _assign_records(1000)  # whatever earlier tests left behind
    ids = [arrive(oa_id, f"batch-{i}-{uuid.uuid4().hex[:4]}") for i in range(6)]
    records = _assign_records(6)
    assert len(records) == 6

    # When the Assign function gets the batch
    result = invoke("assign", {"Records": records})

    # Then nothing failed, every conversation is assigned, two each in turn, and the loads agree
    assert result == {"batchItemFailures": []}
    assignees = [wiring.conversations().get(owner.org_id, i).assignee_id for i in ids]
    assert assignees == [a.agent_id for a in team] * 2
    assert all(loads(owner.org_id)[a.agent_id] == 2 for a in team)
