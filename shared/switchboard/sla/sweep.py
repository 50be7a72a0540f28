"""One shard of one SLA sweep: act on every conversation whose deadline has passed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from switchboard.clock import Clock
from switchboard.models import CloseReason, Deadlines, OrgSettings, Status, holds_load
from switchboard.reports.counts import wait_expired
from switchboard.routing.presence import end_lapsed_presence
from switchboard.sla.policy import SlaAction, due_actions, reply_lock_from
from switchboard.store.conversations import DueConversation, LoadChange, SlaChange

logger = logging.getLogger(__name__)


@dataclass
class SweepDeps:
    conversations: object
    organizations: object
    events: object
    assign_queue: object
    clock: Clock
    agents: object = None  # agents whose last socket's grace period ended go offline in the same sweep


@dataclass
class SweepReport:
    shard: int
    due: int = 0
    acted: int = 0
    skipped: int = 0
    reindexed: int = 0
    failed: int = 0
    offline: int = 0  # agents written offline when their last socket's grace period ended


def sweep_shard(shard: int, deps: SweepDeps) -> SweepReport:
    now = deps.clock.now()
    report = SweepReport(shard=shard)
    settings_cache: dict[str, OrgSettings] = {}
    drained: set[str] = set()
    conversations, agents = deps.conversations.due_entries(shard, now)
    if agents and deps.agents is not None:
        try:
            report.offline = end_lapsed_presence(agents, deps.agents, now)
        except Exception:  # the conversations' deadlines still go on; the agents are due again next minute
            report.failed += 1
            logger.exception("ending presence failed in shard %s", shard)
    for entry in conversations:
        report.due += 1
        try:
            settings = settings_cache.get(entry.org_id) or deps.organizations.get(entry.org_id).settings
            settings_cache[entry.org_id] = settings
            actions = due_actions(entry.clock, now)
            if not actions:
                # Indexed earlier than its next action (a clock restarted with flags set, or settings
                # that order the deadlines unusually): move its due key to the next one, so later
                # sweeps do not read it again every minute.
                report.skipped += 1
                if deps.conversations.apply_sla(entry, reindex(entry)):
                    report.reindexed += 1
                continue
            change = decide(entry, actions, now, settings)
            if not deps.conversations.apply_sla(entry, change):
                report.skipped += 1
                continue
            report.acted += 1
            _announce(entry, actions, change, deps)
            if any(load.delta < 0 for load in change.load_changes) and entry.org_id not in drained:
                drained.add(entry.org_id)
                deps.assign_queue.drain(entry.org_id, reason="capacity freed by the SLA sweep")
        except Exception:  # one conversation's failure must not stop the others
            report.failed += 1
            # The id in the message too: a log handler without structured fields still names the conversation.
            logger.exception("SLA action failed on %s", entry.conversation_id,
                             extra={"conversation_id": entry.conversation_id})
    return report


def reindex(entry: DueConversation) -> SlaChange:
    """No action, only the due key moved to the clock's next deadline (or out of the index)."""
    return SlaChange(set={}, remove=(), clock=entry.clock)


def decide(entry: DueConversation, actions: list[SlaAction], now: datetime, settings: OrgSettings) -> SlaChange:
    """What the due actions do to a conversation, from what the Due index holds."""
    clock = entry.clock
    holds_capacity = holds_load(entry.assignee_id, entry.status)
    # A takeover, or a timeout close of a wait never taken over, is a late response (PRODUCT.md).
    late = wait_expired(
        entry.org_id, entry.conversation_id, entry.assignee_id, waiting=clock.waiting_since is not None,
        already_taken_over=clock.taken_over, now=now,
    ) if SlaAction.AUTO_CLOSE in actions or SlaAction.TAKE_OVER in actions else ()
    if SlaAction.AUTO_CLOSE in actions:
        return SlaChange(
            set={
                "status": Status.CLOSED.value,
                "close_reason": CloseReason.TIMEOUT.value,
                "closed_at": now,
                "reply_locked_at": reply_lock_from(now, settings.sla),
                "expiring_warned": False,
            },
            remove=("waiting_since", "expiring_at", "takeover_at", "auto_close_at"),
            clock=replace(clock, closed=True, waiting_since=None, deadlines=Deadlines()),
            load_changes=(LoadChange(entry.org_id, entry.assignee_id, -1),) if holds_capacity else (),
            inbox_list="H",
            inbox_sorted_at=now,
            service_counts=late,
        )
    sets: dict = {}
    loads: list[LoadChange] = []
    inbox_list = None
    if SlaAction.WARN_EXPIRING in actions:
        sets["expiring_warned"] = True
        clock = replace(clock, expiring_warned=True)
    if SlaAction.TAKE_OVER in actions:
        target = settings.takeover_agent_id
        sets.update(
            status=Status.ESCALATED.value,
            taken_over=True,
            escalation={"reason": "sla_takeover", "note": None, "at": now.isoformat()},
        )
        if entry.assignee_id:
            sets["previous_assignee_id"] = entry.assignee_id
        if holds_capacity:
            loads.append(LoadChange(entry.org_id, entry.assignee_id, -1))
        if target:
            # Escalated conversations hold no capacity: load counts open and awaiting ones only.
            sets["assignee_id"] = target
        clock = replace(clock, taken_over=True)
        inbox_list = "E"
    removes = ("assignee_id",) if SlaAction.TAKE_OVER in actions and not settings.takeover_agent_id else ()
    return SlaChange(
        set=sets, remove=removes, clock=clock, load_changes=tuple(loads), inbox_list=inbox_list,
        inbox_sorted_at=now if inbox_list else None, service_counts=late,
    )


def _announce(entry: DueConversation, actions: list[SlaAction], change: SlaChange, deps: SweepDeps) -> None:
    base = {"org_id": entry.org_id, "conversation_id": entry.conversation_id, "assignee_id": entry.assignee_id}
    if SlaAction.WARN_EXPIRING in actions:
        deps.events.publish("conversation.expiring", base)
    if SlaAction.TAKE_OVER in actions:
        deps.events.publish("conversation.taken_over", {**base, "takeover_agent_id": change.set.get("assignee_id")})
