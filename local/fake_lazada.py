"""A fake of Lazada Open Platform's seller chat (IM), OAuth and push, built from Lazada's documentation
(see shared/switchboard/channels/marketplaces/lazada.py for what is verified and what is assumed).

Served by the local stack under /_lazada: the API at /_lazada/rest (LAZADA_API_BASE_URL) and the auth
service at /_lazada/auth/rest (LAZADA_AUTH_BASE_URL); driven by tests and people through /_local/lazada/*
(README, "The local stack"). It keeps Lazada's rules that matter to a client: every call signed (app_key,
sign_method=sha256, a timestamp within 7200 s of its clock, sign = HMAC-SHA256 over the api path and the
sorted parameters with the app's secret), else `IncompleteSignature`; access tokens that expire on the
stack's clock (`IllegalAccessToken`) and refresh tokens that rotate (a used one no longer works); codes that
work once; sessions and messages listed newest first back from `start_time`, a page at a time
(`has_more`, `next_start_time`, `last_session_id` / `last_message_id`); answers as {code, type, message,
request_id, data}. A buyer's message is pushed to the stack's webhook, signed as Lazada signs pushes
(`Authorization` = HMAC-SHA256 of app key + body), unless the test loses it. 429, 5xx and `ApiCallLimit`
on demand (`faults`). Every call it answers is recorded (`calls`), and every push it sent (`pushes`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from werkzeug.wrappers import Request, Response

from local.fake_wish import control_route, local_answer, required

BUYER, SELLER = 1, 2  # from_account_type
TEXT, IMAGE, ITEM_CARD, ORDER_CARD = 1, 3, 10006, 10007  # template_id
PUSH_IM_MESSAGE, PUSH_SESSION_UPDATE = 2, 19  # a push's message_type


def sign(api_path: str, params: dict[str, str], app_secret: str) -> str:
    """Lazada's signature as its documentation gives it (articleId 108068), written here apart from the
    client's: a fake that borrowed the client's signing could not catch it signing wrong."""
    base = api_path + "".join(f"{k}{v}" for k, v in sorted(params.items()) if k != "sign" and v != "")
    return hmac.new(app_secret.encode("utf-8"), base.encode("utf-8"), hashlib.sha256).hexdigest().upper()


def push_signature(app_key: str, body: bytes, app_secret: str) -> str:
    """A push's Authorization (articleId 120168): hex HMAC-SHA256 of app key + body, keyed with the secret."""
    return hmac.new(app_secret.encode("utf-8"), app_key.encode("utf-8") + body, hashlib.sha256).hexdigest()


PREFIX = "/_lazada"
CONTROL_PREFIX = "/_local/lazada"
CODE_SECONDS = 30 * 60
TIMESTAMP_SKEW_SECONDS = 7200
MAX_PAGE_SIZE = 100


def _ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)


