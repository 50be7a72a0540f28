"""Response-time rules on serialized moto: the due key is written with the conversation, overlapping
sweeps act once, the SlaSweep state machine retries and records a failing shard, and a first contact
is announced to whoever routing gave it to."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from unittest import mock

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.ids import contact_id_for, conversation_id_for, shard_of
from switchboard.models import Status
from switchboard.notify.emails import NotifyDeps, notify_event
from switchboard.onboarding import add_agent, change_settings
from switchboard.routing.assign import drain_queue
from switchboard.routing.work import AssignWork, AssignWorker
from switchboard.settings import settings
from switchboard.sla.sweep import SweepDeps, sweep_shard
from switchboard.store import keys
from switchboard.store.conversations import ConversationRepository
from tests.e2e.channels import zalo_text
from tests.integration.support import claims_for, domain_of, handler, heartbeat, http_event, invoke, new_org

HOUR = 3600
DAY = 24 * HOUR
FAR_FUTURE = timedelta(days=400)


def _message(oa_id: str, user: str, text: str = "hi") -> str:
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text=text)
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])["conversation_ids"][0]


def _reply(agent, conversation_id: str) -> None:
    response = invoke("reply", http_event(
        "POST", f"/conversations/{conversation_id}/messages", route="/conversations/{conversation_id}/messages",
        body={"text": "On it"}, claims=claims_for(agent), path_params={"conversation_id": conversation_id},
    ))
    assert response["statusCode"] == 201, response


def _due_key(conversation_id: str, clock) -> str | None:
    """The conversation's entry in the Due index, read the way the sweep reads it."""
    shard = shard_of(conversation_id, settings().sla_shards)
    found = [e.due_key for e in wiring.conversations().due(shard, clock.now() + FAR_FUTURE, limit=10_000)
             if e.conversation_id == conversation_id]
    assert len(found) <= 1
    return found[0] if found else None


class RecordingBus:
    def __init__(self):
        self.events: list[tuple[str, dict]] = []
        self._lock = threading.Lock()

    def publish(self, detail_type, detail):
        with self._lock:
            self.events.append((detail_type, detail))


class RecordingQueue:
    def __init__(self):
        self.drains: list[str] = []

    def drain(self, org_id, reason=""):
        self.drains.append(org_id)


class RecordingMailer:
    def __init__(self):
        self.sent: list[tuple[list[str], str, str]] = []

    def send(self, to, subject, body):
        self.sent.append((to, subject, body))


# ---------------------------------------------------------------- the due key


def test_the_due_key_is_written_with_the_conversation_and_follows_its_clock(aws, clock):
    # Given a new conversation, assigned
    owner, team, _, oa_id = new_org(1)
    started = clock.now()
    conversation_id = _message(oa_id, f"due-{uuid.uuid4().hex[:6]}")
    drain_queue(owner.org_id, routing_deps())
    # Then its deadlines and its Due entry (at the expiring deadline, in its shard) came with the first write
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    assert conv.deadlines.expiring_at == started + timedelta(hours=20)
    assert conv.deadlines.takeover_at == started + timedelta(hours=48)
    assert conv.deadlines.auto_close_at == started + timedelta(days=7)
    assert _due_key(conversation_id, clock) == keys.sortable(started + timedelta(hours=20))

    # When the agent replies
    clock.advance(HOUR)
    _reply(team[0], conversation_id)
    # Then the clock stops: no deadlines and no Due entry
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    assert conv.waiting_since is None and conv.deadlines.expiring_at is None
    assert _due_key(conversation_id, clock) is None

    # When the customer writes again three days later
    clock.advance(3 * DAY)
    restarted = clock.now()
    _message(oa_id, conv.contact.channel_user_id, "still there?")
    # Then the clock starts again from that moment
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    assert conv.waiting_since == restarted
    assert conv.deadlines.expiring_at == restarted + timedelta(hours=20)
    assert _due_key(conversation_id, clock) == keys.sortable(restarted + timedelta(hours=20))


