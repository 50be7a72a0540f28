"""Service-report counters on serialized moto: they move in the transaction of the change that
counts, so redeliveries, retried writes and overlapping sweeps count once; the report reads them."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.ids import shard_of
from switchboard.models import Channel, ConnectionMode
from switchboard.connections import connect_channel
from switchboard.routing.assign import drain_queue
from switchboard.settings import settings
from switchboard.sla.policy import due_actions
from switchboard.sla.sweep import decide
from tests.e2e.channels import signed_message, signed_rating, zalo_text
from tests.integration.support import claims_for, http_event, invoke, new_org

HOUR = 3600


def _zalo(oa_id: str, user: str, text: str = "hi", msg_id: str | None = None) -> dict:
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text=text, msg_id=msg_id)
    return http_event("POST", "/webhooks/zalo", body=body, headers=headers)


def _ingest(event: dict) -> dict:
    response = invoke("ingest", event)
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def _reply(agent, conversation_id: str) -> None:
    response = invoke("reply", http_event(
        "POST", f"/conversations/{conversation_id}/messages", route="/conversations/{conversation_id}/messages",
        body={"text": "On it"}, claims=claims_for(agent), path_params={"conversation_id": conversation_id},
    ))
    assert response["statusCode"] == 201, response


def _report(actor, query: str = "") -> dict:
    event = http_event("GET", "/reports/service", claims=claims_for(actor))
    event["rawQueryString"] = query
    event["queryStringParameters"] = dict(p.split("=", 1) for p in query.split("&") if p) or None
    response = invoke("console", event)
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def _today(org_id: str, agent_id: str | None, clock) -> dict:
    day = clock.now().date()
    return wiring.stats().days(org_id, agent_id, day, day).get(day, {})


def test_a_redelivered_first_message_is_received_once(aws, clock):
    # Given a Zalo connection and one signed first message
    owner, _, _, oa_id = new_org(1)
    event = _zalo(oa_id, f"u-{uuid.uuid4().hex[:6]}", msg_id=uuid.uuid4().hex)
    # When the channel delivers it three times
    results = [_ingest(event) for _ in range(3)]
    # Then the organization received one wait today, not three
    assert [r["duplicates"] for r in results] == [0, 1, 1]
    assert _today(owner.org_id, None, clock) == {"received": 1}


def test_more_messages_of_a_running_wait_count_no_new_wait_and_the_first_after_a_reply_does(aws, clock):
    # Given a conversation assigned to the org's only agent
    owner, team, _, oa_id = new_org(1)
    user = f"u-{uuid.uuid4().hex[:6]}"
    cid = _ingest(_zalo(oa_id, user))["conversation_ids"][0]
    drain_queue(owner.org_id, routing_deps())
    agent = team[0]
    # When the customer writes twice more while waiting, is answered, then writes again
    _ingest(_zalo(oa_id, user, "still there?"))
    _ingest(_zalo(oa_id, user, "hello??"))
    clock.advance(60)
    _reply(agent, cid)
    clock.advance(60)
    _ingest(_zalo(oa_id, user, "one more thing"))
    # Then the org received two waits; the agent received the first by assignment, the second directly
    assert _today(owner.org_id, None, clock)["received"] == 2
    mine = _today(owner.org_id, agent.agent_id, clock)
    assert mine["received"] == 2
    # and the reply ended one wait within 24 h, with a first response of 60 s
    assert (mine["waits_ended"], mine["answered_24h"], mine["frt_60"]) == (1, 1, 1)


def test_a_reply_retried_after_a_conflict_counts_once(aws, clock, monkeypatch):
    # Given an assigned, waiting conversation, and a reply that first reads a stale version
    owner, team, _, oa_id = new_org(1)
    cid = _ingest(_zalo(oa_id, f"u-{uuid.uuid4().hex[:6]}"))["conversation_ids"][0]
    drain_queue(owner.org_id, routing_deps())
    repo = wiring.conversations()
    stale = repo.get(owner.org_id, cid)
    repo.save(stale.model_copy(update={"flagged": True}), expected_version=stale.version)  # someone else wrote
    real_get, served = repo.get, []

    def first_stale(org_id, conversation_id):
        if not served:
            served.append(True)
            return stale
        return real_get(org_id, conversation_id)

    monkeypatch.setattr(repo, "get", first_stale)
    # When the agent replies (the first save loses on the version and the use case reads again)
    clock.advance(30)
    _reply(team[0], cid)
    # Then the wait ended once and one first response was timed
    assert served == [True]
    org = _today(owner.org_id, None, clock)
    assert (org["waits_ended"], org["answered_24h"], org["frt_30"]) == (1, 1, 1)


def test_a_takeover_applied_twice_counts_one_late_response(aws, clock):
    # Given a conversation whose customer has waited past the takeover (48 h)
    owner, team, _, oa_id = new_org(1)
    cid = _ingest(_zalo(oa_id, f"u-{uuid.uuid4().hex[:6]}"))["conversation_ids"][0]
    drain_queue(owner.org_id, routing_deps())
    clock.advance(49 * HOUR)
    repo = wiring.conversations()
    (entry,) = [e for e in repo.due(shard_of(cid, settings().sla_shards), clock.now()) if e.conversation_id == cid]
    change = decide(entry, due_actions(entry.clock, clock.now()), clock.now(), wiring.organizations().get(owner.org_id).settings)
    # When two overlapping sweeps apply the same decision
    outcomes = [repo.apply_sla(entry, change), repo.apply_sla(entry, change)]
    # Then one applied, and one late response is counted for the org and for the agent who had it
    assert outcomes == [True, False]
    for agent_id in (None, team[0].agent_id):
        today = _today(owner.org_id, agent_id, clock)
        assert (today["waits_ended"], today["late"]) == (1, 1)
        assert "answered_24h" not in today


def test_a_redelivered_rating_counts_once_and_the_report_shows_it(aws, clock):
    # Given a web connection whose contact wrote and was assigned
    owner, team, _, _ = new_org(1)
    conn = connect_channel(
        owner, channel=Channel.WEB, name="shop", external_id=f"w-{uuid.uuid4().hex[:6]}",
        credentials={"signing_secret": "web-secret"}, mode=ConnectionMode.ONLY_ME, rule_id=None,
        connections=wiring.connections(), rules=wiring.rules(), secrets=wiring.secret_store(), clock=clock,
    )
    wiring.directory().forget()
    path = f"/webhooks/web/{conn.connection_id}"
    route = "/webhooks/{channel}/{connection_id}"
    params = {"channel": "web", "connection_id": conn.connection_id}
    ts = int(clock.now().timestamp())
    contact = {"id": f"c-{uuid.uuid4().hex[:6]}", "name": "Lan"}
    body, headers = signed_message(secret="web-secret", contact=contact, text="Size M?", timestamp=ts)
    _ingest(http_event("POST", path, route=route, body=body, headers=headers, path_params=params))
    drain_queue(owner.org_id, routing_deps())  # "only me": the owner gets it
    # When the contact rates 2, and the channel delivers that rating twice
    body, headers = signed_rating(secret="web-secret", contact=contact, rating=2, timestamp=ts)
    rating = http_event("POST", path, route=route, body=body, headers=headers, path_params=params)
    results = [_ingest(rating), _ingest(rating)]
    # Then it counts once, unsatisfied, for the org and for the owner who holds the conversation
    assert [(r["stored"], r["duplicates"]) for r in results] == [(1, 0), (0, 1)]
    for agent_id in (None, owner.agent_id):
        today = _today(owner.org_id, agent_id, clock)
        assert today.get("rated") == 1 and "satisfied" not in today
    # and the owner's report says so: satisfaction 0 puts the account at risk
    report = _report(owner)
    assert report["csat"] == 0.0 and report["ratings_counted"] == 1 and report["health"] == "at_risk"
    assert report["received_today"] == 1
    assert _report(owner, f"agent_id={owner.agent_id}&days=1")["csat"] == 0.0


def test_the_report_refuses_bad_days_and_other_peoples_reports(aws, clock):
    owner, team, _, _ = new_org(2)
    stranger, _, _, _ = new_org(1)
    for query, status in [("days=0", 422), ("days=91", 422), ("days=x", 422), (f"agent_id={stranger.agent_id}", 404)]:
        event = http_event("GET", "/reports/service", claims=claims_for(owner))
        event["rawQueryString"] = query
        event["queryStringParameters"] = dict([query.split("=", 1)])
        response = invoke("console", event)
        assert response["statusCode"] == status, (query, response)
        assert set(json.loads(response["body"])["error"]) == {"code", "message"}
    event = http_event("GET", "/reports/service", claims=claims_for(team[0]))
    event["queryStringParameters"] = {"agent_id": team[1].agent_id}
    assert invoke("console", event)["statusCode"] == 403
    # an agent's own report, over the default window, with nothing counted yet
    mine = _report(team[0], f"agent_id={team[0].agent_id}")
    assert mine["days"] == 7 and mine["health"] == "normal" and mine["response_rate_24h"] is None


def test_days_outside_the_window_are_not_read(aws, clock):
    # Given a first response counted 8 days ago
    owner, team, _, oa_id = new_org(1)
    cid = _ingest(_zalo(oa_id, f"u-{uuid.uuid4().hex[:6]}"))["conversation_ids"][0]
    drain_queue(owner.org_id, routing_deps())
    _reply(team[0], cid)
    clock.advance(timedelta(days=8).total_seconds())
    # When the 7-day and the 9-day reports are read
    week, longer = _report(owner), _report(owner, "days=9")
    # Then only the longer window sees it
    assert week["response_rate_24h"] is None and week["first_response_seconds_median"] is None
    assert longer["response_rate_24h"] == 1.0 and longer["first_response_seconds_median"] is not None


def _organization_day_items(org_id: str, clock) -> dict[str, int]:
    """The counters stored on the organization's own day items today (shards added up), as written."""
    from switchboard.store import keys
    from switchboard.store.connection import counter_values
    from switchboard.store.table import StatsItem

    day = clock.now().date().isoformat()
    page = StatsItem._get_connection().query(
        keys.stats_pk(org_id, None), range_key_condition=StatsItem.SK.startswith(f"{keys.STATS_DAY_PREFIX}{day}#"),
        consistent_read=True,
    )
    total: dict[str, int] = {}
    for raw in page.get("Items", []):
        for name, n in counter_values(raw).items():
            total[name] = total.get(name, 0) + n
    return total


