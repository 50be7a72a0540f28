"""Read, decide, write with a version condition; when another writer got there first, read again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from switchboard.errors import ConcurrentUpdate

T = TypeVar("T")
ATTEMPTS = 5


def retry_on_conflict(attempt: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run `attempt` (which reads the current state itself) until its conditional write wins."""
    for _ in range(attempts):
        try:
            return attempt()
        except ConcurrentUpdate:
            continue
    raise ConcurrentUpdate("the conversation kept changing; try again")
