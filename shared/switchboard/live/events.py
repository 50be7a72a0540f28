"""The table's changes as the events the WebSocket sends (API.md, "Live updates"):
`{"id", "type", "conversation_id", "data"}`, each with the scope of who may see it. The id is the eventID
of the stream record the event was made from, so a batch Lambda retries sends the same ids again and a
client drops what it has already applied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from switchboard.live.audience import Scope, conversation_scope, organization_scope
from switchboard.models import Agent, Conversation, Message
from switchboard.routing.eligibility import is_online
from switchboard.store.changes import AgentChange, Change, ConversationChange, CountsChange, MessageChange

CONVERSATION_CREATED = "conversation.created"
CONVERSATION_UPDATED = "conversation.updated"
MESSAGE_CREATED = "message.created"
MESSAGE_UPDATED = "message.updated"
COUNTS_CHANGED = "counts.changed"
AGENT_UPDATED = "agent.updated"


@dataclass(frozen=True)
class LiveEvent:
    type: str
    conversation_id: str | None
    data: dict[str, Any]
    scope: Scope = field(compare=False)
    id: str = ""

    def payload(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "conversation_id": self.conversation_id, "data": self.data}


def _iso(at: datetime | None) -> str | None:
    from switchboard.api.views import iso

    return iso(at)


def conversation_data(conv: Conversation) -> dict[str, Any]:
    """What changed lists and badges need to decide whether to refetch; the client reads the rest."""
    return {
        "status": conv.status.value,
        "assignee_id": conv.assignee_id,
        "connection_id": conv.connection_id,
        "unread": conv.unread,
        "flagged": conv.flagged,
        "last_message_at": _iso(conv.last_message_at),
        "version": conv.version,
    }


def message_data(message: Message) -> dict[str, Any]:
    return {
        "message_id": message.message_id,
        "direction": message.direction,
        "status": message.status,
        "author_id": message.author_id,
        "created_at": _iso(message.created_at),
    }


def agent_data(agent: Agent, now: datetime) -> dict[str, Any]:
    return {
        "agent_id": agent.agent_id,
        "nickname": agent.nickname,
        "role": agent.role.value,
        "online": is_online(agent, now),
        "accepting": agent.accepting,
        "load": agent.load,
        "capacity": agent.capacity,
    }


def events_of(changes: list[Change], conversation_of: Callable[[str], Conversation | None],
              now: datetime) -> list[LiveEvent]:
    """One batch of changes as events, in the batch's order. Within a batch, a conversation changed
    several times is announced once (its last state, where its last change was) and the badges once per
    organization, at the end; every message is its own event. `conversation_of` reads a conversation
    the batch did not change (a message's delivery status changes alone)."""
    # Every state of each conversation the batch holds: whoever saw any of them learns of the change.
    states: dict[str, list[Conversation]] = {}
    created: set[str] = set()
    last_change: dict[str, int] = {}
    for i, change in enumerate(changes):
        if isinstance(change, ConversationChange) and change.after is not None:
            cid = change.after.conversation_id
            states.setdefault(cid, []).extend(c for c in (change.before, change.after) if c is not None)
            last_change[cid] = i
            if change.before is None:
                created.add(cid)

    def known(cid: str) -> list[Conversation]:
        if cid not in states:
            found = conversation_of(cid)
            states[cid] = [found] if found is not None else []
        return states[cid]

    events: list[LiveEvent] = []
    badges: dict[str, str] = {}
    for i, change in enumerate(changes):
        if isinstance(change, ConversationChange):
            after = change.after
            if after is None or last_change.get(after.conversation_id) != i:
                continue
            cid = after.conversation_id
            kind = CONVERSATION_CREATED if cid in created else CONVERSATION_UPDATED
            events.append(LiveEvent(kind, cid, conversation_data(after), conversation_scope(*states[cid]),
                                    change.record_id))
        elif isinstance(change, MessageChange):
            if change.after is None or change.before == change.after:
                continue
            seen = known(change.conversation_id)
            if not seen:
                continue
            kind = MESSAGE_CREATED if change.before is None else MESSAGE_UPDATED
            events.append(LiveEvent(kind, change.conversation_id, message_data(change.after), conversation_scope(*seen),
                                    change.record_id))
        elif isinstance(change, AgentChange):
            if change.after is None:
                continue
            data = agent_data(change.after, now)
            # A heartbeat that changed nothing anyone sees is not told; going offline at the end of the grace
            # period is, though `now` already shows the state before it offline.
            if (change.before is not None and agent_data(change.before, now) == data
                    and change.before.online == change.after.online):
                continue
            events.append(LiveEvent(AGENT_UPDATED, None, data, organization_scope(change.after.org_id),
                                    change.record_id))
        elif isinstance(change, CountsChange):
            badges[change.org_id] = change.record_id  # the last counter's record names the badges' event
    events.extend(LiveEvent(COUNTS_CHANGED, None, {}, organization_scope(org_id), record_id)
                  for org_id, record_id in badges.items())
    return events