def test_a_change_an_agent_holds_is_written_once_on_the_agents_day_and_the_org_report_still_counts_it(aws, clock):
    # Given a new conversation (received by the organization: nobody holds it yet), then assigned
    owner, team, _, oa_id = new_org(1)
    user = f"u-{uuid.uuid4().hex[:6]}"
    cid = _ingest(_zalo(oa_id, user))["conversation_ids"][0]
    drain_queue(owner.org_id, routing_deps())
    assert _organization_day_items(owner.org_id, clock) == {"received": 1}
    # When the agent answers after 30 s and the customer writes again (a new wait, on the agent's conversation)
    clock.advance(30)
    _reply(team[0], cid)
    clock.advance(60)
    _ingest(_zalo(oa_id, user, "and in blue?"))
    # Then neither change touched the organization's own day items (one counter item each, the agent's)
    assert _organization_day_items(owner.org_id, clock) == {"received": 1}
    # and the organization's counters and report still count both: two waits received, one ended
    org = _today(owner.org_id, None, clock)
    assert (org["received"], org["waits_ended"], org["answered_24h"], org["frt_30"]) == (2, 1, 1, 1)
    report = _report(owner)
    assert (report["received_today"], report["waits_counted"], report["response_rate_24h"]) == (2, 1, 1.0)
    # and the agent's own counters hold only the agent's view: the assignment and the new wait received
    mine = _today(owner.org_id, team[0].agent_id, clock)
    assert mine == {"received": 2, "waits_ended": 1, "answered_24h": 1, "frt_30": 1}


