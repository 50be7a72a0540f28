"""The acting agent, the team, and organization settings (console function)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import Id, Labels, Request, integer
from switchboard.api.responses import AgentList, AgentOut, SettingsOut
from switchboard.api.views import agent_view
from switchboard.clock import current_clock
from switchboard.models import SLA_DAYS, SLA_HOURS
from switchboard.onboarding import add_agent, change_agent, change_settings

# An address people sign in with: what a browser's email field accepts and the user pool takes as a
# username (a host name of letter-digit-hyphen labels, a top-level domain of letters).
SIGN_IN_EMAIL = r"^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"


Capacity = integer(ge=0, le=1000, description="conversations held at once")
Weight = integer(ge=1, le=100, description="share of a weighted rule's conversations")


class NewAgent(Request):
    email: str = Field(min_length=3, max_length=254, pattern=SIGN_IN_EMAIL)
    nickname: str = Field(min_length=1, max_length=64)
    role: Literal["agent", "supervisor", "owner"] = "agent"
    capacity: Capacity = 10
    groups: Labels = Field([], description="entry groups the agent serves")
    weight: Weight = 1
    bound_pages: Labels = Field([], description="entry pages bound to the agent")
    accepting: bool = True


class AgentChanges(Request):
    nickname: str | None = Field(None, min_length=1, max_length=64)
    role: Literal["agent", "supervisor", "owner"] | None = None
    capacity: Capacity | None = None
    groups: Labels | None = None
    weight: Weight | None = None
    bound_pages: Labels | None = None
    accepting: bool | None = None


Hours = Annotated[float, Field(ge=SLA_HOURS[0], le=SLA_HOURS[1], allow_inf_nan=False)]
Days = Annotated[float, Field(ge=SLA_DAYS[0], le=SLA_DAYS[1], allow_inf_nan=False)]


class SlaChanges(Request):
    expiring_after_hours: Hours | None = None
    takeover_after_hours: Hours | None = None
    auto_close_after_days: Days | None = None
    reply_lock_after_days: Days | None = None


class SettingsChanges(Request):
    sla: SlaChanges | None = None
    takeover_agent_id: Id | None = Field(None, description="who takes over conversations nobody answered in time")
    fallback_agent_id: Id | None = Field(None, description="who holds new conversations while nobody is online")
    first_contact_email: Literal["assignee", "owners", "both", "none"] | None = Field(
        None, description="who is emailed when a contact writes for the first time: the assignee, the owners, "
        "both (the default) or nobody")


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.get("/me", summary="The calling agent")
    def get_me() -> AgentOut:
        return agent_view(actor_of(router), current_clock().now())


    @router.post("/agents", status_code=201, summary="Add an agent to the organization (owners and supervisors)")
    def create_agent(body: NewAgent) -> AgentOut:
        agent = add_agent(actor_of(router), body.model_dump(), agents=wiring.agents(), users=wiring.users(), clock=current_clock())
        return agent_view(agent, current_clock().now()), 201


    @router.get("/agents", summary="The organization's agents")
    def list_agents() -> AgentList:
        me = actor_of(router)
        now = current_clock().now()
        return {"items": [agent_view(a, now) for a in wiring.agents().list(me.org_id)]}


    @router.get("/agents/<agent_id>", summary="One agent")
    def get_agent(agent_id: str) -> AgentOut:
        me = actor_of(router)
        return agent_view(wiring.agents().get(me.org_id, agent_id), current_clock().now())


    @router.patch("/agents/<agent_id>", summary="Change an agent's profile, capacity, groups or role (owners and supervisors)")
    def update_agent(agent_id: str, body: AgentChanges) -> AgentOut:
        me = actor_of(router)
        changes = body.model_dump(exclude_none=True)
        agent = change_agent(me, agent_id, changes, agents=wiring.agents())
        # More room, or a new group or page, can fit waiting conversations.
        if changes.get("accepting") or changes.keys() & {"capacity", "groups", "bound_pages"}:
            wiring.assign_queue().drain(me.org_id, reason="agent changed")
        return agent_view(agent, current_clock().now())


    @router.get("/settings", summary="The organization's settings: SLA hours and days, takeover and fallback agents")
    def get_settings() -> SettingsOut:
        return wiring.organizations().get(actor_of(router).org_id).settings.model_dump(mode="json")


    @router.patch("/settings", summary="Change the organization's settings (owners and supervisors)")
    def update_settings(body: SettingsChanges) -> SettingsOut:
        me = actor_of(router)
        given = body.model_dump(exclude_unset=True)
        updated = change_settings(me, given, organizations=wiring.organizations(), agents=wiring.agents())
        wiring.directory().forget()
        if given.get("fallback_agent_id"):
            wiring.assign_queue().drain(me.org_id, reason="fallback agent set")  # it may hold what waits
        return updated.model_dump(mode="json")

    return router
