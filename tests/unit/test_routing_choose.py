"""Who gets a conversation: eligibility and the candidate order of each routing method."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from switchboard.models import Rule, RoutingMethod
from switchboard.routing.choose import candidates, last_turn, next_turn
from switchboard.routing.eligibility import is_eligible, is_online

from tests.unit.builders import T0, agent

NOW = T0
ASSIGNING = [RoutingMethod.ROUND_ROBIN, RoutingMethod.WEIGHTED]


# ---------------------------------------------------------------- eligibility


def test_an_accepting_online_agent_under_capacity_is_eligible():
    # Given an agent who heartbeated 10 s ago, accepts, and has room
    a = agent("a", seen_ago=10, load=9, capacity=10)
    # When eligibility is checked / Then the agent is eligible
    assert is_eligible(a, NOW)


@pytest.mark.parametrize(
    "why,kwargs",
    [
        ("not accepting", {"accepting": False}),
        ("console closed", {"online": False}),
        ("no heartbeat for over 120 s", {"seen_ago": 121}),
        ("at capacity", {"load": 10, "capacity": 10}),
        ("over capacity", {"load": 11, "capacity": 10}),
    ],
)
def test_an_agent_is_ineligible_when(why, kwargs):
    # Given an agent failing one eligibility condition
    a = agent("a", **kwargs)
    # When eligibility is checked / Then the agent is not eligible
    assert not is_eligible(a, NOW), why


def test_an_agent_who_never_heartbeated_is_offline_even_if_flagged_online():
    # Given an agent marked online with no last_seen_at
    a = agent("a").model_copy(update={"last_seen_at": None})
    # When presence is checked / Then the agent is offline
    assert not is_online(a, NOW)


# ---------------------------------------------------------------- properties of every method

agent_specs = st.lists(
    st.fixed_dictionaries(
        {
            "accepting": st.booleans(),
            "online": st.booleans(),
            "seen_ago": st.integers(min_value=0, max_value=300),
            "load": st.integers(min_value=0, max_value=6),
            "capacity": st.integers(min_value=0, max_value=5),
            "weight": st.integers(min_value=1, max_value=5),
        }
    ),
    min_size=0,
    max_size=8,
)


@st.composite
def routing_cases(draw):
    specs = draw(agent_specs)
    agents = [agent(f"ag-{i}", **spec) for i, spec in enumerate(specs)]
    ids = [a.agent_id for a in agents] + ["ag-gone"]  # a member who no longer exists
    members = draw(st.permutations(ids).flatmap(lambda p: st.integers(0, len(p)).map(lambda n: p[:n])))
    last = draw(st.none() | st.sampled_from(ids))
    preferred = draw(st.none() | st.sampled_from(ids))
    method = draw(st.sampled_from(list(RoutingMethod)))
    return agents, list(members), last, preferred, method


@settings(max_examples=300, deadline=None)
@given(routing_cases())
def test_candidates_are_exactly_the_eligible_members_each_once(case):
    # Given any agents, rule members, last assignee, preference and method
    agents, members, last, preferred, method = case
    # When candidates are chosen
    chosen = candidates(members, agents, NOW, method=method, last_assigned_agent_id=last, preferred_agent_id=preferred)
    ids = [a.agent_id for a in chosen]
    # Then no ineligible agent and no non-member is ever offered, none twice
    assert all(is_eligible(a, NOW) for a in chosen)
    assert set(ids) <= set(members)
    assert len(ids) == len(set(ids))
    # and every eligible member is offered (except with self-claim, which offers nobody)
    eligible_members = {a.agent_id for a in agents if a.agent_id in members and is_eligible(a, NOW)}
    if method == RoutingMethod.SELF_CLAIM:
        assert chosen == []
    else:
        assert set(ids) == eligible_members
        # and an eligible preferred member comes first; an ineligible one is absent
        if preferred in eligible_members:
            assert ids[0] == preferred
        elif preferred is not None:
            assert preferred not in ids


# ---------------------------------------------------------------- round robin


def test_round_robin_starts_with_the_member_after_the_last_assignee_and_wraps():
    # Given four eligible members in rule order b, d, a, c, where d got the last conversation
    agents = [agent(x) for x in "abcd"]
    # When candidates are chosen
    chosen = candidates(["b", "d", "a", "c"], agents, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id="d")
    # Then the turn starts at the member after d, in member order, wrapping round
    assert [a.agent_id for a in chosen] == ["a", "c", "b", "d"]


def test_round_robin_skips_ineligible_members_but_keeps_member_order():
    # Given members a, b, c, d where b got the last one and c is offline
    agents = [agent("a"), agent("b"), agent("c", online=False), agent("d")]
    # When candidates are chosen
    chosen = candidates(["a", "b", "c", "d"], agents, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id="b")
    # Then the turn passes over c
    assert [a.agent_id for a in chosen] == ["d", "a", "b"]


def test_round_robin_with_no_last_assignee_starts_at_the_first_member():
    # Given members c, a, b and no previous assignment
    agents = [agent(x) for x in "abc"]
    # When candidates are chosen / Then the first member comes first
    chosen = candidates(["c", "a", "b"], agents, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None)
    assert [a.agent_id for a in chosen] == ["c", "a", "b"]


def _rule(members: list[str], last: str | None = None) -> Rule:
    return Rule(org_id="org-1", rule_id="rl-1", name="Sales", members=members, last_assigned_agent_id=last, created_at=T0)


def _with_turns(agent_id: str, **turns: int):
    return agent(agent_id).model_copy(update={"turns": {k.replace("_", "-"): n for k, n in turns.items()}})


def test_the_last_turn_is_the_member_holding_the_rule_s_highest_turn_number():
    # Given members a, b, c, where b holds turn 7 of this rule and c turn 9 of another, and the rule's old record says a
    rule = _rule(["a", "b", "c"], last="a")
    agents = [_with_turns("a", rl_1=6), _with_turns("b", rl_1=7), _with_turns("c", rl_2=9)]
    # When the last turn and the next number are asked for / Then b had it, and the next is 8
    assert last_turn(rule, agents) == "b"
    assert next_turn(rule, agents) == 8


def test_two_members_holding_the_same_number_the_later_member_had_the_last_turn():
    # Given two assignments at once that both took turn 3
    rule = _rule(["a", "b", "c"])
    agents = [_with_turns("a", rl_1=3), _with_turns("b", rl_1=3), agent("c")]
    # Then the later member in the rule's order had it, so c comes next
    assert last_turn(rule, agents) == "b"


def test_while_no_member_holds_a_turn_the_rule_s_own_record_says_who_had_the_last():
    # Given a rule whose last turn was recorded on the rule, before turns moved to the agents
    rule = _rule(["a", "b", "c"], last="b")
    # Then that record is used, and the first turn kept on an agent is number 1
    assert last_turn(rule, [agent("a"), agent("b"), agent("c")]) == "b"
    assert next_turn(rule, [agent("a"), agent("b"), agent("c")]) == 1


@settings(max_examples=100, deadline=None)
@given(
    n_agents=st.integers(min_value=1, max_value=7),
    rounds=st.integers(min_value=1, max_value=60),
    start=st.integers(min_value=0, max_value=7),
    data=st.data(),
)
def test_round_robin_never_gives_one_agent_two_more_than_another(n_agents, rounds, start, data):
    # Given equally eligible members in some order, with room for every assignment
    ids = data.draw(st.permutations([f"ag-{i}" for i in range(n_agents)]))
    pool = {i: agent(i, capacity=1000) for i in ids}
    last = ids[start] if start < n_agents else None
    # When conversations are assigned one by one to the first candidate, updating last and load
    for _ in range(rounds):
        first = candidates(list(ids), list(pool.values()), NOW, method=RoutingMethod.ROUND_ROBIN,
                           last_assigned_agent_id=last)[0]
        pool[first.agent_id] = first.model_copy(update={"load": first.load + 1})
        last = first.agent_id
    # Then the counts differ by at most one
    loads = [a.load for a in pool.values()]
    assert sum(loads) == rounds
    assert max(loads) - min(loads) <= 1


# ---------------------------------------------------------------- weighted


@settings(max_examples=25, deadline=None)
@given(weights=st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=6))
def test_weighted_shares_follow_the_weights_within_five_percent(weights):
    # Given eligible members with various weights and capacity for every assignment
    pool = {f"ag-{i}": agent(f"ag-{i}", weight=w, capacity=5000) for i, w in enumerate(weights)}
    members = list(pool)
    # When 1,000 conversations go, one by one, to the first candidate
    for _ in range(1000):
        first = candidates(members, list(pool.values()), NOW, method=RoutingMethod.WEIGHTED, last_assigned_agent_id=None)[0]
        pool[first.agent_id] = first.model_copy(update={"load": first.load + 1})
    # Then each agent's share is within 5% of weight / sum(weights)
    total_weight = sum(weights)
    for a in pool.values():
        assert abs(a.load / 1000 - a.weight / total_weight) <= 0.05, (a.agent_id, a.weight, a.load)


def test_weighted_puts_the_higher_weight_first_on_a_tie():
    # Given two idle agents with weights 1 and 3
    agents = [agent("light", weight=1), agent("heavy", weight=3)]
    # When candidates are chosen / Then the heavier goes first
    chosen = candidates(["light", "heavy"], agents, NOW, method=RoutingMethod.WEIGHTED, last_assigned_agent_id=None)
    assert [a.agent_id for a in chosen] == ["heavy", "light"]


def test_weighted_prefers_whoever_is_furthest_below_their_share():
    # Given heavy (weight 3) holding 3 and light (weight 1) holding 0
    agents = [agent("heavy", weight=3, load=3), agent("light", weight=1, load=0)]
    # When candidates are chosen / Then light, at 0 per weight, goes first
    chosen = candidates(["heavy", "light"], agents, NOW, method=RoutingMethod.WEIGHTED, last_assigned_agent_id=None)
    assert chosen[0].agent_id == "light"


# ---------------------------------------------------------------- self-claim and preference


def test_self_claim_offers_nobody():
    # Given eligible members of a self-claim rule
    agents = [agent("a"), agent("b")]
    # When candidates are chosen / Then nobody is assigned: members claim
    assert candidates(["a", "b"], agents, NOW, method=RoutingMethod.SELF_CLAIM, last_assigned_agent_id=None,
                      preferred_agent_id="a") == []


@pytest.mark.parametrize("method", ASSIGNING)
def test_the_previous_assignee_comes_first_when_eligible(method):
    # Given three eligible members where c handled this contact before
    agents = [agent("a"), agent("b"), agent("c", load=5)]
    # When candidates are chosen with c preferred
    chosen = candidates(["a", "b", "c"], agents, NOW, method=method, last_assigned_agent_id="a", preferred_agent_id="c")
    # Then c is first and the others keep their order behind
    ids = [x.agent_id for x in chosen]
    assert ids[0] == "c"
    without_pref = candidates(["a", "b", "c"], agents, NOW, method=method, last_assigned_agent_id="a")
    assert ids[1:] == [x.agent_id for x in without_pref if x.agent_id != "c"]


@pytest.mark.parametrize("method", ASSIGNING)
def test_the_previous_assignee_is_absent_when_not_eligible(method):
    # Given the previous assignee is at capacity
    agents = [agent("a"), agent("b"), agent("c", load=10, capacity=10)]
    # When candidates are chosen with c preferred / Then c is not offered
    chosen = candidates(["a", "b", "c"], agents, NOW, method=method, last_assigned_agent_id=None, preferred_agent_id="c")
    assert [x.agent_id for x in chosen] and "c" not in [x.agent_id for x in chosen]


def test_an_agent_whose_heartbeat_lapsed_is_not_offered():
    # Given a's last heartbeat was 3 minutes ago
    agents = [agent("a", seen_ago=timedelta(minutes=3).total_seconds()), agent("b")]
    # When candidates are chosen / Then only b is offered
    chosen = candidates(["a", "b"], agents, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None)
    assert [x.agent_id for x in chosen] == ["b"]