def test_a_restarted_clock_is_indexed_at_its_earliest_deadline_whatever_order_the_settings_give(aws, clock):
    # Given an organization that takes over after 10 hours but warns only after 30
    owner, team, _, oa_id = new_org(1)
    change_settings(owner, {"sla": {"expiring_after_hours": 30, "takeover_after_hours": 10}},
                    organizations=wiring.organizations(), agents=wiring.agents())
    wiring.directory().forget()
    conversation_id = _message(oa_id, f"odd-{uuid.uuid4().hex[:6]}")
    drain_queue(owner.org_id, routing_deps())
    _reply(team[0], conversation_id)
    # When the customer writes again
    clock.advance(HOUR)
    restarted = clock.now()
    _message(oa_id, wiring.conversations().get(owner.org_id, conversation_id).contact.channel_user_id, "hello?")
    # Then the Due entry is at the takeover, 10 hours on, not at the later warning
    assert _due_key(conversation_id, clock) == keys.sortable(restarted + timedelta(hours=10))
    # And a sweep then takes it over on time
    clock.advance(10 * HOUR)
    deps = SweepDeps(conversations=wiring.conversations(), organizations=wiring.organizations(), events=RecordingBus(),
                     assign_queue=RecordingQueue(), clock=clock)
    sweep_shard(shard_of(conversation_id, settings().sla_shards), deps)
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    assert conv.status == Status.ESCALATED and conv.escalation.reason == "sla_takeover"
    assert _due_key(conversation_id, clock) == keys.sortable(restarted + timedelta(hours=30))


# ---------------------------------------------------------------- two sweeps at once


def test_two_sweeps_of_each_shard_at_the_same_moment_take_every_action_exactly_once(aws, clock):
    # Given an organization with a takeover agent outside the rule, and three groups of 4 conversations:
    # one 7 days old (auto-close due), one 49 hours old (warning and takeover due), one 21 hours old (warning due)
    owner, team, _, oa_id = new_org(2, capacity=20)
    support = add_agent(owner, {"email": f"support@{domain_of(owner.org_id)}", "nickname": "support", "role": "supervisor"},
                        agents=wiring.agents(), users=wiring.users(), clock=clock)
    change_settings(owner, {"takeover_agent_id": support.agent_id}, organizations=wiring.organizations(),
                    agents=wiring.agents())
    start = clock.now()
    sweep_at = start + timedelta(days=7, minutes=1)

    def group(name: str, age: timedelta) -> set[str]:
        clock.advance((sweep_at - age - clock.now()).total_seconds())
        created = {_message(oa_id, f"{name}-{i}-{uuid.uuid4().hex[:4]}") for i in range(4)}
        heartbeat(team)
        drain_queue(owner.org_id, routing_deps())
        return created

    closing = group("close", timedelta(days=7, minutes=1))
    taking = group("take", timedelta(hours=49))
    warning = group("warn", timedelta(hours=21))
    clock.advance((sweep_at - clock.now()).total_seconds())
    before = {cid: wiring.conversations().get(owner.org_id, cid) for cid in closing | taking | warning}
    assert all(c.assignee_id in {a.agent_id for a in team} for c in before.values())
    bus, queue = RecordingBus(), RecordingQueue()
    deps = SweepDeps(conversations=wiring.conversations(), organizations=wiring.organizations(), events=bus,
                     assign_queue=queue, clock=clock)
    barrier = threading.Barrier(2)

    def sweep_everything(_):
        reports = []
        for shard in range(settings().sla_shards):
            barrier.wait()  # both sweeps start each shard at the same moment
            reports.append(sweep_shard(shard, deps))
        return reports

    # When two sweeps run over every shard at the same time
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = [r for rs in pool.map(sweep_everything, range(2)) for r in rs]

    # Then nothing failed, and each conversation was announced exactly as often as its actions call for
    assert sum(r.failed for r in reports) == 0
    mine = closing | taking | warning
    announced = sorted((kind, d["conversation_id"]) for kind, d in bus.events if d["conversation_id"] in mine)
    expected = sorted([("conversation.expiring", c) for c in taking | warning] + [("conversation.taken_over", c) for c in taking])
    assert announced == expected
    # And every conversation is in its one resulting state
    for cid in closing:
        conv = wiring.conversations().get(owner.org_id, cid)
        assert (conv.status, conv.close_reason) == (Status.CLOSED, "timeout")
        assert conv.deadlines.reply_locked_at == sweep_at + timedelta(days=30)
        assert _due_key(cid, clock) is None
    for cid in taking:
        conv = wiring.conversations().get(owner.org_id, cid)
        assert conv.status == Status.ESCALATED and conv.escalation.reason == "sla_takeover"
        assert conv.assignee_id == support.agent_id and conv.previous_assignee_id == before[cid].assignee_id
        assert conv.expiring_warned and conv.taken_over
        assert _due_key(cid, clock) == keys.sortable(conv.deadlines.auto_close_at)
    for cid in warning:
        conv = wiring.conversations().get(owner.org_id, cid)
        assert conv.status == Status.OPEN and conv.assignee_id == before[cid].assignee_id and conv.expiring_warned
        assert _due_key(cid, clock) == keys.sortable(conv.deadlines.takeover_at)
    # And each released load was released once: every agent's load is what they still hold
    agents = {a.agent_id: a for a in wiring.agents().list(owner.org_id)}
    for member in team:
        held = wiring.conversations().whole_list(owner.org_id, f"A#{member.agent_id}")
        assert agents[member.agent_id].load == len(held) == sum(before[c].assignee_id == member.agent_id for c in warning)
    assert agents[support.agent_id].load == 0  # escalated conversations hold no capacity
    assert owner.org_id in queue.drains


