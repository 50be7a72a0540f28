"""Opening and closing a live-updates WebSocket: who it is (the Cognito token of `$connect`'s query
string, checked as the HTTP API's authorizer checks a bearer token), and presence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from switchboard.errors import NotFound, Unauthenticated
from switchboard.models import Agent, LiveSocket
from switchboard.routing.presence import after_presence, offline_after_grace


@dataclass
class SocketDeps:
    sockets: Any
    agents: Any
    assign_queue: Any


def connect(socket_id: str, claims: dict, deps: SocketDeps, now: datetime) -> Agent:
    """A verified token's agent opens a socket: it is stored (under its organization, for the pushes)
    and the agent is online while it stays open. A token that names no existing agent is refused."""
    agent_id, org_id = claims.get("custom:agent_id"), claims.get("custom:org_id")
    if not agent_id or not org_id:
        raise Unauthenticated("the token names no agent")
    try:
        before = deps.agents.get(org_id, agent_id)
    except NotFound:
        raise Unauthenticated("the token's agent does not exist") from None
    deps.sockets.open(LiveSocket(socket_id=socket_id, org_id=org_id, agent_id=agent_id, role=before.role,
                                 connected_at=now))
    after = deps.agents.socket_opened(org_id, agent_id, socket_id, now)
    after_presence(before, after, now, deps.assign_queue)
    return after


def disconnect(socket_id: str, deps: SocketDeps, now: datetime) -> LiveSocket | None:
    """The socket closed ($disconnect) or is gone (410 on a post). Its agent stays online for the
    heartbeat timeout unless another socket is open or opens meanwhile (a reload); then the SLA sweep
    writes them offline (routing/presence.py), which the live updates tell the team."""
    socket = deps.sockets.close(socket_id)
    if socket is None:
        return None
    try:
        deps.agents.socket_closed(socket.org_id, socket.agent_id, socket_id, now, offline_after_grace(now))
    except NotFound:
        pass  # the agent was removed meanwhile
    return socket
