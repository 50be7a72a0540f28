"""Who gets what (API.md, "Live updates"): the audience rule and the events a batch of changes makes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from switchboard.live.audience import conversation_scope, may_see, organization_scope, queue_members
from switchboard.live.events import events_of
from switchboard.models import LiveSocket, Message, Role, Rule, RoutingMethod, Status
from switchboard.routing.eligibility import PRESENCE_TIMEOUT, SOCKET_LIFETIME, is_online
from switchboard.store.changes import AgentChange, ConversationChange, CountsChange, MessageChange
from tests.unit.builders import T0, agent, conversation


def socket(agent_id: str, role: Role = Role.AGENT, org_id: str = "org-1") -> LiveSocket:
    return LiveSocket(socket_id=f"s-{agent_id}", org_id=org_id, agent_id=agent_id, role=role, connected_at=T0)


def rule(members: list[str], sources: list[str], method: RoutingMethod = RoutingMethod.ROUND_ROBIN) -> Rule:
    return Rule(org_id="org-1", rule_id="ru-1", name="team", sources=sources, members=members, method=method,
                created_at=T0)


MEMBERS = queue_members([rule(["ag-1", "ag-2"], ["cn-1"]), rule(["ag-3"], ["cn-2"], RoutingMethod.SELF_CLAIM)])


def test_an_agent_sees_their_own_conversation_and_no_one_elses():
    # Given a conversation held by ag-1
    scope = conversation_scope(conversation("cv-1", assignee_id="ag-1"))
    # Then ag-1 sees it, ag-2 (in the same rule) does not, since it is no longer in the queue
    assert may_see(socket("ag-1"), scope, MEMBERS)
    assert not may_see(socket("ag-2"), scope, MEMBERS)


def test_an_agent_learns_that_a_conversation_left_them():
    # Given a transfer from ag-1 to ag-2
    scope = conversation_scope(conversation("cv-1", assignee_id="ag-1"), conversation("cv-1", assignee_id="ag-2"))
    # Then both see the change, and nobody else
    assert may_see(socket("ag-1"), scope, MEMBERS) and may_see(socket("ag-2"), scope, MEMBERS)
    assert not may_see(socket("ag-3"), scope, MEMBERS)


@pytest.mark.parametrize("connection_id, sees, does_not", [("cn-1", ["ag-1", "ag-2"], ["ag-3", "ag-9"]),
                                                           ("cn-2", ["ag-3"], ["ag-1", "ag-2", "ag-9"]),
                                                           ("cn-9", [], ["ag-1", "ag-2", "ag-3", "ag-9"])])
def test_a_queued_conversation_goes_to_the_members_of_the_rules_that_route_its_connection(connection_id, sees, does_not):
    # Given a conversation waiting unassigned (or unclaimed, on a self-claim rule) on a connection
    scope = conversation_scope(conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None, connection_id=connection_id))
    # Then the members of the rules routing that connection see it, and no other agent
    assert all(may_see(socket(a), scope, MEMBERS) for a in sees)
    assert not any(may_see(socket(a), scope, MEMBERS) for a in does_not)


def test_the_rule_members_see_a_queued_conversation_leave_the_queue():
    # Given a claim by ag-1 of a queued conversation
    scope = conversation_scope(conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None),
                               conversation("cv-1", assignee_id="ag-1"))
    # Then ag-2, in the same rule, learns it left the queue
    assert may_see(socket("ag-2"), scope, MEMBERS)


@pytest.mark.parametrize("role", [Role.OWNER, Role.SUPERVISOR])
def test_owners_and_supervisors_see_the_whole_organization_and_never_another(role):
    mine = conversation_scope(conversation("cv-1", assignee_id="ag-1", connection_id="cn-9"))
    assert may_see(socket("ag-boss", role), mine, {})
    theirs = conversation_scope(conversation("cv-2", org_id="org-2"))
    assert not may_see(socket("ag-boss", role), theirs, {})
    assert not may_see(socket("ag-boss", role), organization_scope("org-2"), {})


def test_nobody_sees_another_organizations_team_or_badges_but_everyone_their_own():
    assert may_see(socket("ag-9"), organization_scope("org-1"), {})
    assert not may_see(socket("ag-1", org_id="org-2"), organization_scope("org-1"), MEMBERS)
    # even an agent whose id is on the other organization's conversation
    assert not may_see(socket("ag-1", org_id="org-2"), conversation_scope(conversation("cv-1", assignee_id="ag-1")), MEMBERS)


def message(message_id: str, status: str = "received", direction: str = "in") -> Message:
    return Message(conversation_id="cv-1", message_id=message_id, sort_key=f"M#{message_id}", direction=direction,
                   status=status, created_at=T0)


def test_a_batch_announces_a_conversation_once_each_message_once_and_the_badges_once():
    # Given a batch: a new conversation, its message, its assignment, an agent's load, two counter shards
    queued = conversation("cv-1", status=Status.UNASSIGNED, assignee_id=None)
    held = conversation("cv-1", assignee_id="ag-1")
    changes = [
        ConversationChange(None, queued, "r1"), MessageChange("cv-1", None, message("m-1"), "r2"),
        CountsChange("org-1", "r3"), ConversationChange(queued, held, "r4"),
        AgentChange(agent("ag-1"), agent("ag-1", load=1), "r5"), CountsChange("org-1", "r6"),
    ]
    events = events_of(changes, lambda cid: pytest.fail("the batch had the conversation"), T0)
    # Then: created (its last state, held by ag-1, where its last change was), the message, the agent, the badges
    assert [(e.type, e.conversation_id) for e in events] == [
        ("message.created", "cv-1"), ("conversation.created", "cv-1"), ("agent.updated", None), ("counts.changed", None),
    ]
    created = events[1]
    assert created.data["assignee_id"] == "ag-1"
    # and whoever saw it queued learns it left the queue
    assert created.scope.queues == frozenset({"cn-1"}) and created.scope.agents == frozenset({"ag-1"})
    assert events[0].payload() == {"id": "r2", "type": "message.created", "conversation_id": "cv-1", "data": {
        "message_id": "m-1", "direction": "in", "status": "received", "author_id": None,
        "created_at": "2026-11-22T09:00:00.000Z"}}
    # each event's id is the record it was made from: a retried batch sends the same ids
    assert [e.id for e in events] == ["r2", "r4", "r5", "r6"]


def test_a_delivery_status_is_message_updated_scoped_by_the_conversation_read_for_it():
    changes = [MessageChange("cv-1", message("m-2", "queued", "out"), message("m-2", "sent", "out"))]
    [event] = events_of(changes, lambda cid: conversation(cid, assignee_id="ag-7"), T0)
    assert (event.type, event.data["status"], event.scope.agents) == ("message.updated", "sent", frozenset({"ag-7"}))


def test_a_heartbeat_that_changes_nothing_anyone_sees_is_no_event():
    seen = agent("ag-1", seen_ago=30)
    again = agent("ag-1", seen_ago=0)
    assert events_of([AgentChange(seen, again)], lambda cid: None, T0) == []
    came_online = agent("ag-1", online=False)
    [event] = events_of([AgentChange(came_online, again)], lambda cid: None, T0)
    assert (event.type, event.data["online"]) == ("agent.updated", True)


def test_an_open_socket_is_presence_without_heartbeats_for_as_long_as_api_gateway_keeps_one_open():
    # Given an agent whose last heartbeat (or socket event) was long ago
    quiet = agent("ag-1", seen_ago=(PRESENCE_TIMEOUT + timedelta(seconds=1)).total_seconds())
    assert not is_online(quiet, T0)
    # Then an open socket keeps them online, up to a socket's longest life
    assert is_online(quiet.model_copy(update={"sockets": 1}), T0)
    stale = agent("ag-1", seen_ago=(SOCKET_LIFETIME + timedelta(seconds=1)).total_seconds()).model_copy(update={"sockets": 1})
    assert not is_online(stale, T0)
    # and an explicit "offline" wins over a socket
    assert not is_online(quiet.model_copy(update={"sockets": 1, "online": False}), T0)