# ---------------------------------------------------------------- the state machine


def test_the_sweep_state_machine_retries_a_failing_shard_then_records_it_and_sweeps_the_others(aws, clock):
    # Given the template's SlaSweep state machine executed by moto, its Lambda task running the real
    # sla handler, except that shard 3 always fails
    from moto.core.config import default_user_config

    from local.aws import route_lambda_invokes

    calls: list[int] = []
    calls_lock = threading.Lock()

    def dispatch(function, body, response_headers):
        assert aws.function_by_physical_name(function) == "SlaFunction"
        event = json.loads(body)
        with calls_lock:
            calls.append(event["shard"])
        if event["shard"] == 3:
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": "RuntimeError", "errorMessage": "shard 3 is broken"}).encode()
        return json.dumps(invoke("sla", event)).encode()

    undo = route_lambda_invokes(dispatch)
    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    try:
        with mock.patch.dict(default_user_config, config):
            import boto3

            from tests.moto_env import ROOT

            # moto keeps executable state machines in a backend of their own: create it there, from the template's file
            sfn = boto3.client("stepfunctions")
            definition = (ROOT / "statemachines" / "sla_sweep.asl.json").read_text()
            definition = definition.replace("${SlaFunctionArn}", aws.attrs["SlaFunction"]["Arn"])
            arn = sfn.create_state_machine(name=f"sweep-{uuid.uuid4().hex[:8]}", definition=definition,
                                           roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
            # When one sweep is started as the schedule starts it
            execution = sfn.start_execution(stateMachineArn=arn, name=f"sweep-{uuid.uuid4().hex}",
                                            input=json.dumps({"shards": list(range(settings().sla_shards))}))
            result = _finished(sfn, execution["executionArn"])
    finally:
        undo()

    # Then the execution succeeds, shard 3 was tried three times (1 + 2 retries) and recorded as failed with its
    # error, and every other shard was swept once with its report
    assert result["status"] == "SUCCEEDED", result
    assert sorted(calls) == sorted([s for s in range(settings().sla_shards) if s != 3] + [3, 3, 3])
    results = json.loads(result["output"])["results"]
    assert len(results) == settings().sla_shards
    failed = [r for r in results if r.get("failed")]
    assert [r["shard"] for r in failed] == [3]
    assert "shard 3 is broken" in json.dumps(failed[0]["error"])
    swept = sorted(r["shard"] for r in results if not r.get("failed"))
    assert swept == [s for s in range(settings().sla_shards) if s != 3]
    assert all({"due", "acted", "failed"} <= set(r) for r in results if not r.get("failed"))


def _finished(sfn, execution_arn: str, timeout_s: float = 60) -> dict:
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.1)
    raise AssertionError("the sweep execution did not finish")


