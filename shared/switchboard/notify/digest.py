"""The hourly digest: each agent hears, once, about every conversation left unread since their previous digest.

Each agent has a mark: the end of the time their digests have covered. A run covers, for each agent,
from that mark (or, for their first digest, from when they joined) to a minute before the run, and
moves the mark with a condition on its old value before it sends: of two runs at once, one sends;
a run after a late or skipped one covers the whole gap, so nothing falls between two fixed hours.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from switchboard.api.views import iso
from switchboard.clock import Clock
from switchboard.models import Conversation
from switchboard.notify.emails import _contact_name

logger = logging.getLogger(__name__)

# A message's write lands at most a Lambda timeout (15 s) after the time it carries; a run covers
# only what is at least this old, so a message still being written goes to the next digest.
SETTLE = timedelta(minutes=1)


class DigestsNotSent(Exception):
    """Some digests could not be sent; their agents' marks were given back, so the next run covers them."""


@dataclass
class DigestDeps:
    organizations: object
    agents: object
    conversations: object
    marks: object
    mailer: object
    clock: Clock


def send_digests(deps: DigestDeps) -> int:
    """Send every agent the digest they are due; returns how many were sent. Raises DigestsNotSent at the
    end if any could not be, after trying all the others."""
    until = deps.clock.now() - SETTLE
    sent, failed = 0, []
    for org_id in deps.organizations.ids():
        marks = deps.marks.marks(org_id)
        for agent in deps.agents.list(org_id):
            previous = marks.get(agent.agent_id)
            since = previous or agent.created_at
            if since >= until:
                continue
            unread = [
                c for c in deps.conversations.whole_list(org_id, f"A#{agent.agent_id}")
                if c.unread and c.last_message_at and since < c.last_message_at <= until
            ]
            if not unread:
                continue  # the mark stays: the next digest still covers from the previous one
            if not deps.marks.advance(org_id, agent.agent_id, previous=previous, until=until):
                continue  # another run sent this digest
            try:
                deps.mailer.send([agent.email], *_digest(unread, since))
            except Exception:
                deps.marks.give_back(org_id, agent.agent_id, until=until, previous=previous)
                logger.exception("digest to %s not sent", agent.agent_id, extra={"agent_id": agent.agent_id})
                failed.append(agent.agent_id)
                continue
            sent += 1
    if failed:
        raise DigestsNotSent(f"{len(failed)} digests not sent: {', '.join(failed)}")
    return sent


def _digest(unread: list[Conversation], since: datetime) -> tuple[str, str]:
    count = len(unread)
    subject = f"{count} unread conversation{'s' if count != 1 else ''} since {since:%Y-%m-%d %H:%M} UTC"
    lines = [f"- {_contact_name(c)} ({c.channel.value}) at {iso(c.last_message_at)}: {c.last_message_preview or ''}"
             for c in sorted(unread, key=lambda c: c.last_message_at)]
    return subject, "Unread customer messages since " + iso(since) + ":\n\n" + "\n".join(lines) + "\n"
