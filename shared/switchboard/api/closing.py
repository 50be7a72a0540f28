"""End, close, reopen, decline, block (close function) and appeal (appeal function)."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.views import conversation_out
from switchboard.clock import current_clock
from switchboard.conversations.closing import (
    CloseDeps,
    appeal,
    block_contact,
    close_conversation,
    reopen_conversation,
)
from switchboard.conversations.reply import ReplyDeps, reply
from switchboard.errors import InvalidFields
from switchboard.models import CloseReason



class CloseRequest(BaseModel):
    reason: Literal["resolved"] = "resolved"
    refund_item_ids: list[str] = []


class DeclineRequest(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class AppealRequest(BaseModel):
    note: str = Field(min_length=1, max_length=4000)


def close_deps() -> CloseDeps:
    return CloseDeps(
        conversations=wiring.conversations(),
        organizations=wiring.organizations(),
        assign_queue=wiring.assign_queue(),
        clock=current_clock(),
    )


def _view(conv):
    return conversation_out(conv, current_clock().now())




def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/end")
    def end(conversation_id: str):
        return _view(close_conversation(actor_of(router), conversation_id, CloseReason.ENDED, close_deps()))


    @router.post("/conversations/<conversation_id>/close")
    def close(conversation_id: str, body: CloseRequest | None = None):
        if body and body.refund_item_ids:
            raise InvalidFields("refunds are not available yet", code="refund_unavailable")
        return _view(close_conversation(actor_of(router), conversation_id, CloseReason.RESOLVED, close_deps()))


    @router.post("/conversations/<conversation_id>/reopen")
    def reopen(conversation_id: str):
        return _view(reopen_conversation(actor_of(router), conversation_id, close_deps()))


    @router.post("/conversations/<conversation_id>/decline")
    def decline(conversation_id: str, body: DeclineRequest):
        """Tell the contact we cannot help, then close with reason declined."""
        me = actor_of(router)
        deps = close_deps()
        reply(
            me, conversation_id, text=body.text, attachments=[], resolve=False,
            deps=ReplyDeps(
                conversations=deps.conversations, organizations=deps.organizations,
                outbound_queue=wiring.outbound_queue(), assign_queue=deps.assign_queue, clock=deps.clock,
            ),
        )
        return _view(close_conversation(me, conversation_id, CloseReason.DECLINED, deps))


    @router.post("/contacts/<contact_id>/block")
    def block(contact_id: str):
        return _view(block_contact(actor_of(router), contact_id, close_deps()))

    return router


def appeal_routes() -> APIGatewayHttpRouter:
    appeal_router = APIGatewayHttpRouter()

    @appeal_router.post("/conversations/<conversation_id>/appeal")
    def appeal_conversation(conversation_id: str, body: AppealRequest):
        return _view(appeal(actor_of(appeal_router), conversation_id, body.note, close_deps()))

    return appeal_router
