"""Tags and response templates of an organization (console function)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from typing import Annotated

from pydantic import Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import NON_BLANK, Request
from switchboard.api.responses import TagDeleted, TagList, TagOut, TemplateList, TemplateOut
from switchboard.api.views import iso
from switchboard.clock import current_clock
from switchboard.conversations.tagging import create_tag, delete_tag, rename_tag
from switchboard.conversations.templates import create_template
from switchboard.models import Tag, Template

MAX_TEMPLATE_LANGUAGES = 20


class TagName(Request):
    name: str = Field(min_length=1, max_length=50, pattern=NON_BLANK)


Language = Annotated[str, Field(min_length=2, max_length=10)]
TemplateText = Annotated[str, Field(min_length=1, max_length=4000, pattern=NON_BLANK)]


class NewTemplate(Request):
    name: str = Field(min_length=1, max_length=100)
    texts: dict[Language, TemplateText] = Field(min_length=1, max_length=MAX_TEMPLATE_LANGUAGES,
                                                description="one text per language code")


def tag_view(tag: Tag) -> dict:
    return {"tag_id": tag.tag_id, "name": tag.name}


def template_view(template: Template) -> dict:
    return {"template_id": template.template_id, "name": template.name, "texts": template.texts,
            "created_at": iso(template.created_at)}


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/tags", status_code=201, summary="Create a tag")
    def new_tag(body: TagName) -> TagOut:
        return tag_view(create_tag(actor_of(router), body.name, tags=wiring.tags(), clock=current_clock())), 201

    @router.get("/tags", summary="The organization's tags")
    def list_tags() -> TagList:
        return {"items": [tag_view(t) for t in wiring.tags().list(actor_of(router).org_id)]}

    @router.patch("/tags/<tag_id>", summary="Rename a tag (on every conversation at once)")
    def change_tag(tag_id: str, body: TagName) -> TagOut:
        return tag_view(rename_tag(actor_of(router), tag_id, body.name, tags=wiring.tags()))

    @router.delete("/tags/<tag_id>", summary="Delete a tag (from every conversation at once)")
    def remove_tag(tag_id: str) -> TagDeleted:
        delete_tag(actor_of(router), tag_id, tags=wiring.tags())
        return {"tag_id": tag_id, "deleted": True}

    @router.post("/templates", status_code=201, summary="Create a response template, one text per language")
    def new_template(body: NewTemplate) -> TemplateOut:
        template = create_template(actor_of(router), body.name, body.texts, templates=wiring.templates(),
                                   clock=current_clock())
        return template_view(template), 201

    @router.get("/templates", summary="The organization's response templates")
    def list_templates() -> TemplateList:
        return {"items": [template_view(t) for t in wiring.templates().list(actor_of(router).org_id)]}

    return router
