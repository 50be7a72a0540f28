"""Posting events to the sockets that may see them, and forgetting the sockets that are gone."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from switchboard.live.audience import may_see, queue_members
from switchboard.live.events import LiveEvent
from switchboard.live.sockets import SocketDeps, disconnect
from switchboard.models import Role
from switchboard.store.changes import AgentChange, Change

log = logging.getLogger(__name__)
# Sockets are posted to at once, each socket's events in order.
POST_THREADS = 8
# The socket is stored by $connect, which API Gateway runs before the socket is open: a push in between
# is refused as if the socket were gone.
OPENING = timedelta(seconds=10)


class Poster(Protocol):
    def post(self, socket_id: str, data: bytes) -> bool: ...

    def close(self, socket_id: str) -> None: ...


@dataclass
class PushDeps(SocketDeps):
    rules: Any = None
    poster: Poster | None = None


@dataclass
class PushOutcome:
    posted: int = 0
    gone: list[str] = field(default_factory=list)
    failed: int = 0


def follow_agents(changes: list[Change], deps: PushDeps, now: datetime) -> None:
    """A role changed, or an agent removed, applies to their open sockets at once, before the batch's
    events are pushed: the sockets' stored role (which decides what they receive) becomes the new one;
    a removed agent's sockets are forgotten and closed. Costs a Query only when a batch holds such a
    change (an owner's edit), never on the hot paths."""
    changed: dict[tuple[str, str], Role | None] = {}
    for change in changes:
        if not isinstance(change, AgentChange) or change.before is None:
            continue
        after = change.after
        if after is None or after.role != change.before.role:
            changed[(change.before.org_id, change.before.agent_id)] = None if after is None else after.role
    for org_id in dict.fromkeys(org for org, _ in changed):
        for socket in deps.sockets.of_organization(org_id):
            if (org_id, socket.agent_id) not in changed:
                continue
            role = changed[(org_id, socket.agent_id)]
            if role is None:
                disconnect(socket.socket_id, deps, now)
                assert deps.poster is not None
                deps.poster.close(socket.socket_id)
            elif role != socket.role:
                deps.sockets.change_role(socket, role)


def push(events: list[LiveEvent], deps: PushDeps, now: datetime) -> PushOutcome:
    """Each event to every socket of its organization whose agent may see it (live/audience.py).
    Reads per organization in the batch: its sockets (one Query) and, only when an agent's socket may
    see a queue, its rules (one Query). A socket that is gone (410) is forgotten as on $disconnect; any
    other failure to post is logged and the rest go on (a retried batch would send the others twice)."""
    outbox: dict[str, list[bytes]] = {}
    by_org: dict[str, list] = {}
    for org_id in dict.fromkeys(e.scope.org_id for e in events):
        sockets = by_org[org_id] = deps.sockets.of_organization(org_id)
        if not sockets:
            continue
        mine = [e for e in events if e.scope.org_id == org_id]
        members: dict[str, frozenset[str]] = {}
        if any(s.role == Role.AGENT for s in sockets) and any(e.scope.queues for e in mine):
            members = queue_members(deps.rules.list(org_id))
        for event in mine:
            data = json.dumps(event.payload(), separators=(",", ":")).encode()
            for socket in sockets:
                if may_see(socket, event.scope, members):
                    outbox.setdefault(socket.socket_id, []).append(data)
    outcome = PushOutcome()
    if not outbox:
        return outcome
    assert deps.poster is not None
    poster = deps.poster

    def post_all(socket_id: str) -> tuple[int, bool, int]:
        posted = failed = 0
        for data in outbox[socket_id]:
            try:
                if not poster.post(socket_id, data):
                    return posted, True, failed
                posted += 1
            except Exception:
                log.exception("could not post to socket %s", socket_id)
                failed += 1
        return posted, False, failed

    with ThreadPoolExecutor(max_workers=min(POST_THREADS, len(outbox))) as pool:
        for socket_id, (posted, gone, failed) in zip(outbox, pool.map(post_all, outbox)):
            outcome.posted += posted
            outcome.failed += failed
            if gone:
                outcome.gone.append(socket_id)
    opened = {s.socket_id: s.connected_at for org in by_org.values() for s in org}
    for socket_id in outcome.gone:
        # A socket whose $connect has not finished answers 410 too: only a socket open a while is gone.
        if now - opened[socket_id] >= OPENING:
            disconnect(socket_id, deps, now)
    return outcome

