"""`python -m local.openapi_snapshot [PATH]` (make console-api): write the API's live /openapi.json.

Starts the local stack on a free port, reads the document it serves and stops it, so the
console's committed snapshot (console/openapi.json) is exactly what the API answers.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.request
from pathlib import Path

from local.stack import LocalStack

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "console" / "openapi.json"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT_PATH
    logging.basicConfig(level=logging.WARNING)
    with LocalStack(port=0) as stack, urllib.request.urlopen(f"{stack.url}/openapi.json", timeout=60) as response:
        document = json.load(response)
    target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
