"""Reading conversations and their messages; read and flag marks (console function)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.http import MAX_ID_CHARS, NO_TRANSLATION, error_doc
from switchboard.api.responses import Category, ConversationOut, ConversationPage, InboxCounts, MessagePage
from switchboard.api.views import conversation_out, conversations_out, marketplace_of, message_view
from switchboard.clock import current_clock
from switchboard.conversations import translation
from switchboard.conversations.marks import mark
from switchboard.conversations.tagging import tag_conversation
from switchboard.inbox.badges import counts_for
from switchboard.cursors import MAX_CURSOR_CHARS
from switchboard.errors import NotFound
from switchboard.inbox.search import MIN_PREFIX, QUERY_PATTERN
from switchboard.inbox.views import MAX_Q, ViewQuery, list_view

Cursor = Annotated[str | None, Query(max_length=MAX_CURSOR_CHARS, description="next_cursor of the previous page")]


def _require_own_connection(org_id: str, connection_id: str) -> None:
    """Another organization's connection is unknown here (404), as every id is; from the cached copy of the
    organization's connections (read again once when the id is not in it)."""
    if connection_id not in wiring.directory().org_connections(org_id, frozenset({connection_id})):
        raise NotFound(f"connection {connection_id} not found")


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.get("/conversations", summary="A page of a conversation list (a view), filtered, searched and sorted")
    def list_conversations(
        view: Annotated[Literal["mine", "unassigned", "unclaimed", "escalated", "history", "all"], Query(
            description="mine: my open and awaiting ones; unclaimed: self-claim queues of my rules; all: every one not closed")] = "mine",
        filter: Annotated[Literal["unread", "unreplied", "expiring", "flagged"] | None, Query()] = None,
        tag: Annotated[str | None, Query(max_length=MAX_ID_CHARS, description="a tag_id")] = None,
        category: Annotated[Category | None, Query()] = None,
        connection_id: Annotated[str | None, Query(
            max_length=MAX_ID_CHARS, description="only this connection's conversations (a store's badge opens its list)")] = None,
        status: Annotated[Literal["unassigned", "open", "awaiting_customer", "escalated", "closed"] | None, Query()] = None,
        q: Annotated[str | None, Query(
            # Checked by the search itself (422 bad_search), documented here.
            json_schema_extra={"maxLength": MAX_Q, "pattern": QUERY_PATTERN},
            description=f"case- and accent-insensitive word prefixes of contact name, store name, store URL, order id or "
                        f"ticket id; every word must match, one needs {MIN_PREFIX} characters")] = None,
        sort: Annotated[Literal["waiting", "latest"] | None, Query(
            description="waiting (longest first) or latest (newest first); the queue defaults to waiting")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Cursor = None,
    ) -> ConversationPage:
        me = actor_of(router)
        now = current_clock().now()
        if connection_id is not None:
            _require_own_connection(me.org_id, connection_id)
        page = list_view(
            me,
            ViewQuery(view=view, filter=filter, tag=tag, category=category, status=status, q=q, sort=sort, limit=limit,
                      cursor=cursor, connection_id=connection_id),
            conversations=wiring.conversations(), agents=wiring.agents(), rules=wiring.rules(), cursors=wiring.cursors(),
            now=now,
        )
        return {"items": conversations_out(page.items, now), "next_cursor": page.next_cursor, "counts": page.counts}

    @router.get("/inbox/counts", summary="Badges: unread and queued per connection and per store, tickets per category, my filters")
    def inbox_counts() -> InboxCounts:
        me = actor_of(router)
        return counts_for(me, conversations=wiring.conversations(), connections=wiring.connections(),
                          now=current_clock().now(), marketplace_of=marketplace_of)


    @router.get("/conversations/<conversation_id>", summary="One conversation")
    def get_conversation(conversation_id: str) -> ConversationOut:
        conv = wiring.conversations().get(actor_of(router).org_id, conversation_id)
        return conversation_out(conv, current_clock().now())


    @router.get("/conversations/<conversation_id>/messages", summary="A page of a conversation's messages, oldest first",
                responses={200: {"description": "A page of messages"}, 501: error_doc(NO_TRANSLATION)})
    def list_messages(
        conversation_id: str,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Cursor = None,
        translate_to: Annotated[str | None, Query(
            min_length=translation.LANGUAGE_MIN, max_length=translation.LANGUAGE_MAX, pattern=translation.LANGUAGE_CODE,
        )] = None,
    ) -> MessagePage:
        wiring.conversations().get(actor_of(router).org_id, conversation_id)
        page, next_cursor = wiring.conversations().messages(conversation_id, limit=limit, cursor=cursor)
        # One Translate call per inbound message with text on this page; none without translate_to.
        translated = translation.translate_page(page, translate_to, wiring.translator()) if translate_to else {}
        return {"items": [message_view(m, translated.get(m.message_id)) for m in page], "next_cursor": next_cursor}


    def _mark(conversation_id: str, **marks: bool) -> dict:
        conv = mark(actor_of(router), conversation_id, wiring.conversations(), **marks)
        return conversation_out(conv, current_clock().now())


    @router.post("/conversations/<conversation_id>/read", summary="Mark a conversation read")
    def mark_read(conversation_id: str) -> ConversationOut:
        return _mark(conversation_id, unread=False)


    @router.put("/conversations/<conversation_id>/flag", summary="Flag a conversation")
    def flag(conversation_id: str) -> ConversationOut:
        return _mark(conversation_id, flagged=True)


    @router.delete("/conversations/<conversation_id>/flag", summary="Remove a conversation's flag")
    def unflag(conversation_id: str) -> ConversationOut:
        return _mark(conversation_id, flagged=False)

    @router.put("/conversations/<conversation_id>/tags/<tag_id>", summary="Tag a conversation")
    def add_tag(conversation_id: str, tag_id: str) -> ConversationOut:
        conv = tag_conversation(actor_of(router), conversation_id, tag_id, on=True, tags=wiring.tags(),
                                conversations=wiring.conversations())
        return conversation_out(conv, current_clock().now())


    @router.delete("/conversations/<conversation_id>/tags/<tag_id>", summary="Remove a tag from a conversation")
    def remove_tag(conversation_id: str, tag_id: str) -> ConversationOut:
        conv = tag_conversation(actor_of(router), conversation_id, tag_id, on=False, tags=wiring.tags(),
                                conversations=wiring.conversations())
        return conversation_out(conv, current_clock().now())

    return router
