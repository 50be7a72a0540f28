"""Correctness under concurrency comes from conditional writes; these run on serialized moto.

Without the lock in conftest.py, moto lets two conditional writes both pass their condition,
and the claim race below finds more than one winner.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.errors import AlreadyAssigned, ConcurrentUpdate, Forbidden, LastOwner
from switchboard.models import Role, RoutingMethod, Status
from switchboard.onboarding import add_agent, change_agent, create_organization
from switchboard.routing.assign import assign_conversation
from switchboard.routing.manual import claim
from switchboard.sla.sweep import SweepDeps, sweep_shard
from switchboard.store import keys
from switchboard.store.organizations import AgentRepository
from switchboard.store.table import OrgItem
from tests.e2e.channels import zalo_text
from tests.integration.support import domain_of, http_event, invoke, new_org


def _new_conversation(oa_id: str, user: str) -> str:
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text="hi")
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    assert response["statusCode"] == 200, response
    import json

    return json.loads(response["body"])["conversation_ids"][0]


def test_twenty_agents_claiming_one_conversation_yield_exactly_one_owner(aws, clock):
    # Given a self-claim conversation seen by 20 agents
    owner, team, _, oa_id = new_org(20, method=RoutingMethod.SELF_CLAIM)
    conversation_id = _new_conversation(oa_id, "claimed-user")

    # When all of them claim it at once
    def attempt(agent):
        try:
            claim(agent, conversation_id, routing_deps())
            return "won"
        except (AlreadyAssigned, ConcurrentUpdate):
            return "refused"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, team))

    # Then exactly one wins, and exactly one agent carries the load
    assert outcomes.count("won") == 1
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    assert conv.status == Status.OPEN
    loads = {a.agent_id: a.load for a in wiring.agents().list(owner.org_id) if a.agent_id != owner.agent_id}
    assert sorted(loads.values()) == [0] * 19 + [1]
    assert loads[conv.assignee_id] == 1


def test_parallel_assignment_never_passes_capacity(aws, clock):
    # Given 2 agents of capacity 3 and 12 waiting conversations
    owner, team, _, oa_id = new_org(2, capacity=3)
    conversation_ids = [_new_conversation(oa_id, f"user-{i}-{uuid.uuid4().hex[:4]}") for i in range(12)]

    # When 8 workers assign them all at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda cid: assign_conversation(owner.org_id, cid, routing_deps()), conversation_ids))

    # Then exactly 6 are assigned, nobody is above capacity, the rest wait in the queue
    assigned = [r for r in results if r is not None and r.assignee_id]
    assert len(assigned) == 6
    agents = {a.agent_id: a for a in wiring.agents().list(owner.org_id)}
    for member in team:
        held = wiring.conversations().whole_list(owner.org_id, f"A#{member.agent_id}")
        assert agents[member.agent_id].load == len(held) == 3
    queued, _ = wiring.conversations().inbox(owner.org_id, "Q", limit=50, cursor=None, newest_first=False)
    assert len(queued) == 6


class RecordingBus:
    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    def publish(self, detail_type, detail):
        self.events.append((detail_type, detail))


class NoQueue:
    def drain(self, org_id, reason):
        pass


def test_two_overlapping_sweeps_act_once(aws, clock):
    # Given 10 conversations that have waited 21 hours
    owner, _, _, oa_id = new_org(2)
    conversation_ids = {_new_conversation(oa_id, f"late-{i}-{uuid.uuid4().hex[:4]}") for i in range(10)}
    clock.advance(timedelta(hours=21).total_seconds())
    bus = RecordingBus()
    deps = SweepDeps(conversations=wiring.conversations(), organizations=wiring.organizations(), events=bus,
                     assign_queue=NoQueue(), clock=clock)
    from switchboard.settings import settings

    shards = range(settings().sla_shards)

    # When two sweeps run over every shard at the same time
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: [sweep_shard(s, deps) for s in shards], range(2)))

    # Then each conversation was warned exactly once
    warned = [d["conversation_id"] for kind, d in bus.events if kind == "conversation.expiring" and d["conversation_id"] in conversation_ids]
    assert sorted(warned) == sorted(conversation_ids)
    for cid in conversation_ids:
        assert wiring.conversations().get(owner.org_id, cid).expiring_warned is True


class BothReadFirst(AgentRepository):
    """Holds each role change until both requests of a pair have read what they decide on, so the
    two writes really meet (a read-then-write rule would let both through)."""

    def __init__(self, barriers: dict[str, threading.Barrier]) -> None:
        self.barriers = barriers

    def change_role(self, org_id, agent_id, **kwargs):
        self.barriers[org_id].wait(timeout=30)
        return super().change_role(org_id, agent_id, **kwargs)


@pytest.mark.parametrize("who", ["each other", "themselves"])
def test_two_owners_stepping_down_at_the_same_moment_leave_one_owner(aws, clock, who):
    # Given 6 organizations with two owners each
    pairs = []
    for _ in range(6):
        created = create_organization(name=f"Org {uuid.uuid4().hex[:6]}")
        first = wiring.agents().get(created.org_id, created.owner_agent_id)
        second = add_agent(first, {"email": f"co@{domain_of(created.org_id)}", "nickname": "co", "role": "owner"},
                           agents=wiring.agents(), users=wiring.users(), clock=clock)
        pairs.append((first, second))
    agents = BothReadFirst({first.org_id: threading.Barrier(2) for first, _ in pairs})

    # When in each, both owners demote the other (or themselves) at once
    def demote(actor, target):
        try:
            change_agent(actor, target.agent_id, {"role": "supervisor"}, agents=agents)
            return "demoted"
        except (LastOwner, Forbidden, ConcurrentUpdate):
            return "refused"

    if who == "each other":
        moves = [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]
    else:
        moves = [(a, a) for a, _ in pairs] + [(b, b) for _, b in pairs]
    with ThreadPoolExecutor(max_workers=len(moves)) as pool:
        outcomes = list(pool.map(lambda move: demote(*move), moves))

    # Then each organization keeps exactly one owner, and its owner count says so
    assert sorted(outcomes) == ["demoted"] * len(pairs) + ["refused"] * len(pairs)
    for first, _ in pairs:
        roles = [a.role for a in wiring.agents().list(first.org_id)]
        assert roles.count(Role.OWNER) == 1, roles
        assert OrgItem.get(keys.org_pk(first.org_id), keys.ORG_SK).owner_count == 1
