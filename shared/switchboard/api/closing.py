"""End, close, reopen, decline, block (close function) and appeal (appeal function)."""

from __future__ import annotations

from typing import Annotated, Literal

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
    decline,
    refund_and_close,
    reopen_conversation,
)
from switchboard.conversations.reply import ReplyDeps
from switchboard.errors import InvalidFields
from switchboard.models import CloseReason


class CloseRequest(BaseModel):
    # "refunded" is accepted too: closing with refund_item_ids closes as refunded either way.
    reason: Literal["resolved", "refunded"] = "resolved"
    refund_item_ids: list[Annotated[str, Field(min_length=1, max_length=128)]] = Field([], max_length=100)


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
        """Close as resolved; with refund_item_ids, refund those order items and close as refunded."""
        body = body or CloseRequest()
        if body.refund_item_ids:
            return _view(refund_and_close(actor_of(router), conversation_id, body.refund_item_ids, close_deps()))
        if body.reason == "refunded":
            raise InvalidFields("a refund names the order items in refund_item_ids", code="refund_items_required")
        return _view(close_conversation(actor_of(router), conversation_id, CloseReason.RESOLVED, close_deps()))


    @router.post("/conversations/<conversation_id>/reopen")
    def reopen(conversation_id: str):
        return _view(reopen_conversation(actor_of(router), conversation_id, close_deps()))


    @router.post("/conversations/<conversation_id>/decline")
    def decline_conversation(conversation_id: str, body: DeclineRequest):
        """Tell the contact we cannot help and close as declined, with the open linked work items."""
        deps = ReplyDeps(
            conversations=wiring.conversations(), organizations=wiring.organizations(),
            outbound_queue=wiring.outbound_queue(), assign_queue=wiring.assign_queue(), clock=current_clock(),
        )
        return _view(decline(actor_of(router), conversation_id, body.text, deps))


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
