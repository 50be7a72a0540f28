"""Who may act on a conversation."""

from __future__ import annotations

from switchboard.errors import Forbidden
from switchboard.models import Agent, Conversation, Role


def is_supervising(agent: Agent) -> bool:
    return agent.role in (Role.OWNER, Role.SUPERVISOR)


def require_can_act(agent: Agent, conv: Conversation) -> None:
    """Supervisors act on any conversation; agents on their own and on unassigned ones."""
    if is_supervising(agent) or conv.assignee_id in (None, agent.agent_id):
        return
    raise Forbidden("this conversation is assigned to someone else")
