"""TikTok Shop Partner API (version 202309): customer service conversations with buyers, pushed and polled.

Verified against TikTok Shop's partner documentation (as processed in lazykern/ecommerce-api-docs: the guides
"Sign your API request", "Authorization guide 202309", "Common errors", "Upgrade customer service API to
202309", "Webhook configuration", the customer service webhooks 13 and 14, and the API references of Get
Conversations, Get Conversation Messages, Send Message, Read Message, Upload Buyer Messages Image and Get
Authorized Shops):
- Calls go to `open-api.tiktokglobalshop.com` with `app_key`, `timestamp` (unix seconds: 5 minutes before
  to 30 seconds after TikTok's clock) and `sign` in the query, `shop_cipher` for a shop's data, and the
  access token in the `x-tts-access-token` header. `sign` = hex HMAC-SHA256, keyed with the app secret, of
  app_secret + path + the query parameters but `sign` and `access_token`, sorted by name, as name+value,
  + the raw body (unless multipart) + app_secret. Answers: `{code, message, request_id, data}`, code 0 on
  success.
- Tokens from `auth.tiktok-shops.com`: `GET /api/v2/token/get` (app_key, app_secret, auth_code,
  grant_type=authorized_code) and `GET /api/v2/token/refresh` (app_key, app_secret, refresh_token,
  grant_type=refresh_token) answer `data {access_token, access_token_expire_in (a unix time, 7 days on),
  refresh_token, refresh_token_expire_in, open_id, seller_name}`. `GET /authorization/202309/shops` names
  each authorized shop's `id` and `cipher`.
- `GET /customer_service/202309/conversations` (page_size at most 20, page_token, locale; answers
  `next_page_token` and `conversations [{id, participants [{im_user_id, user_id, role, nickname}],
  latest_message {id, type, content, create_time, sender}, unread_count, create_time}]`);
  `GET /customer_service/202309/conversations/{id}/messages` (page_size at most 10, page_token,
  sort_order DESC (default) | ASC, sort_field create_time; `messages [{id, type, content, create_time,
  is_visible, sender {im_user_id, role BUYER | SHOP | CUSTOMER_SERVICE | SYSTEM | ROBOT, nickname}}]`);
  `POST .../conversations/{id}/messages` `{type: TEXT | IMAGE | PRODUCT_CARD | ORDER_CARD, content: <JSON
  text: {"content"} | {"url", "width", "height"} | {"product_id"} | {"order_id"}>}` → `data.message_id`
  (text at most 2,000 characters); `POST .../conversations/{id}/messages/read`.
- `POST /customer_service/202309/images/upload` (Upload Buyer Messages Image: "use this API to upload the
  image first, before sending an image as a message"): multipart/form-data, the file as `data` (jpg, gif,
  webp or png, at most 10 MB), `shop_cipher` in the query; answers `data {url, width, height}`, which an
  IMAGE message carries.
- Errors: 105002 expired token, 36009004 invalid credentials or timestamp, 106001 wrong sign, 36009002
  too many requests, 36009003 internal error (try again), 45101004 the day's quota spent.
- Webhooks: POST `{type, tts_notification_id, shop_id, timestamp, data}` to the app's one URL; type 14 a
  new message (`data {message_id, conversation_id, type, content, create_time, is_visible, sender
  {im_user_id, role}}`), type 13 a new conversation; answer 200 (401 on a bad signature) within 3 seconds,
  else TikTok retries 4 times over about 15 hours. The `Authorization` header carries a signature.
From a public client library (easycb/easycb-go), not TikTok's page: that signature is hex HMAC-SHA256,
keyed with the app secret, of app_key + the raw body. Assumed: conversations are listed most recently
active first; 429 and 5xx are worth retrying like 36009002/36009003; the HTTP status of an error answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from switchboard.adapters.http import HttpRequest, HttpResponse, Upload
from switchboard.channels.base import (
    OutboundMessage,
    WebhookRequest,
    json_body,
    required_str,
    same_signature,
    text_field,
)
from switchboard.channels.marketplaces.base import (
    AuthorizationLost,
    Grant,
    MarketplaceRefused,
    MarketplaceUnavailable,
    RetryPolicy,
    TicketAction,
    retryable,
)
from switchboard.channels.marketplaces.chat import ShopPushAdapter, busy_as_unavailable, retry_after
from switchboard.channels.marketplaces.epoch import from_seconds
from switchboard.channels.marketplaces.tokens import AccessTokenRejected
from switchboard.errors import ChannelRejected, InvalidFields
from switchboard.models import Attachment, Card, Channel, Connection, ConnectionSecrets, InboundContact, InboundEvent

TOKEN_PATH = "/api/v2/token/get"
REFRESH_PATH = "/api/v2/token/refresh"
SHOPS_PATH = "/authorization/202309/shops"
CONVERSATIONS_PATH = "/customer_service/202309/conversations"
IMAGES_UPLOAD_PATH = "/customer_service/202309/images/upload"
NEW_MESSAGE = 14
# Worth another try: too many requests, request timeout, internal error (TikTok's "Common errors").
BUSY_CODES = frozenset({36009002, 36009007, 36009003})
TOKEN_CODES = frozenset({105002, 105001})  # expired, deauthorized
MESSAGE_TYPES = ("TEXT", "IMAGE", "PRODUCT_CARD", "ORDER_CARD")
MAX_TEXT_CHARS = 2000


def sign(app_secret: str, path: str, query: dict[str, str], body: bytes = b"") -> str:
    """TikTok Shop's `sign`: secret + path + sorted name+value (not sign, not access_token) + body + secret."""
    pairs = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    wrapped = app_secret.encode() + path.encode() + pairs.encode() + body + app_secret.encode()
    return hmac.new(app_secret.encode(), wrapped, hashlib.sha256).hexdigest()


