"""`python -m local` (what `make dev` runs): the local stack until SIGINT or SIGTERM.

PORT picks the HTTP port (default 3000; 0 = any free port). `--root DIR` runs the
template and handlers of another checkout (default: this repository). `--state DIR` keeps
what the stack holds in DIR across restarts (local.state; `make dev` passes .local-state);
without it every start is empty.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from local.stack import LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local")
    parser.add_argument("--root", default=None, help="project directory holding template.yaml")
    parser.add_argument("--state", default=None, metavar="DIR", help="keep the stack's state in DIR across restarts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOCAL_LOG_LEVEL", "INFO"), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("botocore.credentials").setLevel(logging.WARNING)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    stack = LocalStack(root=args.root, port=int(os.environ.get("PORT", "3000")), state_dir=args.state)
    try:
        stack.start()
        assert stack.aws is not None
        print(f"Switchboard local stack listening on {stack.url}", flush=True)
        print(f"Embedded AWS (moto) listening on {stack.aws.url}", flush=True)
        stop.wait()
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