class FakeLazada:
    def __init__(self, now: Callable[[], datetime], access_token_seconds: int = 7 * 24 * 3600,
                 refresh_token_seconds: int = 14 * 24 * 3600) -> None:
        # A Lazada app in test status: tokens live 7 days, refresh tokens 14 (articleId 121098).
        self.now = now
        self.access_token_seconds = access_token_seconds
        self.refresh_token_seconds = refresh_token_seconds
        self.push_url: str | None = None  # the stack's /webhooks/lazada
        self._lock = threading.RLock()
        self.apps: dict[str, str] = {}  # app key -> app secret
        self.sessions: dict[str, dict] = {}
        self._codes: dict[str, tuple[str, str, datetime]] = {}  # code -> seller, app key, issued at
        self._access: dict[str, tuple[str, str, datetime]] = {}  # token -> seller, app key, expires at
        self._refresh: dict[str, tuple[str, str, datetime]] = {}
        self.calls: list[dict] = []
        self.pushes: list[dict] = []
        self.images: list[bytes] = []  # the files /image/upload received, in order
        self._faults: list[int | str] = []
        self._seq = 0

    # ------------------------------------------------------------ the seller's and buyer's side

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def issue_code(self, seller_id: str, app_key: str, app_secret: str) -> str:
        """What Lazada's authorize page sends the app's callback once the seller allowed the app."""
        with self._lock:
            self.apps[app_key] = app_secret
            code = f"0_{app_key}_{uuid.uuid4().hex}"
            self._codes[code] = (seller_id, app_key, self.now())
            return code

    def buyer_writes(self, seller_id: str, *, text: str | None = None, buyer_id: str | None = None,
                     buyer_name: str = "Buyer", session_id: str | None = None, template_id: int = TEXT,
                     img_url: str | None = None, item_id: str | None = None, order_id: str | None = None,
                     push: bool = True) -> dict:
        """A buyer's message in their session with the store (opened by the buyer's first message), pushed."""
        with self._lock:
            if session_id is None:
                buyer = buyer_id or str(100000 + self._next())
                session_id = f"{seller_id}_2_{buyer}_1_103"  # the shape of Lazada's session ids
            session = self.sessions.get(session_id)
            if session is None:
                buyer = session_id.split("_")[2] if session_id.count("_") >= 2 else (buyer_id or "0")
                session = self.sessions[session_id] = {
                    "session_id": session_id, "seller_id": seller_id, "buyer_id": buyer, "title": buyer_name,
                    "summary": "", "head_url": "", "last_message_id": "", "last_message_time": 0,
                    "unread_count": 0, "self_position": 0, "to_position": 0, "tags": [], "site_id": "VN",
                    "messages": []}
            content = {TEXT: {"txt": text or ""}, IMAGE: {"imgUrl": img_url or "", "width": 0, "height": 0},
                       ITEM_CARD: {"itemId": item_id or ""}, ORDER_CARD: {"orderId": order_id or ""}}.get(template_id)
            if content is None:
                raise ValueError("template_id must be 1 (text), 3 (image), 10006 (item) or 10007 (order)")
            message = self._append(session, BUYER, template_id, content)
            session["unread_count"] += 1
        status = self.push(seller_id, PUSH_IM_MESSAGE, dict(message)) if push else None
        return {"session_id": session_id, "message_id": message["message_id"], "push_status": status}

    def buyer_reads(self, session_id: str, push: bool = True) -> dict:
        with self._lock:
            session = self.sessions[session_id]
            session["to_position"] = _ms(self.now())
            data = {"sync_type": "SESSION_UPDATE", "user_account_id": session["seller_id"], "user_account_type": SELLER,
                    "session_id": session_id, "unread_count": session["unread_count"],
                    "to_position": session["to_position"], "self_position": session["self_position"], "site_id": "VN"}
        status = self.push(session["seller_id"], PUSH_SESSION_UPDATE, data) if push else None
        return {"session_id": session_id, "to_position": data["to_position"], "push_status": status}

    def _append(self, session: dict, sender: int, template_id: int, content: dict) -> dict:
        now = self.now()
        # Send times are strictly increasing per session, as Lazada's message order is.
        sent = max(_ms(now), session["last_message_time"] + 1)
        buyer, seller = session["buyer_id"], session["seller_id"]
        message = {
            "message_id": f"{uuid.uuid4().hex[:12]}{self._next()}", "session_id": session["session_id"],
            "content": json.dumps(content), "template_id": template_id, "send_time": sent, "type": 1,
            "from_account_id": buyer if sender == BUYER else seller, "from_account_type": sender,
            "to_account_id": seller if sender == BUYER else buyer, "to_account_type": SELLER if sender == BUYER else BUYER,
            "site_id": "VN", "process_msg": "", "auto_reply": False, "status": 0,
        }
        session["messages"].append(message)
        session["last_message_id"], session["last_message_time"] = message["message_id"], sent
        session["summary"] = content.get("txt") or "[card]"
        return message

    def push(self, seller_id: str, message_type: int, data: dict) -> int | None:
        """Lazada's push of one notification to the app's callback, signed with the seller's app."""
        if not self.push_url:
            return None
        app_key = self._app_of(seller_id)
        body = json.dumps({"seller_id": seller_id, "message_type": message_type, "data": data,
                           "timestamp": _ms(self.now()), "site": "lazada_vn"}).encode()
        request = urllib.request.Request(self.push_url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": push_signature(app_key, body, self.apps.get(app_key, ""))})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        with self._lock:
            self.pushes.append({"message_type": message_type, "seller_id": seller_id, "status": status,
                                "body": json.loads(body)})
        return status

    def _app_of(self, seller_id: str) -> str:
        with self._lock:
            for token in list(self._access.values()) + list(self._refresh.values()):
                if token[0] == seller_id:
                    return token[1]
            return next((app for seller, app, _ in self._codes.values() if seller == seller_id), "")

    def fail_next(self, *faults: int | str) -> None:
        """The next calls answer these HTTP statuses, or "ApiCallLimit" (HTTP 200, Lazada's rate limit code)."""
        with self._lock:
            self._faults.extend(faults)

    def calls_to(self, path_part: str = "") -> list[dict]:
        with self._lock:
            return [c for c in self.calls if path_part in c["path"]]

    def seller_messages(self, session_id: str) -> list[dict]:
        with self._lock:
            return [dict(m, content=json.loads(m["content"])) for m in self.sessions[session_id]["messages"]
                    if m["from_account_type"] == SELLER]

    # ------------------------------------------------------------ the API (under PREFIX)

    def handle(self, request: Request) -> Response:
        path = request.path[len(PREFIX):]
        # A file (multipart) is no parameter of the signature, as Lazada leaves out byte parameters.
        params = {**request.args.to_dict(), **request.form.to_dict()}
        image = request.files.get("image")
        upload = image.read() if image is not None else None
        with self._lock:
            response = self._route(request.method, path.rstrip("/"), params, upload)
            self.calls.append({"method": request.method, "path": path, "params": params,
                               "status": response.status_code, "code": json.loads(response.get_data()).get("code"),
                               "at": self.now().isoformat()})
        return response

    def _route(self, method: str, path: str, params: dict[str, str], upload: bytes | None) -> Response:
        if self._faults:
            fault = self._faults.pop(0)
            if isinstance(fault, str):
                return _error(fault, "This request has exceeded api limit", kind="ISV")
            return local_answer(fault, {"code": str(fault), "type": "SYSTEM", "message": f"injected {fault}"})
        if path.startswith("/auth/rest/"):
            api = path[len("/auth/rest"):]
            refused = self._signature(api, params, with_token=False)
            if refused:
                return refused
            if api == "/auth/token/create":
                return self._create_token(params)
            if api == "/auth/token/refresh":
                return self._refresh_token(params)
            return _error("InvalidApi", f"no api {api}")
        if not path.startswith("/rest/"):
            return _error("InvalidApi", f"no api {path}")
        api = path[len("/rest"):]
        refused = self._signature(api, params, with_token=True)
        if refused:
            return refused
        seller = self._seller(params)
        if isinstance(seller, Response):
            return seller
        if api == "/im/session/list" and method == "GET":
            return self._session_list(seller, params)
        if api == "/im/message/list" and method == "GET":
            return self._message_list(seller, params)
        if api == "/im/message/send" and method == "POST":
            return self._send(seller, params)
        if api == "/im/session/read" and method == "POST":
            return self._read(seller, params)
        if api == "/image/upload" and method == "POST":
            if not upload:
                return _error("MissingParameter", "image is required (multipart)")
            self.images.append(upload)
            return _ok({"image": {"hash_code": f"h{len(self.images)}",
                                  "url": f"https://vn-live.slatic.net/p/fake-{len(self.images)}.jpg"}})
        if api == "/im/session/get" and method == "GET":
            session = self._session(seller, params.get("session_id", ""))
            return session if isinstance(session, Response) else _ok(_public_session(session))
        return _error("InvalidApi", f"no api {method} {api}")

    def _signature(self, api: str, params: dict[str, str], *, with_token: bool) -> Response | None:
        secret = self.apps.get(params.get("app_key", ""))
        if secret is None:
            return _error("InvalidAppKey", "The specified app key is invalid")
        if params.get("sign_method") != "sha256":
            return _error("InvalidSignMethod", "sign_method must be sha256")
        try:
            skew = abs(_ms(self.now()) - int(params.get("timestamp", "")))
        except ValueError:
            return _error("MissingTimestamp", "timestamp is required, in milliseconds")
        if skew > TIMESTAMP_SKEW_SECONDS * 1000:
            return _error("InvalidTimestamp", "The difference between the timestamp and Lazada's clock is over 7200 s")
        if params.get("sign") != sign(api, params, secret):
            return _error("IncompleteSignature", "The request signature does not conform to lazada standards")
        if with_token and not params.get("access_token"):
            return _error("MissingAccessToken", "access_token is required")
        return None

    def _seller(self, params: dict[str, str]) -> str | Response:
        found = self._access.get(params.get("access_token", ""))
        if found is None or found[1] != params.get("app_key") or self.now() >= found[2]:
            return _error("IllegalAccessToken", "The specified access token is invalid or expired")
        return found[0]

    def _grant(self, seller: str, app_key: str) -> Response:
        access, refresh = f"50000{uuid.uuid4().hex}", f"50001{uuid.uuid4().hex}"
        now = self.now()
        self._access[access] = (seller, app_key, now + timedelta(seconds=self.access_token_seconds))
        self._refresh[refresh] = (seller, app_key, now + timedelta(seconds=self.refresh_token_seconds))
        return local_answer(200, {"code": "0", "access_token": access, "refresh_token": refresh,
                        "expires_in": self.access_token_seconds, "refresh_expires_in": self.refresh_token_seconds,
                        "account": f"{seller}@seller.example", "country": "vn", "account_platform": "seller_center",
                        "country_user_info": [{"country": "vn", "seller_id": seller, "user_id": seller,
                                               "short_code": f"VN{seller}"}],
                        "request_id": uuid.uuid4().hex})

    def _create_token(self, params: dict[str, str]) -> Response:
        found = self._codes.pop(params.get("code", ""), None)  # a code works once
        if found is None or found[1] != params.get("app_key") or (self.now() - found[2]).total_seconds() > CODE_SECONDS:
            return _error("InvalidCode", "The authorization code is invalid or has expired")
        return self._grant(found[0], found[1])

    def _refresh_token(self, params: dict[str, str]) -> Response:
        found = self._refresh.pop(params.get("refresh_token", ""), None)  # rotated: a used one is gone
        if found is None or found[1] != params.get("app_key") or self.now() >= found[2]:
            return _error("IllegalRefreshToken", "The specified refresh token is invalid or expired")
        return self._grant(found[0], found[1])

    def _page_size(self, params: dict[str, str]) -> int | Response:
        try:
            size = int(params.get("page_size", ""))
            int(params.get("start_time", ""))
        except ValueError:
            return _error("MissingParameter", "start_time and page_size are required numbers")
        if not 1 <= size <= MAX_PAGE_SIZE:
            return _error("InvalidParameter", f"page_size must be 1 to {MAX_PAGE_SIZE}")
        return size

    @staticmethod
    def _page(rows: list[dict], time_key: str, id_key: str, params: dict[str, str], last_key: str,
              size: int) -> tuple[list[dict], bool]:
        """Newest first, at or before start_time; after `last_…_id` when the previous page ended there."""
        start, last = int(params["start_time"]), params.get(last_key)
        ordered = sorted((r for r in rows if int(r[time_key]) <= start), key=lambda r: (-int(r[time_key]), r[id_key]))
        if last:
            ids = [r[id_key] for r in ordered]
            ordered = ordered[ids.index(last) + 1:] if last in ids else ordered
        return ordered[:size], len(ordered) > size

    def _session_list(self, seller: str, params: dict[str, str]) -> Response:
        size = self._page_size(params)
        if isinstance(size, Response):
            return size
        mine = [s for s in self.sessions.values() if s["seller_id"] == seller and s["messages"]]
        page, more = self._page(mine, "last_message_time", "session_id", params, "last_session_id", size)
        return _ok({"session_list": [_public_session(s) for s in page], "has_more": more,
                    "next_start_time": page[-1]["last_message_time"] if page else 0,
                    "last_session_id": page[-1]["session_id"] if page else ""})

    def _session(self, seller: str, session_id: str) -> dict | Response:
        session = self.sessions.get(session_id)
        if session is None or session["seller_id"] != seller:
            return _error("SessionNotFound", "The session does not exist", kind="ISP")
        return session

    def _message_list(self, seller: str, params: dict[str, str]) -> Response:
        size = self._page_size(params)
        if isinstance(size, Response):
            return size
        session = self._session(seller, params.get("session_id", ""))
        if isinstance(session, Response):
            return session
        page, more = self._page(session["messages"], "send_time", "message_id", params, "last_message_id", size)
        return _ok({"message_list": [dict(m) for m in page], "has_more": more,
                    "next_start_time": page[-1]["send_time"] if page else 0,
                    "last_message_id": page[-1]["message_id"] if page else ""})

    def _send(self, seller: str, params: dict[str, str]) -> Response:
        session = self._session(seller, params.get("session_id", ""))
        if isinstance(session, Response):
            return session
        try:
            template = int(params.get("template_id", ""))
        except ValueError:
            return _error("MissingParameter", "template_id is required")
        if template == TEXT:
            text = params.get("txt", "")
            if not text.strip():
                return _error("MissingParameter", "txt is required for a text message")
            content: dict = {"txt": text}
        elif template == IMAGE:
            if not params.get("img_url"):
                return _error("MissingParameter", "img_url is required for an image message")
            content = {"imgUrl": params["img_url"], "width": params.get("width"), "height": params.get("height")}
        elif template == ITEM_CARD and params.get("item_id"):
            content = {"itemId": params["item_id"]}
        elif template == ORDER_CARD and params.get("order_id"):
            content = {"orderId": params["order_id"]}
        else:
            return _error("InvalidParameter", "template_id must be 1, 3, 10006 (item_id) or 10007 (order_id)")
        message = self._append(session, SELLER, template, content)
        return _ok({"message_id": message["message_id"], "template_id": template, "current_time": message["send_time"]})

    def _read(self, seller: str, params: dict[str, str]) -> Response:
        session = self._session(seller, params.get("session_id", ""))
        if isinstance(session, Response):
            return session
        ids = [m["message_id"] for m in session["messages"]]
        if params.get("last_read_message_id") not in ids:
            return _error("MessageNotFound", "last_read_message_id is not a message of the session", kind="ISP")
        read = session["messages"][ids.index(params["last_read_message_id"])]
        session["self_position"] = max(session["self_position"], read["send_time"])
        session["unread_count"] = sum(1 for m in session["messages"]
                                      if m["from_account_type"] == BUYER and m["send_time"] > session["self_position"])
        return _ok({})

    # ------------------------------------------------------------ /_local/lazada/*

    def control(self, request: Request) -> Response:
        return control_route(request, CONTROL_PREFIX, self._control, missing="no such session")

    def _control(self, method: str, path: str, body: dict) -> Response:
        parts = path.strip("/").split("/") if path else []
        if (method, parts) == ("POST", ["codes"]):
            return local_answer(201, {"code": self.issue_code(required(body, "seller_id"), required(body, "app_key"),
                                                        required(body, "app_secret"))})
        if (method, parts) == ("POST", ["messages"]):
            return local_answer(201, self.buyer_writes(
                required(body, "seller_id"), text=body.get("text"), buyer_id=body.get("buyer_id"),
                buyer_name=body.get("buyer_name", "Buyer"), session_id=body.get("session_id"),
                template_id=int(body.get("template_id", TEXT)), img_url=body.get("img_url"),
                item_id=body.get("item_id"), order_id=body.get("order_id"), push=body.get("push", True) is not False))
        if method == "GET" and len(parts) == 2 and parts[0] == "sessions":
            with self._lock:
                session = self.sessions[parts[1]]
                return local_answer(200, {**_public_session(session), "messages": [
                    dict(m, content=json.loads(m["content"])) for m in session["messages"]]})
        if method == "POST" and len(parts) == 3 and parts[0] == "sessions" and parts[2] == "read":
            return local_answer(200, self.buyer_reads(parts[1], push=body.get("push", True) is not False))
        if (method, parts) == ("GET", ["calls"]):
            with self._lock:
                return local_answer(200, {"items": list(self.calls)})
        if (method, parts) == ("GET", ["pushes"]):
            with self._lock:
                return local_answer(200, {"items": list(self.pushes)})
        if (method, parts) == ("POST", ["faults"]):
            faults = body.get("faults")
            if not isinstance(faults, list) or not all(
                    f == "ApiCallLimit" or (isinstance(f, int) and 400 <= f <= 599) for f in faults):
                raise ValueError('faults must be a list of HTTP error statuses or "ApiCallLimit"')
            self.fail_next(*faults)
            return local_answer(200, {"queued": len(faults)})
        return local_answer(404, {"error": {"code": "not_found", "message": f"no route {method} {CONTROL_PREFIX}{path}"}})


def _public_session(session: dict) -> dict:
    return {k: v for k, v in session.items() if k not in ("messages", "seller_id")}


def _ok(data: dict) -> Response:
    return local_answer(200, {"code": "0", "data": data, "request_id": uuid.uuid4().hex})


def _error(code: str, message: str, kind: str = "ISV") -> Response:
    # Lazada answers a refused call with its code in the body (HTTP 200 assumed: the documentation shows none).
    return local_answer(200, {"code": code, "type": kind, "message": message, "request_id": uuid.uuid4().hex})
