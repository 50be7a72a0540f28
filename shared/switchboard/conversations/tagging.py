"""Organization-wide tags, and tags on conversations.

Every member of the organization creates, renames, deletes and applies tags (seed 000): they are
the team's shared vocabulary, not configuration.
"""

from __future__ import annotations

from switchboard.conversations.access import require_can_act
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.errors import InvalidFields
from switchboard.ids import new_id
from switchboard.models import Agent, Conversation, Tag

MAX_TAGS_PER_CONVERSATION = 20


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidFields("a tag needs a name")
    return cleaned


def create_tag(actor: Agent, name: str, *, tags, clock) -> Tag:
    return tags.create(Tag(org_id=actor.org_id, tag_id=new_id("tg"), name=_clean(name)), clock.now())


def rename_tag(actor: Agent, tag_id: str, name: str, *, tags) -> Tag:
    """Conversations hold the tag's id, so the new name shows on every one of them at once."""
    return tags.rename(actor.org_id, tag_id, _clean(name))


def delete_tag(actor: Agent, tag_id: str, *, tags) -> None:
    """Views show only tags that exist, so the tag is gone from every conversation at once."""
    tags.delete(actor.org_id, tag_id)


def tag_conversation(actor: Agent, conversation_id: str, tag_id: str, *, on: bool, tags, conversations) -> Conversation:
    # Both ids must be the organization's, removing as well as adding: 404 for unknown and foreign tags,
    # even where there would be nothing to remove, so an answer never tells another organization's id apart.
    tags.get(actor.org_id, tag_id)

    def attempt() -> Conversation:
        conv = conversations.get(actor.org_id, conversation_id)
        require_can_act(actor, conv)
        if (tag_id in conv.tags) == on:
            return conv
        if on and len(conv.tags) >= MAX_TAGS_PER_CONVERSATION:
            raise InvalidFields(f"a conversation holds at most {MAX_TAGS_PER_CONVERSATION} tags", code="too_many_tags")
        updated = [*conv.tags, tag_id] if on else [t for t in conv.tags if t != tag_id]
        return conversations.save(conv.model_copy(update={"tags": updated}), expected_version=conv.version)

    return retry_on_conflict(attempt)
