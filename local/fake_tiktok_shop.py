"""A fake of TikTok Shop's Partner API 202309 customer service (conversations, messages, tokens, authorized
shops, the new-message webhook), built from TikTok Shop's partner documentation (see
shared/switchboard/channels/marketplaces/tiktok_shop.py for what is verified and what is assumed; the sample
ids follow the samples of its Get Conversations and webhook 14 pages).

Served by the local stack under /_tiktok_shop (both the handlers' TIKTOK_SHOP_API_BASE_URL and
TIKTOK_SHOP_AUTH_BASE_URL: the token paths are /api/v2/token/*), and driven through /_local/tiktok_shop/*
(README, "The local stack"). It keeps TikTok's rules that matter to a client: every call signed (`sign` over
secret + path + sorted query + body + secret; a timestamp outside 5 minutes before to 30 seconds after
refused with 36009004, a wrong sign 106001), the access token in `x-tts-access-token` (expired after 7 days
of the stack's clock: 105002), `shop_cipher` required (106013), refresh tokens that rotate, conversations
and messages paged by `page_token` (at most 20 and 10 a page), `{code, message, request_id, data}`
answers, 429/5xx and 36009003 on demand (`faults`). Images a shop sends go up first through Upload Buyer
Messages Image (`POST /customer_service/202309/images/upload`, multipart/form-data, the file as `data`: jpg,
gif, webp or png, at most 10 MB; signed without the body; answers `data {url, width, height}`), and an IMAGE
message must carry a url that upload issued (45101001 otherwise); /_local/tiktok_shop/images lists the files. A buyer's message is pushed to the stack's
/webhooks/tiktok_shop with `Authorization` = HMAC-SHA256(app secret, app_key + body), unless told not to.
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

PREFIX = "/_tiktok_shop"
CONTROL_PREFIX = "/_local/tiktok_shop"
ACCESS_TOKEN_SECONDS = 7 * 24 * 3600  # "default expiration time set to seven days"
CONVERSATIONS = "/customer_service/202309/conversations"
IMAGES_UPLOAD = "/customer_service/202309/images/upload"
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# The formats the upload takes, by their first bytes (webp: RIFF....WEBP).
IMAGE_MAGIC = {b"\xff\xd8\xff": "jpg", b"GIF8": "gif", b"\x89PNG\r\n\x1a\n": "png", b"RIFF": "webp"}


def _sign(secret: str, path: str, query: dict[str, str], body: bytes) -> str:
    pairs = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    wrapped = secret.encode() + path.encode() + pairs.encode() + body + secret.encode()
    return hmac.new(secret.encode(), wrapped, hashlib.sha256).hexdigest()


def _answer(code: int = 0, data: object = None, *, message: str = "Success", status: int = 200,
            headers: dict | None = None) -> Response:
    body = {"code": code, "message": message, "request_id": uuid.uuid4().hex.upper(),
            "data": data if data is not None else {}}
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})


class FakeTikTokShop(ChatMarketplaceFake):
    control_prefix = CONTROL_PREFIX

    def __init__(self, now: Callable[[], datetime], access_token_seconds: int = ACCESS_TOKEN_SECONDS,
                 push_url: str | None = None) -> None:
        super().__init__(now, push_url)
        self.access_token_seconds = access_token_seconds
        self.apps: dict[str, str] = {}  # app key -> app secret
        self.shops: dict[str, dict] = {}  # shop id -> {id, name, cipher, app_key}
        self._codes: dict[str, str] = {}  # auth code -> shop id
        self._access: dict[str, tuple[str, datetime]] = {}
        self._refresh: dict[str, str] = {}
        self._seq = 7494560109732334261  # Get Conversations' sample id
        self.images: list[dict] = []  # what the image upload received: {url, file_name, content, width, height}

    def _id(self) -> str:
        self._seq += 1
        return str(self._seq)

    # ------------------------------------------------------------ the seller's and buyer's side

    def issue_code(self, shop_id: str, app_key: str, app_secret: str, shop_name: str = "shop") -> str:
        with self._lock:
            self.apps[app_key] = app_secret
            self.shops[shop_id] = {"id": shop_id, "name": shop_name, "region": "VN", "seller_type": "LOCAL",
                                   "cipher": f"ROW_{uuid.uuid4().hex[:20]}", "code": f"VN{shop_id[-6:]}",
                                   "app_key": app_key}
            code = f"TTP_{uuid.uuid4().hex}"
            self._codes[code] = shop_id
            return code

    def buyer_writes(self, shop_id: str, buyer_id: str, *, buyer_name: str = "buyer", text: str | None = None,
                     image_url: str | None = None, product_id: str | None = None, order_id: str | None = None,
                     push: bool = True) -> dict:
        shop = self.shops[shop_id]
        if image_url:
            kind, content = "IMAGE", {"url": image_url, "width": 1280, "height": 720}
        elif product_id:
            kind, content = "PRODUCT_CARD", {"product_id": str(product_id)}
        elif order_id:
            kind, content = "ORDER_CARD", {"order_id": str(order_id)}
        elif isinstance(text, str) and text.strip():
            kind, content = "TEXT", {"content": text}
        else:
            raise ValueError("text, image_url, product_id or order_id is required")
        with self._lock:
            conversation = self._conversation(shop, buyer_id, buyer_name)
            message = self._append(conversation, kind, content, {"im_user_id": f"im-{buyer_id}", "role": "BUYER",
                                                                 "nickname": buyer_name, "avatar": ""})
        outcome = self._push(shop, conversation, message) if push else None
        return {"message": message, "conversation_id": conversation["id"], "pushed": outcome}

    def _conversation(self, shop: dict, buyer_id: str, buyer_name: str) -> dict:
        for conversation in self.conversations.values():
            if conversation["shop_id"] == shop["id"] and conversation["buyer_id"] == buyer_id:
                return conversation
        conversation = {"id": self._id(), "shop_id": shop["id"], "buyer_id": buyer_id, "participant_count": 2,
                        "can_send_message": True, "unread_count": 0, "create_time": int(self.now().timestamp()),
                        "participants": [
                            {"im_user_id": f"im-{buyer_id}", "user_id": buyer_id, "role": "BUYER",
                             "nickname": buyer_name, "avatar": "", "buyer_platform": "TIKTOK_SHOP"},
                            {"im_user_id": f"im-shop-{shop['id']}", "user_id": shop["id"], "role": "SHOP",
                             "nickname": shop["name"], "avatar": ""}],
                        "latest_message": None}
        self.conversations[conversation["id"]] = conversation
        self.messages[conversation["id"]] = []
        return conversation

    def _append(self, conversation: dict, kind: str, content: dict, sender: dict) -> dict:
        message = {"id": self._id(), "index": self._id(), "type": kind, "content": json.dumps(content),
                   "create_time": int(self.now().timestamp()), "is_visible": True, "sender": sender}
        self.messages[conversation["id"]].append(message)
        conversation["latest_message"] = message
        if sender["role"] == "BUYER":
            conversation["unread_count"] += 1
        return message

    def _push(self, shop: dict, conversation: dict, message: dict) -> int | str:
        """The new-message webhook (14), signed: Authorization = HMAC-SHA256(app secret, app_key + body)."""
        data = {key: message[key] for key in ("type", "content", "create_time", "is_visible", "index")}
        data.update(message_id=message["id"], conversation_id=conversation["id"],
                    sender={"im_user_id": message["sender"]["im_user_id"], "role": message["sender"]["role"]})
        body = json.dumps({"type": 14, "tts_notification_id": self._id(), "shop_id": shop["id"],
                           "timestamp": int(self.now().timestamp()), "data": data}).encode()
        secret = self.apps[shop["app_key"]]
        signature = hmac.new(secret.encode(), shop["app_key"].encode() + body, hashlib.sha256).hexdigest()
        return self._pushed(shop["id"], message["id"], body, {"Content-Type": "application/json",
                                                              "Authorization": signature})

    # ------------------------------------------------------------ the API (under PREFIX)

    def handle(self, request: Request) -> Response:
        path = request.path[len(PREFIX):] if request.path.startswith(PREFIX) else request.path
        # A multipart body (the image upload) is not signed: the sign covers JSON bodies only.
        multipart = request.mimetype == "multipart/form-data"
        upload = request.files.get("data") if multipart else None
        raw = b"" if multipart else request.get_data(cache=True)
        with self._lock:
            response = self._route(request.method, path.rstrip("/"), request, raw, upload)
            query = {k: v for k, v in request.args.items() if k not in ("app_secret",)}
            self._record(request, path, query, "<multipart>" if multipart else raw.decode(errors="replace"), response)
        return response

    def _route(self, method: str, path: str, request: Request, raw: bytes, upload=None) -> Response:
        fault = self._next_fault()
        if fault is not None:
            if fault >= 1000:
                return _answer(fault, message="Internal error. Please try again.")
            return _answer(36009002 if fault == 429 else 36009003, message=f"injected {fault}", status=fault,
                           headers={"Retry-After": "1"} if fault == 429 else {})
        args = request.args.to_dict()
        if path in ("/api/v2/token/get", "/api/v2/token/refresh") and method == "GET":
            return self._token(path, args)
        refused = self._check_sign(path, args, raw)
        if refused is not None:
            return refused
        shop = self._shop(args, request.headers.get("x-tts-access-token", ""), path != "/authorization/202309/shops")
        if isinstance(shop, Response):
            return shop
        if path == "/authorization/202309/shops" and method == "GET":
            return _answer(0, {"shops": [{k: v for k, v in shop.items() if k != "app_key"}]})
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return _answer(36009022, message="Invalid request format.", status=400)
        if path == IMAGES_UPLOAD and method == "POST":
            return self._upload(request, upload)
        parts = path.split("/")  # "", customer_service, 202309, conversations, <id>, messages, [read]
        if path == CONVERSATIONS and method == "GET":
            return self._list(shop, args)
        conversation = self.conversations.get(parts[4]) if len(parts) > 5 and path.startswith(CONVERSATIONS) else None
        if conversation is None or conversation["shop_id"] != shop["id"]:
            return _answer(45101003, message="Record not found. Please check the parameters.", status=404)
        if len(parts) == 6 and method == "GET":
            return self._messages(conversation, args)
        if len(parts) == 6 and method == "POST":
            return self._send(shop, conversation, body)
        if len(parts) == 7 and parts[6] == "read" and method == "POST":
            conversation["unread_count"] = 0
            return _answer(0, {})
        return _answer(36009009, message="Invalid path.", status=404)

    def _token(self, path: str, args: dict) -> Response:
        app_key, secret = args.get("app_key", ""), args.get("app_secret", "")
        if not app_key or self.apps.get(app_key) != secret:
            return _answer(36009004, message="Invalid credentials. Invalid app_key or app_secret.", status=401)
        if path == "/api/v2/token/get":
            shop_id = self._codes.pop(args.get("auth_code", ""), None) if args.get("grant_type") == "authorized_code" else None
        else:
            shop_id = self._refresh.pop(args.get("refresh_token", ""), None) if args.get("grant_type") == "refresh_token" else None
        if shop_id is None:
            return _answer(36004004, message="Invalid auth_code or refresh_token.", status=400)
        access, refresh = f"TTP_{uuid.uuid4().hex}", f"TTP_{uuid.uuid4().hex}"
        expires = self.now() + timedelta(seconds=self.access_token_seconds)
        self._access[access] = (shop_id, expires)
        self._refresh[refresh] = shop_id
        return _answer(0, {"access_token": access, "access_token_expire_in": int(expires.timestamp()),
                           "refresh_token": refresh, "refresh_token_expire_in": int(expires.timestamp()) + 365 * 86400,
                           "open_id": shop_id, "seller_name": self.shops[shop_id]["name"], "seller_base_region": "VN",
                           "user_type": 0})

    def _check_sign(self, path: str, args: dict, raw: bytes) -> Response | None:
        secret = self.apps.get(args.get("app_key", ""))
        if secret is None or not args.get("sign"):
            return _answer(36009004, message="Missing credentials or invalid app_key.", status=401)
        try:
            sent = int(args.get("timestamp", ""))
        except ValueError:
            return _answer(36009004, message="Invalid timestamp.", status=401)
        # TikTok's window: 5 minutes before to 30 seconds after, on its clock (the wall clock or the stack's).
        if not any(-30 <= now - sent <= 300 for now in (time.time(), self.now().timestamp())):
            return _answer(36009004, message="Invalid timestamp.", status=401)
        if not hmac.compare_digest(_sign(secret, path, args, raw), args["sign"]):
            return _answer(106001, message="Invalid credentials. The sign query parameter is invalid.", status=401)
        return None

    def _shop(self, args: dict, token: str, needs_cipher: bool) -> dict | Response:
        found = self._access.get(token)
        if found is None:
            return _answer(36009004, message="Invalid credentials. The x-tts-access-token header is invalid.", status=401)
        if self.now() >= found[1]:
            return _answer(105002, message="Expired credentials. The x-tts-access-token header has expired.", status=401)
        shop = self.shops[found[0]]
        if shop["app_key"] != args.get("app_key"):
            return _answer(105005, message="Access denied.", status=403)
        if needs_cipher and args.get("shop_cipher") != shop["cipher"]:
            return _answer(106013, message="Missing identifier. The shop_cipher query parameter is required.", status=400)
        return shop

    @staticmethod
    def _size(args: dict, most: int) -> int | None:
        try:
            size = int(args.get("page_size", ""))
        except ValueError:
            return None
        return size if 1 <= size <= most else None

    def _list(self, shop: dict, args: dict) -> Response:
        size = self._size(args, 20)
        if size is None:
            return _answer(36009004, message="page_size must be 1 to 20", status=400)
        mine = sorted([c for c in self.conversations.values() if c["shop_id"] == shop["id"] and c["latest_message"]],
                      key=lambda c: (-c["latest_message"]["create_time"], -int(c["latest_message"]["id"])))
        start = int(args.get("page_token") or 0)
        page = mine[start:start + size]
        following = str(start + size) if start + size < len(mine) else ""
        visible = [{k: v for k, v in c.items() if k not in ("shop_id", "buyer_id")} for c in page]
        return _answer(0, {"conversations": visible, "next_page_token": following})

    def _messages(self, conversation: dict, args: dict) -> Response:
        size = self._size(args, 10)
        if size is None:
            return _answer(36009004, message="page_size must be 1 to 10", status=400)
        ordered = list(self.messages[conversation["id"]])
        if args.get("sort_order", "DESC") == "DESC":
            ordered.reverse()
        start = int(args.get("page_token") or 0)
        following = str(start + size) if start + size < len(ordered) else ""
        return _answer(0, {"messages": ordered[start:start + size], "next_page_token": following})

    def _upload(self, request: Request, upload) -> Response:
        """Upload Buyer Messages Image: a jpg, gif, webp or png of at most 10 MB, as the multipart field `data`."""
        if request.mimetype != "multipart/form-data" or upload is None:
            return _answer(45101001, message="Invalid parameter. data (the image file, multipart) is required.", status=400)
        content = upload.read(MAX_IMAGE_BYTES + 1)
        kind = next((k for magic, k in IMAGE_MAGIC.items() if content.startswith(magic)), None)
        if kind == "webp" and content[8:12] != b"WEBP":
            kind = None
        if kind is None or len(content) > MAX_IMAGE_BYTES:
            return _answer(45101001, message="Invalid parameter. The image must be jpg, gif, webp or png, at most 10MB.",
                           status=400)
        width, height = (int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")) \
            if kind == "png" and len(content) >= 24 else (0, 0)
        url = (f"https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/{uuid.uuid4().hex}"
               f"~tplv-o3syd03w52-origin-image.image")
        self.images.append({"url": url, "file_name": upload.filename or "", "content": content,
                            "width": width, "height": height})
        return _answer(0, {"url": url, "width": width, "height": height})

    def _send(self, shop: dict, conversation: dict, body: dict) -> Response:
        kind, raw = body.get("type"), body.get("content")
        try:
            content = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            content = None
        needed = {"TEXT": "content", "IMAGE": "url", "PRODUCT_CARD": "product_id", "ORDER_CARD": "order_id"}.get(kind)
        if needed is None or not isinstance(content, dict) or content.get(needed) in (None, ""):
            return _answer(45101001, message="Invalid parameter. Please check the parameters.", status=400)
        if kind == "TEXT" and len(content["content"]) > 2000:
            return _answer(45101001, message="Invalid parameter. Max 2000 characters.", status=400)
        if kind == "IMAGE" and content["url"] not in {image["url"] for image in self.images}:
            return _answer(45101001, message="Invalid parameter. Upload the image first (images/upload).", status=400)
        message = self._append(conversation, kind, content, {"im_user_id": f"im-shop-{shop['id']}", "role": "SHOP",
                                                             "nickname": shop["name"], "avatar": ""})
        return _answer(0, {"message_id": message["id"]})

    # ------------------------------------------------------------ /_local/tiktok_shop/*

    def _control(self, method: str, parts: list[str], body: dict) -> Response | None:
        if (method, parts) == ("POST", ["codes"]):
            return local_answer(201, {"code": self.issue_code(required(body, "shop_id"), required(body, "app_key"),
                                                              required(body, "app_secret"), body.get("shop_name") or "shop")})
        if (method, parts) == ("GET", ["images"]):
            return local_answer(200, {"items": [
                {**{k: v for k, v in image.items() if k != "content"}, "size": len(image["content"]),
                 "sha256": hashlib.sha256(image["content"]).hexdigest()} for image in self.images]})
        if (method, parts) == ("POST", ["messages"]):
            return local_answer(201, self.buyer_writes(
                required(body, "shop_id"), required(body, "buyer_id"), buyer_name=body.get("buyer_name") or "buyer",
                text=body.get("text"), image_url=body.get("image_url"), product_id=body.get("product_id"),
                order_id=body.get("order_id"), push=body.get("push", True) is not False))
        return None

    def _valid_fault(self, fault: object) -> bool:
        return super()._valid_fault(fault) or (isinstance(fault, int) and fault >= 1000)