def push_signature(app_key: str, app_secret: str, body: bytes) -> str:
    """A webhook's `Authorization`: HMAC-SHA256 of app_key + raw body, keyed with the app secret."""
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ShopSession:
    app_key: str
    app_secret: str
    shop_cipher: str
    access_token: str


def _code(response: HttpResponse) -> int:
    code = response.body.get("code") if isinstance(response.body, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else 0


def _message(response: HttpResponse) -> str:
    message = response.body.get("message") if isinstance(response.body, dict) else None
    return f"{_code(response)}: {message}" if _code(response) else str(message or f"HTTP {response.status}")


def _busy(response: HttpResponse) -> HttpResponse:
    return busy_as_unavailable(response, _code(response) in BUSY_CODES)


def _token_refused(response: HttpResponse) -> bool:
    """Expired (105002) or deauthorized (105001), or "Invalid credentials. The x-tts-access-token header is
    invalid." (36009004); a bare 401 too. A 401 for a wrong sign (106001) is not the token's fault."""
    message = str(response.body.get("message") or "").lower() if isinstance(response.body, dict) else ""
    return _code(response) in TOKEN_CODES or (_code(response) == 36009004 and "access" in message and "token" in message) \
        or (response.status == 401 and not _code(response))


def content_of(message: dict) -> dict:
    """A message's `content`: a JSON text TikTok serializes; one that is not JSON is kept as its text."""
    raw = message.get("content")
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str):
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {"content": raw}
    return value if isinstance(value, dict) else {"content": raw}


def message_event(message: dict, contact: InboundContact, connection: Connection, message_id: str) -> InboundEvent:
    """A buyer's message, from Get Conversation Messages or the new-message webhook."""
    kind = text_field(message.get("type"), "type") or "TEXT"
    content = content_of(message)
    text, attachments, card = None, [], None
    if kind == "TEXT":
        text = text_field(content.get("content"), "content.content")
    elif kind == "IMAGE" and isinstance(content.get("url"), str) and content["url"]:
        attachments.append(Attachment(type="image", url=content["url"]))
    elif kind == "PRODUCT_CARD" and content.get("product_id") not in (None, ""):
        card = Card(kind="item", id=required_str(content, "product_id"))
    elif kind == "ORDER_CARD" and content.get("order_id") not in (None, ""):
        card = Card(kind="order", id=required_str(content, "order_id"))
    if not text and not attachments and card is None:
        text = f"[{kind.lower()}]"  # a video, an emoticon, a coupon: shown as what it is
    return InboundEvent(
        connection=connection, kind="message", event_key=f"tiktok_shop#{message_id}",
        sent_at=from_seconds(message.get("create_time"), "create_time"), contact=contact, text=text,
        attachments=attachments, channel_message_id=message_id, card=card,
    )


def _buyer(conversation: dict) -> dict:
    participants = conversation.get("participants") if isinstance(conversation.get("participants"), list) else []
    return next((p for p in participants if isinstance(p, dict) and p.get("role") == "BUYER"), {})


