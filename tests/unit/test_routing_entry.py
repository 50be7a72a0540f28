"""Entry groups, entry pages, the fallback signal and stickiness in the pure choice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from switchboard.models import RoutingMethod
from switchboard.routing.choose import Entry, choose
from switchboard.routing.eligibility import is_eligible, is_online, is_present

from tests.unit.builders import T0, agent

NOW = T0
ASSIGNING = [RoutingMethod.ROUND_ROBIN, RoutingMethod.WEIGHTED]


def ids(choice):
    return [a.agent_id for a in choice.candidates]


@pytest.mark.parametrize("method", ASSIGNING)
def test_an_entry_group_goes_only_to_that_groups_agents(method):
    # Given pre-sales agents a and b, and c in after-sales, all eligible
    team = [agent("a", groups=["pre-sales"]), agent("b", groups=["pre-sales"]), agent("c", groups=["after-sales"])]
    # When a conversation enters through pre-sales
    choice = choose(["a", "b", "c"], team, NOW, method=method, last_assigned_agent_id=None, entry=Entry(group="pre-sales"))
    # Then only a and b are offered
    assert sorted(ids(choice)) == ["a", "b"]
    assert not choice.nobody_online


def test_a_full_but_online_group_keeps_its_conversations_waiting():
    # Given the only pre-sales agent is online but at capacity, and c is free
    team = [agent("a", groups=["pre-sales"], load=2, capacity=2), agent("c")]
    # When a conversation enters through pre-sales
    choice = choose(["a", "c"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"))
    # Then it waits for the group rather than going to c
    assert ids(choice) == []
    assert not choice.nobody_online


@pytest.mark.parametrize("offline", [{"online": False}, {"seen_ago": 121}])
def test_with_nobody_of_the_group_online_any_other_online_member_takes_it(offline):
    # Given the pre-sales agent is offline, c is online, d is online but not accepting
    team = [agent("a", groups=["pre-sales"], **offline), agent("c"), agent("d", accepting=False)]
    # When a conversation enters through pre-sales
    choice = choose(["a", "c", "d"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"))
    # Then c is offered
    assert ids(choice) == ["c"]


@pytest.mark.parametrize("method", ASSIGNING)
def test_a_group_online_but_not_accepting_counts_as_away(method):
    # Given both pre-sales agents online but not accepting (one of them with room), c online and free,
    # d online but not accepting, e offline
    team = [agent("a", groups=["pre-sales"], accepting=False), agent("b", groups=["pre-sales"], accepting=False, load=3),
            agent("c"), agent("d", accepting=False), agent("e", online=False)]
    # When a conversation enters through pre-sales
    choice = choose(["a", "b", "c", "d", "e"], team, NOW, method=method, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"))
    # Then the group is away: c, the other member online and accepting, is offered
    assert ids(choice) == ["c"]
    assert not choice.nobody_online


def test_a_group_with_one_member_present_but_full_still_keeps_it():
    # Given a is present but full, b is online but not accepting; c outside the group is free
    team = [agent("a", groups=["pre-sales"], load=2, capacity=2), agent("b", groups=["pre-sales"], accepting=False),
            agent("c")]
    # When a conversation enters through pre-sales / Then it waits for the group
    choice = choose(["a", "b", "c"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"))
    assert ids(choice) == [] and not choice.nobody_online


def test_an_away_group_with_everyone_else_offline_goes_to_the_fallback():
    # Given the pre-sales agent is online but not accepting and the only other member is offline
    team = [agent("a", groups=["pre-sales"], accepting=False), agent("c", online=False)]
    # When a conversation enters through pre-sales / Then nobody is offered and the fallback may take it
    choice = choose(["a", "c"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"))
    assert ids(choice) == [] and choice.nobody_online


def test_with_nobody_online_at_all_the_choice_says_so():
    # Given everybody is offline
    team = [agent("a", groups=["pre-sales"], online=False), agent("c", seen_ago=500)]
    # When a conversation enters through pre-sales
    choice = choose(["a", "c"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"))
    # Then nobody is offered and the fallback may take it
    assert ids(choice) == []
    assert choice.nobody_online


def test_an_unknown_group_routes_to_every_member():
    # Given nobody is in the group "wholesale"
    team = [agent("a"), agent("b")]
    # When a conversation enters through it / Then every eligible member is offered
    choice = choose(["a", "b"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="wholesale"))
    assert ids(choice) == ["a", "b"]


@pytest.mark.parametrize("method", ASSIGNING)
def test_an_entry_page_bound_to_agents_goes_only_to_them(method):
    # Given b is bound to the page "home" and a, c are not (a is in the entry group)
    team = [agent("a", groups=["pre-sales"]), agent("b", bound_pages=["home"]), agent("c")]
    # When a conversation enters through home and pre-sales
    choice = choose(["a", "b", "c"], team, NOW, method=method, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales", page="home"))
    # Then only b is offered: the page binding wins over the group
    assert ids(choice) == ["b"]


def test_a_page_whose_agents_are_full_waits_for_them():
    # Given b, bound to home, is at capacity; a is free
    team = [agent("a"), agent("b", bound_pages=["home"], load=1, capacity=1)]
    # When a conversation enters through home / Then nobody else is offered
    choice = choose(["a", "b"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(page="home"))
    assert ids(choice) == []
    assert not choice.nobody_online


def test_a_page_bound_to_nobody_uses_normal_group_routing():
    # Given nobody is bound to "checkout"; a is in pre-sales
    team = [agent("a", groups=["pre-sales"]), agent("b", bound_pages=["home"])]
    # When a conversation enters through checkout and pre-sales / Then the group decides
    choice = choose(["a", "b"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales", page="checkout"))
    assert ids(choice) == ["a"]


def test_the_previous_agent_of_a_reopened_conversation_comes_first_even_outside_the_entry_group():
    # Given c (not in pre-sales) handled this contact before and is eligible
    team = [agent("a", groups=["pre-sales"]), agent("c")]
    # When it is routed again through pre-sales with c preferred
    choice = choose(["a", "c"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None,
                    entry=Entry(group="pre-sales"), preferred_agent_id="c")
    # Then c is first, the group after
    assert ids(choice) == ["c", "a"]


def test_a_previous_agent_who_left_the_rule_is_not_preferred():
    # Given c handled it before but is no longer a member
    team = [agent("a"), agent("c")]
    # When it is routed with c preferred / Then only members are offered
    choice = choose(["a"], team, NOW, method=RoutingMethod.ROUND_ROBIN, last_assigned_agent_id=None, preferred_agent_id="c")
    assert ids(choice) == ["a"]


# ---------------------------------------------------------------- properties

entry_agents = st.lists(
    st.fixed_dictionaries({
        "accepting": st.booleans(),
        "online": st.booleans(),
        "seen_ago": st.integers(min_value=0, max_value=300),
        "load": st.integers(min_value=0, max_value=3),
        "capacity": st.integers(min_value=0, max_value=3),
        "groups": st.lists(st.sampled_from(["g1", "g2"]), unique=True),
        "bound_pages": st.lists(st.sampled_from(["p1", "p2"]), unique=True),
    }),
    max_size=7,
)


@settings(max_examples=400, deadline=None)
@given(
    specs=entry_agents,
    group=st.none() | st.sampled_from(["g1", "g2", "g3"]),
    page=st.none() | st.sampled_from(["p1", "p2", "p3"]),
    method=st.sampled_from(ASSIGNING),
    data=st.data(),
)
def test_the_choice_follows_every_entry_rule(specs, group, page, method, data):
    # Given any team, rule membership and entry
    team = [agent(f"ag-{i}", **spec) for i, spec in enumerate(specs)]
    member_ids = data.draw(st.lists(st.sampled_from([a.agent_id for a in team]), unique=True)) if team else []
    members = [a for a in team if a.agent_id in member_ids]
    # When the choice is made
    choice = choose(member_ids, team, NOW, method=method, last_assigned_agent_id=None, entry=Entry(group, page))
    offered = set(ids(choice))
    # Then only eligible members are offered
    assert all(is_eligible(a, NOW) for a in choice.candidates)
    assert offered <= set(member_ids)
    bound = [a for a in members if page and page in a.bound_pages]
    in_group = [a for a in members if group and group in a.groups]
    if bound:
        # and a bound page goes only to its agents
        pool = bound
    elif in_group and any(is_present(a, NOW) for a in in_group):
        # and a group with someone online and accepting keeps it within the group, full or not
        pool = in_group
    elif group:
        # and a group whose members are all offline or not accepting is away: the other members
        pool = [a for a in members if a not in in_group] or in_group
    else:
        pool = members
    assert offered == {a.agent_id for a in pool if is_eligible(a, NOW)}
    # and the fallback is allowed exactly when nobody who could take it is online
    assert choice.nobody_online == (not any(is_online(a, NOW) for a in pool))
    # and nobody who is offline or not accepting is ever offered
    assert not {a.agent_id for a in team if not is_present(a, NOW)} & offered


@settings(max_examples=300, deadline=None)
@given(
    group_members=st.lists(st.fixed_dictionaries({
        "online": st.booleans(), "accepting": st.booleans(), "load": st.integers(0, 2), "capacity": st.integers(0, 2),
    }), min_size=1, max_size=4),
    others=st.lists(st.fixed_dictionaries({"online": st.booleans(), "accepting": st.booleans()}), max_size=4),
    method=st.sampled_from(ASSIGNING),
)
def test_an_entry_group_is_away_exactly_when_none_of_it_is_online_and_accepting(group_members, others, method):
    # Given a group and other members in any presence
    team = [agent(f"g-{i}", groups=["g1"], **spec) for i, spec in enumerate(group_members)]
    team += [agent(f"o-{i}", **spec) for i, spec in enumerate(others)]
    # When a conversation enters through the group
    choice = choose([a.agent_id for a in team], team, NOW, method=method, last_assigned_agent_id=None, entry=Entry("g1"))
    offered = set(ids(choice))
    away = not any(is_present(a, NOW) for a in team if a.agent_id.startswith("g-"))
    # Then a present group keeps it (an eligible member of it, or a wait), an away group gives it to the others
    if not away or not others:
        assert all(a.startswith("g-") for a in offered)
    else:
        assert offered == {a.agent_id for a in team if a.agent_id.startswith("o-") and is_eligible(a, NOW)}
