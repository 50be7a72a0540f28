"""Emails: SLA warnings reach the agent and supervisors; each agent's digest covers everything unread since their
previous one, once, whenever the schedule runs."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from switchboard import wiring
from switchboard.notify.digest import DigestDeps, DigestsNotSent, send_digests
from switchboard.notify.emails import NotifyDeps, notify_event
from switchboard.store.digests import DigestMarkRepository
from tests.e2e.channels import zalo_text
from tests.integration.support import claims_for, heartbeat, http_event, invoke, new_org


class RecordingMailer:
    def __init__(self):
        self.sent: list[tuple[list[str], str, str]] = []

    def send(self, to, subject, body):
        self.sent.append((to, subject, body))


def _deps(mailer):
    return NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), organizations=wiring.organizations(), mailer=mailer)


class OneOrganization:
    """The organizations a digest run visits, narrowed to the test's own (the table holds every test's)."""

    def __init__(self, org_id):
        self.org_id = org_id

    def ids(self):
        return [self.org_id]


def _digest_run(org_id, mailer, clock, marks=None):
    deps = DigestDeps(organizations=OneOrganization(org_id), agents=wiring.agents(), conversations=wiring.conversations(),
                      marks=marks or wiring.digest_marks(), mailer=mailer, clock=clock)
    return send_digests(deps)


def _at(clock, hour, minute=0):
    """Move the frozen clock forward to hh:mm of its current day (UTC)."""
    target = clock.now().replace(hour=hour, minute=minute, second=0, microsecond=0)
    assert target > clock.now(), (target, clock.now())
    clock.advance((target - clock.now()).total_seconds())


def _digests_to(mailer, agent):
    return [(subject, body) for to, subject, body in mailer.sent if to == [agent.email]]


def _message(oa_id, user, text="còn hàng không?"):
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text=text)
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    return json.loads(response["body"])["conversation_ids"][0]


def _assign_everything(org_id):
    from switchboard.api.assignment import routing_deps
    from switchboard.routing.assign import drain_queue

    drain_queue(org_id, routing_deps())


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


# ---------------------------------------------------------------- the digest


def _shop_at_19_30(clock, agents=1):
    """An organization whose agents joined at 19:30 of a fresh day and are online."""
    clock.advance(timedelta(days=1).total_seconds())
    _at(clock, 19, 30)
    owner, team, _, oa_id = new_org(agents)
    return owner, team, oa_id


def _arrives(owner, team, oa_id, text):
    heartbeat(team)
    conversation_id = _message(oa_id, f"u-{uuid.uuid4().hex[:6]}", text)
    _assign_everything(owner.org_id)
    return conversation_id


def _agent_with_a_message_at_20_06(clock, text):
    """An agent who joined at 19:30 of a fresh day, and a customer message at 20:06, unread; its day."""
    owner, (agent,), oa_id = _shop_at_19_30(clock)
    day = clock.now().strftime("%Y-%m-%d")
    _at(clock, 20, 6)
    _arrives(owner, [agent], oa_id, text)
    return owner, agent, oa_id, day


def test_a_message_at_20_06_is_in_the_21_00_digest_and_not_again_in_the_22_00_one(aws, clock):
    # Given an agent who joined at 19:30, with a customer message at 20:06, still unread
    owner, agent, _, day = _agent_with_a_message_at_20_06(clock, "message at 20:06")
    mailer = RecordingMailer()

    # When the digest runs at 21:00 and at 22:00
    _at(clock, 21)
    _digest_run(owner.org_id, mailer, clock)
    _at(clock, 22)
    _digest_run(owner.org_id, mailer, clock)

    # Then the message is in exactly one digest, the first, which covers from when the agent joined
    digests = _digests_to(mailer, agent)
    assert len(digests) == 1
    assert digests[0][0] == f"1 unread conversation since {day} 19:30 UTC"
    assert digests[0][1].count("message at 20:06") == 1


def test_a_run_after_a_skipped_hour_covers_the_whole_gap(aws, clock):
    # Given an agent who got a digest at 21:00, then messages at 21:10 and 22:20, and no run at 22:00
    owner, agent, oa_id, day = _agent_with_a_message_at_20_06(clock, "before the first digest")
    mailer = RecordingMailer()
    _at(clock, 21)
    _digest_run(owner.org_id, mailer, clock)
    _at(clock, 21, 10)
    _arrives(owner, [agent], oa_id, "at 21:10")
    _at(clock, 22, 20)
    _arrives(owner, [agent], oa_id, "at 22:20")

    # When the next run comes at 23:00
    _at(clock, 23)
    _digest_run(owner.org_id, mailer, clock)

    # Then its digest lists both messages of the gap since the first digest (a minute before it ran), and not the
    # message that digest already sent
    _, (subject, body) = _digests_to(mailer, agent)
    assert subject == f"2 unread conversations since {day} 20:59 UTC"
    assert "at 21:10" in body and "at 22:20" in body and "before the first digest" not in body


def test_two_digest_runs_at_the_same_moment_send_one_email(aws, clock):
    # Given an agent with an unread message, and two digest runs that both read the agent's mark before either
    # of them moves it
    owner, (agent,), oa_id = _shop_at_19_30(clock)
    _at(clock, 20)
    _arrives(owner, [agent], oa_id, "only once please")
    _at(clock, 21)
    both_read = threading.Barrier(2)

    class MarksReadTogether(DigestMarkRepository):
        def marks(self, org_id):
            read = super().marks(org_id)
            both_read.wait(timeout=30)
            return read

    mailer = RecordingMailer()

    # When they run at once (on serialized moto each request is atomic, as in DynamoDB)
    with ThreadPoolExecutor(2) as pool:
        sent = list(pool.map(lambda _: _digest_run(owner.org_id, mailer, clock, MarksReadTogether()), range(2)))

    # Then one of them sent the digest, once
    assert sorted(sent) == [0, 1]
    assert len(_digests_to(mailer, agent)) == 1


def test_a_digest_that_could_not_be_sent_is_sent_by_the_next_run_and_the_others_are_not_held_up(aws, clock):
    # Given two agents with unread messages, and a mail service that refuses the first agent's digest once
    owner, (first, second), oa_id = _shop_at_19_30(clock, agents=2)
    _at(clock, 20)
    for i in range(4):
        _arrives(owner, [first, second], oa_id, f"question {i}")
    assert all(wiring.conversations().whole_list(owner.org_id, f"A#{a.agent_id}") for a in (first, second))
    _at(clock, 23)

    class RefusesOnce(RecordingMailer):
        refused = False

        def send(self, to, subject, body):
            if to == [first.email] and not self.refused:
                self.refused = True
                raise RuntimeError("SES throttled")
            super().send(to, subject, body)

    mailer = RefusesOnce()

    # When the digest runs / Then the other agent's digest is sent, and the run fails naming the one left out
    with pytest.raises(DigestsNotSent, match=first.agent_id):
        _digest_run(owner.org_id, mailer, clock)
    assert [to for to, _, _ in mailer.sent] == [[second.email]]

    # When it runs again (Lambda retries a failed asynchronous invocation) / Then the first agent's digest goes
    # out, and nobody gets one twice
    assert _digest_run(owner.org_id, mailer, clock) == 1
    assert sorted(to[0] for to, _, _ in mailer.sent) == sorted([first.email, second.email])


def test_the_digest_sends_nothing_when_nothing_is_unread(aws, clock):
    # Given an agent whose conversation was read
    owner, team, _, oa_id = new_org(1)
    conversation_id = _message(oa_id, f"read-{uuid.uuid4().hex[:4]}")
    _assign_everything(owner.org_id)
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    wiring.conversations().save(conv.model_copy(update={"unread": False}), expected_version=conv.version)
    mailer = RecordingMailer()

    # When the digest runs an hour later
    clock.advance(3600)
    _digest_run(owner.org_id, mailer, clock)

    # Then nobody of this organization is written to
    assert mailer.sent == []


# ---------------------------------------------------------------- what the schedule sends the function


SCHEDULED_EVENT = {  # an EventBridge scheduled rule's event, as the EventBridge User Guide shows it
    "version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event",
    "source": "aws.events", "account": "123456789012", "time": "2015-10-08T16:53:06Z", "region": "us-east-1",
    "resources": ["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"], "detail": {},
}
SCHEDULE_EVENTS = {
    # the template's Input, which `sam local invoke -e` uses too
    "template_input": json.loads(Path("events/functions/notify_digest.json").read_text()),
    # EventBridge Scheduler with no Input ("a default notification", Scheduler API reference, Target.Input):
    # an empty object (aws/aws-lambda-go#563), or no payload at all
    "empty_object": {},
    "no_payload": None,
    "scheduled_rule_event": SCHEDULED_EVENT,
}


@pytest.mark.parametrize("event", SCHEDULE_EVENTS.values(), ids=SCHEDULE_EVENTS.keys())
def test_whatever_the_schedule_sends_the_notify_function_runs_the_digest(aws, clock, monkeypatch, event):
    # Given an agent with an unread message, and the notify function's mailer recorded
    owner, (agent,), oa_id = _shop_at_19_30(clock)
    _at(clock, 20)
    _arrives(owner, [agent], oa_id, "anyone there?")
    _at(clock, 21)
    mailer = RecordingMailer()
    monkeypatch.setattr(wiring, "mailer", lambda: mailer)
    monkeypatch.setattr(type(wiring.organizations()), "ids", lambda self: [owner.org_id])

    # When the schedule invokes the function with that event
    result = invoke("notify", event)

    # Then it ran the digest: the agent got theirs
    assert result == {"sent": 1}
    assert [subject for subject, _ in _digests_to(mailer, agent)] == [f"1 unread conversation since {agent.created_at:%Y-%m-%d %H:%M} UTC"]


def test_a_domain_event_from_the_bus_sends_its_email_and_no_digest(aws, clock, monkeypatch):
    # Given a conversation assigned to an agent, and the sample bus event (events/functions/notify.json) about it
    owner, (agent,), oa_id = _shop_at_19_30(clock)
    _at(clock, 20)
    conversation_id = _arrives(owner, [agent], oa_id, "hello?")
    event = json.loads(Path("events/functions/notify.json").read_text())
    event["detail"] = {"org_id": owner.org_id, "conversation_id": conversation_id, "assignee_id": agent.agent_id}
    mailer = RecordingMailer()
    monkeypatch.setattr(wiring, "mailer", lambda: mailer)
    _at(clock, 21)

    # When the bus invokes the function with it
    result = invoke("notify", event)

    # Then the expiring warning is sent, and no digest
    assert result == {"sent": 2}
    (to, subject, _), = mailer.sent
    assert subject.startswith("Expiring") and agent.email in to


@pytest.mark.parametrize(("choice", "owner_mailed", "assignee_mailed"), [
    (None, True, True),  # the default, as seed 000 has it: the owner and the agent it went to
    ("both", True, True),
    ("owners", True, False),
    ("assignee", False, True),
    ("none", False, False),
])
def test_the_first_contact_email_goes_to_whom_the_organization_chose(aws, choice, owner_mailed, assignee_mailed):
    # Given an organization that chose who hears of a contact's first message (or kept the default)
    owner, _, _, oa_id = new_org(2)
    if choice is not None:
        changed = invoke("console", http_event("PATCH", "/settings", claims=claims_for(owner), body={"first_contact_email": choice}))
        assert changed["statusCode"] == 200 and json.loads(changed["body"])["first_contact_email"] == choice
    conversation_id = _message(oa_id, f"first-{uuid.uuid4().hex[:4]}")
    _assign_everything(owner.org_id)
    assignee = wiring.conversations().get(owner.org_id, conversation_id).assignee_id
    assignee_email = wiring.agents().get(owner.org_id, assignee).email

    # When the first-contact event reaches notify
    mailer = RecordingMailer()
    notify_event("conversation.first_contact", {"org_id": owner.org_id, "conversation_id": conversation_id,
                                                "assignee_id": assignee}, _deps(mailer))

    # Then exactly the chosen people were written to, in one email or none
    expected = sorted([owner.email] * owner_mailed + [assignee_email] * assignee_mailed)
    assert [sorted(to) for to, _, _ in mailer.sent] == ([expected] if expected else [])


def test_a_first_contact_email_choice_outside_the_four_is_refused_and_nothing_changes(aws):
    # Given an organization with the default choice
    owner, _, _, _ = new_org(1)

    # When a manager asks for a choice that does not exist
    refused = invoke("console", http_event("PATCH", "/settings", claims=claims_for(owner), body={"first_contact_email": "everyone"}))

    # Then 422, and the setting is still the default
    assert refused["statusCode"] == 422
    kept = invoke("console", http_event("GET", "/settings", claims=claims_for(owner)))
    assert json.loads(kept["body"])["first_contact_email"] == "both"
