"""`python -m local` (what `make dev` runs): the local stack until SIGINT or SIGTERM.

PORT picks the HTTP port (default 3000; 0 = any free port). `--root DIR` runs the
template and handlers of another checkout (default: this repository). `--state DIR` keeps
what the stack holds in DIR across restarts (local.state; `make dev` passes .local-state);
without it every start is empty.

SIGINT and SIGTERM are taken by the main thread alone (sigwait; every other thread blocks them). With a
Python handler instead, the kernel may hand the signal to any thread: the C handler then only marks it for
the main thread, which sleeps in its wait and never runs it, and the stack did not stop (about one stop in
twelve under load; gdb showed SIGINT's `tripped` set and the main thread still waiting).

Where every thread is, in the log (stderr): `kill -USR1 <pid>` any time, and on its own when a stop
takes longer than STOP_DUMP_S (a stop is prompt; one that is not is a bug to find from those stacks).
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import os
import signal
import sys
import time

from local.stack import LocalStack

log = logging.getLogger("local")

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
STOP_DUMP_S = 20.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local")
    parser.add_argument("--root", default=None, help="project directory holding template.yaml")
    parser.add_argument("--state", default=None, metavar="DIR", help="keep the stack's state in DIR across restarts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOCAL_LOG_LEVEL", "INFO"), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("botocore.credentials").setLevel(logging.WARNING)

    # Written by the interpreter without taking any lock, so it works on a hung or deadlocked stack too.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    # Before any thread starts: each inherits the block, so only the main thread's sigwait takes a stop signal.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)

    stack = LocalStack(root=args.root, port=int(os.environ.get("PORT", "3000")), state_dir=args.state)
    try:
        stack.start()
        assert stack.aws is not None
        print(f"Switchboard local stack listening on {stack.url}", flush=True)
        print(f"Embedded AWS (moto) listening on {stack.aws.url}", flush=True)
        log.info("%s: stopping", signal.Signals(signal.sigwait(STOP_SIGNALS)).name)
    finally:
        began = time.monotonic()
        faulthandler.dump_traceback_later(STOP_DUMP_S)
        stack.stop()
        faulthandler.cancel_dump_traceback_later()
        log.info("stopped in %.1f s", time.monotonic() - began)
    return 0


if __name__ == "__main__":
    code = main()
    # Everything is saved and every thread told to stop: the interpreter's own finalization would only
    # garbage-collect what the stack held (moto's state, every handler's modules), which took ~10 s.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
