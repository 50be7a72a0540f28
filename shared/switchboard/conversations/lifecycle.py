"""State changes shared by several use cases (closing, replying and resolving, declining)."""

from __future__ import annotations

from datetime import datetime

from switchboard.models import CloseReason, Conversation, Deadlines, SlaSettings, Status, holds_load
from switchboard.sla.policy import reply_lock_from


def closed_state(conv: Conversation, reason: CloseReason, now: datetime, sla: SlaSettings) -> tuple[Conversation, str | None]:
    """The conversation closed for `reason`, and the agent whose capacity that frees (if any)."""
    closed = conv.model_copy(
        update=dict(
            status=Status.CLOSED,
            close_reason=reason,
            closed_at=now,
            waiting_since=None,
            deadlines=Deadlines(reply_locked_at=reply_lock_from(now, sla)),
            expiring_warned=False,
        )
    )
    return closed, conv.assignee_id if holds_load(conv.assignee_id, conv.status) else None
