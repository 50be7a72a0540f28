"""Small builders for unit tests: domain models with sensible defaults, no AWS anywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from switchboard.models import (
    Agent,
    Channel,
    Connection,
    ContactSnapshot,
    Conversation,
    Deadlines,
    Organization,
    SlaSettings,
    Status,
)
from switchboard.sla.policy import ClockState, deadlines_from

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def clock(
    waiting_since: datetime | None = T0,
    *,
    sla: SlaSettings | None = None,
    warned: bool = False,
    taken_over: bool = False,
    closed: bool = False,
) -> ClockState:
    deadlines = deadlines_from(waiting_since, sla or SlaSettings()) if waiting_since else Deadlines()
    return ClockState(
        waiting_since=waiting_since, deadlines=deadlines, expiring_warned=warned, taken_over=taken_over, closed=closed
    )


def agent(agent_id: str, *, now: datetime = T0, online: bool = True, seen_ago: float = 10, accepting: bool = True,
          load: int = 0, capacity: int = 10, weight: int = 1, org_id: str = "org-1", role: str = "agent",
          groups: list[str] = (), bound_pages: list[str] = ()) -> Agent:
    return Agent(
        org_id=org_id, agent_id=agent_id, email=f"{agent_id}@example.com", nickname=agent_id, role=role,
        accepting=accepting, online=online, last_seen_at=now - timedelta(seconds=seen_ago),
        capacity=capacity, load=load, weight=weight, created_at=T0 - timedelta(days=30),
        groups=list(groups), bound_pages=list(bound_pages),
    )


def connection(channel: Channel = Channel.WEB, *, external_id: str = "ext-1", connection_id: str = "cn-1",
               org_id: str = "org-1") -> Connection:
    return Connection(
        org_id=org_id, connection_id=connection_id, channel=channel, name=f"{channel.value} test",
        external_id=external_id, connected_by="ag-owner", connected_at=T0 - timedelta(days=1),
    )


def conversation(conversation_id: str, *, status: Status = Status.OPEN, assignee_id: str | None = "ag-1",
                 waiting_since: datetime | None = None, last_message_at: datetime | None = None,
                 unread: bool = False, flagged: bool = False, tags: list[str] | None = None,
                 category: str | None = None, org_id: str = "org-1", contact_name: str | None = None,
                 store_name: str | None = None, store_url: str | None = None, order_id: str | None = None,
                 ticket_id: str | None = None, connection_id: str = "cn-1") -> Conversation:
    return Conversation(
        org_id=org_id, conversation_id=conversation_id, connection_id=connection_id, channel=Channel.WEB,
        contact=ContactSnapshot(contact_id=f"ct-{conversation_id}", channel_user_id=f"u-{conversation_id}",
                                name=contact_name, store_name=store_name, store_url=store_url),
        ticket_id=ticket_id, order={"id": order_id} if order_id else None,
        status=status, assignee_id=assignee_id, waiting_since=waiting_since,
        deadlines=deadlines_from(waiting_since, SlaSettings()) if waiting_since else Deadlines(),
        last_message_at=last_message_at, unread=unread, flagged=flagged, tags=tags or [], category=category,
        created_at=T0 - timedelta(days=10),
    )


class FakeOrganizations:
    """Organizations with default settings."""

    def get(self, org_id):
        return Organization(org_id=org_id, name="Org", owner_agent_id="ag-owner", created_at=T0)


class Recorder:
    """A queue that records what was sent to it: the outbound queue and the assign queue's drains."""

    def __init__(self):
        self.calls: list[tuple] = []

    def send(self, *args):
        self.calls.append(("send", *args))

    def drain(self, org_id, reason):
        self.calls.append(("drain", org_id))
