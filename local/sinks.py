"""Where outbound traffic lands locally: channel send APIs (the sink) and SES (emails)."""

from __future__ import annotations

import email
import email.policy
import json
import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request, Response

SINK_PREFIX = "/_local/sink/"


def iso(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json(status: int, body: Any) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


class ChannelSink:
    """Records what the channel send APIs would have received and answers like them."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self._items: list[dict] = []
        self._fail_times = 0
        self._fail_status = 503
        self._lock = threading.Lock()

    def items(self) -> list[dict]:
        with self._lock:
            return list(self._items)

    def handle(self, request: Request) -> Response:
        rest = request.path[len(SINK_PREFIX):]
        channel = rest.split("/", 1)[0]
        if channel == "fail" and request.method == "POST":
            return self._arm_failures(request)
        if request.method != "POST" or not channel:
            return _json(404, {"message": "Not Found"})
        with self._lock:
            if self._fail_times > 0:
                self._fail_times -= 1
                return _json(self._fail_status, {"error": self._fail_status, "message": "injected failure"})
        payload = request.get_json(force=True, silent=True)
        payload = payload if isinstance(payload, dict) else {}
        recipient = payload.get("recipient") or {}
        message = payload.get("message") or {}
        item = {
            "channel": (payload.get("channel") or channel) if channel == "callback" else channel,
            "connection_id": request.headers.get("X-Switchboard-Connection-Id"),
            "recipient": (recipient.get("user_id") or recipient.get("id")) if isinstance(recipient, dict) else recipient,
            "text": message.get("text") if isinstance(message, dict) else None,
            "payload": payload,
            "sent_at": iso(self.now()),
        }
        with self._lock:
            self._items.append(item)
        message_id = secrets.token_hex(16)
        if channel == "zalo":
            return _json(200, {"error": 0, "message": "Success", "data": {"message_id": message_id}})
        if channel == "messenger":
            return _json(200, {"recipient_id": item["recipient"], "message_id": f"m_{message_id}"})
        return _json(200, {"message_id": message_id})

    def _arm_failures(self, request: Request) -> Response:
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            return _json(400, {"error": {"code": "malformed_json", "message": "body must be a JSON object"}})
        times, status = body.get("times", 1), body.get("status", 503)
        if not isinstance(times, int) or times < 0 or not isinstance(status, int) or not 400 <= status <= 599:
            return _json(422, {"error": {"code": "validation_error", "message": "times >= 0 and an error status"}})
        with self._lock:
            self._fail_times, self._fail_status = times, status
        return _json(200, {"times": times, "status": status})


class EmailCapture:
    """Reads the emails moto's SES recorded, stamped with the stack clock when sent."""

    def __init__(self, now: Callable[[], datetime], account_id: str, region: str) -> None:
        self.now = now
        self.account_id = account_id
        self.region = region
        self._sent_at: dict[int, str] = {}
        self._undo: list[Callable[[], None]] = []

    def install(self) -> None:
        from moto.ses.models import SESBackend

        for name in ("send_email", "send_raw_email", "send_templated_email"):
            original = getattr(SESBackend, name)

            def wrapper(backend: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
                message = _original(backend, *args, **kwargs)
                self._sent_at[id(message)] = iso(self.now())
                return message

            setattr(SESBackend, name, wrapper)
            self._undo.append(lambda n=name, o=original: setattr(SESBackend, n, o))

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()

    def items(self) -> list[dict]:
        from moto.ses.models import ses_backends

        backend = ses_backends[self.account_id][self.region]
        return [self._item(m) for m in list(backend.sent_messages)]

    def _item(self, m: Any) -> dict:
        sent_at = self._sent_at.get(id(m))
        if hasattr(m, "raw_data"):
            parsed = email.message_from_string(m.raw_data, policy=email.policy.default)
            part = parsed.get_body(preferencelist=("plain", "html"))
            return {
                "to": list(m.destinations),
                "subject": str(parsed.get("Subject", "")),
                "body": part.get_content() if part is not None else "",
                "sent_at": sent_at,
            }
        destinations = m.destinations if isinstance(m.destinations, dict) else {}
        return {
            "to": list(destinations.get("ToAddresses", [])),
            "subject": getattr(m, "subject", getattr(m, "template", "")),
            "body": getattr(m, "body", getattr(m, "template_data", "")),
            "sent_at": sent_at,
        }
