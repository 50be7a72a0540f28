"""The SLA sweep: what each due action changes (`decide`) and how one shard is processed (`sweep_shard`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest
from pynamodb.expressions.update import Update
from switchboard.clock import FrozenClock
from switchboard.cursors import CursorSigner
from switchboard.models import OrgSettings, SlaSettings, Status
from switchboard.sla.policy import SlaAction, due_actions, next_due
from switchboard.sla.sweep import SweepDeps, decide, reindex, sweep_shard
from switchboard.store.conversations import ConversationRepository, DueConversation, LoadChange
from switchboard.store.table import ConversationItem

from tests.unit.builders import T0, clock, hours

NOW_48H = T0 + hours(48)
NOW_7D = T0 + timedelta(days=7)


def due(conversation_id: str = "cv-1", *, status: Status = Status.OPEN, assignee_id: str | None = "ag-1",
        org_id: str = "org-1", warned: bool = False, taken_over: bool = False) -> DueConversation:
    return DueConversation(
        org_id=org_id, conversation_id=conversation_id, status=status, assignee_id=assignee_id,
        clock=clock(T0, warned=warned, taken_over=taken_over), due_key="x",
    )


# ---------------------------------------------------------------- decide


@pytest.mark.parametrize("status", [Status.OPEN, Status.AWAITING_CUSTOMER])
def test_auto_close_releases_the_assignees_load_when_the_conversation_held_capacity(status):
    # Given an open or awaiting conversation assigned to ag-1
    entry = due(status=status)
    # When the auto-close is decided
    change = decide(entry, [SlaAction.AUTO_CLOSE], NOW_7D, OrgSettings())
    # Then it closes for timeout, locks replies 30 days on, stops the clock, and frees one unit of ag-1's load
    assert change.set["status"] == "closed"
    assert change.set["close_reason"] == "timeout"
    assert change.set["closed_at"] == NOW_7D
    assert change.set["reply_locked_at"] == NOW_7D + timedelta(days=30)
    assert {"waiting_since", "expiring_at", "takeover_at", "auto_close_at"} <= set(change.remove)
    assert change.clock.closed and change.clock.waiting_since is None
    assert change.inbox_list == "H" and change.inbox_sorted_at == NOW_7D
    assert change.load_changes == (LoadChange("org-1", "ag-1", -1),)


@pytest.mark.parametrize(
    "status,assignee", [(Status.ESCALATED, "ag-1"), (Status.UNASSIGNED, None), (Status.ESCALATED, None)]
)
def test_auto_close_moves_no_load_when_the_conversation_held_no_capacity(status, assignee):
    # Given an escalated (taken-over) or queued conversation
    entry = due(status=status, assignee_id=assignee, warned=True, taken_over=True)
    # When the auto-close is decided
    change = decide(entry, [SlaAction.AUTO_CLOSE], NOW_7D, OrgSettings())
    # Then it closes but nobody's load changes
    assert change.set["status"] == "closed"
    assert change.load_changes == ()


def test_auto_close_uses_the_organizations_reply_lock():
    # Given an organization that locks replies 2 days after closing
    settings = OrgSettings(sla=SlaSettings(reply_lock_after_days=2))
    # When an auto-close is decided
    change = decide(due(), [SlaAction.AUTO_CLOSE], NOW_7D, settings)
    # Then the lock follows its setting
    assert change.set["reply_locked_at"] == NOW_7D + timedelta(days=2)


def test_warning_only_marks_the_conversation_warned_and_changes_nothing_else():
    # Given an open conversation at 20 h
    entry = due()
    # When the warning is decided
    change = decide(entry, [SlaAction.WARN_EXPIRING], T0 + hours(20), OrgSettings())
    # Then only the warned flag is set; it stays in its list with its assignee and load
    assert change.set == {"expiring_warned": True}
    assert change.remove == ()
    assert change.clock.expiring_warned and not change.clock.taken_over
    assert change.load_changes == ()
    assert change.inbox_list is None and change.inbox_sorted_at is None


def test_takeover_to_a_takeover_agent_escalates_and_reassigns_without_adding_load():
    # Given an organization with a takeover agent and an open conversation held by ag-1
    settings = OrgSettings(takeover_agent_id="ag-support")
    entry = due(warned=True)
    # When the takeover is decided
    change = decide(entry, [SlaAction.TAKE_OVER], NOW_48H, settings)
    # Then it is escalated to list E for the SLA, handed to the takeover agent, and only ag-1's load moves (down)
    assert change.set["status"] == "escalated"
    assert change.set["taken_over"] is True
    assert change.set["escalation"]["reason"] == "sla_takeover"
    assert change.set["escalation"]["at"] == NOW_48H.isoformat()
    assert change.set["assignee_id"] == "ag-support"
    assert change.set["previous_assignee_id"] == "ag-1"
    assert "assignee_id" not in change.remove
    assert change.inbox_list == "E" and change.inbox_sorted_at == NOW_48H
    assert change.load_changes == (LoadChange("org-1", "ag-1", -1),)
    assert all(load.delta < 0 for load in change.load_changes)
    assert change.clock.taken_over


def test_takeover_without_a_takeover_agent_removes_the_assignee():
    # Given an organization with no takeover agent
    entry = due(warned=True)
    # When the takeover is decided
    change = decide(entry, [SlaAction.TAKE_OVER], NOW_48H, OrgSettings())
    # Then the conversation is escalated with no assignee, remembering who had it
    assert change.set["status"] == "escalated"
    assert "assignee_id" not in change.set
    assert change.remove == ("assignee_id",)
    assert change.set["previous_assignee_id"] == "ag-1"
    assert change.inbox_list == "E"
    assert change.load_changes == (LoadChange("org-1", "ag-1", -1),)


def test_takeover_of_an_unassigned_conversation_moves_no_load():
    # Given a queued conversation nobody holds
    entry = due(status=Status.UNASSIGNED, assignee_id=None, warned=True)
    # When the takeover is decided with a takeover agent set
    change = decide(entry, [SlaAction.TAKE_OVER], NOW_48H, OrgSettings(takeover_agent_id="ag-support"))
    # Then it is handed to the takeover agent, nobody's load changes, and there is no previous assignee
    assert change.set["assignee_id"] == "ag-support"
    assert "previous_assignee_id" not in change.set
    assert change.load_changes == ()


def test_late_sweep_warns_and_takes_over_in_one_change():
    # Given a conversation never warned, seen by the sweep at 50 h
    entry = due()
    actions = due_actions(entry.clock, T0 + hours(50))
    # When both due actions are decided
    change = decide(entry, actions, T0 + hours(50), OrgSettings())
    # Then the one change records both
    assert change.set["expiring_warned"] is True
    assert change.set["status"] == "escalated"
    assert change.clock.expiring_warned and change.clock.taken_over


# ---------------------------------------------------------------- sweep_shard fakes


class FakeConversations:
    def __init__(self, entries, *, lose=(), explode=()):
        self.entries = list(entries)
        self.lose = set(lose)
        self.explode = set(explode)
        self.applied: list[tuple[str, object]] = []
        self.due_calls: list[tuple[int, object]] = []

    def due_entries(self, shard, now):
        self.due_calls.append((shard, now))
        return list(self.entries), []  # no agent due to go offline

    def apply_sla(self, entry, change):
        if entry.conversation_id in self.explode:
            raise RuntimeError("boom")
        if entry.conversation_id in self.lose:
            return False  # another writer changed the conversation first
        self.applied.append((entry.conversation_id, change))
        return True


@dataclass
class _Org:
    settings: OrgSettings


class FakeOrganizations:
    def __init__(self, settings_by_org):
        self.settings_by_org = settings_by_org
        self.gets: list[str] = []

    def get(self, org_id):
        self.gets.append(org_id)
        return _Org(self.settings_by_org[org_id])


@dataclass
class FakeEvents:
    published: list[tuple[str, dict]] = field(default_factory=list)

    def publish(self, name, detail):
        self.published.append((name, detail))

    def names(self):
        return [name for name, _ in self.published]


@dataclass
class FakeAssignQueue:
    drains: list[tuple[str, str]] = field(default_factory=list)

    def drain(self, org_id, reason=""):
        self.drains.append((org_id, reason))


def make_deps(conversations, now, settings_by_org=None):
    return SweepDeps(
        conversations=conversations,
        organizations=FakeOrganizations(settings_by_org or {"org-1": OrgSettings(), "org-2": OrgSettings()}),
        events=FakeEvents(),
        assign_queue=FakeAssignQueue(),
        clock=FrozenClock(now),
    )


# ---------------------------------------------------------------- sweep_shard


def test_sweep_reads_its_own_shard_at_the_clocks_now():
    # Given an empty shard
    repo = FakeConversations([])
    deps = make_deps(repo, NOW_48H)
    # When shard 3 is swept
    report = sweep_shard(3, deps)
    # Then the repository was asked for shard 3 at the clock's time, and nothing happened
    assert repo.due_calls == [(3, NOW_48H)]
    assert (report.shard, report.due, report.acted, report.skipped, report.failed) == (3, 0, 0, 0, 0)


def test_expiring_warning_publishes_conversation_expiring_exactly_once():
    # Given one conversation at 20 h
    repo = FakeConversations([due("cv-1")])
    deps = make_deps(repo, T0 + hours(20))
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then one event announces it, naming its agent
    assert deps.events.names() == ["conversation.expiring"]
    assert deps.events.published[0][1] == {"org_id": "org-1", "conversation_id": "cv-1", "assignee_id": "ag-1"}
    assert report.acted == 1
    assert deps.assign_queue.drains == []  # a warning frees no capacity


def test_late_sweep_announces_expiring_once_and_takeover_once():
    # Given a conversation first seen at 50 h with a takeover agent configured
    repo = FakeConversations([due("cv-1")])
    deps = make_deps(repo, T0 + hours(50), {"org-1": OrgSettings(takeover_agent_id="ag-support")})
    # When the shard is swept
    sweep_shard(0, deps)
    # Then each event is published once, and the takeover names the target
    assert sorted(deps.events.names()) == ["conversation.expiring", "conversation.taken_over"]
    taken = dict(deps.events.published)["conversation.taken_over"]
    assert taken["takeover_agent_id"] == "ag-support"


def test_takeover_of_an_already_warned_conversation_does_not_warn_again():
    # Given a warned conversation at 48 h
    repo = FakeConversations([due("cv-1", warned=True)])
    deps = make_deps(repo, NOW_48H)
    # When the shard is swept
    sweep_shard(0, deps)
    # Then only the takeover is announced, and capacity freed by it wakes the assignment queue
    assert deps.events.names() == ["conversation.taken_over"]
    assert deps.assign_queue.drains and deps.assign_queue.drains[0][0] == "org-1"


def test_an_action_whose_conditional_write_loses_is_skipped_and_announces_nothing():
    # Given a conversation whose write loses to a concurrent reply
    repo = FakeConversations([due("cv-1", warned=True)], lose={"cv-1"})
    deps = make_deps(repo, NOW_48H)
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then it counts as skipped; no event and no drain follow
    assert (report.due, report.acted, report.skipped, report.failed) == (1, 0, 1, 0)
    assert deps.events.published == []
    assert deps.assign_queue.drains == []


def test_one_conversation_failing_does_not_stop_the_others():
    # Given three due conversations, the middle one failing to write
    repo = FakeConversations([due("cv-1"), due("cv-2"), due("cv-3")], explode={"cv-2"})
    deps = make_deps(repo, T0 + hours(20))
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then the others are still acted on and the failure is counted
    assert [cid for cid, _ in repo.applied] == ["cv-1", "cv-3"]
    assert (report.due, report.acted, report.failed) == (3, 2, 1)
    assert [d["conversation_id"] for _, d in deps.events.published] == ["cv-1", "cv-3"]


def test_a_conversation_whose_organization_cannot_be_read_fails_alone():
    # Given a conversation of an unknown organization between two good ones
    repo = FakeConversations([due("cv-1"), due("cv-x", org_id="org-missing"), due("cv-3")])
    deps = make_deps(repo, T0 + hours(20))
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then only that conversation fails
    assert report.failed == 1 and report.acted == 2


def test_an_entry_found_before_its_next_action_only_moves_to_that_deadline():
    # Given a conversation the index returned early (at 19 h, its warning falls due at 20 h)
    repo = FakeConversations([due("cv-1")])
    deps = make_deps(repo, T0 + hours(19))
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then nothing is acted on or announced, but its due key moves to the next deadline with the clock
    # unchanged, so the next sweeps do not read it again every minute
    (cid, change), = repo.applied
    assert cid == "cv-1" and change.set == {} and change.remove == () and change.load_changes == ()
    assert change.clock == due("cv-1").clock and next_due(change.clock) == T0 + hours(20)
    assert (report.acted, report.skipped, report.reindexed) == (0, 1, 1)
    assert deps.events.published == []
    assert deps.assign_queue.drains == []


def test_an_early_entry_whose_due_key_moved_meanwhile_is_left_alone():
    # Given an early entry whose conditional re-index loses (a reply moved its due key first)
    repo = FakeConversations([due("cv-1")], lose={"cv-1"})
    deps = make_deps(repo, T0 + hours(19))
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then it counts as skipped, not re-indexed, and nothing is announced
    assert (report.skipped, report.reindexed, report.failed) == (1, 0, 0)
    assert deps.events.published == []


def test_auto_close_frees_capacity_and_drains_the_queue_once_per_organization():
    # Given two open conversations in org-1 and one in org-2, all 7 days old
    entries = [due("cv-1"), due("cv-2", assignee_id="ag-2"), due("cv-3", org_id="org-2")]
    repo = FakeConversations(entries)
    deps = make_deps(repo, NOW_7D)
    # When the shard is swept
    report = sweep_shard(0, deps)
    # Then each is closed, each assignee's load drops, and each organization's queue drains once
    assert report.acted == 3
    assert all(change.set["status"] == "closed" for _, change in repo.applied)
    assert sorted(org for org, _ in deps.assign_queue.drains) == ["org-1", "org-2"]
    # and an auto-close announces neither a warning nor a takeover
    assert deps.events.published == []


def test_auto_close_of_an_escalated_conversation_does_not_drain_the_queue():
    # Given a taken-over conversation that reaches 7 days
    repo = FakeConversations([due("cv-1", status=Status.ESCALATED, assignee_id="ag-support", warned=True, taken_over=True)])
    deps = make_deps(repo, NOW_7D)
    # When the shard is swept
    sweep_shard(0, deps)
    # Then it closes with no load change, so the queue is not woken
    (_, change), = repo.applied
    assert change.load_changes == ()
    assert deps.assign_queue.drains == []


def test_organization_settings_are_read_once_per_sweep():
    # Given three due conversations of one organization
    repo = FakeConversations([due("cv-1"), due("cv-2"), due("cv-3")])
    deps = make_deps(repo, T0 + hours(20))
    # When the shard is swept
    sweep_shard(0, deps)
    # Then the organization was read once
    assert deps.organizations.gets == ["org-1"]


# ---------------------------------------------------------------- the update the sweep writes


def _document_paths(actions) -> list[str]:
    """The document path of each action of a PynamoDB update, as DynamoDB reads the expression."""
    names: dict[str, str] = {}
    expression = Update(*actions).serialize(names, {})
    attribute = {placeholder: name for name, placeholder in names.items()}
    paths = []
    for clause, body in re.findall(r"\b(SET|REMOVE|ADD|DELETE) (.*?)(?= (?:SET|REMOVE|ADD|DELETE) |$)", expression):
        depth, start, parts = 0, 0, []
        for i, char in enumerate(body + ","):  # commas inside function calls do not separate actions
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                parts.append(body[start:i].strip())
                start = i + 1
        for part in parts:
            path = part.split("=")[0].strip() if clause == "SET" else part.split(" ")[0]
            paths.append(re.sub(r"#\d+", lambda m: attribute[m.group(0)], path))
    return paths


def _overlapping(paths: list[str]) -> list[tuple[str, str]]:
    """DynamoDB's rule: no two actions of one update may name the same path, or a path and one inside it."""
    return [(a, b) for i, a in enumerate(paths) for b in paths[i + 1:]
            if a == b or b.startswith((a + ".", a + "[")) or a.startswith((b + ".", b + "["))]