def test_a_day_written_the_old_way_reads_the_same_and_adds_up_with_changes_counted_the_new_way(aws, clock):
    # Given today's counters as the version before wrote them: every change on the organization's day, and
    # the agent's view of the ones the agent held on the agent's day (no organization share there)
    from pynamodb.transactions import TransactWrite

    from switchboard.reports.counts import ServiceCount
    from switchboard.store.connection import dynamo_connection
    from switchboard.store.stats import count_update

    owner, team, _, oa_id = new_org(2)
    day = clock.now().date()
    with TransactWrite(connection=dynamo_connection()) as tx:
        count_update(tx, ServiceCount(owner.org_id, None, day, "cv-old-1", (
            ("answered_24h", 3), ("frt_60", 3), ("late", 1), ("rated", 2), ("received", 5), ("satisfied", 1),
            ("waits_ended", 4))))
        count_update(tx, ServiceCount(owner.org_id, team[0].agent_id, day, "cv-old-1", (
            ("answered_24h", 3), ("frt_60", 3), ("late", 1), ("rated", 2), ("received", 6), ("satisfied", 1),
            ("waits_ended", 4))))
    before_org, before_agent = _report(owner), _report(owner, f"agent_id={team[0].agent_id}")
    # Then the reports read it as before: the organization's from its own day, the agent's from theirs
    assert (before_org["received_today"], before_org["waits_counted"], before_org["ratings_counted"]) == (5, 4, 2)
    assert (before_org["response_rate_24h"], before_org["late_response_rate"], before_org["csat"]) == (0.75, 0.25, 0.5)
    assert (before_agent["received_today"], before_agent["waits_counted"]) == (6, 4)
    # When, the same day, the new version counts a conversation each agent answers
    for agent in team:
        cid = _ingest(_zalo(oa_id, f"u-{uuid.uuid4().hex[:6]}"))["conversation_ids"][0]
        drain_queue(owner.org_id, routing_deps())
        holder = wiring.conversations().get(owner.org_id, cid).assignee_id
        _reply(next(a for a in team if a.agent_id == holder), cid)
    # Then each change counts once: the old day's and the two new conversations', no more
    org = _report(owner)
    assert (org["received_today"], org["waits_counted"], org["ratings_counted"]) == (7, 6, 2)
    assert (org["response_rate_24h"], org["late_response_rate"]) == (round(5 / 6, 4), round(1 / 6, 4))
    first = _report(owner, f"agent_id={team[0].agent_id}")
    second = _report(owner, f"agent_id={team[1].agent_id}")
    assert (first["received_today"], first["waits_counted"]) == (7, 5)
    assert (second["received_today"], second["waits_counted"], second["response_rate_24h"]) == (1, 1, 1.0)
