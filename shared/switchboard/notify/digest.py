"""The hourly digest: each agent hears about unread customer messages of the previous hour."""

from __future__ import annotations

from datetime import timedelta

from switchboard.api.views import iso
from switchboard.notify.emails import NotifyDeps, _contact_name


def send_digests(deps: NotifyDeps, *, organizations, clock) -> int:
    """One email per agent with unread conversations whose last message came in the past hour; none otherwise."""
    now = clock.now()
    since = now - timedelta(hours=1)
    sent = 0
    for org_id in organizations.ids():
        for agent in deps.agents.list(org_id):
            fresh = [
                c for c in deps.conversations.whole_list(org_id, f"A#{agent.agent_id}")
                if c.unread and c.last_message_at and since <= c.last_message_at <= now
            ]
            if not fresh:
                continue
            lines = [f"- {_contact_name(c)} ({c.channel.value}) at {iso(c.last_message_at)}: {c.last_message_preview or ''}" for c in fresh]
            deps.mailer.send(
                [agent.email],
                f"{len(fresh)} unread conversation{'s' if len(fresh) != 1 else ''} in the past hour",
                "Unread customer messages since " + iso(since) + ":\n\n" + "\n".join(lines) + "\n",
            )
            sent += 1
    return sent