class TikTokShopConnector:
    """Shop calls and the poll; `session` (a ShopSession) is what TokenKeeper hands each call."""

    channel = Channel.TIKTOK_SHOP
    poll_overlap = timedelta(minutes=10)
    first_poll_lookback = timedelta(days=7)
    page_size = 20
    message_page_size = 10

    def __init__(self, base_url: str, auth_base_url: str, sender, retry: RetryPolicy | None = None,
                 now: Callable[[], float] = time.time) -> None:
        self._base, self._auth = base_url.rstrip("/"), auth_base_url.rstrip("/")
        self._sender = sender
        self._retry = retry or RetryPolicy()
        self._now = now
        self.requests = 0

    @staticmethod
    def session(values: dict[str, str]) -> ShopSession:
        return ShopSession(app_key=values.get("client_id", ""), app_secret=values.get("client_secret", ""),
                           shop_cipher=values.get("shop_cipher", ""), access_token=values.get("access_token", ""))

    # ------------------------------------------------------------ authorize

    def exchange_code(self, credentials: dict[str, str]) -> Grant:
        grant = self._grant(self._token(TOKEN_PATH, credentials, {
            "auth_code": credentials.get("code", ""), "grant_type": "authorized_code"}))
        if credentials.get("shop_cipher"):
            return grant
        session = replace(self.session(credentials), access_token=grant.access_token)
        shops = self._call("GET", SHOPS_PATH, session, shop=False).get("shops") or []
        wanted = credentials.get("shop_id")
        found = [s for s in shops if isinstance(s, dict) and (not wanted or str(s.get("id")) == wanted)]
        if not found or not found[0].get("cipher"):
            raise AuthorizationLost(f"TikTok Shop did not authorize shop {wanted} for this app; connect the shop again")
        return replace(grant, extra={"shop_cipher": str(found[0]["cipher"])})

    def refresh(self, credentials: dict[str, str], refresh_token: str) -> Grant:
        return self._grant(self._token(REFRESH_PATH, credentials, {
            "refresh_token": refresh_token, "grant_type": "refresh_token"}))

    def _token(self, path: str, credentials: dict[str, str], params: dict[str, str]) -> dict:
        query = {"app_key": credentials.get("client_id", ""), "app_secret": credentials.get("client_secret", ""), **params}

        def send() -> HttpResponse:
            self.requests += 1
            return _busy(self._sender.send("GET", f"{self._auth}{path}", query=query))

        response = self._retry.call(send, retry_after)
        if retryable(response):
            raise MarketplaceUnavailable(f"TikTok Shop's token endpoint answered {response.status}; try again later")
        data = response.body.get("data")
        if response.status >= 400 or _code(response) or not isinstance(data, dict):
            raise AuthorizationLost(f"TikTok Shop refused the shop's authorization ({_message(response)}); connect the shop again")
        return data

    @staticmethod
    def _grant(data: dict) -> Grant:
        try:
            return Grant(access_token=str(data["access_token"]), refresh_token=str(data["refresh_token"]),
                         expires_at=datetime.fromtimestamp(int(data["access_token_expire_in"]), UTC))
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            raise AuthorizationLost("TikTok Shop's token answer lacks a token or its expiry") from None

    # ------------------------------------------------------------ receive (the catch-up poll)

    def changed_tickets(self, session: ShopSession, since: datetime) -> Iterator[dict]:
        """Conversations whose latest message is at or after `since`, oldest first."""
        found: dict[str, dict] = {}
        token: str | None = None
        while True:
            query = {"page_size": str(self.page_size), **({"page_token": token} if token else {})}
            data = self._call("GET", CONVERSATIONS_PATH, session, query=query)
            page = [c for c in data.get("conversations") or [] if isinstance(c, dict) and c.get("id")]
            recent = [c for c in page if self.updated_at(c) >= since]
            for conversation in recent:
                found.setdefault(str(conversation["id"]), conversation)
            following = data.get("next_page_token")
            if len(recent) < len(page) or not following or str(following) == token:
                break
            token = str(following)
        for conversation in sorted(found.values(), key=self.updated_at):
            yield {**conversation, "id": str(conversation["id"]), "read_since": since.isoformat()}

    def updated_at(self, conversation: dict) -> datetime:
        latest = conversation.get("latest_message") if isinstance(conversation.get("latest_message"), dict) else {}
        return from_seconds(latest.get("create_time", conversation.get("create_time")), "latest_message.create_time")

    def last_message(self, conversation: dict) -> tuple[str, str] | None:
        """The conversation (our contact) and its latest message's id: the poll reads no conversation whose latest
        message is stored here already."""
        latest = conversation.get("latest_message") if isinstance(conversation.get("latest_message"), dict) else {}
        return (str(conversation["id"]), str(latest["id"])) if latest.get("id") else None

    def events(self, session: ShopSession, conversation: dict, connection: Connection) -> list[InboundEvent]:
        """The buyer's visible messages since the poll's window began, oldest first (read newest first)."""
        since = datetime.fromisoformat(conversation["read_since"]) if conversation.get("read_since") else None
        contact = InboundContact(channel_user_id=str(conversation["id"]),
                                 name=text_field(_buyer(conversation).get("nickname"), "participants[].nickname"))
        found: list[InboundEvent] = []
        token: str | None = None
        while True:
            query = {"page_size": str(self.message_page_size), "sort_order": "DESC", "sort_field": "create_time",
                     **({"page_token": token} if token else {})}
            data = self._call("GET", f"{CONVERSATIONS_PATH}/{conversation['id']}/messages", session, query=query)
            messages = [m for m in data.get("messages") or [] if isinstance(m, dict) and m.get("id")]
            reached_older = False
            for message in messages:
                if since and from_seconds(message.get("create_time"), "create_time") < since:
                    reached_older = True
                elif (message.get("sender") or {}).get("role") == "BUYER" and message.get("is_visible", True) is not False:
                    found.append(message_event(message, contact, connection, str(message["id"])))
            following = data.get("next_page_token")
            if reached_older or not messages or not following or str(following) == token:
                break
            token = str(following)
        return sorted(found, key=lambda e: e.sent_at)

    # ------------------------------------------------------------ send

    def send(self, session: ShopSession, conversation_id: str, message_type: str, content: dict) -> str:
        """A TEXT, IMAGE (a TikTok image url), PRODUCT_CARD or ORDER_CARD message; its id."""
        if message_type not in MESSAGE_TYPES:
            raise InvalidFields(f"type must be one of {', '.join(MESSAGE_TYPES)}")
        data = self._call("POST", f"{CONVERSATIONS_PATH}/{conversation_id}/messages", session,
                          body={"type": message_type, "content": json.dumps(content)})
        return str(data.get("message_id") or "")

    def reply(self, session: ShopSession, conversation_id: str, text: str) -> str:
        return self.send(session, conversation_id, "TEXT", {"content": text[:MAX_TEXT_CHARS]})

    def read(self, session: ShopSession, conversation_id: str) -> None:
        self._call("POST", f"{CONVERSATIONS_PATH}/{conversation_id}/messages/read", session, body={})

    def act(self, session: ShopSession, ticket_id: str, action: TicketAction) -> None:
        raise MarketplaceRefused(f"TikTok Shop's customer service chat has no ticket to {action.value}")

    def refund(self, session: ShopSession, order_ids: list[str]) -> None:
        raise MarketplaceRefused("TikTok Shop's customer service chat cannot refund; refunds are its return flow")

    # ------------------------------------------------------------ transport

    def _call(self, method: str, path: str, session: ShopSession, *, query: dict | None = None,
              body: dict | None = None, shop: bool = True) -> dict:
        def send() -> HttpResponse:
            self.requests += 1  # signed again each try: the timestamp is valid 5 minutes
            request = signed_request(method, self._base, path, session, query or {}, body, shop=shop, now=self._now)
            return _busy(self._sender.send(method, request.url, json_body=body, headers=request.headers)
                         if method != "GET" else self._sender.send(method, request.url, headers=request.headers))

        response = self._retry.call(send, retry_after)
        if _token_refused(response):
            raise AccessTokenRejected(_message(response))
        if retryable(response):
            raise MarketplaceUnavailable(f"TikTok Shop answered {response.status} to {path} ({_message(response)}); try again later")
        if response.status >= 400 or _code(response):
            raise MarketplaceRefused(f"TikTok Shop refused it: {_message(response)}")
        data = response.body.get("data")
        return data if isinstance(data, dict) else {}


