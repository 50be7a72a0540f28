"""@mentions in internal notes: `@<nickname>` names a member of the team, who is told by email.

Nicknames are matched whole and without regard to case ("@hoa" and "@Hoa" are Hoa; "@hoang" is not).
An unknown name stays plain text: notes are free writing, and "@3pm" must not fail a note.
"""

from __future__ import annotations

import re

from switchboard.models import Agent

# A mention starts a word ("mail@lan" is an address, not a mention) and runs over the characters a
# nickname may hold; a trailing full stop or comma ends the sentence, not the name.
_MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]*)")


def mentioned_agents(text: str | None, team: list[Agent], author_id: str) -> list[str]:
    """The agent ids a note mentions, in the order first written, without its author."""
    if not text or "@" not in text:
        return []
    by_nickname = {agent.nickname.casefold(): agent.agent_id for agent in team}
    found: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        agent_id = by_nickname.get(match.group(1).rstrip(".-").casefold())
        if agent_id and agent_id != author_id:
            found[agent_id] = None
    return list(found)
