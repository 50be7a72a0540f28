"""End, close, reopen, decline, block (close function) and appeal (appeal function)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import NON_BLANK, Request
from switchboard.api.responses import ConversationOut
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
from switchboard.models import CloseReason


ItemIds = Annotated[list[Annotated[str, Field(min_length=1, max_length=128)]], Field(max_length=100)]


class CloseResolved(Request):
    reason: Literal["resolved"] = "resolved"
    refund_item_ids: ItemIds = Field([], description="order items to refund: the conversation closes as refunded")


class CloseRefunded(Request):
    # "refunded" is a synonym, when it names the items: closing with refund_item_ids refunds either way.
    reason: Literal["refunded"]
    refund_item_ids: Annotated[ItemIds, Field(min_length=1)]


# Optional: no body closes as resolved.
CloseRequest = Annotated[CloseResolved | CloseRefunded, Body(description="resolved, or refunded with its items")]


class DeclineRequest(Request):
    text: str = Field(min_length=1, max_length=4000, pattern=NON_BLANK, description="sent to the contact")


class AppealRequest(Request):
    note: str = Field(min_length=1, max_length=4000)


def close_deps() -> CloseDeps:
    return CloseDeps(
        conversations=wiring.conversations(),
        organizations=wiring.organizations(),
        assign_queue=wiring.assign_queue(),
        clock=current_clock(),
        platform=wiring.ticket_desk(),
    )


def _view(conv):
    return conversation_out(conv, current_clock().now())




def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/end", summary="End a conversation (closed as ended)")
    def end(conversation_id: str) -> ConversationOut:
        return _view(close_conversation(actor_of(router), conversation_id, CloseReason.ENDED, close_deps()))


    @router.post("/conversations/<conversation_id>/close", summary="Close as resolved, or refund order items and close as refunded")
    def close(conversation_id: str, body: CloseRequest = None) -> ConversationOut:
        """Close as resolved; with refund_item_ids, refund those order items and close as refunded."""
        if body is not None and body.refund_item_ids:
            return _view(refund_and_close(actor_of(router), conversation_id, body.refund_item_ids, close_deps()))
        return _view(close_conversation(actor_of(router), conversation_id, CloseReason.RESOLVED, close_deps()))


    @router.post("/conversations/<conversation_id>/reopen", summary="Reopen a closed conversation")
    def reopen(conversation_id: str) -> ConversationOut:
        return _view(reopen_conversation(actor_of(router), conversation_id, close_deps()))


    @router.post("/conversations/<conversation_id>/decline", summary="Tell the contact we cannot help, and close as declined")
    def decline_conversation(conversation_id: str, body: DeclineRequest) -> ConversationOut:
        """Tell the contact we cannot help and close as declined, with the open linked work items."""
        deps = ReplyDeps(
            conversations=wiring.conversations(), organizations=wiring.organizations(),
            outbound_queue=wiring.outbound_queue(), assign_queue=wiring.assign_queue(), clock=current_clock(),
            terms=wiring.directory(),
        )
        return _view(decline(actor_of(router), conversation_id, body.text, deps))


    @router.post("/contacts/<contact_id>/block", summary="Block a contact (irreversible); closes their conversation")
    def block(contact_id: str) -> ConversationOut:
        return _view(block_contact(actor_of(router), contact_id, close_deps()))

    return router


def appeal_routes() -> APIGatewayHttpRouter:
    appeal_router = APIGatewayHttpRouter()

    @appeal_router.post("/conversations/<conversation_id>/appeal", summary="Appeal a ticket to platform support (escalates it)")
    def appeal_conversation(conversation_id: str, body: AppealRequest) -> ConversationOut:
        return _view(appeal(actor_of(appeal_router), conversation_id, body.note, close_deps()))

    return appeal_router
