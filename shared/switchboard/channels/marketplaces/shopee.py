"""Shopee Open Platform v2: seller chat (sellerchat) with buyers, pushed and polled.

Verified against Shopee's published Open Platform guides (as processed in lazykern/ecommerce-api-docs:
`getting-started/api-calls`, `authorization-and-authentication`, `push-mechanism-notifications`, and the
API pages `v2.public.get_access_token`, `v2.public.refresh_access_token`):
- Every call carries `partner_id`, `timestamp` (unix seconds, valid 5 minutes) and `sign` in the query; a
  shop call also `access_token` and `shop_id`. `sign` = lower-case hex HMAC-SHA256, keyed with the partner
  key, of partner_id + API path + timestamp (+ access_token + shop_id for a shop call). GET puts the request
  parameters in the query, POST in a JSON body. Answers: `{request_id, error, message, warning, response}`
  (`error` empty on success).
- OAuth: the seller's authorize redirect carries `code` (once, 10 minutes) and `shop_id`;
  `POST /api/v2/auth/token/get` `{code, shop_id, partner_id}` and `POST /api/v2/auth/access_token/get`
  `{refresh_token, shop_id, partner_id}` answer `{access_token, refresh_token, expire_in}`; the access
  token lives 4 hours, a refresh token 30 days and works once (the refresh answers a new one). Errors
  named there: `error_auth` ("Invalid access_token.", "Invalid code", "Invalid refresh_token."),
  `error_sign`, `error_param`, `error_server`, `error_system_busy` ("Our system is taking some time to
  respond, please try later.").
- The push (Webchat Push, code 10, for Customer Service and Seller In-house System apps): a POST to the
  app's one callback URL, `{shop_id, code, timestamp, data, msg_id}`, with `Authorization` = hex
  HMAC-SHA256 of `<callback URL>|<raw body>` keyed with the partner key.
From public client libraries (wjp-letgo/shopeego and technology20nn/shopee-php, which link Shopee's
sellerchat pages), not Shopee's own page: `GET /api/v2/sellerchat/get_conversation_list` (direction
latest|older, type all|pinned|unread, next_timestamp_nano, page_size; answers `conversations` and
`page_result {page_size, next_cursor {next_message_time_nano, conversation_id}, more}`),
`GET /api/v2/sellerchat/get_message` (conversation_id, offset, page_size; answers `messages` and
`page_result.next_offset`), `POST /api/v2/sellerchat/send_message` `{to_id, message_type: text | image |
item | order | sticker, content: {text | image_url | item_id | order_sn}}`, `POST
/api/v2/sellerchat/read_conversation` `{conversation_id, last_read_message_id}`, and the fields of a
conversation (to_id, to_name, last_message_timestamp) and a message (message_id, from_id, from_shop_id,
message_type, content, created_timestamp).
Assumed: the Webchat Push's `data` is `{"type": "message", "content": <a message as get_message gives
it, with from_user_name>}`; `last_message_timestamp` is in nanoseconds and `created_timestamp` in
seconds; get_conversation_list with direction=older pages from the newest conversation back, and
get_message from the newest message back; 429 and `error_system_busy`/`error_server` are worth retrying
whatever the HTTP status; an expired access token is `error_auth` "Invalid access_token." with HTTP 403.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from switchboard.adapters.http import HttpRequest, HttpResponse
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
from switchboard.channels.marketplaces.epoch import from_nanos, from_seconds
from switchboard.channels.marketplaces.tokens import AccessTokenRejected
from switchboard.clock import current_clock
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields
from switchboard.models import (
    Attachment,
    Card,
    Channel,
    Connection,
    ConnectionSecrets,
    InboundContact,
    InboundEvent,
)

DEFAULT_BASE_URL = "https://partner.shopeemobile.com"
TOKEN_PATH = "/api/v2/auth/token/get"
REFRESH_PATH = "/api/v2/auth/access_token/get"
CONVERSATIONS_PATH = "/api/v2/sellerchat/get_conversation_list"
MESSAGES_PATH = "/api/v2/sellerchat/get_message"
SEND_PATH = "/api/v2/sellerchat/send_message"
READ_PATH = "/api/v2/sellerchat/read_conversation"
LOST_PUSHES_PATH = "/api/v2/push/get_lost_push_message"
CONFIRM_LOST_PATH = "/api/v2/push/confirm_consumed_lost_push_message"
LOST_PAGES_A_RUN = 10  # pages of 100 lost pushes one poll recovers at most; the next run goes on
PUSH_PATH = "/webhooks/shopee"
WEBCHAT_PUSH = 10
# Errors Shopee answers when a later try may work (named in its API pages' error lists).
BUSY_ERRORS = frozenset({"error_system_busy", "error_server", "error_network", "error_busy", "error_inner"})
MESSAGE_TYPES = ("text", "image", "item", "order")


def sign(partner_key: str, *parts: object) -> str:
    """Shopee's `sign`: hex HMAC-SHA256 of the parts concatenated, keyed with the partner key."""
    return hmac.new(partner_key.encode(), "".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


def push_signature(partner_key: str, url: str, body: bytes) -> str:
    """The push's `Authorization`: HMAC-SHA256 of `<callback URL>|<raw body>`."""
    return hmac.new(partner_key.encode(), url.encode() + b"|" + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class LostPushes:
    """One page of Shopee's lost pushes: each push's body as Shopee would have posted it, and how to tell
    Shopee they are consumed."""

    bodies: list[bytes]
    confirm: Callable[[], object]


def _lost_push_body(entry: dict) -> bytes | None:
    """A lost push as the body its push would have had. `data` is the push's content as a JSON text; whether it
    is the whole body (`{"data": ..., "shop_id", "code", ...}`, as the page's sample begins) or its `data` alone
    is not said, so both are read, and the entry's shop_id and code fill what the text lacks."""
    try:
        content = json.loads(entry.get("data") or "")
    except (TypeError, ValueError):
        return None
    if not isinstance(content, dict):
        return None
    body = content if "data" in content and ("code" in content or "shop_id" in content) else {"data": content}
    for name in ("shop_id", "code", "timestamp"):
        if name not in body and entry.get(name) is not None:
            body[name] = entry[name]
    return json.dumps(body).encode()


@dataclass(frozen=True)
class ShopSession:
    """What a shop call is signed with: the app's partner id and key, the shop, its access token."""

    partner_id: str
    partner_key: str
    shop_id: str
    access_token: str


def _number(value: object, name: str) -> int:
    text = str(value or "")
    if not text.isdigit() or len(text) > 20:
        raise InvalidFields(f"Shopee's {name} is a number")
    return int(text)


def _error(response: HttpResponse) -> str:
    return str(response.body.get("error") or "") if isinstance(response.body, dict) else ""


def _busy(response: HttpResponse) -> HttpResponse:
    return busy_as_unavailable(response, _error(response) in BUSY_ERRORS)


def _token_refused(response: HttpResponse) -> bool:
    message = str(response.body.get("message") or "").lower()
    return response.status == 401 or (_error(response) == "error_auth" and "access_token" in message) \
        or _error(response) in ("invalid_access_token", "invalid_acceess_token")


def _message(response: HttpResponse) -> str:
    error, message = _error(response), response.body.get("message") if isinstance(response.body, dict) else None
    return ": ".join(str(p) for p in (error, message) if p) or f"HTTP {response.status}"


def signed_query(path: str, partner_id: str, partner_key: str, *, shop: ShopSession | None = None,
                 now: Callable[[], float] = time.time) -> dict[str, str]:
    """The common parameters of a call: a public one, or a shop one when `shop` is given."""
    timestamp = str(int(now()))
    if shop is None:
        return {"partner_id": partner_id, "timestamp": timestamp, "sign": sign(partner_key, partner_id, path, timestamp)}
    return {"partner_id": partner_id, "timestamp": timestamp, "access_token": shop.access_token, "shop_id": shop.shop_id,
            "sign": sign(partner_key, partner_id, path, timestamp, shop.access_token, shop.shop_id)}


def message_event(message: dict, contact: InboundContact, connection: Connection) -> InboundEvent:
    """One buyer message as an event, from get_message or the Webchat Push (the same fields)."""
    message_id = required_str(message, "message_id")
    content = message.get("content") if isinstance(message.get("content"), dict) else {}
    kind = text_field(message.get("message_type"), "message_type") or "text"
    text, attachments, card = text_field(content.get("text"), "content.text"), [], None
    if kind in ("image", "image_with_text"):
        url = content.get("url") or content.get("image_url")
        if isinstance(url, str) and url:
            attachments.append(Attachment(type="image", url=url))
    elif kind == "item" and content.get("item_id") not in (None, ""):
        card = Card(kind="item", id=required_str(content, "item_id"))
    elif kind == "order" and content.get("order_sn") not in (None, ""):
        card = Card(kind="order", id=required_str(content, "order_sn"))
    if not text and not attachments and card is None:
        text = f"[{kind}]"  # a sticker, a voucher, a video: shown as what it is, answered in Shopee if need be
    return InboundEvent(
        connection=connection, kind="message", event_key=f"shopee#{message_id}",
        sent_at=from_seconds(message.get("created_timestamp"), "created_timestamp"), contact=contact, text=text,
        attachments=attachments, channel_message_id=message_id, card=card,
    )


class ShopeeConnector:
    """The shop calls and the poll. `session` (a ShopSession) is what TokenKeeper hands each call."""

    channel = Channel.SHOPEE
    poll_overlap = timedelta(minutes=10)
    first_poll_lookback = timedelta(days=7)
    page_size = 25
    message_page_size = 25

    def __init__(self, base_url: str, sender, retry: RetryPolicy | None = None,
                 now: Callable[[], float] = time.time) -> None:
        self._base = base_url.rstrip("/")
        self._sender = sender
        self._retry = retry or RetryPolicy()
        self._now = now  # Shopee checks `timestamp` against its own clock: the real one
        self.requests = 0  # calls sent to Shopee, retries included (bench and tests read it)

    @staticmethod
    def session(values: dict[str, str]) -> ShopSession:
        return ShopSession(partner_id=values.get("client_id", ""), partner_key=values.get("client_secret", ""),
                           shop_id=values.get("shop_id", ""), access_token=values.get("access_token", ""))

    # ------------------------------------------------------------ authorize

    def exchange_code(self, credentials: dict[str, str]) -> Grant:
        return self._grant(self._oauth(TOKEN_PATH, credentials, {"code": credentials.get("code", "")}))

    def refresh(self, credentials: dict[str, str], refresh_token: str) -> Grant:
        return self._grant(self._oauth(REFRESH_PATH, credentials, {"refresh_token": refresh_token}))

    def _oauth(self, path: str, credentials: dict[str, str], fields: dict) -> dict:
        partner_id, key = credentials.get("client_id", ""), credentials.get("client_secret", "")
        body = {**fields, "partner_id": _number(partner_id, "partner_id"),
                "shop_id": _number(credentials.get("shop_id"), "shop_id")}
        response = self._send("POST", path, lambda: signed_query(path, partner_id, key, now=self._now), json_body=body)
        if retryable(response):
            raise MarketplaceUnavailable(f"Shopee's token endpoint answered {response.status}; try again later")
        if response.status >= 400 or _error(response):
            raise AuthorizationLost(f"Shopee refused the shop's authorization ({_message(response)}); connect the shop again")
        return response.body

    def _grant(self, data: dict) -> Grant:
        try:
            seconds = int(data["expire_in"])
            return Grant(access_token=str(data["access_token"]), refresh_token=str(data["refresh_token"]),
                         expires_at=current_clock().now() + timedelta(seconds=seconds))
        except (KeyError, TypeError, ValueError):
            raise AuthorizationLost("Shopee's token answer lacks a token or its expiry") from None

    # ------------------------------------------------------------ receive (the catch-up poll)

    def changed_tickets(self, session: ShopSession, since: datetime) -> Iterator[dict]:
        """Conversations whose last message is at or after `since`, oldest first (read newest first, page by
        page, until one is older than `since`; a conversation is yielded once, with its id as `id`)."""
        found: dict[str, dict] = {}
        cursor: str | None = None
        while True:
            query = {"direction": "older", "type": "all", "page_size": str(self.page_size)}
            if cursor:
                query["next_timestamp_nano"] = cursor
            data = self._shop("GET", CONVERSATIONS_PATH, session, query=query)
            page = [c for c in data.get("conversations") or [] if isinstance(c, dict) and c.get("conversation_id")]
            recent = [c for c in page if self.updated_at(c) >= since]
            for conversation in recent:
                found.setdefault(str(conversation["conversation_id"]), conversation)
            result = data.get("page_result") if isinstance(data.get("page_result"), dict) else {}
            following = (result.get("next_cursor") or {}).get("next_message_time_nano") \
                if isinstance(result.get("next_cursor"), dict) else None
            if len(recent) < len(page) or not result.get("more") or not following or str(following) == cursor:
                break
            cursor = str(following)
        for conversation in sorted(found.values(), key=self.updated_at):
            yield {**conversation, "id": str(conversation["conversation_id"]), "read_since": since.isoformat()}

    def updated_at(self, conversation: dict) -> datetime:
        return from_nanos(conversation.get("last_message_timestamp"), "last_message_timestamp")

    def last_message(self, conversation: dict) -> tuple[str, str] | None:
        """The buyer (our contact) and the conversation's latest message id: the poll reads no conversation
        whose latest message is stored here already."""
        latest, buyer = text_field(conversation.get("latest_message_id"), "latest_message_id"), conversation.get("to_id")
        return (str(buyer), latest) if latest and buyer not in (None, "") else None

    def lost_pushes(self, session: ShopSession) -> Iterator[LostPushes]:
        """The pushes Shopee could not deliver to the app (to any of its shops), the earliest 100 of the last 3
        days not yet confirmed, page by page; each page's `confirm` (confirm_consumed_lost_push_message up to
        its last_message_id) is called by the poll once the page is stored, so a failed run leaves them with
        Shopee. Public calls: partner id, timestamp and sign only."""
        for _ in range(LOST_PAGES_A_RUN):
            data = self._public("GET", LOST_PUSHES_PATH, session)
            entries = [e for e in data.get("push_message_list") or [] if isinstance(e, dict)]
            last = data.get("last_message_id")
            if not entries or not isinstance(last, int) or isinstance(last, bool):
                return
            yield LostPushes(bodies=[body for body in map(_lost_push_body, entries) if body is not None],
                             confirm=lambda last=last: self._public("POST", CONFIRM_LOST_PATH, session,
                                                                    json_body={"last_message_id": last}))
            if not data.get("has_next_page"):
                return

    def events(self, session: ShopSession, conversation: dict, connection: Connection) -> list[InboundEvent]:
        """The buyer's messages of a conversation since the poll's window began, oldest first."""
        since = datetime.fromisoformat(conversation["read_since"]) if conversation.get("read_since") else None
        buyer = str(conversation.get("to_id") or "")
        contact = InboundContact(channel_user_id=buyer, name=text_field(conversation.get("to_name"), "to_name"))
        found: list[InboundEvent] = []
        offset: str | None = None
        while True:
            query = {"conversation_id": str(conversation["id"]), "page_size": str(self.message_page_size)}
            if offset:
                query["offset"] = offset
            data = self._shop("GET", MESSAGES_PATH, session, query=query)
            messages = [m for m in data.get("messages") or [] if isinstance(m, dict)]
            reached_older = False
            for message in messages:
                if since and from_seconds(message.get("created_timestamp"), "created_timestamp") < since:
                    reached_older = True
                elif str(message.get("from_id")) == buyer and str(message.get("from_shop_id") or "0") != session.shop_id:
                    found.append(message_event(message, contact, connection))
            result = data.get("page_result") if isinstance(data.get("page_result"), dict) else {}
            following = result.get("next_offset")
            if reached_older or not messages or following in (None, "", 0, "0") or str(following) == offset:
                break
            offset = str(following)
        return sorted(found, key=lambda e: e.sent_at)

    # ------------------------------------------------------------ send

    def send(self, session: ShopSession, to_id: str, message_type: str, content: dict) -> str:
        """A text, image (`image_url`), item (`item_id`) or order (`order_sn`) message to a buyer; its id."""
        if message_type not in MESSAGE_TYPES:
            raise InvalidFields(f"message_type must be one of {', '.join(MESSAGE_TYPES)}")
        data = self._shop("POST", SEND_PATH, session, json_body={
            "to_id": _number(to_id, "to_id"), "message_type": message_type, "content": content})
        return str(data.get("message_id") or "")

    def reply(self, session: ShopSession, to_id: str, text: str) -> str:
        return self.send(session, to_id, "text", {"text": text})

    def read(self, session: ShopSession, conversation_id: str, last_read_message_id: str) -> None:
        self._shop("POST", READ_PATH, session, json_body={
            "conversation_id": _number(conversation_id, "conversation_id"), "last_read_message_id": last_read_message_id})

    def act(self, session: ShopSession, ticket_id: str, action: TicketAction) -> None:
        raise MarketplaceRefused(f"Shopee's seller chat has no ticket to {action.value}")

    def refund(self, session: ShopSession, order_ids: list[str]) -> None:
        raise MarketplaceRefused("Shopee's seller chat cannot refund; refunds are Shopee's return flow")

    # ------------------------------------------------------------ transport

    def _send(self, method: str, path: str, common: Callable[[], dict[str, str]], *, query: dict | None = None,
              json_body: dict | None = None) -> HttpResponse:
        def send() -> HttpResponse:
            self.requests += 1  # signed again each try: the timestamp is valid 5 minutes
            return _busy(self._sender.send(method, f"{self._base}{path}", query={**(query or {}), **common()},
                                           json_body=json_body))

        return self._retry.call(send, retry_after)

    def _shop(self, method: str, path: str, session: ShopSession, **kw) -> dict:
        return self._answered(path, self._send(method, path, lambda: signed_query(
            path, session.partner_id, session.partner_key, shop=session, now=self._now), **kw))

    def _public(self, method: str, path: str, session: ShopSession, **kw) -> dict:
        return self._answered(path, self._send(method, path, lambda: signed_query(
            path, session.partner_id, session.partner_key, now=self._now), **kw))

    @staticmethod
    def _answered(path: str, response: HttpResponse) -> dict:
        if _token_refused(response):
            raise AccessTokenRejected(_message(response))
        if retryable(response):
            raise MarketplaceUnavailable(f"Shopee answered {response.status} to {path} ({_message(response)}); try again later")
        if response.status >= 400 or _error(response):
            raise MarketplaceRefused(f"Shopee refused it: {_message(response)}")
        data = response.body.get("response")
        return data if isinstance(data, dict) else {}


class ShopeeChatAdapter(ShopPushAdapter):
    """The Webchat Push in, replies out through the delivery queue (the poll is the catch-up)."""

    channel = Channel.SHOPEE
    marketplace = "Shopee"

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        """The signature is over the callback URL as Shopee called it: the one the seller configured
        (`push_url`), else this route on the host the request came to (https behind API Gateway)."""
        key, given = secrets.get("client_secret") or "", request.header("authorization")
        for url in callback_urls(request, secrets.get("push_url")):
            try:
                return same_signature(push_signature(key, url, request.body), given)
            except BadSignature:
                continue
        raise BadSignature("the Shopee push signature does not match")

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        """A buyer's chat message; other pushes (and the shop's own messages) are acknowledged, not stored."""
        body = json_body(request)
        if str(body.get("code")) != str(WEBCHAT_PUSH):
            return []
        data = body.get("data")
        if not isinstance(data, dict) or data.get("type") not in (None, "message"):
            return []
        message = data.get("content")
        if not isinstance(message, dict):
            raise InvalidFields("data.content must be the message")
        if str(message.get("from_shop_id") or "0") == connection.external_id:
            return []  # the shop's own message (sent here or in Seller Centre)
        contact = InboundContact(channel_user_id=required_str(message, "from_id"),
                                 name=text_field(message.get("from_user_name"), "data.content.from_user_name"))
        return [message_event(message, contact, connection)]

    def send(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str,
             post) -> str:
        """The text, then each image, then the item or order card, as Shopee messages; then, for a reply to the
        buyer's message, the conversation is read up to it (read_conversation, in the conversation send_message
        answered: a reply is read by who wrote it, as in Seller Centre). The first message's id."""
        sent: list[str] = []
        conversation_id = ""
        for kind, content in _parts(message):
            response = post(self._request(secrets, message.recipient, kind, content, base_url))
            sent.append(self.sent_id(response))
            conversation_id = conversation_id or _answered_conversation(response)
        if message.reply_to and conversation_id:
            self.sent_id(post(_signed(secrets, READ_PATH, base_url, {
                "conversation_id": _number(conversation_id, "conversation_id"),
                "last_read_message_id": message.reply_to})))
        return sent[0] if sent else ""

    def outbound(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage,
                 base_url: str) -> HttpRequest:
        kind, content = (_parts(message) or [("text", {"text": ""})])[0]
        return self._request(secrets, message.recipient, kind, content, base_url)

    @staticmethod
    def _request(secrets: ConnectionSecrets, to_id: str, kind: str, content: dict, base_url: str) -> HttpRequest:
        return _signed(secrets, SEND_PATH, base_url,
                       {"to_id": _number(to_id, "to_id"), "message_type": kind, "content": content})

    def sent_id(self, response: HttpResponse) -> str:
        if retryable(_busy(response)) or _token_refused(response):
            # An expired token: the poll refreshes the shop's token ahead of its expiry; a later attempt reads it.
            raise ChannelRejected(f"Shopee answered {response.status} ({_message(response)})", retryable=True)
        if response.status >= 400 or _error(response):
            raise ChannelRejected(f"Shopee refused the message: {_message(response)}", retryable=False)
        data = response.body.get("response")
        return str(data.get("message_id") or "") if isinstance(data, dict) else ""


def _signed(secrets: ConnectionSecrets, path: str, base_url: str, body: dict) -> HttpRequest:
    """A shop-level call of the delivery queue, signed with the shop's partner key and token."""
    shop = ShopeeConnector.session(dict(secrets.values))
    query = signed_query(path, shop.partner_id, shop.partner_key, shop=shop)
    return HttpRequest(url=f"{base_url.rstrip('/')}{path}?" + "&".join(f"{k}={v}" for k, v in query.items()), body=body)


def _answered_conversation(response: HttpResponse) -> str:
    data = response.body.get("response") if isinstance(response.body, dict) else None
    return str(data.get("conversation_id") or "") if isinstance(data, dict) else ""


def callback_urls(request: WebhookRequest, configured: str | None) -> list[str]:
    if configured:
        return [configured]
    host = request.header("x-forwarded-host") or request.header("host") or ""
    forwarded = request.header("x-forwarded-proto")
    return [f"{scheme}://{host}{PUSH_PATH}" for scheme in ([forwarded] if forwarded else ["https", "http"])]


def _parts(message: OutboundMessage) -> list[tuple[str, dict]]:
    parts: list[tuple[str, dict]] = [("text", {"text": message.text})] if message.text else []
    parts += [("image", {"image_url": a.url}) for a in message.attachments if a.url and a.type == "image"]
    links = [a.url for a in message.attachments if a.url and a.type != "image"]
    if links:  # files Shopee's chat cannot carry travel as links
        parts.append(("text", {"text": "\n".join(links)}))
    if message.card is not None:  # an item card names the item by its number, an order card by its order_sn
        parts.append(("item", {"item_id": int(message.card.id)}) if message.card.kind == "item"
                     else ("order", {"order_sn": message.card.id}))
    return parts