def test_the_overlap_check_catches_what_dynamodb_refuses():
    # Given the update that failed on every marketplace ticket's auto-close (a set both added to and deleted from)
    from switchboard.store.table import ConversationItem as C

    refused = [C.version.add(1), C.counted_in.delete({"tickets#pre_purchase"}), C.counted_in.add({"tickets#closed"})]
    # When its document paths are checked / Then the overlap is found, and a path inside a map overlaps the map too
    stored = C.counted_in.attr_name
    assert _overlapping(_document_paths(refused)) == [(stored, stored)]
    assert _overlapping(["escalation", "escalation.note", "status"]) == [("escalation", "escalation.note")]


SWEPT_STATUSES = [(Status.OPEN, "ag-1"), (Status.AWAITING_CUSTOMER, "ag-1"), (Status.ESCALATED, "ag-1"),
                  (Status.ESCALATED, None), (Status.UNASSIGNED, None)]
CATEGORIES = [None, "pre_purchase", "post_purchase_ticket", "post_purchase_support"]
MOMENTS = [hours(19), hours(20), hours(47), NOW_48H - T0, hours(50), NOW_7D - T0, timedelta(days=8)]


@pytest.mark.parametrize("status,assignee", SWEPT_STATUSES)
@pytest.mark.parametrize("category", CATEGORIES)
def test_no_update_the_sweep_can_build_has_overlapping_document_paths(status, assignee, category):
    # Given a due conversation of every status, category and clock state, with or without a takeover agent
    repository = ConversationRepository(sla_shards=8, cursors=CursorSigner(lambda: b"unit-test-key"))
    checked = 0
    for warned, taken_over in [(False, False), (True, False), (True, True), (False, True)]:
        entry = replace(due(status=status, assignee_id=assignee, warned=warned, taken_over=taken_over),
                        connection_id="cn-1", category=category, due_key="2026-11-23T05:00:00#cv-1")
        for moment in MOMENTS:
            for settings in (OrgSettings(), OrgSettings(takeover_agent_id="ag-support")):
                # When the sweep decides what is due then (or only moves the due key) and builds its one update
                actions = due_actions(entry.clock, T0 + moment)
                change = decide(entry, actions, T0 + moment, settings) if actions else reindex(entry)
                update, _, moves = repository.sla_update(entry, change)
                # Then no two of its actions touch overlapping document paths, as DynamoDB requires
                paths = _document_paths(update)
                assert _overlapping(paths) == [], (status, category, warned, taken_over, moment, paths)
                # And a counter it moves away from is deleted from counted_in, never added and deleted at once
                assert (ConversationItem.counted_in.attr_name in paths) == any(d < 0 for d in moves.values())
                checked += 1
    assert checked == 4 * len(MOMENTS) * 2


