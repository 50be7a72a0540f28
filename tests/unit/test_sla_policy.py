"""The pure SLA policy: which response-time actions are due, and when the sweep must look again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from switchboard.models import SlaSettings
from switchboard.sla.policy import (
    SlaAction,
    deadlines_from,
    due_actions,
    is_expiring,
    next_due,
    pending_actions,
    reply_lock_from,
    seconds_left_to_respond,
)

from tests.unit.builders import T0, clock, hours

SECOND = timedelta(seconds=1)


def test_default_deadlines_are_20_hours_48_hours_and_7_days_after_the_clock_starts():
    # Given the default settings
    sla = SlaSettings()
    # When the clock starts at T0
    d = deadlines_from(T0, sla)
    # Then each deadline is measured from T0
    assert d.expiring_at == T0 + hours(20)
    assert d.takeover_at == T0 + hours(48)
    assert d.auto_close_at == T0 + timedelta(days=7)
    assert d.reply_locked_at is None


def test_custom_sla_settings_move_every_deadline():
    # Given an organization with its own, fractional, response-time rules
    sla = SlaSettings(expiring_after_hours=1.5, takeover_after_hours=4, auto_close_after_days=2, reply_lock_after_days=3)
    # When deadlines and the reply lock are computed
    d = deadlines_from(T0, sla)
    lock = reply_lock_from(T0, sla)
    # Then they follow the custom values, not the defaults
    assert d.expiring_at == T0 + timedelta(minutes=90)
    assert d.takeover_at == T0 + hours(4)
    assert d.auto_close_at == T0 + timedelta(days=2)
    assert lock == T0 + timedelta(days=3)


def test_replies_lock_30_days_after_closing_by_default():
    # Given a conversation closed at T0 / When the lock is computed / Then it is 30 days later
    assert reply_lock_from(T0, SlaSettings()) == T0 + timedelta(days=30)


@pytest.mark.parametrize("elapsed", [timedelta(0), hours(1), hours(20) - SECOND])
def test_nothing_is_due_before_20_hours(elapsed):
    # Given a running clock that started at T0
    state = clock(T0)
    # When the sweep looks before the expiring deadline
    due = due_actions(state, T0 + elapsed)
    # Then nothing is due and the conversation is not expiring yet
    assert due == []
    assert not is_expiring(state, T0 + elapsed)


def test_warning_is_due_at_exactly_20_hours():
    # Given a running clock
    state = clock(T0)
    # When 20 hours have passed
    now = T0 + hours(20)
    # Then only the expiring warning is due, and the conversation counts as expiring
    assert due_actions(state, now) == [SlaAction.WARN_EXPIRING]
    assert is_expiring(state, now)


def test_takeover_alone_is_due_at_48_hours_once_the_warning_was_sent():
    # Given a conversation already warned at 20 h
    state = clock(T0, warned=True)
    # When 48 hours have passed
    due = due_actions(state, T0 + hours(48))
    # Then the takeover is due and the warning is not repeated
    assert due == [SlaAction.TAKE_OVER]


def test_a_late_sweep_does_warning_and_takeover_together_in_deadline_order():
    # Given a conversation never warned (the sweep missed the 20 h mark)
    state = clock(T0)
    # When the sweep first looks at 50 h
    due = due_actions(state, T0 + hours(50))
    # Then both are due, the warning first
    assert due == [SlaAction.WARN_EXPIRING, SlaAction.TAKE_OVER]


@pytest.mark.parametrize("warned,taken_over", [(False, False), (True, False), (True, True), (False, True)])
def test_auto_close_at_7_days_supersedes_warning_and_takeover(warned, taken_over):
    # Given a clock in any stage of warning and takeover
    state = clock(T0, warned=warned, taken_over=taken_over)
    # When 7 days have passed
    due = due_actions(state, T0 + timedelta(days=7))
    # Then only the auto-close is due
    assert due == [SlaAction.AUTO_CLOSE]


def test_just_before_7_days_auto_close_is_not_due():
    # Given a warned, taken-over conversation
    state = clock(T0, warned=True, taken_over=True)
    # When the sweep looks one second before 7 days
    # Then nothing is due
    assert due_actions(state, T0 + timedelta(days=7) - SECOND) == []


def test_once_warned_and_taken_over_those_actions_are_never_due_again():
    # Given a conversation that was both warned and taken over
    state = clock(T0, warned=True, taken_over=True)
    # When its pending actions are listed
    pending = [action for action, _ in pending_actions(state)]
    # Then only the auto-close remains
    assert pending == [SlaAction.AUTO_CLOSE]
    assert due_actions(state, T0 + hours(60)) == []


@pytest.mark.parametrize("state", [clock(T0, closed=True), clock(None)], ids=["closed", "not-waiting"])
def test_a_closed_or_answered_conversation_has_nothing_due_and_leaves_the_index(state):
    # Given a closed conversation or one whose clock is not running
    far_future = T0 + timedelta(days=30)
    # When the policy is asked about it
    # Then nothing is pending, due, expiring or timed
    assert pending_actions(state) == []
    assert due_actions(state, far_future) == []
    assert next_due(state) is None
    assert not is_expiring(state, far_future)
    assert seconds_left_to_respond(state, far_future) is None


def test_closed_conversation_with_stale_deadlines_has_nothing_due():
    # Given a closed conversation that still carries the deadlines of its old clock
    state = clock(T0, closed=True)
    assert state.deadlines.expiring_at is not None
    # When the sweep looks long after every deadline
    # Then nothing is due
    assert due_actions(state, T0 + timedelta(days=8)) == []


def test_next_due_walks_the_deadlines_in_order():
    # Given a fresh clock
    # When it moves through each stage
    # Then next_due is the earliest deadline still pending
    assert next_due(clock(T0)) == T0 + hours(20)
    assert next_due(clock(T0, warned=True)) == T0 + hours(48)
    assert next_due(clock(T0, warned=True, taken_over=True)) == T0 + timedelta(days=7)


def test_next_due_follows_deadline_order_even_when_custom_settings_reorder_them():
    # Given settings where auto-close (1 day) comes before the takeover (48 h)
    sla = SlaSettings(expiring_after_hours=2, takeover_after_hours=48, auto_close_after_days=1)
    state = clock(T0, sla=sla, warned=True)
    # When the next deadline is asked for and the sweep runs at 1 day
    # Then the auto-close comes first and supersedes the not-yet-due takeover
    assert next_due(state) == T0 + timedelta(days=1)
    assert [a for a, _ in pending_actions(state)] == [SlaAction.AUTO_CLOSE, SlaAction.TAKE_OVER]
    assert due_actions(state, T0 + timedelta(days=1)) == [SlaAction.AUTO_CLOSE]


def test_custom_settings_change_when_each_action_falls_due():
    # Given a strict organization: warn at 1 h, take over at 2 h, close after 1 day
    sla = SlaSettings(expiring_after_hours=1, takeover_after_hours=2, auto_close_after_days=1)
    state = clock(T0, sla=sla)
    # When the sweep looks at several moments
    # Then each action falls due on the custom schedule
    assert due_actions(state, T0 + timedelta(minutes=59)) == []
    assert due_actions(state, T0 + hours(1)) == [SlaAction.WARN_EXPIRING]
    assert due_actions(state, T0 + hours(2)) == [SlaAction.WARN_EXPIRING, SlaAction.TAKE_OVER]
    assert due_actions(state, T0 + hours(24)) == [SlaAction.AUTO_CLOSE]


def test_time_left_to_respond_counts_down_to_the_takeover_deadline():
    # Given a clock that started at T0
    state = clock(T0)
    # When an agent looks 20 hours in (past the expiring mark)
    left = seconds_left_to_respond(state, T0 + hours(20))
    # Then the time left runs to the 48 h takeover, not to the warning or auto-close
    assert left == 28 * 3600


def test_time_left_to_respond_goes_negative_once_late():
    # Given a clock whose takeover has passed
    state = clock(T0, warned=True, taken_over=True)
    # When an agent looks at 50 h / Then the time left is negative by the overrun
    assert seconds_left_to_respond(state, T0 + hours(50)) == -2 * 3600


def test_expiring_stays_true_after_the_warning_was_sent():
    # Given a warned conversation still unanswered
    state = clock(T0, warned=True)
    # When the list is drawn at 30 h / Then it still shows as expiring
    assert is_expiring(state, T0 + hours(30))
