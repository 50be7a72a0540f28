"""Send a channel event to the local stack, signed the way that channel signs.

    python -m local.webhook zalo events/zalo_user_send_text.json --app-id app-1 --secret oa-secret
    python -m local.webhook messenger events/messenger_message.json --secret app-secret
    python -m local.webhook web events/web_message.json --secret s3cret --connection cn_...
    python -m local.webhook lazada events/lazada_im_message.json --app-id <app key> --secret <app secret>

The stack is at --base (default: $SWITCHBOARD_URL, else http://127.0.0.1:$PORT, PORT defaulting
to 3000 as for `make dev`). Timestamps and ids in the file are refreshed (a redelivery keeps them:
--as-is), so the same sample can be sent again as a new message. It prints the answer and exits 1
when the stack refused the event or could not be reached, so a script stops at the first failure.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


def sign(channel: str, payload: dict, args: argparse.Namespace) -> tuple[str, bytes, dict[str, str]]:
    now_ms = int(time.time() * 1000)
    if channel == "zalo":
        if not args.as_is:
            payload.update(timestamp=str(now_ms))
            payload["message"]["msg_id"] = uuid.uuid4().hex
        body = json.dumps(payload).encode()
        mac = hashlib.sha256(args.app_id.encode() + body + payload["timestamp"].encode() + args.secret.encode()).hexdigest()
        return "/webhooks/zalo", body, {"X-ZEvent-Signature": f"mac={mac}"}
    if channel == "messenger":
        if not args.as_is:
            for entry in payload["entry"]:
                for item in entry["messaging"]:
                    item["timestamp"] = now_ms
                    item["message"]["mid"] = f"m_{uuid.uuid4().hex}"
        body = json.dumps(payload).encode()
        digest = hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
        return "/webhooks/messenger", body, {"X-Hub-Signature-256": f"sha256={digest}"}
    if channel == "lazada":
        if not args.as_is:
            payload.update(timestamp=now_ms)
            payload["data"].update(message_id=uuid.uuid4().hex[:18], send_time=now_ms)
        body = json.dumps(payload).encode()
        # Lazada's push: Authorization = hex HMAC-SHA256 of the app key and the body, keyed with the app secret.
        digest = hmac.new(args.secret.encode(), args.app_id.encode() + body, hashlib.sha256).hexdigest()
        return "/webhooks/lazada", body, {"Authorization": digest}
    if not args.connection:
        raise SystemExit("--connection is required for web, partner and marketplace")
    if not args.as_is:
        payload.update(event_id=uuid.uuid4().hex, sent_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        payload.setdefault("message", {})["id"] = uuid.uuid4().hex
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    digest = hmac.new(args.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    headers = {"X-Switchboard-Timestamp": timestamp, "X-Switchboard-Signature": f"sha256={digest}"}
    return f"/webhooks/{channel}/{args.connection}", body, headers


def default_base() -> str:
    return os.environ.get("SWITCHBOARD_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '3000'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.webhook", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("channel", choices=["zalo", "messenger", "web", "partner", "marketplace", "lazada"])
    parser.add_argument("file")
    parser.add_argument("--secret", required=True, help="OA secret key, app secret (Messenger, Lazada), or signing secret")
    parser.add_argument("--app-id", default="app-1", help="Zalo app id; Lazada's app key")
    parser.add_argument("--connection", help="connection id (web, partner, marketplace)")
    parser.add_argument("--base", "--url", dest="base", default=default_base(),
                        help="the stack's URL (default: %(default)s)")
    parser.add_argument("--as-is", action="store_true", help="send ids and timestamps unchanged (a redelivery)")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as f:
        payload = json.load(f)
    path, body, headers = sign(args.channel, payload, args)
    url = args.base.rstrip("/") + path
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            print(response.status, response.read().decode())
            return 0
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode())
    except urllib.error.URLError as error:
        print(f"cannot reach the stack at {url}: {error.reason} (is `make dev` running there? --base or PORT choose it)",
              file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
