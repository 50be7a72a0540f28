"""Emails for domain events: a contact's first message, SLA warnings and takeovers, @mentions in notes."""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.conversations.access import is_supervising
from switchboard.errors import NotFound
from switchboard.models import Agent, Conversation, FirstContactEmail, Message, Role


@dataclass
class NotifyDeps:
    conversations: object
    agents: object
    organizations: object
    mailer: object


def notify_event(detail_type: str, detail: dict, deps: NotifyDeps) -> list[str]:
    """Send the emails an event calls for; returns who was written to."""
    try:
        conv = deps.conversations.get(detail["org_id"], detail["conversation_id"])
    except (KeyError, NotFound):
        return []
    team = deps.agents.list(conv.org_id)
    who = _contact_name(conv)
    if detail_type == "conversation.first_contact":
        # Who routing gave it to when it announced the contact (the conversation may have moved since).
        assignee = detail["assignee_id"] if "assignee_id" in detail else conv.assignee_id
        wanted = deps.organizations.get(conv.org_id).settings.first_contact_email
        recipients = _emails(team, lambda a: (
            (wanted in (FirstContactEmail.OWNERS, FirstContactEmail.BOTH) and a.role == Role.OWNER)
            or (wanted in (FirstContactEmail.ASSIGNEE, FirstContactEmail.BOTH) and assignee is not None
                and a.agent_id == assignee)))
        subject = f"New conversation from {who}"
        body = f"{who} wrote for the first time on {conv.channel.value}:\n\n{conv.last_message_preview or ''}\n"
    elif detail_type == "conversation.expiring":
        recipients = _emails(team, lambda a: a.agent_id == detail.get("assignee_id") or is_supervising(a))
        subject = f"Expiring: {who} has waited since {conv.waiting_since:%Y-%m-%d %H:%M} UTC"
        body = (
            f"The conversation with {who} is unanswered and will be taken over at "
            f"{conv.deadlines.takeover_at:%Y-%m-%d %H:%M} UTC.\nConversation: {conv.conversation_id}\n"
        )
    elif detail_type == "conversation.taken_over":
        recipients = _emails(
            team, lambda a: is_supervising(a) or a.agent_id in (detail.get("assignee_id"), detail.get("takeover_agent_id"))
        )
        subject = f"Taken over: {who} waited too long"
        body = f"The conversation with {who} was escalated after no reply.\nConversation: {conv.conversation_id}\n"
    else:
        return []
    if recipients:
        deps.mailer.send(recipients, subject, body)
    return recipients


def notify_mentions(notes: list[Message], deps: NotifyDeps) -> list[str]:
    """Email each agent a new note @mentions (conversations/mentions.py), with the note; returns who was written to."""
    written: list[str] = []
    for note in notes:
        if note.direction != "note" or not note.mentions:
            continue
        conv = deps.conversations.find(note.conversation_id)
        if conv is None:  # deleted since: nothing to look at
            continue
        team = deps.agents.list(conv.org_id)
        author = next((a.nickname for a in team if a.agent_id == note.author_id), "A teammate")
        recipients = _emails(team, lambda a: a.agent_id in note.mentions)
        if not recipients:  # every one mentioned has left the team
            continue
        who = _contact_name(conv)
        deps.mailer.send(recipients, f"{author} mentioned you: {who}",
                         f"{author} wrote a note in the conversation with {who}:\n\n{note.text}\n\n"
                         f"Conversation: {conv.conversation_id}\n")
        written += recipients
    return written


def _contact_name(conv: Conversation) -> str:
    return conv.contact.name or conv.contact.store_name or conv.contact.channel_user_id


def _emails(team: list[Agent], wanted) -> list[str]:
    return sorted({a.email for a in team if wanted(a)})
