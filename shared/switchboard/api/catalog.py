"""Tags and response templates of an organization (console function)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field, field_validator

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.views import iso
from switchboard.clock import current_clock
from switchboard.conversations.tagging import create_tag, delete_tag, rename_tag
from switchboard.conversations.templates import create_template
from switchboard.models import Tag, Template

MAX_TEMPLATE_LANGUAGES = 20


class TagName(BaseModel):
    name: str = Field(min_length=1, max_length=50)


class NewTemplate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    texts: dict[str, str] = Field(min_length=1, max_length=MAX_TEMPLATE_LANGUAGES)

    @field_validator("texts")
    @classmethod
    def languages_and_texts(cls, texts: dict[str, str]) -> dict[str, str]:
        for language, text in texts.items():
            if not 2 <= len(language) <= 10 or not text.strip() or len(text) > 4000:
                raise ValueError("each language code needs 2-10 characters and a text of 1-4000 characters")
        return texts


def tag_view(tag: Tag) -> dict:
    return {"tag_id": tag.tag_id, "name": tag.name}


def template_view(template: Template) -> dict:
    return {"template_id": template.template_id, "name": template.name, "texts": template.texts,
            "created_at": iso(template.created_at)}


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/tags", status_code=201)
    def new_tag(body: TagName):
        return tag_view(create_tag(actor_of(router), body.name, tags=wiring.tags(), clock=current_clock())), 201

    @router.get("/tags")
    def list_tags():
        return {"items": [tag_view(t) for t in wiring.tags().list(actor_of(router).org_id)]}

    @router.patch("/tags/<tag_id>")
    def change_tag(tag_id: str, body: TagName):
        return tag_view(rename_tag(actor_of(router), tag_id, body.name, tags=wiring.tags()))

    @router.delete("/tags/<tag_id>")
    def remove_tag(tag_id: str):
        delete_tag(actor_of(router), tag_id, tags=wiring.tags())
        return {"tag_id": tag_id, "deleted": True}

    @router.post("/templates", status_code=201)
    def new_template(body: NewTemplate):
        template = create_template(actor_of(router), body.name, body.texts, templates=wiring.templates(),
                                   clock=current_clock())
        return template_view(template), 201

    @router.get("/templates")
    def list_templates():
        return {"items": [template_view(t) for t in wiring.templates().list(actor_of(router).org_id)]}

    return router
