"""Every switchboard pydantic model built before a container serves, when containers share one process.

The models are built on first use (`defer_build`: a Lambda container uses a few of them, so its cold start
does not build them all). A Lambda execution environment serves one request at a time; here the containers
of every function serve requests at the same moment in one process (local/runtime.py, and the integration
tests' containers), and pydantic 2.13's `model_rebuild` is not thread-safe: two threads building one model at
once can fail (pydantic/pydantic#13419, "dictionary changed size during iteration"; a later release locks it,
pydantic/pydantic#13438). `complete()` builds, once and under a lock, every model imported so far; it runs
after each container's import, before the container serves.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from types import ModuleType

from pydantic import BaseModel

_lock = threading.Lock()


def _subclasses(cls: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def deferred() -> list[type[BaseModel]]:
    """The switchboard models imported so far that are not built yet."""
    return [m for m in _subclasses(BaseModel) if m.__module__.startswith("switchboard.") and not m.__pydantic_complete__]


def complete() -> None:
    with _lock:
        for model in deferred():
            model.model_rebuild(raise_errors=False)  # one that cannot be built yet is built on first use


def import_routes_on_demand(function: ModuleType) -> None:
    """The route modules a function imports on their first request (the console's, api/http.py), imported now,
    so that `complete()` builds their models too: here first requests may come at the same moment."""
    app = getattr(function, "app", None)
    for name in sorted(set((getattr(app, "_on_demand", None) or {}).values())):
        importlib.import_module(name)
