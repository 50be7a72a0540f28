"""What the fakes of marketplaces' seller chats (local/fake_shopee.py, local/fake_tiktok_shop.py) share: the
calls they record, faults on demand, the pushes they send to the stack, and their /_local/<name>/* routes
for reading a conversation and what they received."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime

from werkzeug.wrappers import Request, Response

from local.fake_wish import local_answer  # the fakes' one answer


class ChatMarketplaceFake:
    control_prefix = "/_local/marketplace"

    def __init__(self, now: Callable[[], datetime], push_url: str | None) -> None:
        self.now = now
        self.push_url = push_url  # where pushes go (the stack's /webhooks/<channel>)
        self._lock = threading.RLock()
        self.conversations: dict[str, dict] = {}
        self.messages: dict[str, list[dict]] = {}  # conversation id -> messages, oldest first
        self.calls: list[dict] = []
        self.pushes: list[dict] = []
        self._faults: list = []

    @staticmethod
    def deliver(url: str, body: bytes, headers: dict[str, str]) -> int | str:
        """POSTs a push (tests replace it to hand the push to ingest directly); its HTTP status."""
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return f"not delivered: {error}"

    def _pushed(self, shop_id: str, message_id: str, body: bytes, headers: dict[str, str]) -> int | str:
        status = self.deliver(self.push_url, body, headers) if self.push_url else "no push URL"
        with self._lock:
            self.pushes.append({"shop_id": shop_id, "message_id": message_id, "status": status})
        return status

    def fail_next(self, *faults) -> None:
        """The next calls answer these: an HTTP status (429, 5xx), or the marketplace's own error code."""
        with self._lock:
            self._faults.extend(faults)

    def _next_fault(self):
        return self._faults.pop(0) if self._faults else None

    def _record(self, request: Request, path: str, query: dict, body: object, response: Response) -> None:
        self.calls.append({"method": request.method, "path": path, "query": query, "body": body,
                           "status": response.status_code, "at": self.now().isoformat()})

    def calls_to(self, path_part: str = "") -> list[dict]:
        with self._lock:
            return [c for c in self.calls if path_part in c["path"]]

    def thread(self, conversation_id: str) -> dict:
        with self._lock:
            return {**self.conversations[conversation_id], "messages": list(self.messages[conversation_id])}

    # ------------------------------------------------------------ /_local/<name>/*

    def control(self, request: Request) -> Response:
        path = request.path[len(self.control_prefix):].rstrip("/")
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return local_answer(400, {"error": {"code": "malformed_json", "message": "the body must be a JSON object"}})
        parts = path.strip("/").split("/") if path else []
        try:
            return self._control(request.method, parts, body) or self._shared_control(request.method, parts, body) \
                or local_answer(404, {"error": {"code": "not_found",
                                                "message": f"no route {request.method} {self.control_prefix}{path}"}})
        except KeyError:
            return local_answer(404, {"error": {"code": "not_found", "message": "no such shop or conversation"}})
        except (ValueError, TypeError) as error:
            return local_answer(422, {"error": {"code": "validation_error", "message": str(error)}})

    def _control(self, method: str, parts: list[str], body: dict) -> Response | None:
        """The marketplace's own routes (an authorization code, a buyer's message); None: not one of them."""
        return None

    def _valid_fault(self, fault: object) -> bool:
        return isinstance(fault, int) and 400 <= fault <= 599

    def _shared_control(self, method: str, parts: list[str], body: dict) -> Response | None:
        if method == "GET" and len(parts) == 2 and parts[0] == "conversations":
            return local_answer(200, self.thread(parts[1]))
        if (method, parts) == ("GET", ["calls"]):
            with self._lock:
                return local_answer(200, {"items": list(self.calls), "pushes": list(self.pushes)})
        if (method, parts) == ("POST", ["faults"]):
            faults = body.get("faults")
            if not isinstance(faults, list) or not all(self._valid_fault(f) for f in faults):
                raise ValueError("faults must be a list of HTTP error statuses or the marketplace's error codes")
            self.fail_next(*faults)
            return local_answer(200, {"queued": len(faults)})
        return None
