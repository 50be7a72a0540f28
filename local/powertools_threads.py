"""Each request resolved by a Powertools resolver sees its own event, even with many at once in one process.

Powertools keeps the request being resolved on class attributes, `BaseRouter.current_event` and
`BaseRouter.lambda_context`: one per process. That is right in Lambda, where an execution
environment serves one request at a time, and wrong here, where containers of every function
serve requests at the same moment in one process (local/runtime.py). Unpatched, a request could
read another one's body, path or caller's token: ten replies sent at once stored each other's
texts. `install()` keeps both attributes per thread; a thread serves one request at a time.
"""

from __future__ import annotations

import threading
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

_PER_REQUEST = ("current_event", "lambda_context")


class _PerThread:
    """A class attribute whose value is the one the current thread set."""

    def __init__(self, name: str, values: threading.local) -> None:
        self._name = name
        self._values = values

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        try:
            return getattr(self._values, self._name)
        except AttributeError:
            raise AttributeError(self._name) from None

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(self._values, self._name, value)


def install() -> None:
    """Idempotent; before or after resolvers are created."""
    if isinstance(BaseRouter.__dict__.get("current_event"), _PerThread):
        return
    values = threading.local()

    class PerThreadRouterType(type(BaseRouter)):
        # Powertools assigns `BaseRouter.current_event = ...`: an assignment to the class goes
        # through its type, so the type keeps it per thread.
        def __setattr__(cls, name: str, value: Any) -> None:
            if cls is BaseRouter and name in _PER_REQUEST:
                setattr(values, name, value)
            else:
                super().__setattr__(name, value)

    for name in _PER_REQUEST:
        type.__setattr__(BaseRouter, name, _PerThread(name, values))
    BaseRouter.__class__ = PerThreadRouterType
