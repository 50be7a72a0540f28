"""The acting agent, from the JWT claims API Gateway's authorizer verified."""

from __future__ import annotations

from switchboard.errors import NotFound, Unauthenticated
from switchboard.models import Agent


def claims_of(event) -> dict:
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    return (authorizer.get("jwt") or {}).get("claims") or {}


def current_agent(event, agents) -> Agent:
    claims = claims_of(event)
    agent_id = claims.get("cognito:username") or claims.get("username")
    org_id = claims.get("custom:org_id")
    if not agent_id or not org_id:
        raise Unauthenticated("a valid token is required")
    try:
        return agents.get(org_id, agent_id)
    except NotFound:
        raise Unauthenticated("the token's agent no longer exists") from None


def actor_of(router) -> Agent:
    """The agent making the current request on `router`."""
    from switchboard import wiring

    return current_agent(router.current_event.raw_event, wiring.agents())
