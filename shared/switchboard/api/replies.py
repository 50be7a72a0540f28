"""Replies, upload URLs and draft translation (reply function)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.http import NO_TRANSLATION, error_doc
from switchboard.api.views import iso, message_view
from switchboard.clock import current_clock
from switchboard.conversations import translation
from switchboard.conversations.attachments import MAX_ATTACHMENT_BYTES, new_upload
from switchboard.conversations.reply import ReplyDeps, reply, retry_failed
from switchboard.models import Attachment

# Each uploaded file named in a reply is checked in S3 before the reply is stored.
MAX_ATTACHMENTS = 10


class AttachmentRef(BaseModel):
    type: str = "file"
    url: str | None = None
    name: str | None = None
    object_key: str | None = None


class NewReply(BaseModel):
    text: str | None = Field(None, max_length=4000)
    attachments: list[AttachmentRef] = Field([], max_length=MAX_ATTACHMENTS)
    template_id: str | None = None
    language: str | None = None
    resolve: bool = False


class NewUpload(BaseModel):
    file_name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=3, max_length=127)
    size: int = Field(gt=0, le=MAX_ATTACHMENT_BYTES)


class DraftTranslation(BaseModel):
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
    )


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/messages", status_code=201)
    def send_reply(conversation_id: str, body: NewReply):
        message = reply(
            actor_of(router),
            conversation_id,
            text=body.text,
            attachments=[Attachment.model_validate(a.model_dump()) for a in body.attachments],
            resolve=body.resolve,
            template_id=body.template_id,
            language=body.language,
            deps=_reply_deps(),
        )
        return message_view(message), 201

    @router.post("/conversations/<conversation_id>/messages/<message_id>/retry", status_code=202, responses={
        202: {"description": "The failed message, queued for delivery again"},
    })
    def retry_message(conversation_id: str, message_id: str):
        """Deliver a failed agent message again (409 not_failed for any other message)."""
        return message_view(retry_failed(actor_of(router), conversation_id, message_id, _reply_deps())), 202


    @router.post("/uploads", status_code=201)
    def create_upload(body: NewUpload):
        upload = new_upload(actor_of(router).org_id, body.file_name, body.content_type, wiring.attachment_store(),
                            current_clock().now())
        return {"upload_url": upload.url, "object_key": upload.object_key, "expires_at": iso(upload.expires_at)}, 201


    @router.post("/translate", responses={
        200: {"description": "The draft in the target language"}, 501: error_doc(NO_TRANSLATION),
    })
    def translate_draft(body: DraftTranslation):
        actor_of(router)
        result = translation.translate_draft(body.text, body.target_language, wiring.translator())
        return {"text": result.text, "source_language": result.source_language}

    return router
