"""Response templates: the same answer in several languages, and which one a reply uses."""

from __future__ import annotations

from switchboard.clock import Clock
from switchboard.errors import InvalidFields
from switchboard.ids import new_id
from switchboard.models import Agent, Conversation, Template
from switchboard.onboarding import require_manager


def create_template(actor: Agent, name: str, texts: dict[str, str], *, templates, clock: Clock) -> Template:
    require_manager(actor)
    template = Template(org_id=actor.org_id, template_id=new_id("tp"), name=name.strip(), texts=texts,
                        created_at=clock.now())
    return templates.create(template)


def template_text(template: Template, language: str | None, conv: Conversation) -> str:
    """The language the agent picked; without a pick, the contact's, else the template's first."""
    if language:
        chosen = template.text_for(language)
        if chosen is None:
            raise InvalidFields(f"template {template.name!r} has no {language} text", code="template_language_missing")
        return chosen[1]
    chosen = template.text_for(conv.contact.language, *template.texts)
    return chosen[1]
