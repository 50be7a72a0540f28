"""Emails: SLA warnings reach the agent and supervisors; the hourly digest reports only fresh unread messages."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from switchboard import wiring
from switchboard.notify.digest import send_digests
from switchboard.notify.emails import NotifyDeps, notify_event
from tests.e2e.channels import zalo_text
from tests.integration.support import heartbeat, http_event, invoke, new_org


class RecordingMailer:
    def __init__(self):
        self.sent: list[tuple[list[str], str, str]] = []

    def send(self, to, subject, body):
        self.sent.append((to, subject, body))


def _deps(mailer):
    return NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), mailer=mailer)


def _message(oa_id, user):
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text="còn hàng không?")
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    return json.loads(response["body"])["conversation_ids"][0]


def _assign_everything(org_id):
    from switchboard.api.assignment import routing_deps
    from switchboard.routing.assign import drain_queue

    drain_queue(org_id, routing_deps())


def test_the_hourly_digest_lists_unread_conversations_of_the_past_hour_only(aws, clock):
    # Given an agent with one conversation unread from this hour and one from earlier
    owner, team, _, oa_id = new_org(1)
    _message(oa_id, f"old-{uuid.uuid4().hex[:4]}")
    clock.advance(timedelta(hours=2).total_seconds())
    _message(oa_id, f"new-{uuid.uuid4().hex[:4]}")
    heartbeat(team)
    _assign_everything(owner.org_id)
    clock.advance(timedelta(minutes=30).total_seconds())
    mailer = RecordingMailer()

    # When the digest runs
    send_digests(_deps(mailer), organizations=wiring.organizations(), clock=clock)

    # Then the agent gets one email naming only this hour's conversation
    to_agent = [m for m in mailer.sent if m[0] == [team[0].email]]
    assert len(to_agent) == 1
    assert to_agent[0][1] == "1 unread conversation in the past hour"
    assert to_agent[0][2].count("còn hàng không?") == 1


def test_the_digest_sends_nothing_when_nothing_is_unread(aws, clock):
    # Given an agent whose conversation was read
    owner, team, _, oa_id = new_org(1)
    conversation_id = _message(oa_id, f"read-{uuid.uuid4().hex[:4]}")
    _assign_everything(owner.org_id)
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    wiring.conversations().save(conv.model_copy(update={"unread": False}), expected_version=conv.version)
    mailer = RecordingMailer()

    # When the digest runs
    send_digests(_deps(mailer), organizations=wiring.organizations(), clock=clock)

    # Then nobody of this organization is written to
    assert [m for m in mailer.sent if m[0] == [team[0].email]] == []


def test_an_expiring_warning_goes_to_the_assignee_and_supervisors(aws, clock):
    # Given a conversation assigned to an agent, in an organization with an owner
    owner, team, _, oa_id = new_org(2)
    conversation_id = _message(oa_id, f"late-{uuid.uuid4().hex[:4]}")
    _assign_everything(owner.org_id)
    assignee = wiring.conversations().get(owner.org_id, conversation_id).assignee_id
    mailer = RecordingMailer()

    # When the sweep announces it is expiring
    notify_event("conversation.expiring", {"org_id": owner.org_id, "conversation_id": conversation_id,
                                           "assignee_id": assignee}, _deps(mailer))

    # Then one email goes to the assignee and the owner, not to the other agent
    emails = {a.agent_id: a.email for a in wiring.agents().list(owner.org_id)}
    other = next(a.agent_id for a in team if a.agent_id != assignee)
    assert len(mailer.sent) == 1
    recipients = mailer.sent[0][0]
    assert emails[assignee] in recipients and emails[owner.agent_id] in recipients
    assert emails[other] not in recipients