# ---------------------------------------------------------------- first contact


def test_a_first_contact_is_announced_once_routed_and_emailed_to_the_owner_and_the_assignee(aws, clock):
    # Given an organization with two online agents, and a contact's first message
    owner, team, _, oa_id = new_org(2)
    conversation_id = _message(oa_id, f"first-{uuid.uuid4().hex[:6]}")
    bus = RecordingBus()
    # When the Assign function routes it from the queue
    AssignWorker(routing_deps(), events=bus).handle(
        AssignWork(kind="conversation", org_id=owner.org_id, conversation_id=conversation_id, reason="new")
    )
    # Then the first contact is announced once, naming who took it
    assignee = wiring.conversations().get(owner.org_id, conversation_id).assignee_id
    assert assignee in {a.agent_id for a in team}
    assert bus.events == [("conversation.first_contact",
                           {"org_id": owner.org_id, "conversation_id": conversation_id, "assignee_id": assignee})]
    # And the email goes to the owner and that agent only
    mailer = RecordingMailer()
    notify_event(*bus.events[0], NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), organizations=wiring.organizations(), mailer=mailer))
    emails = {a.agent_id: a.email for a in wiring.agents().list(owner.org_id)}
    assert [to for to, _, _ in mailer.sent] == [sorted([emails[owner.agent_id], emails[assignee]])]
    assert mailer.sent[0][1].startswith("New conversation from")


def test_a_first_contact_nobody_could_take_is_emailed_to_the_owner_alone_and_other_routing_announces_nothing(aws, clock):
    # Given an organization whose agents are all offline, and a contact's first message
    owner, team, _, oa_id = new_org(2, online=False)
    conversation_id = _message(oa_id, f"queued-{uuid.uuid4().hex[:6]}")
    bus = RecordingBus()
    worker = AssignWorker(routing_deps(), events=bus)
    # When it is routed as new, then routed again for another reason and the queue drained
    worker.handle(AssignWork(kind="conversation", org_id=owner.org_id, conversation_id=conversation_id, reason="new"))
    worker.handle(AssignWork(kind="conversation", org_id=owner.org_id, conversation_id=conversation_id, reason="reopened"))
    worker.handle(AssignWork(kind="drain", org_id=owner.org_id))
    # Then only the first routing announced it, with nobody assigned, and the email goes to the owner alone
    assert bus.events == [("conversation.first_contact",
                           {"org_id": owner.org_id, "conversation_id": conversation_id, "assignee_id": None})]
    mailer = RecordingMailer()
    notify_event(*bus.events[0], NotifyDeps(conversations=wiring.conversations(), agents=wiring.agents(), organizations=wiring.organizations(), mailer=mailer))
    assert [to for to, _, _ in mailer.sent] == [[wiring.agents().get(owner.org_id, owner.agent_id).email]]


# ---------------------------------------------------------------- a failing action


