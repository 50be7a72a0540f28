"""Response-time rules as one pure policy: given a conversation's clock, what is due and when.

Every write that changes a conversation's clock stores what `deadlines_from` returns and the
`next_due` of the result, so the sweep finds a conversation exactly when it has something to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from switchboard.models import Deadlines, SlaSettings


class SlaAction(StrEnum):
    WARN_EXPIRING = "warn_expiring"
    TAKE_OVER = "take_over"
    AUTO_CLOSE = "auto_close"


@dataclass(frozen=True)
class ClockState:
    waiting_since: datetime | None
    deadlines: Deadlines
    expiring_warned: bool
    taken_over: bool
    closed: bool


def deadlines_from(waiting_since: datetime, sla: SlaSettings) -> Deadlines:
    """The deadlines of a clock that started at `waiting_since`."""
    return Deadlines(
        expiring_at=waiting_since + timedelta(hours=sla.expiring_after_hours),
        takeover_at=waiting_since + timedelta(hours=sla.takeover_after_hours),
        auto_close_at=waiting_since + timedelta(days=sla.auto_close_after_days),
    )


def reply_lock_from(closed_at: datetime, sla: SlaSettings) -> datetime:
    return closed_at + timedelta(days=sla.reply_lock_after_days)


def pending_actions(state: ClockState) -> list[tuple[SlaAction, datetime]]:
    """The actions not yet taken on a running clock, in the order they fall due."""
    if state.closed or state.waiting_since is None:
        return []
    d = state.deadlines
    actions: list[tuple[SlaAction, datetime]] = []
    if not state.expiring_warned and d.expiring_at:
        actions.append((SlaAction.WARN_EXPIRING, d.expiring_at))
    if not state.taken_over and d.takeover_at:
        actions.append((SlaAction.TAKE_OVER, d.takeover_at))
    if d.auto_close_at:
        actions.append((SlaAction.AUTO_CLOSE, d.auto_close_at))
    return sorted(actions, key=lambda item: item[1])


def due_actions(state: ClockState, now: datetime) -> list[SlaAction]:
    """Every action whose deadline has passed at `now`; auto-close supersedes the others."""
    due = [action for action, at in pending_actions(state) if at <= now]
    if SlaAction.AUTO_CLOSE in due:
        return [SlaAction.AUTO_CLOSE]
    return due


def next_due(state: ClockState) -> datetime | None:
    """When the sweep must next look at this conversation; None takes it out of the index."""
    pending = pending_actions(state)
    return pending[0][1] if pending else None


def is_expiring(state: ClockState, now: datetime) -> bool:
    return (
        not state.closed
        and state.waiting_since is not None
        and state.deadlines.expiring_at is not None
        and state.deadlines.expiring_at <= now
    )


def seconds_left_to_respond(state: ClockState, now: datetime) -> int | None:
    """Time until the takeover deadline, the one a marketplace counts as late; None when no clock runs."""
    if state.closed or state.waiting_since is None or state.deadlines.takeover_at is None:
        return None
    return int((state.deadlines.takeover_at - now).total_seconds())
