"""Replies, upload URLs and draft translation (reply function)."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import ConfigDict, Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import NON_BLANK, Id, Request, integer
from switchboard.api.http import NO_TRANSLATION, error_doc
from switchboard.api.responses import ConversationOut, DraftTranslationOut, MessageOut, UploadOut
from switchboard.api.views import conversation_out, iso, message_view
from switchboard.clock import current_clock
from switchboard.conversations import translation
from switchboard.conversations.attachments import MAX_ATTACHMENT_BYTES, new_upload
from switchboard.conversations.reply import ReplyDeps, add_note, reply, retry_failed
from switchboard.conversations.starting import StartRequest, start_conversation
from switchboard.conversations.cards import CARD_ID, CardNotSupported
from switchboard.models import Attachment, Card

# Each uploaded file named in a reply is checked in S3 before the reply is stored.
MAX_ATTACHMENTS = 10


class AttachmentRef(Request):
    type: str = Field("file", max_length=32, description="image, video, audio or file")
    url: str | None = Field(None, max_length=2048)
    name: str | None = Field(None, max_length=255)
    object_key: str | None = Field(None, max_length=1024, description="a file uploaded through POST /uploads")


class CardRef(Request):
    kind: Literal["item", "order"] = Field(description="an item (product) card or an order card")
    id: str = Field(min_length=1, max_length=64, pattern=CARD_ID.pattern,
                    description="the marketplace's item (product) id or order id (Shopee: the order_sn)")


class NewReply(Request):
    # A reply says something: a text that is not blank, an attachment, a template or a card (API.md).
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"type": "string", "pattern": NON_BLANK}}},
        {"required": ["attachments"], "properties": {"attachments": {"type": "array", "minItems": 1}}},
        {"required": ["template_id"], "properties": {"template_id": {"type": "string"}}},
        {"required": ["card"], "properties": {"card": {"type": "object"}}},
    ]})

    text: str | None = Field(None, max_length=4000)
    attachments: list[AttachmentRef] = Field([], max_length=MAX_ATTACHMENTS)
    template_id: Id | None = None
    language: str | None = Field(None, min_length=translation.LANGUAGE_MIN, max_length=translation.LANGUAGE_MAX,
                                 pattern=translation.LANGUAGE_CODE, description="the template's language to send")
    resolve: bool = Field(False, description="close as resolved once sent")
    internal: bool = Field(False, description="a private note for the team: kept in the thread, never sent to the contact")
    card: CardRef | None = Field(None, description="an item or order card, sent after the text, where the conversation's "
                                                   "channel carries it (its `cards`); elsewhere 422 card_not_supported")


class NewConversation(Request):
    connection_id: Id
    channel_user_id: str = Field(min_length=1, max_length=256, description="the buyer's id on the channel")
    order_id: str = Field(min_length=1, max_length=256, description="the buyer's order the seller writes about")
    text: str = Field(min_length=1, max_length=4000, pattern=NON_BLANK)


OUTSIDE_WINDOW = error_doc(
    "outside_messaging_window: the channel would refuse the message now (reply_window says why); nothing is stored "
    "or queued. Also contact_blocked, reply_window_closed, concurrent_update")


class NewUpload(Request):
    file_name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=3, max_length=127)
    size: integer(gt=0, le=MAX_ATTACHMENT_BYTES)


class DraftTranslation(Request):
    text: str = Field(min_length=1, max_length=5000)
    target_language: str = Field(
        min_length=translation.LANGUAGE_MIN, max_length=translation.LANGUAGE_MAX, pattern=translation.LANGUAGE_CODE
    )


def _reply_deps() -> ReplyDeps:
    return ReplyDeps(
        conversations=wiring.conversations(),
        organizations=wiring.organizations(),
        outbound_queue=wiring.outbound_queue(),
        assign_queue=wiring.assign_queue(),
        clock=current_clock(),
        templates=wiring.templates(),
        attachments=wiring.attachment_store(),
        agents=wiring.agents(),
        terms=wiring.directory(),
    )


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/messages", status_code=201, summary="Reply to the contact",
                 responses={201: {"description": "The message, stored and queued for delivery (or the note)"},
                            409: OUTSIDE_WINDOW,
                            422: error_doc("card_not_supported: the conversation's channel carries no such card; "
                                           "invalid_card: its id is not the channel's form; nothing is stored or queued")})
    def send_reply(conversation_id: str, body: NewReply) -> MessageOut:
        attachments = [Attachment.model_validate(a.model_dump()) for a in body.attachments]
        card = Card(kind=body.card.kind, id=body.card.id) if body.card else None
        if body.internal:
            if card is not None:
                raise CardNotSupported("a note is never sent, so it carries no card")
            note = add_note(actor_of(router), conversation_id, text=body.text, attachments=attachments, deps=_reply_deps())
            return message_view(note), 201
        message = reply(
            actor_of(router),
            conversation_id,
            text=body.text,
            attachments=attachments,
            resolve=body.resolve,
            template_id=body.template_id,
            language=body.language,
            card=card,
            deps=_reply_deps(),
        )
        return message_view(message), 201

    @router.post("/conversations/<conversation_id>/messages/<message_id>/retry", status_code=202,
                 summary="Deliver a failed agent message again (409 not_failed for any other message)",
                 responses={202: {"description": "The failed message, queued for delivery again"}})
    def retry_message(conversation_id: str, message_id: str) -> MessageOut:
        return message_view(retry_failed(actor_of(router), conversation_id, message_id, _reply_deps())), 202


    @router.post("/conversations", status_code=201,
                 summary="Start a conversation with a buyer where the channel allows the seller to (a marketplace "
                         "order created within 60 days or with an open return)",
                 responses={201: {"description": "The buyer's conversation, the text queued for delivery"},
                            409: error_doc("outside_messaging_window: the channel or the order does not let the seller "
                                           "write first; nothing is stored or queued")})
    def start(body: NewConversation) -> ConversationOut:
        request = StartRequest(connection_id=body.connection_id, channel_user_id=body.channel_user_id,
                               order_id=body.order_id, text=body.text)
        conv = start_conversation(actor_of(router), request, connections=wiring.connections(), deps=_reply_deps())
        return conversation_out(conv, current_clock().now()), 201


    @router.post("/uploads", status_code=201, summary="A pre-signed S3 PUT for a file to attach to a reply")
    def create_upload(body: NewUpload) -> UploadOut:
        upload = new_upload(actor_of(router).org_id, body.file_name, body.content_type, wiring.attachment_store(),
                            current_clock().now())
        return {"upload_url": upload.url, "object_key": upload.object_key, "expires_at": iso(upload.expires_at)}, 201


    @router.post("/translate", summary="Translate a draft into the contact's language",
                 responses={200: {"description": "The draft in the target language"}, 501: error_doc(NO_TRANSLATION)})
    def translate_draft(body: DraftTranslation) -> DraftTranslationOut:
        actor_of(router)
        result = translation.translate_draft(body.text, body.target_language, wiring.translator())
        return {"text": result.text, "source_language": result.source_language}

    return router
