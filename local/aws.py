"""Embedded AWS: moto in server mode, in this process, with every request serialized.

moto does not make a DynamoDB condition check and its write atomic, so two concurrent
requests can both pass a condition. One lock around the WSGI app makes each request
atomic, which is what the real services guarantee per item.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from local import moto_dynamodb
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

log = logging.getLogger("local.aws")

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"  # moto's default account: every backend lookup uses it

# A Lambda invoke calls out to a local handler, which calls moto again from another
# thread; holding the lock across it would deadlock. The invoke itself only reads
# moto's function registry, so it is safe to let it through unserialized.
_LAMBDA_INVOKE = re.compile(r"^/2015-03-31/functions/[^/]+/invocations/?$")

MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


# Actions that only read (X-Amz-Target "<Service>.<Action>"); ReceiveMessage changes only what is never
# saved (local.state), and the pollers call it all the time.
_READS = ("Get", "Query", "Scan", "Describe", "List", "BatchGet", "ReceiveMessage")


def may_change_state(environ: dict) -> bool:
    """Whether a request to moto may change what it holds: anything but a GET, a HEAD or a read action."""
    if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
        return False
    action = environ.get("HTTP_X_AMZ_TARGET", "").rpartition(".")[2]
    return not (action and action.startswith(_READS))


class ChangeSignal:
    """Moves on after every request that may have changed moto's state: what the queue pollers wait on
    when idle, so that a message sent wakes them at once and an idle stack polls about once a second
    instead of twenty times (which cost an idle stack a third of a core)."""

    def __init__(self) -> None:
        self._moved = threading.Condition()
        self.generation = 0

    def bump(self) -> None:
        with self._moved:
            self.generation += 1
            self._moved.notify_all()

    def wait_after(self, seen: int, timeout_s: float) -> None:
        """Until a change after generation `seen` (read before the poll that found nothing), or the timeout."""
        with self._moved:
            self._moved.wait_for(lambda: self.generation != seen, timeout_s)


def serialized(app: Callable, lock: threading.Lock, on_change: Callable[[], None] | None = None,
               changed: ChangeSignal | None = None) -> Callable:
    """Wrap a WSGI app so one request at a time runs inside it, body included; `on_change` is called
    before each request that may change state, and `changed` is bumped once it has."""

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if _LAMBDA_INVOKE.match(environ.get("PATH_INFO", "")):
            return list(app(environ, start_response))
        changing = may_change_state(environ)
        if on_change is not None and changing:
            on_change()
        with lock:
            # Materialize the body under the lock: moto may build it lazily from state.
            body = list(app(environ, start_response))
        if changed is not None and changing:
            changed.bump()
        return body

    return wsgi


class EmbeddedAws:
    """A moto server on 127.0.0.1 in a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, serialize: bool = True) -> None:
        self.host = host
        # werkzeug logs a line per request; with moto behind every boto3 call that drowns the
        # handlers' own logs.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.lock = threading.Lock()
        # Counts requests that may have changed moto's state: local.state saves only after one.
        self.changes = 0
        self.changed = ChangeSignal()
        moto_dynamodb.install()  # transactions that do not copy whole tables
        app: Callable = DomainDispatcherApplication(create_backend_app)
        self._app = serialized(app, self.lock, self._changed, self.changed) if serialize else app
        self._server: BaseWSGIServer = make_server(
            host, port, self._app, threaded=True, request_handler=MotoRequestHandler
        )
        self.port: int = self._server.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _changed(self) -> None:
        self.changes += 1  # under the GIL; a lost increment still leaves the count changed

    def start(self) -> EmbeddedAws:
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def configure(self, config: dict[str, Any] | None = None) -> None:
        """Turn on state machine execution and the Docker-less Lambda backend."""
        body = json.dumps(config or MOTO_CONFIG).encode()
        req = urllib.request.Request(f"{self.url}/moto-api/config", data=body, method="POST")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()

    def client_environment(self) -> dict[str, str]:
        """What boto3 and PynamoDB need to talk to this server and nothing else."""
        return {
            "AWS_ENDPOINT_URL": self.url,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            # moto's Step Functions interpreter builds its own boto3 clients for task
            # integrations against http://localhost:$MOTO_PORT (default 5000).
            "MOTO_PORT": str(self.port),
        }

    def export_environment(self) -> None:
        os.environ.pop("AWS_PROFILE", None)
        os.environ.update(self.client_environment())


LambdaDispatcher = Callable[[str, Any, dict], bytes]


def route_lambda_invokes(dispatch: LambdaDispatcher) -> Callable[[], None]:
    """Send moto's Docker-less Lambda invokes (Step Functions tasks, Invoke API) to `dispatch`.

    `dispatch(function_name_or_arn, body, response_headers)` returns the payload bytes and
    sets `x-amz-function-error` in response_headers when the handler failed, so that the
    state machine task fails and its Retry/Catch apply. Returns a function undoing the patch.
    """
    from moto.awslambda_simple.models import LambdaSimpleBackend

    original = LambdaSimpleBackend.invoke

    def invoke(self: Any, function_name: str, qualifier: Any, body: Any, headers: Any, response_headers: Any) -> bytes:
        return dispatch(function_name, body, response_headers)

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign]

    def undo() -> None:
        LambdaSimpleBackend.invoke = original  # type: ignore[method-assign]

    return undo
