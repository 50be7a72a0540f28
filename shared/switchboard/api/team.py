"""The acting agent, the team, and organization settings (console function)."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.views import agent_view
from switchboard.clock import current_clock
from switchboard.onboarding import add_agent, change_agent, change_settings

# An address people sign in with: what a browser's email field accepts and the user pool takes as a
# username (a host name of letter-digit-hyphen labels, a top-level domain of letters).
SIGN_IN_EMAIL = r"^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"


class NewAgent(BaseModel):
    email: str = Field(min_length=3, max_length=254, pattern=SIGN_IN_EMAIL)
    nickname: str = Field(min_length=1, max_length=64)
    role: Literal["agent", "supervisor", "owner"] = "agent"
    capacity: int = Field(10, ge=0, le=1000)
    groups: list[str] = []
    weight: int = Field(1, ge=1, le=100)
    bound_pages: list[str] = []
    accepting: bool = True


class AgentChanges(BaseModel):
    nickname: str | None = Field(None, min_length=1, max_length=64)
    role: Literal["agent", "supervisor", "owner"] | None = None
    capacity: int | None = Field(None, ge=0, le=1000)
    groups: list[str] | None = None
    weight: int | None = Field(None, ge=1, le=100)
    bound_pages: list[str] | None = None
    accepting: bool | None = None


class SlaChanges(BaseModel):
    expiring_after_hours: float | None = Field(None, gt=0)
    takeover_after_hours: float | None = Field(None, gt=0)
    auto_close_after_days: float | None = Field(None, gt=0)
    reply_lock_after_days: float | None = Field(None, gt=0)


class SettingsChanges(BaseModel):
    sla: SlaChanges | None = None
    takeover_agent_id: str | None = None
    fallback_agent_id: str | None = None


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.get("/me")
    def get_me():
        return agent_view(actor_of(router), current_clock().now())


    @router.post("/agents", status_code=201)
    def create_agent(body: NewAgent):
        agent = add_agent(actor_of(router), body.model_dump(), agents=wiring.agents(), users=wiring.users(), clock=current_clock())
        return agent_view(agent, current_clock().now()), 201


    @router.get("/agents")
    def list_agents():
        me = actor_of(router)
        now = current_clock().now()
        return {"items": [agent_view(a, now) for a in wiring.agents().list(me.org_id)]}


    @router.get("/agents/<agent_id>")
    def get_agent(agent_id: str):
        me = actor_of(router)
        return agent_view(wiring.agents().get(me.org_id, agent_id), current_clock().now())


    @router.patch("/agents/<agent_id>")
    def update_agent(agent_id: str, body: AgentChanges):
        me = actor_of(router)
        changes = body.model_dump(exclude_none=True)
        agent = change_agent(me, agent_id, changes, agents=wiring.agents())
        # More room, or a new group or page, can fit waiting conversations.
        if changes.get("accepting") or changes.keys() & {"capacity", "groups", "bound_pages"}:
            wiring.assign_queue().drain(me.org_id, reason="agent changed")
        return agent_view(agent, current_clock().now())


    @router.get("/settings")
    def get_settings():
        return wiring.organizations().get(actor_of(router).org_id).settings.model_dump(mode="json")


    @router.patch("/settings")
    def update_settings(body: SettingsChanges):
        me = actor_of(router)
        given = body.model_dump(exclude_unset=True)
        updated = change_settings(me, given, organizations=wiring.organizations(), agents=wiring.agents())
        wiring.directory().forget()
        if given.get("fallback_agent_id"):
            wiring.assign_queue().drain(me.org_id, reason="fallback agent set")  # it may hold what waits
        return updated.model_dump(mode="json")

    return router
