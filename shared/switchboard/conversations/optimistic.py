"""Read, decide, write with a condition; when another writer got there first, read again."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from switchboard.errors import ConcurrentUpdate

T = TypeVar("T")
# Each conflict means another writer's write succeeded, so writers that meet make progress; the
# bound is the time a caller can wait (every function's timeout is 15 s or more), not a count,
# which a burst of a few dozen concurrent writers on one conversation would exhaust.
BUDGET_SECONDS = 10.0
FIRST_PAUSE_SECONDS = 0.005
LONGEST_PAUSE_SECONDS = 0.2


def retry_on_conflict(attempt: Callable[[], T], budget_seconds: float | None = None) -> T:
    """Run `attempt` (which reads the current state itself) until its conditional write wins, for up
    to `budget_seconds` (BUDGET_SECONDS); then ConcurrentUpdate.

    Between tries it pauses a random time that doubles with each conflict (full jitter), so
    writers that keep meeting spread out instead of meeting again.
    """
    deadline = time.monotonic() + (BUDGET_SECONDS if budget_seconds is None else budget_seconds)
    conflicts = 0
    while True:
        try:
            return attempt()
        except ConcurrentUpdate:
            if time.monotonic() >= deadline:
                raise ConcurrentUpdate("the conversation kept changing; try again") from None
            time.sleep(random.uniform(0, min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2**conflicts)))
            conflicts += 1
