"""An agent's accepting switch and console presence (assign function)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import Request
from switchboard.api.responses import AgentOut
from switchboard.api.views import agent_view
from switchboard.clock import current_clock
from switchboard.routing.eligibility import is_eligible
from switchboard.routing.presence import after_presence



class StatusChange(Request):
    accepting: bool


class PresenceBeat(Request):
    online: bool


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.put("/me/status", summary="Start or stop accepting new conversations")
    def set_status(body: StatusChange) -> AgentOut:
        me = actor_of(router)
        agent = wiring.agents().update_profile(me.org_id, me.agent_id, {"accepting": body.accepting})
        now = current_clock().now()
        if is_eligible(agent, now) and not is_eligible(me, now):
            wiring.assign_queue().drain(me.org_id, reason="agent started accepting")
        return agent_view(agent, now)


    @router.post("/me/presence", summary="Console presence: when it opens, every 60 s while open, when it closes")
    def heartbeat(body: PresenceBeat) -> AgentOut:
        me = actor_of(router)
        now = current_clock().now()
        agent = wiring.agents().record_presence(me.org_id, me.agent_id, body.online, now)
        after_presence(me, agent, now, wiring.assign_queue())
        return agent_view(agent, now)

    return router
