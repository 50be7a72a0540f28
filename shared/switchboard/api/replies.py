"""Replies, upload URLs and draft translation (reply function)."""

from __future__ import annotations

from datetime import timedelta

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field

from switchboard import wiring
from switchboard.adapters.aws import client
from switchboard.api.auth import actor_of
from switchboard.api.views import iso, message_view
from switchboard.clock import current_clock
from switchboard.conversations.reply import ReplyDeps, reply
from switchboard.errors import NotImplementedHere
from switchboard.ids import new_id
from switchboard.models import Attachment
from switchboard.settings import settings


MAX_UPLOAD_BYTES = 25 * 1024 * 1024
UPLOAD_URL_SECONDS = 900


class AttachmentRef(BaseModel):
    type: str = "file"
    url: str | None = None
    name: str | None = None
    object_key: str | None = None


class NewReply(BaseModel):
    text: str | None = Field(None, max_length=4000)
    attachments: list[AttachmentRef] = []
    template_id: str | None = None
    language: str | None = None
    resolve: bool = False


class NewUpload(BaseModel):
    file_name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=3, max_length=127)
    size: int = Field(gt=0, le=MAX_UPLOAD_BYTES)


class DraftTranslation(BaseModel):
    text: str = Field(min_length=1, max_length=5000)
    target_language: str = Field(min_length=2, max_length=10)




def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/conversations/<conversation_id>/messages")
    def send_reply(conversation_id: str, body: NewReply):
        message = reply(
            actor_of(router),
            conversation_id,
            text=body.text,
            attachments=[Attachment.model_validate(a.model_dump()) for a in body.attachments],
            resolve=body.resolve,
            template_id=body.template_id,
            language=body.language,
            deps=ReplyDeps(
                conversations=wiring.conversations(),
                organizations=wiring.organizations(),
                outbound_queue=wiring.outbound_queue(),
                assign_queue=wiring.assign_queue(),
                clock=current_clock(),
                templates=wiring.templates(),
            ),
        )
        return message_view(message), 201


    @router.post("/uploads")
    def create_upload(body: NewUpload):
        me = actor_of(router)
        key = f"{me.org_id}/{new_id('up')}/{body.file_name.replace('/', '_')}"
        url = client("s3").generate_presigned_url(
            "put_object",
            Params={"Bucket": settings().attachments_bucket, "Key": key, "ContentType": body.content_type},
            ExpiresIn=UPLOAD_URL_SECONDS,
        )
        expires = current_clock().now() + timedelta(seconds=UPLOAD_URL_SECONDS)
        return {"upload_url": url, "object_key": key, "expires_at": iso(expires)}, 201


    @router.post("/translate")
    def translate_draft(body: DraftTranslation):
        actor_of(router)
        if settings().local:
            raise NotImplementedHere(
                "the local stack has no translation service; deploy to AWS to use Amazon Translate",
                code="translation_unavailable",
            )
        result = client("translate").translate_text(
            Text=body.text, SourceLanguageCode="auto", TargetLanguageCode=body.target_language
        )
        return {"text": result["TranslatedText"], "source_language": result["SourceLanguageCode"]}

    return router
