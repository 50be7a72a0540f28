"""Rules and settings through their use cases, on moto."""

from __future__ import annotations

from switchboard import wiring
from switchboard.errors import InvalidFields, NotFound
from switchboard.onboarding import change_settings, delete_rule, update_rule
from tests.integration.support import new_org


def test_a_connection_removed_from_a_rule_no_longer_routes_through_it(aws, clock):
    # Given a connection routed through a rule
    owner, _, conn, _ = new_org(2)

    # When the rule's sources are emptied
    update_rule(owner, conn.rule_id, {"sources": []}, connections=wiring.connections(), rules=wiring.rules(),
                agents=wiring.agents())

    # Then the connection names no rule, and the rule no source
    assert wiring.connections().get(owner.org_id, conn.connection_id).rule_id is None
    assert wiring.rules().get(owner.org_id, conn.rule_id).sources == []


def test_deleting_a_rule_detaches_its_connections(aws, clock):
    # Given a connection routed through a rule
    owner, _, conn, _ = new_org(1)

    # When the rule is deleted
    delete_rule(owner, conn.rule_id, connections=wiring.connections(), rules=wiring.rules())

    # Then the rule is gone and the connection names none
    assert wiring.connections().get(owner.org_id, conn.connection_id).rule_id is None
    try:
        wiring.rules().get(owner.org_id, conn.rule_id)
        raise AssertionError("the rule still exists")
    except NotFound:
        pass


def test_settings_change_only_the_fields_given_and_refuse_foreign_agents(aws, clock):
    # Given an organization with default settings
    owner, team, _, _ = new_org(1)
    other_owner, _, _, _ = new_org(1)

    # When one SLA value and the takeover agent are changed
    updated = change_settings(owner, {"sla": {"takeover_after_hours": 24}, "takeover_agent_id": team[0].agent_id},
                              organizations=wiring.organizations(), agents=wiring.agents())

    # Then only those change, and an agent of another organization is refused
    assert updated.sla.takeover_after_hours == 24 and updated.sla.expiring_after_hours == 20
    assert wiring.organizations().get(owner.org_id).settings.takeover_agent_id == team[0].agent_id
    try:
        change_settings(owner, {"fallback_agent_id": other_owner.agent_id}, organizations=wiring.organizations(),
                        agents=wiring.agents())
        raise AssertionError("a foreign agent was accepted")
    except NotFound:
        pass


def _change(owner, conn, changes):
    from switchboard.clock import current_clock
    from switchboard.connections import change_connection

    return change_connection(owner, conn.connection_id, changes, connections=wiring.connections(),
                             rules=wiring.rules(), agents=wiring.agents(), secrets=wiring.secret_store(),
                             clock=current_clock())


def test_a_connection_moves_between_rules_and_leaves_them(aws, clock):
    # Given a connection routed through a rule, and a second rule
    from switchboard.models import ExistingConversations, RoutingMethod
    from switchboard.onboarding import create_rule

    owner, team, conn, _ = new_org(1)
    second = create_rule(owner, name="second", sources=[], members=[team[0].agent_id], method=RoutingMethod.ROUND_ROBIN,
                         existing=ExistingConversations.NONE, connections=wiring.connections(), rules=wiring.rules(),
                         agents=wiring.agents(), clock=clock)

    # When it is moved to the second rule / Then each rule's sources and the connection agree
    moved = _change(owner, conn, {"rule_id": second.rule_id})
    assert moved.rule_id == second.rule_id
    assert wiring.rules().get(owner.org_id, conn.rule_id).sources == []
    assert wiring.rules().get(owner.org_id, second.rule_id).sources == [conn.connection_id]

    # When it is made personal while in a rule / Then 422 and nothing changes
    try:
        _change(owner, conn, {"mode": "only_me"})
        raise AssertionError("only_me inside a rule was accepted")
    except InvalidFields:
        pass

    # When it leaves its rule and becomes personal at once / Then both change
    alone = _change(owner, conn, {"rule_id": None, "mode": "only_me"})
    assert (alone.rule_id, alone.mode.value) == (None, "only_me")
    assert wiring.rules().get(owner.org_id, second.rule_id).sources == []
    assert wiring.connections().find_by_external_id(conn.channel, conn.external_id).rule_id is None
