"""Lazada IM: the seller chat of Lazada Open Platform (seed 002), pushed and polled.

Verified against Lazada Open Platform's documentation (open.lazada.com, mirrored at open.alitrip.com,
treeId=499), and where it is silent against public clients of the same API:
- Signing (articleId 108068, 108069): every call carries app_key, timestamp (ms; within 7200 s of
  Lazada's clock), sign_method=sha256, access_token (seller APIs) and sign = upper-case hex of
  HMAC-SHA256(app secret, api path + every other parameter as key+value, sorted by key). The fixture of
  `test_lazada_connector` is the documentation's own example (/order/get, secret "helloworld").
- OAuth (articleId 108260, 121098): the seller authorizes at auth.lazada.com/oauth/authorize?client_id=
  <app key>; `/auth/token/create` (code) and `/auth/token/refresh` (refresh_token) on
  https://auth.lazada.com/rest answer access_token, refresh_token, expires_in, refresh_expires_in (seconds),
  account, country_user_info [{country, seller_id, user_id, short_code}]. A test app's token lives 7 days and
  its refresh token 14, a live app's 30 and 180 days.
- Push (articleId 120168 "Lazada Push Mechanism", 121553, 121554): one callback URL per app; header
  `Authorization` = hex HMAC-SHA256(app secret, app key + the raw body); body {seller_id, message_type, data,
  timestamp, site}. message_type 2: an IM message (data: session_id, message_id, content (a JSON text),
  from_account_id, from_account_type 1 buyer / 2 seller, send_time ms, template_id, to_account_*, type
  1 user / 2 system, site_id, process_msg, auto_reply, status 0 normal / 1 recalled). message_type 19: a
  session update (data: sync_type SESSION_UPDATE, session_id, unread_count, to_position (when the other
  party last read, ms), self_position). Lazada retries an unanswered push every 30 minutes, 12 times.
- IM APIs (from the public clients MonveChen/lazada-openapi src/chat.ts and lazadago im/, which follow the
  API reference): GET /im/session/list (start_time ms, page_size, last_session_id: newest first from
  start_time; answers session_list [{session_id, title, summary, buyer_id, last_message_id,
  last_message_time, unread_count, self_position, to_position, site_id}], has_more, next_start_time,
  last_session_id), GET /im/message/list (session_id, start_time, page_size, last_message_id; answers
  message_list, has_more, next_start_time, last_message_id), POST /im/message/send (session_id,
  template_id 1 text `txt`, 3 image `img_url` `width` `height`, 10006 item `item_id`, 10007 order `order_id`;
  answers message_id), POST /im/session/read (session_id, last_read_message_id); and from Lazada's product
  API as its public clients call it, POST /image/upload (the file as multipart `image`; answers
  data.image.url on Lazada's storage).
- Answers are {code, type, message, request_id, data}; code "0" is success. "IllegalAccessToken" is a
  refused token, "ApiCallLimit" the rate limit.
Assumed (not in what we could read): the HTTP status of an error answer (read whatever it is: the code
decides), that ApiCallLimit comes with no wait hint (Retry-After is honoured if sent), the content of image,
item and order messages (`imgUrl`/`img_url`, `itemId`/`item_id`, `orderId`/`order_id`), that an image
message takes the URL /image/upload answers (with width and height 0: we do not read the image), that the
refresh token rotates on every
refresh (we keep whichever it answers), and that a seller may not open a session: Lazada starts IM
sessions from the buyer's side, so Switchboard never starts one (a reply needs the buyer's session).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from switchboard.adapters.http import HttpRequest, HttpResponse, Upload
from switchboard.channels.base import (
    MAX_ID_CHARS,
    ConnectionLocator,
    OutboundMessage,
    Post,
    WebhookRequest,
    json_body,
    required_str,
    same_signature,
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
from switchboard.channels.marketplaces.tokens import AccessTokenRejected
from switchboard.clock import Clock, current_clock
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields
from switchboard.models import Attachment, Card, Channel, Connection, ConnectionSecrets, InboundContact, InboundEvent

DEFAULT_API_BASE_URL = "https://api.lazada.vn/rest"
DEFAULT_AUTH_BASE_URL = "https://auth.lazada.com/rest"
BUYER, SELLER = 1, 2  # from_account_type
TEXT, IMAGE, ITEM_CARD, ORDER_CARD = 1, 3, 10006, 10007  # template_id
PUSH_IM_MESSAGE, PUSH_SESSION_UPDATE = 2, 19  # message_type of a push
RATE_LIMITED = "ApiCallLimit"
TOKEN_REFUSED = ("IllegalAccessToken", "IllegalRefreshToken")
MAX_TEXT_CHARS = 2000  # assumed: the chat box's limit as the seller center shows it


def sign(api_path: str, params: dict[str, str], app_secret: str) -> str:
    """Lazada's request signature: the api path, then each parameter but `sign` as key+value, sorted by key."""
    base = api_path + "".join(f"{k}{v}" for k, v in sorted(params.items()) if k != "sign" and v not in (None, ""))
    return hmac.new(app_secret.encode(), base.encode(), hashlib.sha256).hexdigest().upper()


