"""Marks an agent puts on a conversation for themselves: read, flagged."""

from __future__ import annotations

from switchboard.conversations.access import require_can_act
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.models import Agent, Conversation

MARKS = ("unread", "flagged")


def mark(actor: Agent, conversation_id: str, conversations, **marks: bool) -> Conversation:
    unknown = set(marks) - set(MARKS)
    if unknown:
        raise ValueError(f"not a mark: {sorted(unknown)}")

    def attempt() -> Conversation:
        conv = conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        return conversations.save(conv.model_copy(update=marks), expected_version=conv.version)

    return retry_on_conflict(attempt)
