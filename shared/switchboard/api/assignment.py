"""Assign, claim, transfer (assign function)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import ConfigDict, Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import Id, Request
from switchboard.api.responses import ConversationOut
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


class AssignTo(Request):
    agent_id: Id


class TransferToAgent(Request):
    model_config = ConfigDict(extra="forbid")  # one target: an agent id or a nickname, never both
    agent_id: Id


class TransferToNickname(Request):
    model_config = ConfigDict(extra="forbid")
    nickname: str = Field(min_length=1, max_length=64)


TransferTo = Annotated[TransferToAgent | TransferToNickname, Body(description="the agent, by id or by nickname")]




def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/assign", summary="Assign a conversation to an agent")
    def assign(conversation_id: str, body: AssignTo) -> ConversationOut:
        conv = assign_manually(actor_of(router), conversation_id, body.agent_id, routing_deps())
        return conversation_out(conv, current_clock().now())


    @router.post("/conversations/<conversation_id>/claim", summary="Claim a waiting conversation for oneself")
    def claim_conversation(conversation_id: str) -> ConversationOut:
        return conversation_out(claim(actor_of(router), conversation_id, routing_deps()), current_clock().now())


    @router.post("/conversations/<conversation_id>/transfer", summary="Transfer a conversation to another agent")
    def transfer_conversation(conversation_id: str, body: TransferTo) -> ConversationOut:
        me = actor_of(router)
        conv = transfer(me, conversation_id, agent_id=getattr(body, "agent_id", None),
                        nickname=getattr(body, "nickname", None), deps=routing_deps())
        wiring.assign_queue().drain(me.org_id, reason="capacity moved")
        return conversation_out(conv, current_clock().now())

    return router
