"""Wish Merchant API v3: seller support tickets (seed 001).

Verified against Wish's published v3 OpenAPI (Tickets API 3.0.65) and its OAuth guide:
- OAuth2 code flow: the seller opens `/v3/oauth/authorize?client_id=…`, Wish redirects with a code that
  lives 5 minutes and works once; `POST /api/v3/oauth/access_token` (client_id, client_secret, code,
  grant_type=authorization_code, redirect_uri) and `GET /api/v3/oauth/refresh_token` (client_id,
  client_secret, refresh_token, grant_type=refresh_token) answer `{code, message, data: {access_token,
  refresh_token, expiry_time, merchant_id, scopes}}`. Calls carry `Authorization: Bearer <token>`.
- `GET /api/v3/tickets` (types, states, limit 1-500, sort_by=updated_at.asc|desc, updated_at_min /
  updated_at_max, inclusive), `GET /api/v3/tickets/{id}`, `POST /api/v3/tickets/{id}/replies`
  `{"message"}` (only in state AWAITING_MERCHANT, at most 2000 characters), `PUT /api/v3/tickets/{id}`
  `{"state"}`: CLOSED closes, AWAITING_MERCHANT re-opens a CLOSED ticket (never a PERMANENTLY_CLOSED
  one), AWAITING_WISH appeals to Wish support.
- Ticket: id, type (PRE_PURCHASE, ORDER, POST_CUSTOMER_SUPPORT), state, sub_label, subject, updated_at,
  opened_at, buyer_info {name, locale}, orders [{id}], products, refund_reason, replies [{message,
  replied_at, sender: USER|MERCHANT|WISH_SUPPORT|WISH_AUTOMATED_SUPPORT|LIVE_CHAT, supporting_files}].
- Every answer is `{code, message, data}` (code 0 is success); 429 when the per-merchant rate limit is
  spent, with `Wish-Rate-Limit-Reset`.
- Orders: `GET /api/v3/orders/{id}` carries `order_payment.general_payment_details.payment_total.amount`
  and `product_information.name` (as public integrations read them); `PUT /api/v3/orders/{id}/refund`.
Assumed (not in what we could read): the refund body (`reason_code`, `notes`), the format of
`Wish-Rate-Limit-Reset` (read as unix seconds or an ISO time; `Retry-After` is honoured first), and that a
ticket's first buyer message is its first USER reply. Wish's webhooks list no ticket topic we could find:
the poll is the only way in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.channels.base import ConnectionLocator, OutboundMessage, WebhookRequest
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
from switchboard.errors import ChannelRejected, InvalidFields, NotFound
from switchboard.models import (
    Attachment,
    Channel,
    Connection,
    ConnectionSecrets,
    Conversation,
    InboundContact,
    InboundEvent,
    Status,
    Ticket,
)

DEFAULT_BASE_URL = "https://merchant.wish.com"
# Wish's ticket types, as our ticket categories (API.md).
CATEGORIES = {
    "PRE_PURCHASE": "pre_purchase",
    "ORDER": "post_purchase_ticket",
    "POST_CUSTOMER_SUPPORT": "post_purchase_support",
}
STATE_FOR_ACTION = {
    TicketAction.CLOSE: "CLOSED",
    TicketAction.REOPEN: "AWAITING_MERCHANT",
    TicketAction.APPEAL: "AWAITING_WISH",
}
# Wish counts a post-purchase ticket unanswered for 48 hours as a late response (seed 001).
RESPONSE_HOURS = 48
MAX_REPLY_CHARS = 2000
BUYER = "USER"
MERCHANT = "MERCHANT"  # the seller: through the API (our replies) or in Wish's own dashboard
CLOSED_STATES = ("CLOSED", "PERMANENTLY_CLOSED")


def parse_time(value: object) -> datetime:
    if not isinstance(value, str) or not value:
        raise InvalidFields("Wish sent a ticket without a usable time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def wish_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def wait_hint(response: HttpResponse) -> float | None:
    """Seconds Wish asks us to wait: Retry-After, else Wish-Rate-Limit-Reset (unix seconds or an ISO time)."""
    retry_after = response.header("retry-after")
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after)
    reset = response.header("wish-rate-limit-reset")
    if not reset:
        return None
    try:
        at = float(reset)
    except ValueError:
        try:
            at = parse_time(reset).timestamp()
        except (ValueError, InvalidFields):
            return None
    return max(at - time.time(), 0.0)


def awaits_merchant(conv: Conversation) -> bool:
    """Whether Wish would take a reply now: only while the ticket awaits the merchant, i.e. the buyer's
    last message is unanswered and the ticket is neither with Wish support (appealed) nor closed."""
    return reply_refusal(conv) is None


def reply_refusal(conv: Conversation) -> str | None:
    """Why Wish would refuse a reply now (a reason code for the conversation's reply window), or None: the
    messaging-window policy applies it before a reply is queued."""
    if conv.status == Status.CLOSED:
        return "ticket_closed"
    if conv.status == Status.ESCALATED and conv.escalation is not None and conv.escalation.reason == "appeal":
        return "ticket_with_wish_support"  # an SLA takeover is ours alone: Wish still awaits the merchant
    if conv.waiting_since is None:
        return "ticket_awaits_buyer"
    return None


def response_due_at(conv: Conversation) -> datetime | None:
    """Wish's own deadline for the merchant's answer: 48 hours after the buyer's unanswered message."""
    if conv.waiting_since is None or conv.status == Status.CLOSED:
        return None
    return conv.waiting_since + timedelta(hours=RESPONSE_HOURS)


class WishConnector:
    channel = Channel.WISH
    poll_overlap = timedelta(minutes=10)
    first_poll_lookback = timedelta(days=14)
    page_size = 100

    def __init__(self, base_url: str, sender, retry: RetryPolicy | None = None) -> None:
        self._base = base_url.rstrip("/")
        self._sender = sender
        self._retry = retry or RetryPolicy()
        self.requests = 0  # calls sent to Wish, retries included (bench and tests read it)

    # ------------------------------------------------------------ authorize

    def exchange_code(self, credentials: dict[str, str]) -> Grant:
        return self._grant(self._oauth("POST", "/api/v3/oauth/access_token", {
            "client_id": credentials.get("client_id", ""), "client_secret": credentials.get("client_secret", ""),
            "code": credentials.get("code", ""), "grant_type": "authorization_code",
            "redirect_uri": credentials.get("redirect_uri", ""),
        }))

    def refresh(self, credentials: dict[str, str], refresh_token: str) -> Grant:
        return self._grant(self._oauth("GET", "/api/v3/oauth/refresh_token", {
            "client_id": credentials.get("client_id", ""), "client_secret": credentials.get("client_secret", ""),
            "refresh_token": refresh_token, "grant_type": "refresh_token",
        }))

    def _oauth(self, method: str, path: str, params: dict[str, str]) -> dict:
        response = self._send(method, path, query=params)
        if retryable(response):
            raise MarketplaceUnavailable(f"Wish's OAuth endpoint answered {response.status}; try again later")
        data = response.body.get("data")
        if response.status >= 400 or response.body.get("code") not in (0, None) or not isinstance(data, dict):
            raise AuthorizationLost(f"Wish refused the store's authorization: {_message(response)}; connect the store again")
        return data

    @staticmethod
    def _grant(data: dict) -> Grant:
        try:
            return Grant(access_token=str(data["access_token"]), refresh_token=str(data["refresh_token"]),
                         expires_at=parse_time(data.get("expiry_time")))
        except (KeyError, ValueError, InvalidFields):
            raise AuthorizationLost("Wish's token answer lacks a token or its expiry") from None

    # ------------------------------------------------------------ receive

    def changed_tickets(self, token: str, since: datetime) -> Iterator[dict]:
        """Every ticket updated at or after `since`, oldest update first. Pages continue from the last
        ticket's update time (Wish's bounds are inclusive); what a page repeats is skipped."""
        cursor, seen = since, set()
        while True:
            page = self._data("GET", "/api/v3/tickets", token, query={
                "limit": str(self.page_size), "sort_by": "updated_at.asc", "updated_at_min": wish_time(cursor)})
            tickets = [t for t in page if isinstance(t, dict) and t.get("id")] if isinstance(page, list) else []
            fresh = [t for t in tickets if (t["id"], t.get("updated_at")) not in seen]
            for ticket in fresh:
                seen.add((ticket["id"], ticket.get("updated_at")))
                yield ticket
            if len(tickets) < self.page_size or not fresh:
                return
            cursor = self.updated_at(tickets[-1])

    def updated_at(self, ticket: dict) -> datetime:
        return parse_time(ticket.get("updated_at"))

    def events(self, token: str, ticket: dict, connection: Connection) -> list[InboundEvent]:
        """A ticket's thread as events, each keyed by its place in the thread (Wish appends replies): the buyer's
        messages; the merchant's replies as echoes (ours are recognized by the `replied_at` Wish answered our
        send with, so only those written in Wish's own dashboard are stored, once); and, last, the ticket's
        closing when Wish or Wish support closed it (`closed`: closed here too, Wish not told again)."""
        ticket_id = str(ticket["id"])
        buyer = ticket.get("buyer_info") if isinstance(ticket.get("buyer_info"), dict) else {}
        details = Ticket(
            id=ticket_id,
            category=CATEGORIES.get(str(ticket.get("type"))),
            issue_type=_issue_type(ticket),
            order=self._order(token, ticket) if ticket.get("type") == "ORDER" else None,
        )
        contact = InboundContact(channel_user_id=ticket_id, name=_text(buyer.get("name")),
                                 language=_text(buyer.get("locale")))
        replies = ticket.get("replies") if isinstance(ticket.get("replies"), list) else []
        found = []
        for n, reply in enumerate(replies):
            if not isinstance(reply, dict) or reply.get("sender") not in (BUYER, MERCHANT):
                continue
            files = reply.get("supporting_files") if isinstance(reply.get("supporting_files"), list) else []
            by_buyer = reply.get("sender") == BUYER
            found.append(InboundEvent(
                connection=connection, kind="message" if by_buyer else "echo", event_key=f"wish#{ticket_id}#{n}",
                sent_at=parse_time(reply.get("replied_at")), contact=contact, text=_text(reply.get("message")),
                attachments=[Attachment(type="image", url=f["url"], name=_text(f.get("file_name")))
                             for f in files if isinstance(f, dict) and isinstance(f.get("url"), str)],
                # Our send recorded the `replied_at` Wish answered it with: the echo of our own reply names it.
                channel_message_id=f"{ticket_id}#{n}" if by_buyer else _text(reply.get("replied_at")),
                ticket=details, answers=not by_buyer,
            ))
        if ticket.get("state") in CLOSED_STATES:
            found.append(InboundEvent(
                connection=connection, kind="closed", event_key=f"wish#{ticket_id}#closed",
                sent_at=self.updated_at(ticket), contact=contact, ticket=details))
        return found

    def _order(self, token: str, ticket: dict) -> dict | None:
        """The ticket's orders as refundable items: Wish refunds whole orders, one product each."""
        orders = [o for o in ticket.get("orders") or [] if isinstance(o, dict) and o.get("id")]
        if not orders:
            return None
        items = []
        for order in orders:
            data = self._data("GET", f"/api/v3/orders/{order['id']}", token)
            data = data if isinstance(data, dict) else {}
            payment = (((data.get("order_payment") or {}).get("general_payment_details") or {})
                       .get("payment_total") or {})
            items.append({"item_id": str(order["id"]), "name": _text((data.get("product_information") or {}).get("name")),
                          "price": payment.get("amount")})
        return {"id": str(orders[0]["id"]), "items": items}

    # ------------------------------------------------------------ send and act

    def reply(self, token: str, ticket_id: str, text: str) -> str:
        data = self._data("POST", f"/api/v3/tickets/{ticket_id}/replies", token, json_body={"message": text})
        return str((data or {}).get("replied_at") or "") if isinstance(data, dict) else ""

    def act(self, token: str, ticket_id: str, action: TicketAction) -> None:
        self._data("PUT", f"/api/v3/tickets/{ticket_id}", token, json_body={"state": STATE_FOR_ACTION[action]})

    def refund(self, token: str, order_ids: list[str]) -> None:
        for order_id in order_ids:
            self._data("PUT", f"/api/v3/orders/{order_id}/refund", token,
                       json_body={"reason_code": "OTHER", "notes": "Refunded from the store's support inbox"})

    # ------------------------------------------------------------ transport

    def _send(self, method: str, path: str, *, token: str | None = None, **kw) -> HttpResponse:
        headers = {"Authorization": f"Bearer {token}"} if token else {}

        def send() -> HttpResponse:
            self.requests += 1
            return self._sender.send(method, f"{self._base}{path}", headers=headers, **kw)

        return self._retry.call(send, wait_hint)

    def _data(self, method: str, path: str, token: str, **kw) -> object:
        response = self._send(method, path, token=token, **kw)
        if response.status == 401:
            raise AccessTokenRejected(_message(response))
        if retryable(response):
            raise MarketplaceUnavailable(f"Wish answered {response.status} to {method} {path}; try again later")
        if response.status == 404:
            raise NotFound(f"Wish knows no such ticket or order: {_message(response)}", code="marketplace_not_found")
        if response.status >= 400 or response.body.get("code") not in (0, None):
            raise MarketplaceRefused(f"Wish refused it: {_message(response)}")
        return response.body.get("data")


class WishReplyAdapter:
    """Replies go out through the delivery queue like every channel's: this is the Wish side of it. Wish has
    no push, so the webhook half of the adapter finds nothing (the poll brings tickets in)."""

    channel = Channel.WISH

    def require_signature(self, request: WebhookRequest) -> None:
        raise NotFound("Wish has no webhook here; tickets are polled", code="unknown_connection")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        raise NotFound("Wish has no webhook here; tickets are polled", code="unknown_connection")

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        return [self.locate(request)]

    def verify(self, request, secrets, now) -> None:  # pragma: no cover - never located
        raise NotFound("Wish has no webhook here", code="unknown_connection")

    def parse(self, request, connection) -> list[InboundEvent]:  # pragma: no cover - never located
        return []

    def outbound(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage,
                 base_url: str) -> HttpRequest:
        links = [a.url for a in message.attachments if a.url]
        text = "\n".join([message.text or "", *links]).strip()
        return HttpRequest(
            url=f"{base_url.rstrip('/')}/api/v3/tickets/{message.recipient}/replies",
            body={"message": text[:MAX_REPLY_CHARS]},
            headers={"Authorization": f"Bearer {secrets.get('access_token')}"},
        )

    def sent_id(self, response: HttpResponse) -> str:
        if response.status in (401, 429) or response.status >= 500:
            # 401: the poll refreshes the store's token ahead of its expiry; a later attempt reads it.
            raise ChannelRejected(f"Wish answered {response.status}", retryable=True)
        if response.status >= 400 or response.body.get("code") not in (0, None):
            raise ChannelRejected(f"Wish refused the reply: {_message(response)}", retryable=False)
        data = response.body.get("data")
        return str(data.get("replied_at") or "") if isinstance(data, dict) else ""


def _issue_type(ticket: dict) -> str | None:
    label = _text(ticket.get("sub_label")) or _text(ticket.get("refund_reason"))
    return label.lower() if label else None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and str(value) != "" else None


def _message(response: HttpResponse) -> str:
    message = response.body.get("message") if isinstance(response.body, dict) else None
    return str(message or f"HTTP {response.status}")
