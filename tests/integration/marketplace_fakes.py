"""A marketplace fake of local/ served over HTTP on a free port, as the connectors' contract tests use it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server
from werkzeug.wrappers import Request

from switchboard import wiring


@contextmanager
def served(fake, channel: str) -> Iterator[object]:
    """`fake` answering at `fake.url`; afterwards the stores polled against it leave the poll (other tests'
    scheduled polls must not visit them)."""
    server = make_server("127.0.0.1", 0, lambda env, start: fake.handle(Request(env))(env, start), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        thread.join(timeout=5)
        for store in wiring.marketplace_stores().stores(channel):
            wiring.marketplace_stores().forget(channel, store.connection_id)
