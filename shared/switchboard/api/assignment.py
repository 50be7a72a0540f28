"""Assign, claim, transfer (assign function)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, model_validator

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.views import conversation_out
from switchboard.clock import current_clock
from switchboard.routing.assign import RoutingDeps
from switchboard.routing.manual import assign_manually, claim, transfer



def routing_deps() -> RoutingDeps:
    return RoutingDeps(
        conversations=wiring.conversations(),
        agents=wiring.agents(),
        connections=wiring.connections(),
        rules=wiring.rules(),
        organizations=wiring.organizations(),
        clock=current_clock(),
    )


class AssignTo(BaseModel):
    agent_id: str


class TransferTo(BaseModel):
    agent_id: str | None = None
    nickname: str | None = None

    @model_validator(mode="after")
    def one_target(self):
        if not (self.agent_id or self.nickname):
            raise ValueError("agent_id or nickname is required")
        return self




def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/assign")
    def assign(conversation_id: str, body: AssignTo):
        conv = assign_manually(actor_of(router), conversation_id, body.agent_id, routing_deps())
        return conversation_out(conv, current_clock().now())


    @router.post("/conversations/<conversation_id>/claim")
    def claim_conversation(conversation_id: str):
        return conversation_out(claim(actor_of(router), conversation_id, routing_deps()), current_clock().now())


    @router.post("/conversations/<conversation_id>/transfer")
    def transfer_conversation(conversation_id: str, body: TransferTo):
        me = actor_of(router)
        conv = transfer(me, conversation_id, agent_id=body.agent_id, nickname=body.nickname, deps=routing_deps())
        wiring.assign_queue().drain(me.org_id, reason="capacity moved")
        return conversation_out(conv, current_clock().now())

    return router