def push_signature(app_key: str, body: bytes, app_secret: str) -> str:
    """What a genuine push carries in `Authorization`: hex HMAC-SHA256 of the app key and the raw body."""
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


def millis(value: datetime) -> str:
    return str(int(value.timestamp() * 1000))


def from_millis(value: object, name: str) -> datetime:
    try:
        if isinstance(value, bool):
            raise TypeError
        return datetime.fromtimestamp(int(str(value)) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidFields(f"{name} must be a time in milliseconds") from None


class LazadaAccess(str):
    """A store's access token with its app's key and secret: every Lazada call is signed with both."""

    app_key: str
    app_secret: str

    def __new__(cls, token: str, app_key: str, app_secret: str) -> LazadaAccess:
        made = super().__new__(cls, token)
        made.app_key, made.app_secret = app_key, app_secret
        return made


class LazadaConnector:
    channel = Channel.LAZADA
    poll_overlap = timedelta(minutes=10)
    first_poll_lookback = timedelta(days=7)
    page_size = 20

    def __init__(self, api_base_url: str, auth_base_url: str, sender, retry: RetryPolicy | None = None,
                 clock: Clock | None = None) -> None:
        self._api = api_base_url.rstrip("/")
        self._auth = auth_base_url.rstrip("/")
        self._sender = sender
        self._retry = retry or RetryPolicy()
        self._clock = clock  # None: the process's current clock at each call (the local stack moves it)
        self.requests = 0  # calls sent to Lazada, retries included (bench and tests read it)

    def session(self, values: dict[str, str]) -> LazadaAccess:
        """What TokenKeeper hands each call: the token, signed for with the app the store authorized."""
        return LazadaAccess(values.get("access_token", ""), values.get("client_id", ""), values.get("client_secret", ""))

    # ------------------------------------------------------------ authorize

    def exchange_code(self, credentials: dict[str, str]) -> Grant:
        return self._grant(self._oauth("/auth/token/create", credentials, {"code": credentials.get("code", "")}))

    def refresh(self, credentials: dict[str, str], refresh_token: str) -> Grant:
        return self._grant(self._oauth("/auth/token/refresh", credentials, {"refresh_token": refresh_token}))

    def _oauth(self, path: str, credentials: dict[str, str], params: dict[str, str]) -> dict:
        app = LazadaAccess("", credentials.get("client_id", ""), credentials.get("client_secret", ""))
        response = self._call(self._auth, "POST", path, app, params, with_token=False)
        if retryable(response):
            raise MarketplaceUnavailable(f"Lazada's auth service answered {response.status}; try again later")
        if not _succeeded(response):
            raise AuthorizationLost(f"Lazada refused the store's authorization: {_message(response)}; connect the store again")
        return response.body

    def _grant(self, body: dict) -> Grant:
        try:
            expires_in = int(body["expires_in"])
            country = body.get("country")  # the store's market ("vn", "th", ...), as the token answer names it
            return Grant(access_token=str(body["access_token"]), refresh_token=str(body["refresh_token"]),
                         expires_at=self._now() + timedelta(seconds=expires_in),
                         market=country.upper() if isinstance(country, str) and len(country) == 2 else None,
                         accounts=seller_ids(body))
        except (KeyError, TypeError, ValueError):
            raise AuthorizationLost("Lazada's token answer lacks a token or its lifetime") from None

    # ------------------------------------------------------------ receive (the catch-up poll)

    def changed_tickets(self, token: str, since: datetime) -> Iterator[dict]:
        """Every session with a message at or after `since`, oldest first. Lazada lists sessions newest first
        back from `start_time`, so the pages are read back to `since` and then given oldest first (a run cut
        short keeps the mark below what it did not ingest). Each session is annotated with its id and the
        time its messages are read from."""
        found: dict[str, dict] = {}
        params = {"start_time": millis(self._now()), "page_size": str(self.page_size)}
        while True:
            data = self._data("GET", "/im/session/list", token, params)
            sessions = [s for s in data.get("session_list") or [] if isinstance(s, dict) and s.get("session_id")]
            older = False
            for session in sessions:
                if from_millis(session.get("last_message_time"), "last_message_time") < since:
                    older = True
                    continue
                found.setdefault(str(session["session_id"]), session)
            if older or not data.get("has_more") or not sessions:
                break
            params = {**params, "start_time": str(data.get("next_start_time") or ""),
                      "last_session_id": str(data.get("last_session_id") or sessions[-1]["session_id"])}
        for session in sorted(found.values(), key=lambda s: (int(s["last_message_time"]), str(s["session_id"]))):
            yield {**session, "id": str(session["session_id"]), "_since": millis(since)}

    def updated_at(self, ticket: dict) -> datetime:
        return from_millis(ticket.get("last_message_time"), "last_message_time")

    def last_message(self, ticket: dict) -> tuple[str, str] | None:
        """The session (our contact) and its last message's id, as the session list names them: the poll reads
        no session whose last message is stored here already."""
        last = _text(ticket.get("last_message_id"))
        return (str(ticket["id"]), last) if last else None

    def events(self, token: str, ticket: dict, connection: Connection) -> list[InboundEvent]:
        """The session's messages since the poll's mark: the buyer's as messages, the seller's (sent from
        Lazada's seller center, or ours coming back) as echoes, which are stored once."""
        session_id = str(ticket["id"])
        since = int(ticket.get("_since") or 0)
        messages: list[dict] = []
        params = {"session_id": session_id, "start_time": millis(self._now()), "page_size": str(self.page_size)}
        while True:
            data = self._data("GET", "/im/message/list", token, params)
            page = [m for m in data.get("message_list") or [] if isinstance(m, dict) and m.get("message_id")]
            messages.extend(m for m in page if _int(m.get("send_time")) >= since)
            if not data.get("has_more") or not page or min(_int(m.get("send_time")) for m in page) < since:
                break
            params = {**params, "start_time": str(data.get("next_start_time") or ""),
                      "last_message_id": str(data.get("last_message_id") or page[-1]["message_id"])}
        contact = InboundContact(channel_user_id=session_id, name=_text(ticket.get("title")))
        found = [message_event({**m, "session_id": session_id}, connection, contact) for m in messages]
        return sorted((e for e in found if e is not None), key=lambda e: e.sent_at)

    # ------------------------------------------------------------ send

    def reply(self, token: str, ticket_id: str, text: str) -> str:
        return self.send(token, ticket_id, TEXT, txt=text[:MAX_TEXT_CHARS])

    def send(self, token: str, session_id: str, template_id: int, **fields: str) -> str:
        """One message to the buyer's session: text (txt), image (img_url, width, height), an item card
        (item_id) or an order card (order_id)."""
        data = self._data("POST", "/im/message/send", token,
                          {"session_id": session_id, "template_id": str(template_id), **fields})
        return str(data.get("message_id") or "")

    def mark_read(self, token: str, session_id: str, last_read_message_id: str) -> None:
        self._data("POST", "/im/session/read", token,
                   {"session_id": session_id, "last_read_message_id": last_read_message_id})

    def act(self, token: str, ticket_id: str, action: TicketAction) -> None:
        raise MarketplaceRefused("Lazada chats cannot be closed, re-opened or appealed on Lazada")

    def refund(self, token: str, order_ids: list[str]) -> None:
        raise MarketplaceRefused("Lazada chats carry no refund; refund the order in Lazada's seller center")

    # ------------------------------------------------------------ transport

    def _now(self) -> datetime:
        return (self._clock or current_clock()).now()

    def _call(self, base: str, method: str, path: str, access: LazadaAccess, params: dict[str, str],
              *, with_token: bool = True) -> HttpResponse:
        def send() -> HttpResponse:
            self.requests += 1
            signed = signed_params(path, params, access, self._now(), with_token=with_token)
            if method == "GET":
                response = self._sender.send("GET", f"{base}{path}", query=signed)
            else:
                response = self._sender.send("POST", f"{base}{path}", form=signed)
            return as_status(response)

        return self._retry.call(send, wait_hint)

    def _data(self, method: str, path: str, token: str, params: dict[str, str]) -> dict:
        access = token if isinstance(token, LazadaAccess) else LazadaAccess(token, "", "")
        response = self._call(self._api, method, path, access, params)
        if response.status == 401:
            raise AccessTokenRejected(_message(response))
        if retryable(response):
            raise MarketplaceUnavailable(f"Lazada answered {response.status} to {method} {path}; try again later")
        if not _succeeded(response):
            raise MarketplaceRefused(f"Lazada refused it: {_message(response)}")
        data = response.body.get("data")
        return data if isinstance(data, dict) else {}


def seller_ids(token_answer: dict) -> tuple[str, ...]:
    """The seller ids a token answer is for (`country_user_info`): the entry of its `country`, or every entry for
    a cross-border seller (`cb`), as the seller authorization guide reads it. The guide shows a list of {country,
    seller_id, user_id}; the API reference's example an object keyed by country: both are read."""
    info = token_answer.get("country_user_info")
    if isinstance(info, dict):
        info = [{"country": country, **entry} for country, entry in info.items() if isinstance(entry, dict)]
    entries = [e for e in info if isinstance(e, dict)] if isinstance(info, list) else []
    country = str(token_answer.get("country") or "").lower()
    if country and country != "cb":
        entries = [e for e in entries if str(e.get("country") or "").lower() == country] or entries
    return tuple(dict.fromkeys(str(e["seller_id"]) for e in entries if e.get("seller_id") not in (None, "")))


def signed_params(path: str, params: dict[str, str], access: LazadaAccess, now: datetime, *,
                  with_token: bool = True) -> dict[str, str]:
    values = {**params, "app_key": access.app_key, "timestamp": millis(now), "sign_method": "sha256"}
    if with_token:
        values["access_token"] = str(access)
    return {**values, "sign": sign(path, values, access.app_secret)}


def as_status(response: HttpResponse) -> HttpResponse:
    """Lazada tells a refused token and the rate limit in the answer's code: read them as 401 and 429."""
    code = response.body.get("code") if isinstance(response.body, dict) else None
    if code == RATE_LIMITED and response.status < 400:
        return HttpResponse(429, response.body, response.headers)
    if code in TOKEN_REFUSED and response.status < 400:
        return HttpResponse(401, response.body, response.headers)
    return response


def wait_hint(response: HttpResponse) -> float | None:
    retry_after = response.header("retry-after")
    return float(retry_after) if retry_after and retry_after.strip().isdigit() else None


def message_event(message: dict, connection: Connection, contact: InboundContact) -> InboundEvent | None:
    """A Lazada IM message (pushed or listed) as our event: keyed by Lazada's message id, so the push and
    the poll store it once. System messages and recalled ones are not a conversation's messages."""
    if _int(message.get("type"), 1) != 1 or _int(message.get("status")) == 1:
        return None
    sender = _int(message.get("from_account_type"))
    if sender not in (BUYER, SELLER):
        return None
    text, attachments, card = _content(message)
    message_id = required_str(message, "message_id")
    return InboundEvent(
        connection=connection, kind="message" if sender == BUYER else "echo", event_key=f"lazada#{message_id}",
        sent_at=from_millis(message.get("send_time"), "data.send_time"), contact=contact, text=text,
        attachments=attachments, channel_message_id=message_id, card=card,
    )


def _content(message: dict) -> tuple[str | None, list[Attachment], Card | None]:
    raw = message.get("content")
    try:
        content = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        content = {"txt": raw}
    content = content if isinstance(content, dict) else {"txt": _text(content)}
    template = _int(message.get("template_id"), TEXT)
    if template == IMAGE:
        url = _text(content.get("imgUrl") or content.get("img_url"))
        return None, [Attachment(type="image", url=url)] if url else [], None
    if template in (ITEM_CARD, ORDER_CARD):
        kind, names = ("item", ("itemId", "item_id")) if template == ITEM_CARD else ("order", ("orderId", "order_id"))
        card_id = next((_text(content.get(n)) for n in names if _text(content.get(n))), None)
        if card_id is None:
            return ("Product card" if kind == "item" else "Order card"), [], None
        return _text(content.get("title")), [], Card(kind=kind, id=card_id[:MAX_ID_CHARS])
    return _text(content.get("txt") or content.get("text")), [], None


class LazadaPushAdapter:
    """Lazada's push (one callback for every store of the app) and the send API for replies."""

    channel = Channel.LAZADA

    def require_signature(self, request: WebhookRequest) -> None:
        # A Lazada signature is 64 hex digits: anything else (none, a Bearer token) is no push of Lazada's.
        given = (request.header("authorization") or "").strip()
        if len(given) != 64 or not all(c in "0123456789abcdefABCDEF" for c in given):
            raise BadSignature("Authorization (Lazada's push signature) is missing", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        return ConnectionLocator(self.channel, external_id=required_str(json_body(request), "seller_id"))

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        return [self.locate(request)]

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        expected = push_signature(secrets.get("client_id"), request.body, secrets.get("client_secret"))
        same_signature(expected, request.header("authorization"))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        body = json_body(request)
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        kind = _int(body.get("message_type"), -1)
        if kind == PUSH_IM_MESSAGE:
            contact = InboundContact(channel_user_id=required_str(data, "session_id"))
            event = message_event(data, connection, contact)
            return [event] if event else []
        if kind == PUSH_SESSION_UPDATE and _int(data.get("to_position")) > 0:
            # The buyer has read the session up to to_position: our messages sent until then are read.
            read_at = from_millis(data.get("to_position"), "data.to_position")
            return [InboundEvent(
                connection=connection, kind="receipt", event_key=f"lazada-read#{data.get('session_id')}#{data.get('to_position')}",
                sent_at=read_at, contact=InboundContact(channel_user_id=required_str(data, "session_id")),
                receipt="read", watermark=read_at,
            )]
        return []  # orders, products and the rest: acknowledged, nothing an agent answers

    def outbound(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage,
                 base_url: str) -> HttpRequest:
        return self._request(secrets, base_url, "/im/message/send", {
            "session_id": message.recipient, "template_id": str(TEXT), "txt": (message.text or "")[:MAX_TEXT_CHARS]})

    def send(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str,
             post: Post) -> str:
        """The text, then each image by its URL, then the item or order card (templates 10006 `item_id`, 10007
        `order_id`); then the session is read up to the buyer's message answered (a reply is read by who wrote
        it). The first message's id is the reply's."""
        sent: list[str] = []
        if message.text:
            sent.append(self.sent_id(post(self.outbound(connection, secrets, message, base_url))))
        for attachment in message.attachments:
            if not attachment.url:
                continue
            if attachment.type != "image":
                raise ChannelRejected("Lazada IM sends text and images only", retryable=False)
            sent.append(self.sent_id(post(self._request(secrets, base_url, "/im/message/send", {
                "session_id": message.recipient, "template_id": str(IMAGE),
                "img_url": self._uploaded(secrets, base_url, attachment, post), "width": "0", "height": "0"}))))
        if message.card is not None:
            template, field = (ITEM_CARD, "item_id") if message.card.kind == "item" else (ORDER_CARD, "order_id")
            sent.append(self.sent_id(post(self._request(secrets, base_url, "/im/message/send", {
                "session_id": message.recipient, "template_id": str(template), field: message.card.id}))))
        if message.reply_to:
            post(self._request(secrets, base_url, "/im/session/read", {
                "session_id": message.recipient, "last_read_message_id": message.reply_to}))
        return sent[0] if sent else ""

    def sent_id(self, response: HttpResponse) -> str:
        return str(self._data(response).get("message_id") or "")

    def _uploaded(self, secrets: ConnectionSecrets, base_url: str, attachment: Attachment, post: Post) -> str:
        """The image on Lazada's own storage (/image/upload: the file as the multipart field `image`, which
        the signature leaves out as Lazada leaves out byte parameters); its URL is what the message shows."""
        request = self._request(secrets, base_url, "/image/upload", {})
        uploaded = self._data(post(HttpRequest(url=request.url, body=request.body, upload=Upload(
            url=attachment.url or "", file_name=attachment.name or "image", field="image",
            content_type=attachment.content_type or "image/jpeg"))))
        url = uploaded.get("image", {}).get("url") if isinstance(uploaded.get("image"), dict) else None
        if not url:
            raise ChannelRejected("Lazada's image upload answered no image URL", retryable=False)
        return str(url)

    @staticmethod
    def _data(response: HttpResponse) -> dict:
        response = as_status(response)
        if response.status in (401, 429) or response.status >= 500:
            # 401: the poll refreshes the store's token ahead of its expiry; a later attempt reads it.
            raise ChannelRejected(f"Lazada answered {response.status}: {_message(response)}", retryable=True)
        if not _succeeded(response):
            raise ChannelRejected(f"Lazada refused the reply: {_message(response)}", retryable=False)
        data = response.body.get("data")
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _request(secrets: ConnectionSecrets, base_url: str, path: str, params: dict[str, str]) -> HttpRequest:
        access = LazadaAccess(secrets.get("access_token"), secrets.get("client_id"), secrets.get("client_secret"))
        return HttpRequest(url=f"{base_url.rstrip('/')}{path}",
                           body=signed_params(path, params, access, current_clock().now()), form=True)


def _succeeded(response: HttpResponse) -> bool:
    return response.status < 400 and isinstance(response.body, dict) and str(response.body.get("code")) == "0"


def _int(value: object, default: int = 0) -> int:
    try:
        return int(str(value)) if not isinstance(value, bool) and value is not None else default
    except ValueError:
        return default


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) != "" else None


def _message(response: HttpResponse) -> str:
    body = response.body if isinstance(response.body, dict) else {}
    code, message = body.get("code"), body.get("message")
    return f"{code}: {message}" if code and message else str(message or code or f"HTTP {response.status}")