def signed_request(method: str, base_url: str, path: str, session: ShopSession, query: dict[str, str],
                   body: dict | None, *, shop: bool = True, now: Callable[[], float] = time.time) -> HttpRequest:
    """The URL (common parameters and `sign` in the query) and headers of a call; the body is signed as sent
    (`json.dumps` of it, as HttpSender writes it)."""
    common = {"app_key": session.app_key, "timestamp": str(int(now())),
              **({"shop_cipher": session.shop_cipher} if shop else {}), **query}
    raw = json.dumps(body).encode() if body is not None and method != "GET" else b""
    common["sign"] = sign(session.app_secret, path, common, raw)
    from urllib.parse import urlencode

    return HttpRequest(url=f"{base_url.rstrip('/')}{path}?{urlencode(common)}", body=body or {},
                       headers={"x-tts-access-token": session.access_token})


class TikTokShopChatAdapter(ShopPushAdapter):
    """The new-message webhook in, replies out through the delivery queue (the poll is the catch-up)."""

    channel = Channel.TIKTOK_SHOP
    marketplace = "TikTok Shop"

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        same_signature(push_signature(secrets.get("client_id"), secrets.get("client_secret"), request.body),
                       request.header("authorization"))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        """A buyer's new message; other webhooks and others' messages are acknowledged, not stored."""
        body = json_body(request)
        data = body.get("data")
        if str(body.get("type")) != str(NEW_MESSAGE) or not isinstance(data, dict):
            return []
        sender = data.get("sender") if isinstance(data.get("sender"), dict) else {}
        if sender.get("role") != "BUYER" or data.get("is_visible", True) is False:
            return []
        contact = InboundContact(channel_user_id=required_str(data, "conversation_id"),
                                 name=text_field(sender.get("nickname"), "data.sender.nickname"))
        return [message_event(data, contact, connection, required_str(data, "message_id"))]

    def send(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str,
             post) -> str:
        """Each image first goes up to TikTok (Upload Buyer Messages Image: an IMAGE message must carry the url
        it answers), so an image TikTok refuses fails the reply before anything reaches the buyer; then the
        text (other files as links in it) as a TEXT message, each image as an IMAGE, then the PRODUCT_CARD or
        ORDER_CARD. The first message's id is the reply's."""
        session = TikTokShopConnector.session(dict(secrets.values))
        images = [self._uploaded(session, base_url, a, post) for a in message.attachments if _is_image(a)]
        sent: list[str] = []
        if message.text or any(a.url and not _is_image(a) for a in message.attachments):
            sent.append(self.sent_id(post(self.outbound(connection, secrets, message, base_url))))
        for image in images:
            sent.append(self.sent_id(post(_message_request(session, base_url, message.recipient, "IMAGE", image))))
        if message.card is not None:
            kind, field = ("PRODUCT_CARD", "product_id") if message.card.kind == "item" else ("ORDER_CARD", "order_id")
            sent.append(self.sent_id(post(_message_request(session, base_url, message.recipient, kind,
                                                           {field: message.card.id}))))
        return sent[0] if sent else ""

    def outbound(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage,
                 base_url: str) -> HttpRequest:
        """The text as a TEXT message, files other than images as links in it (images go as IMAGE messages)."""
        links = [a.url for a in message.attachments if a.url and not _is_image(a)]
        text = "\n".join([message.text or "", *links]).strip()[:MAX_TEXT_CHARS]
        session = TikTokShopConnector.session(dict(secrets.values))
        return _message_request(session, base_url, message.recipient, "TEXT", {"content": text})

    def sent_id(self, response: HttpResponse) -> str:
        return str(_answered(response).get("message_id") or "")

    @staticmethod
    def _uploaded(session: ShopSession, base_url: str, attachment: Attachment, post) -> dict:
        """The image on TikTok's storage: the file as the multipart field `data` (the sign leaves the multipart
        body out); TikTok answers its url, width and height, which the IMAGE message carries."""
        request = signed_request("POST", base_url, IMAGES_UPLOAD_PATH, session, {}, None)
        uploaded = _answered(post(replace(request, upload=Upload(
            url=attachment.url or "", file_name=attachment.name or "image", field="data",
            content_type=attachment.content_type or "image/jpeg"))))
        if not uploaded.get("url"):
            raise ChannelRejected("TikTok Shop's image upload answered no url", retryable=False)
        return {"url": str(uploaded["url"]), "width": uploaded.get("width") or 0, "height": uploaded.get("height") or 0}


def _is_image(attachment: Attachment) -> bool:
    return attachment.type == "image" and bool(attachment.url)


def _message_request(session: ShopSession, base_url: str, conversation_id: str, kind: str, content: dict) -> HttpRequest:
    body = {"type": kind, "content": json.dumps(content)}
    return signed_request("POST", base_url, f"{CONVERSATIONS_PATH}/{conversation_id}/messages", session, {}, body)


def _answered(response: HttpResponse) -> dict:
    """The `data` of a send's or an upload's answer; busy, an expired token and 5xx are retried by the queue,
    any other code fails the message for good with TikTok's reason."""
    if retryable(_busy(response)) or _token_refused(response):
        raise ChannelRejected(f"TikTok Shop answered {response.status} ({_message(response)})", retryable=True)
    if response.status >= 400 or _code(response):
        raise ChannelRejected(f"TikTok Shop refused the message: {_message(response)}", retryable=False)
    data = response.body.get("data")
    return data if isinstance(data, dict) else {}
