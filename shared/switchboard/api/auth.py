"""The acting agent, from the JWT claims API Gateway's authorizer verified.

The user pool writes `custom:agent_id` and `custom:org_id` when it creates the person's account, and
no user can change them (the app client's WriteAttributes), so the token names its agent. The
resolver (api/http.py) reads that agent once per request, before anything looks at the request, and
routes take it from there with `actor_of`.
"""

from __future__ import annotations

from switchboard.errors import NotFound, Unauthenticated
from switchboard.models import Agent

ACTOR = "actor"  # the key of the acting agent in the resolver's per-request context


def claims_of(event) -> dict:
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    return (authorizer.get("jwt") or {}).get("claims") or {}


def signed_in_agent(event, agents) -> Agent | None:
    """The agent the token names; None on a public route (no authorizer ran). A token that names no
    existing agent of its organization is Unauthenticated."""
    claims = claims_of(event)
    if not claims:
        return None
    agent_id, org_id = claims.get("custom:agent_id"), claims.get("custom:org_id")
    if not agent_id or not org_id:
        raise Unauthenticated("the token names no agent")
    try:
        return agents.get(org_id, agent_id)
    except NotFound:
        raise Unauthenticated("the token's agent does not exist") from None


def actor_of(router) -> Agent:
    """The agent making the current request on `router` (read once, by the resolver)."""
    actor = router.context.get(ACTOR)
    if actor is None:
        raise Unauthenticated("a valid token is required")
    return actor