def test_a_failing_action_is_logged_with_its_conversation_and_counted_in_a_metric_and_the_others_go_on(
        aws, clock, capsys, caplog, monkeypatch):
    # Given two conversations waiting 21 hours in the same shard, the first one's write failing
    owner, _, conn, oa_id = new_org(1, online=False)
    users = [u for u in (f"fail-{uuid.uuid4().hex[:8]}" for _ in range(400))
             if shard_of(conversation_id_for(contact_id_for(conn.connection_id, u)), settings().sla_shards) == 2][:2]
    failing, healthy = (_message(oa_id, user) for user in users)
    clock.advance(21 * HOUR)
    apply_sla = ConversationRepository.apply_sla

    def broken_for_one(self, entry, change):
        if entry.conversation_id == failing:
            raise RuntimeError("the table refused the update")
        return apply_sla(self, entry, change)

    monkeypatch.setattr(ConversationRepository, "apply_sla", broken_for_one)
    capsys.readouterr()

    # When the sla function sweeps that shard
    report = invoke("sla", {"shard": 2})

    # Then the other conversation was still warned, and the failure is in the function's answer
    assert report["failed"] == 1 and report["acted"] >= 1
    assert wiring.conversations().get(owner.org_id, healthy).expiring_warned
    assert not wiring.conversations().get(owner.org_id, failing).expiring_warned
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    # And it is logged as an error naming the conversation, with the exception
    # And it is logged as an error naming the conversation, with the exception, in the function's JSON log
    (record,) = [r for r in caplog.records if getattr(r, "conversation_id", None) == failing]
    logged = json.loads(handler("sla").logger.registered_formatter.format(record))
    assert logged["level"] == "ERROR" and failing in logged["message"] and logged["conversation_id"] == failing
    assert "the table refused the update" in logged["exception"]
    # And counted in the SlaActionsFailed metric (CloudWatch embedded metric format) the template's alarm watches
    (emf,) = [line for line in lines if "_aws" in line]
    (directive,) = emf["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "Switchboard" == _alarm()["Namespace"]
    assert {"Name": "SlaActionsFailed", "Unit": "Count"} in directive["Metrics"]
    assert emf["SlaActionsFailed"] == [report["failed"]] == [1]
    assert {d["Name"]: d["Value"] for d in _alarm()["Dimensions"]} == {k: emf[k] for k in directive["Dimensions"][0]}


def _alarm() -> dict:
    """The template's alarm on failed sweep actions."""
    from cfnlint.decode import decode

    from tests.moto_env import ROOT

    template, _ = decode(str(ROOT / "template.yaml"))
    (alarm,) = [r["Properties"] for r in template["Resources"].values()
                if r["Type"] == "AWS::CloudWatch::Alarm" and r["Properties"]["MetricName"] == "SlaActionsFailed"]
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold" and alarm["Threshold"] == 0
    return alarm


def test_a_sweep_that_finds_nothing_due_writes_no_log_line_and_no_metric(aws, clock, capsys):
    # Given an organization whose only conversation is far from any deadline
    owner, _, conn, oa_id = new_org(1, online=False)
    _message(oa_id, f"calm-{uuid.uuid4().hex[:8]}")
    capsys.readouterr()

    # When the sla function sweeps every shard (an idle deployment does this 350,000 times a month)
    reports = [invoke("sla", {"shard": shard}) for shard in range(settings().sla_shards)]

    # Then nothing was due, and nothing reached stdout: no JSON log line, no embedded-metric line
    assert all(r["due"] == 0 and r["acted"] == 0 and r["failed"] == 0 for r in reports)
    assert [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")] == []


def test_the_sweep_is_an_express_workflow_that_logs_its_failures_only():
    # Given the template
    from cfnlint.decode import decode

    from tests.moto_env import ROOT

    template, _ = decode(str(ROOT / "template.yaml"))
    machine = template["Resources"]["SlaSweepStateMachine"]["Properties"]

    # Then the sweep runs as Express (billed per run, not per state transition), logging errors without data
    assert machine["Type"] == "EXPRESS"
    assert machine["Logging"]["Level"] == "ERROR" and machine["Logging"]["IncludeExecutionData"] is False
    # And every function sends Lambda's own lines only at WARN (no START / REPORT per invocation)
    assert template["Globals"]["Function"]["LoggingConfig"] == {"LogFormat": "JSON", "SystemLogLevel": "WARN"}
