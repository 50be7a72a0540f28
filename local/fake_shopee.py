"""A fake of Shopee's Open Platform v2 seller chat (sellerchat, OAuth, the Webchat Push), built from Shopee's
guides and API pages (see shared/switchboard/channels/marketplaces/shopee.py for what is verified and what
is assumed; the sample ids below follow the samples of v2.public.get_access_token's page).

Served by the local stack under /_shopee (the SHOPEE_API_BASE_URL the handlers get), and driven by tests
and people through /_local/shopee/* (README, "The local stack"). It keeps Shopee's rules that matter to a
client: every call signed (`sign` over partner_id + path + timestamp [+ access_token + shop_id] with the
partner key; a timestamp older than 5 minutes refused), answers in `{request_id, error, message,
response}`; access tokens that expire after 4 hours of the stack's clock and refresh tokens that work
once (rotated); codes that work once within 10 minutes; conversations paged by a `next_timestamp_nano`
cursor and messages by `offset`; 429, 5xx and `error_system_busy` on demand (`faults`). A buyer's message
is pushed to the stack's /webhooks/shopee, signed as Shopee signs its pushes (unless told not to: a lost
push). Every call it answers is recorded (`calls`). A push it could not deliver (or was told not to send) is
kept as a lost push of the app (partner), as Shopee keeps them for 3 days: `GET
/api/v2/push/get_lost_push_message` (a public call) answers the earliest 100 not yet confirmed
(`push_message_list [{shop_id, msg_id, timestamp, data: the push's body as a JSON text}]`, `has_next_page`,
`last_message_id`), and `POST /api/v2/push/confirm_consumed_lost_push_message` `{last_message_id}` drops
them up to that one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from werkzeug.wrappers import Request, Response

from local.fake_chat_marketplace import ChatMarketplaceFake
from local.fake_wish import local_answer, required

PREFIX = "/_shopee"
CONTROL_PREFIX = "/_local/shopee"
CODE_SECONDS = 600  # "valid for one-time use, expires in 10 minutes"
ACCESS_TOKEN_SECONDS = 4 * 3600  # "expires after 4 hours"
TIMESTAMP_SECONDS = 300  # "each API request needs to be requested within 5 minutes of a timestamp"
LOST_PUSHES = "/api/v2/push/get_lost_push_message"
CONFIRM_LOST = "/api/v2/push/confirm_consumed_lost_push_message"
PUBLIC_PATHS = ("/api/v2/auth/token/get", "/api/v2/auth/access_token/get", LOST_PUSHES, CONFIRM_LOST)
LOST_PAGE = 100  # "the earliest 100 lost push messages"
MAX_PAGE_SIZE = 60


def _sign(key: str, *parts: object) -> str:
    return hmac.new(key.encode(), "".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


def _nanos(at: datetime) -> int:
    return int(at.timestamp()) * 1_000_000_000 + at.microsecond * 1000


def _answer(status: int, response: object = None, *, error: str = "", message: str = "", headers: dict | None = None) -> Response:
    body = {"request_id": uuid.uuid4().hex, "error": error, "message": message}
    if response is not None:
        body["response"] = response
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})


def _flat(response: dict, status: int = 200) -> Response:
    """The token endpoints answer their fields at the top level (v2.public.get_access_token's sample)."""
    return Response(json.dumps({"request_id": uuid.uuid4().hex, "error": "", "message": "", **response}), status=status,
                    mimetype="application/json")


class FakeShopee(ChatMarketplaceFake):
    control_prefix = CONTROL_PREFIX

    def __init__(self, now: Callable[[], datetime], access_token_seconds: int = ACCESS_TOKEN_SECONDS,
                 push_url: str | None = None) -> None:
        super().__init__(now, push_url)
        self.access_token_seconds = access_token_seconds
        self.partners: dict[str, str] = {}  # partner id -> partner key
        self.shops: dict[str, str] = {}  # shop id -> partner id
        self._codes: dict[str, tuple[str, datetime]] = {}
        self._access: dict[str, tuple[str, datetime]] = {}
        self._refresh: dict[str, str] = {}
        self._seq = int(time.time()) * 1000
        self.lost: list[dict] = []  # pushes not delivered, each {partner_id, shop_id, msg_id, timestamp, data}
        self._lost_seq = 0

    def _id(self) -> str:
        self._seq += 1
        return str(self._seq)

    # ------------------------------------------------------------ the seller's and buyer's side

    def issue_code(self, shop_id: str, partner_id: str, partner_key: str) -> str:
        """What Shopee's authorize page hands the redirect URL (with shop_id) once the seller allowed the app."""
        with self._lock:
            self.partners[partner_id] = partner_key
            self.shops[shop_id] = partner_id
            code = uuid.uuid4().hex
            self._codes[code] = (shop_id, self.now())
            return code

    def buyer_writes(self, shop_id: str, buyer_id: str, *, buyer_name: str = "buyer", text: str | None = None,
                     image_url: str | None = None, item_id: int | None = None, order_sn: str | None = None,
                     push: bool = True) -> dict:
        if shop_id not in self.shops:
            raise KeyError(shop_id)
        kind, content = _content(text, image_url, item_id, order_sn)
        with self._lock:
            conversation = self._conversation(shop_id, buyer_id, buyer_name)
            message = self._append(conversation, kind, content, from_id=int(buyer_id), from_shop_id=0,
                                   to_id=int(shop_id), to_shop_id=int(shop_id))
            message = {**message, "from_user_name": buyer_name, "to_user_name": f"shop {shop_id}"}
        outcome = self._push(shop_id, message, deliver=push)
        return {"message": message, "conversation_id": conversation["conversation_id"], "pushed": outcome}

    def _conversation(self, shop_id: str, buyer_id: str, buyer_name: str) -> dict:
        for conversation in self.conversations.values():
            if conversation["shop_id"] == int(shop_id) and str(conversation["to_id"]) == buyer_id:
                return conversation
        conversation = {"conversation_id": self._id(), "to_id": int(buyer_id), "to_name": buyer_name, "to_avatar": "",
                        "shop_id": int(shop_id), "unread_count": 0, "pinned": False, "last_read_message_id": "",
                        "latest_message_id": "", "latest_message_type": "", "latest_message_content": {},
                        "latest_message_from_id": 0, "last_message_timestamp": 0}
        self.conversations[conversation["conversation_id"]] = conversation
        self.messages[conversation["conversation_id"]] = []
        return conversation

    def _append(self, conversation: dict, kind: str, content: dict, **parties) -> dict:
        now = self.now()
        message = {"message_id": self._id(), "message_type": kind, "conversation_id": conversation["conversation_id"],
                   "created_timestamp": int(now.timestamp()), "region": "VN", "status": "normal", "source": "api",
                   "content": content, **parties}
        self.messages[conversation["conversation_id"]].append(message)
        from_buyer = parties["from_shop_id"] == 0
        conversation.update(latest_message_id=message["message_id"], latest_message_type=kind,
                            latest_message_content=content, latest_message_from_id=parties["from_id"],
                            last_message_timestamp=_nanos(now),
                            unread_count=conversation["unread_count"] + 1 if from_buyer else conversation["unread_count"])
        return message

    def _push(self, shop_id: str, message: dict, *, deliver: bool = True) -> int | str | None:
        """The Webchat Push (code 10), signed: Authorization = HMAC-SHA256(partner key, URL + "|" + body). One not
        delivered (not sent, or not answered 200) is kept as a lost push of the shop's app."""
        body = json.dumps({"msg_id": uuid.uuid4().hex, "shop_id": int(shop_id), "code": 10,
                           "timestamp": int(self.now().timestamp()),
                           "data": {"type": "message", "content": message}}).encode()
        key = self.partners[self.shops[shop_id]]
        signature = hmac.new(key.encode(), (self.push_url or "").encode() + b"|" + body, hashlib.sha256).hexdigest()
        status = self._pushed(shop_id, message["message_id"], body,
                              {"Content-Type": "application/json", "Authorization": signature}) if deliver else None
        if status != 200:
            with self._lock:
                self._lost_seq += 1
                self.lost.append({"partner_id": self.shops[shop_id], "shop_id": int(shop_id), "msg_id": self._lost_seq,
                                  "timestamp": int(self.now().timestamp()), "data": body.decode()})
        return status

    def lost_pushes(self, partner_id: str) -> list[dict]:
        with self._lock:
            return [{k: v for k, v in p.items() if k != "partner_id"} for p in self.lost if p["partner_id"] == partner_id]

    # ------------------------------------------------------------ the API (under PREFIX)

    def handle(self, request: Request) -> Response:
        path = request.path[len(PREFIX):] if request.path.startswith(PREFIX) else request.path
        raw = request.get_data(cache=True)
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        with self._lock:
            response = self._route(request.method, path.rstrip("/"), request, body)
            self._record(request, path, dict(request.args), body if body is not None else raw.decode(errors="replace"),
                         response)
        return response

    def _route(self, method: str, path: str, request: Request, body: dict | None) -> Response:
        fault = self._next_fault()
        if fault is not None:
            if isinstance(fault, str):
                return _answer(200, error=fault, message="Our system is taking some time to respond, please try later.")
            headers = {"Retry-After": "1"} if fault == 429 else {}
            return _answer(fault, error="error_server" if fault >= 500 else "error_too_many_request",
                           message=f"injected {fault}", headers=headers)
        if not isinstance(body, dict):
            return _answer(400, error="error_param", message="parse data failed")
        refused = self._check_sign(path, request.args)
        if refused is not None:
            return refused
        if path == LOST_PUSHES and method == "GET":
            mine = self.lost_pushes(request.args["partner_id"])
            page = mine[:LOST_PAGE]
            return _answer(200, {"push_message_list": page, "has_next_page": len(mine) > LOST_PAGE,
                                 "last_message_id": page[-1]["msg_id"] if page else 0})
        if path == CONFIRM_LOST and method == "POST":
            last = body.get("last_message_id")
            if not isinstance(last, int) or isinstance(last, bool) or last <= 0:
                return _answer(400, error="error_param", message="last_message_id is required")
            self.lost = [p for p in self.lost if p["partner_id"] != request.args["partner_id"] or p["msg_id"] > last]
            return _answer(200, {})
        if path in PUBLIC_PATHS and method == "POST":
            return self._token(path, request.args["partner_id"], body)
        shop = self._shop(request.args)
        if isinstance(shop, Response):
            return shop
        if path == "/api/v2/sellerchat/get_conversation_list" and method == "GET":
            return self._list(shop, request.args)
        if path == "/api/v2/sellerchat/get_message" and method == "GET":
            return self._messages(shop, request.args)
        if path == "/api/v2/sellerchat/send_message" and method == "POST":
            return self._send(shop, body)
        if path == "/api/v2/sellerchat/read_conversation" and method == "POST":
            return self._read(shop, body)
        return _answer(404, error="error_not_found", message=f"no route {method} {path}")

    def _check_sign(self, path: str, args) -> Response | None:
        partner_id, timestamp, given = args.get("partner_id", ""), args.get("timestamp", ""), args.get("sign", "")
        if not partner_id or not timestamp or not given:
            return _answer(400, error="error_param", message="There is no partner_id, timestamp or sign in query.")
        key = self.partners.get(partner_id)
        if key is None:
            return _answer(403, error="error_param", message="Invalid partner_id.")
        try:
            sent = int(timestamp)
        except ValueError:
            return _answer(400, error="error_param", message="Invalid timestamp")
        # Against both the wall clock and the stack's: a moved stack clock must not refuse real timestamps.
        if min(abs(time.time() - sent), abs(self.now().timestamp() - sent)) > TIMESTAMP_SECONDS:
            return _answer(403, error="error_param", message="Invalid timestamp")
        parts = [partner_id, path, timestamp]
        if path not in PUBLIC_PATHS:
            parts += [args.get("access_token", ""), args.get("shop_id", "")]
        if not hmac.compare_digest(_sign(key, *parts), given):
            return _answer(403, error="error_sign", message="Wrong sign.")
        return None

    def _shop(self, args) -> str | Response:
        found = self._access.get(args.get("access_token", ""))
        if found is None or found[0] != args.get("shop_id") or self.now() >= found[1]:
            return _answer(403, error="error_auth", message="Invalid access_token.")
        if self.shops.get(found[0]) != args.get("partner_id"):
            return _answer(403, error="error_auth", message="No permission to current api.")
        return found[0]

    def _grant(self, shop_id: str, partner_id: str) -> dict:
        access, refresh = uuid.uuid4().hex, uuid.uuid4().hex
        self._access[access] = (shop_id, self.now() + timedelta(seconds=self.access_token_seconds))
        self._refresh[refresh] = shop_id
        return {"access_token": access, "refresh_token": refresh, "expire_in": self.access_token_seconds,
                "partner_id": int(partner_id), "shop_id": int(shop_id)}

    def _token(self, path: str, partner_id: str, body: dict) -> Response:
        shop_id = str(body.get("shop_id", ""))
        if str(body.get("partner_id", "")) != partner_id or not shop_id:
            return _answer(400, error="error_param", message="Wrong parameters, detail: partner_id and shop_id are required.")
        if path == "/api/v2/auth/token/get":
            found = self._codes.pop(str(body.get("code", "")), None)  # a code works once
            if found is None or found[0] != shop_id or (self.now() - found[1]).total_seconds() > CODE_SECONDS:
                return _answer(403, error="error_auth", message="Invalid code")
        elif self._refresh.get(str(body.get("refresh_token", ""))) != shop_id:
            return _answer(403, error="error_auth", message="Invalid refresh_token.")
        else:
            del self._refresh[str(body["refresh_token"])]  # rotated: a used one is gone
        if self.shops.get(shop_id) != partner_id:
            return _answer(403, error="error_auth", message="Partner and shop has no linked.")
        return _flat(self._grant(shop_id, partner_id))

    def _page_size(self, args) -> int | Response:
        try:
            size = int(args.get("page_size", "25"))
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            return _answer(400, error="error_param", message=f"page_size must be 1 to {MAX_PAGE_SIZE}")
        return size

    def _list(self, shop: str, args) -> Response:
        size = self._page_size(args)
        if isinstance(size, Response):
            return size
        direction = args.get("direction", "latest")
        if direction not in ("latest", "older") or args.get("type", "all") not in ("all", "pinned", "unread"):
            return _answer(400, error="error_param", message="direction must be latest|older, type all|pinned|unread")
        try:
            cursor = int(args["next_timestamp_nano"]) if args.get("next_timestamp_nano") else None
        except ValueError:
            return _answer(400, error="error_param", message="next_timestamp_nano must be a number")
        mine = [c for c in self.conversations.values() if c["shop_id"] == int(shop) and c["last_message_timestamp"]
                and (args.get("type") != "unread" or c["unread_count"])]
        if direction == "older":
            found = sorted([c for c in mine if cursor is None or c["last_message_timestamp"] < cursor],
                           key=lambda c: -c["last_message_timestamp"])
        else:
            found = sorted([c for c in mine if cursor is None or c["last_message_timestamp"] > cursor],
                           key=lambda c: c["last_message_timestamp"])
        page, more = found[:size], len(found) > size
        last = page[-1] if page else None
        return _answer(200, {"conversations": page, "page_result": {
            "page_size": len(page), "more": more,
            "next_cursor": {"next_message_time_nano": str(last["last_message_timestamp"]) if last else "",
                            "conversation_id": last["conversation_id"] if last else ""}}})

    def _messages(self, shop: str, args) -> Response:
        size = self._page_size(args)
        if isinstance(size, Response):
            return size
        conversation = self.conversations.get(args.get("conversation_id", ""))
        if conversation is None or conversation["shop_id"] != int(shop):
            return _answer(400, error="error_param", message="The information you queried is not found.")
        try:
            offset = int(args.get("offset") or 0)
        except ValueError:
            return _answer(400, error="error_param", message="offset must be a number")
        newest_first = list(reversed(self.messages[conversation["conversation_id"]]))
        page = newest_first[offset:offset + size]
        following = offset + size if offset + size < len(newest_first) else ""
        return _answer(200, {"messages": page, "page_result": {"page_size": len(page), "next_offset": str(following)}})

    def _send(self, shop: str, body: dict) -> Response:
        conversation = next((c for c in self.conversations.values()
                             if c["shop_id"] == int(shop) and str(c["to_id"]) == str(body.get("to_id"))), None)
        kind, content = body.get("message_type"), body.get("content")
        if conversation is None:
            return _answer(400, error="error_param", message="The buyer has not chatted with this shop.")
        if kind not in ("text", "image", "item", "order") or not isinstance(content, dict):
            return _answer(400, error="error_param", message="message_type must be text, image, item or order, with content")
        needed = {"text": "text", "image": "image_url", "item": "item_id", "order": "order_sn"}[kind]
        if content.get(needed) in (None, ""):
            return _answer(400, error="error_param", message=f"content.{needed} is required for a {kind} message")
        if kind == "item" and (not isinstance(content["item_id"], int) or isinstance(content["item_id"], bool)):
            return _answer(400, error="error_param", message="content.item_id is an int64")
        message = self._append(conversation, kind, content, from_id=int(shop), from_shop_id=int(shop),
                               to_id=conversation["to_id"], to_shop_id=0)
        return _answer(200, {"to_id": conversation["to_id"], "message_id": message["message_id"], "message_type": kind,
                             "content": content, "conversation_id": conversation["conversation_id"],
                             "created_timestamp": message["created_timestamp"]})

    def _read(self, shop: str, body: dict) -> Response:
        conversation = self.conversations.get(str(body.get("conversation_id", "")))
        if conversation is None or conversation["shop_id"] != int(shop):
            return _answer(400, error="error_param", message="The information you queried is not found.")
        conversation.update(unread_count=0, last_read_message_id=str(body.get("last_read_message_id", "")))
        return _answer(200, {"conversation_id": conversation["conversation_id"],
                             "last_read_message_id": conversation["last_read_message_id"]})

    # ------------------------------------------------------------ /_local/shopee/*

    def _control(self, method: str, parts: list[str], body: dict) -> Response | None:
        if method == "GET" and len(parts) == 2 and parts[0] == "lost-pushes":
            return local_answer(200, {"items": self.lost_pushes(parts[1])})
        if (method, parts) == ("POST", ["codes"]):
            return local_answer(201, {"code": self.issue_code(_digits(body, "shop_id"), _digits(body, "partner_id"),
                                                              required(body, "partner_key"))})
        if (method, parts) == ("POST", ["messages"]):
            item_id = body.get("item_id")
            return local_answer(201, self.buyer_writes(
                _digits(body, "shop_id"), _digits(body, "buyer_id"), buyer_name=body.get("buyer_name") or "buyer",
                text=body.get("text"), image_url=body.get("image_url"), item_id=int(item_id) if item_id else None,
                order_sn=body.get("order_sn"), push=body.get("push", True) is not False))
        return None

    def _valid_fault(self, fault: object) -> bool:
        return super()._valid_fault(fault) or (isinstance(fault, str) and bool(fault))


def _content(text, image_url, item_id, order_sn) -> tuple[str, dict]:
    if image_url:
        return "image", {"url": str(image_url), "thumb_url": str(image_url)}
    if item_id:
        return "item", {"item_id": int(item_id), "shop_id": 0}
    if order_sn:
        return "order", {"order_sn": str(order_sn)}
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text, image_url, item_id or order_sn is required")
    return "text", {"text": text}


def _digits(body: dict, name: str) -> str:
    value = str(body.get(name) or "")
    if not value.isdigit():
        raise ValueError(f"{name} is required (Shopee's ids are numbers)")
    return value