# ---------------------------------------------------------------- the ladder, walked


def _walk(entry: DueConversation, settings: OrgSettings, moments) -> list[tuple[str, timedelta]]:
    """Sweep the conversation at each moment as the Due index would show it: only once its due key has passed."""
    acted = []
    for now in moments:
        due_at = next_due(entry.clock)
        if due_at is None or due_at > now:
            continue  # not in the index's range yet (or out of it): the sweep does not see it
        actions = due_actions(entry.clock, now)
        assert actions, f"indexed at {due_at} with nothing due at {now}"
        change = decide(entry, actions, now, settings)
        acted += [(action.value, now - T0) for action in actions]
        status = Status(change.set.get("status", entry.status))
        assignee = None if "assignee_id" in change.remove else change.set.get("assignee_id", entry.assignee_id)
        entry = replace(entry, status=status, assignee_id=assignee, clock=change.clock)
    return acted


@pytest.mark.parametrize("status,assignee", [(Status.OPEN, "ag-1"), (Status.UNASSIGNED, None), (Status.ESCALATED, "ag-1")])
@pytest.mark.parametrize("takeover_agent", [None, "ag-support"])
def test_swept_every_30_minutes_for_8_days_each_action_happens_once_at_its_deadline(status, assignee, takeover_agent):
    # Given a customer waiting since T0 on a conversation in `status`
    entry = due(status=status, assignee_id=assignee)
    settings = OrgSettings(takeover_agent_id=takeover_agent)
    # When the sweep looks every 30 minutes for 8 days
    acted = _walk(entry, settings, [T0 + timedelta(minutes=30 * i) for i in range(1, 8 * 48 + 1)])
    # Then it warns at 20 h, takes over at 48 h and closes at 7 days, each once
    assert acted == [("warn_expiring", hours(20)), ("take_over", hours(48)), ("auto_close", timedelta(days=7))]


@pytest.mark.parametrize("status,assignee", [(Status.OPEN, "ag-1"), (Status.UNASSIGNED, None), (Status.ESCALATED, "ag-1")])
def test_one_sweep_8_days_later_only_closes(status, assignee):
    # Given a customer waiting since T0 / When the first sweep comes 8 days later, then every 30 minutes for a day
    moments = [T0 + timedelta(days=8) + timedelta(minutes=30 * i) for i in range(48)]
    acted = _walk(due(status=status, assignee_id=assignee), OrgSettings(), moments)
    # Then it closes once, at that sweep: a warning and a takeover past the close are not sent
    assert acted == [("auto_close", timedelta(days=8))]


def test_an_answered_conversation_is_never_swept():
    # Given a conversation whose customer was answered (no clock runs) / When 8 days of sweeps pass / Then nothing happens
    entry = replace(due(status=Status.AWAITING_CUSTOMER), clock=clock(None))
    assert _walk(entry, OrgSettings(), [T0 + timedelta(minutes=30 * i) for i in range(1, 8 * 48 + 1)]) == []
