"""A fake of Wish's Merchant API v3 (tickets, orders, OAuth), built from Wish's published documentation
(see shared/switchboard/channels/marketplaces/wish.py for what is verified and what is assumed).

Served by the local stack under /_wish (the WISH_API_BASE_URL the handlers get), and driven by tests and
people through /_local/wish/* (README, "The local stack"). It keeps Wish's rules that matter to a client:
every answer in `{code, message, data}`; Bearer tokens that expire (`access_token_seconds`, on the stack's
clock) and refresh tokens that rotate (a used one no longer works); authorization codes that work once,
within 5 minutes; inclusive `updated_at_min/max` with `sort_by` and `limit` 1-500; replies only while a
ticket awaits the merchant; no re-open of a PERMANENTLY_CLOSED ticket; 429 with Retry-After and
Wish-Rate-Limit-Reset, and 5xx, on demand (`faults`). Every call it answers is recorded (`calls`).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from werkzeug.wrappers import Request, Response

PREFIX = "/_wish"
CONTROL_PREFIX = "/_local/wish"
CODE_SECONDS = 300
TICKET_TYPES = ("PRE_PURCHASE", "ORDER", "POST_CUSTOMER_SUPPORT")
OPEN_STATES = ("AWAITING_MERCHANT", "AWAITING_USER", "AWAITING_WISH")


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+00:00"


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    from datetime import UTC

    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _answer(status: int, data: object = None, *, code: int = 0, message: str = "", headers: dict | None = None) -> Response:
    body = {"code": code, "message": message, "data": data if data is not None else {}}
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})


def _error(status: int, code: int, message: str) -> Response:
    return _answer(status, {}, code=code, message=message)


class FakeWish:
    def __init__(self, now: Callable[[], datetime], access_token_seconds: int = 3600) -> None:
        self.now = now
        self.access_token_seconds = access_token_seconds
        self._lock = threading.RLock()
        self.tickets: dict[str, dict] = {}
        self.orders: dict[str, dict] = {}
        self._codes: dict[str, tuple[str, datetime]] = {}  # code -> merchant, issued at
        self._access: dict[str, tuple[str, datetime]] = {}  # token -> merchant, expires at
        self._refresh: dict[str, str] = {}  # refresh token -> merchant
        self.calls: list[dict] = []
        self._faults: list[tuple[int, int]] = []  # (status, retry-after seconds) for the next calls
        self._seq = 0

    # ------------------------------------------------------------ the seller's side (tests, /_local/wish)

    def _id(self) -> str:
        self._seq += 1
        return f"{self._seq:08x}{uuid.uuid4().hex[:16]}"

    def issue_code(self, merchant_id: str) -> str:
        """What Wish's authorize page hands the app's redirect URI once the seller allowed it."""
        with self._lock:
            code = uuid.uuid4().hex
            self._codes[code] = (merchant_id, self.now())
            return code

    def create_ticket(self, merchant_id: str, *, text: str, ticket_type: str = "PRE_PURCHASE", buyer_name: str = "Buyer",
                      locale: str = "en", subject: str | None = None, sub_label: str | None = None,
                      orders: list[dict] | None = None) -> dict:
        if ticket_type not in TICKET_TYPES:
            raise ValueError(f"type must be one of {', '.join(TICKET_TYPES)}")
        with self._lock:
            now = self.now()
            order_refs = []
            for order in orders or []:
                order_id = str(order.get("id") or self._id())
                self.orders[order_id] = {"id": order_id, "merchant_id": merchant_id, "refunded": False,
                                         "price": order.get("price", 10.0), "name": order.get("name", "Item")}
                order_refs.append({"id": order_id})
            ticket = {
                "id": self._id(), "merchant_id": merchant_id, "type": ticket_type, "state": "AWAITING_MERCHANT",
                "subject": subject or text[:60], "sub_label": sub_label, "opened_at": _iso(now), "updated_at": _iso(now),
                "buyer_info": {"name": buyer_name, "locale": locale}, "orders": order_refs, "products": [],
                "replies": [{"message": text, "replied_at": _iso(now), "sender": "USER", "supporting_files": []}],
                "resolution_info": {},
            }
            self.tickets[ticket["id"]] = ticket
            return json.loads(json.dumps(ticket))

    def buyer_writes(self, ticket_id: str, text: str) -> dict:
        with self._lock:
            ticket = self.tickets[ticket_id]
            now = self.now()
            ticket["replies"].append({"message": text, "replied_at": _iso(now), "sender": "USER", "supporting_files": []})
            if ticket["state"] != "PERMANENTLY_CLOSED":
                ticket["state"] = "AWAITING_MERCHANT"
            ticket["updated_at"] = _iso(now)
            return json.loads(json.dumps(ticket))

    def set_state(self, ticket_id: str, state: str, closed_by: str | None = None) -> dict:
        """Wish moves a ticket (`closed_by`: who closed it, e.g. WISH_SUPPORT, as `resolution_info` says)."""
        with self._lock:
            ticket = self.tickets[ticket_id]
            ticket["state"], ticket["updated_at"] = state, _iso(self.now())
            if closed_by:
                ticket["resolution_info"] = {"closed_at": ticket["updated_at"], "closed_by": closed_by}
            return json.loads(json.dumps(ticket))

    def merchant_writes_in_dashboard(self, ticket_id: str, text: str) -> dict:
        """The seller answers in Wish's own dashboard, not through the API: Wish's rules are the API's."""
        with self._lock:
            answer = self._reply(self.tickets[ticket_id], {"message": text})
            if answer.status_code != 200:
                raise ValueError(json.loads(answer.get_data())["message"])
            return json.loads(json.dumps(self.tickets[ticket_id]))

    def fail_next(self, *statuses: int, retry_after: int = 0) -> None:
        with self._lock:
            self._faults.extend((s, retry_after) for s in statuses)

    def calls_to(self, method: str | None = None, path_part: str = "") -> list[dict]:
        with self._lock:
            return [c for c in self.calls if (method is None or c["method"] == method) and path_part in c["path"]]

    # ------------------------------------------------------------ the API (under PREFIX)

    def handle(self, request: Request) -> Response:
        path = request.path[len(PREFIX):] if request.path.startswith(PREFIX) else request.path
        raw = request.get_data(cache=True)
        try:
            body = json.loads(raw) if raw and request.mimetype == "application/json" else {}
        except ValueError:
            body = None
        with self._lock:
            response = self._route(request.method, path.rstrip("/"), request, body)
            self.calls.append({"method": request.method, "path": path, "query": dict(request.args),
                               "body": body if body is not None else raw.decode(errors="replace"),
                               "status": response.status_code, "at": _iso(self.now())})
        return response

    def _route(self, method: str, path: str, request: Request, body: dict | None) -> Response:
        if self._faults:
            status, wait = self._faults.pop(0)
            reset = str(int(self.now().timestamp()) + wait)
            headers = {"Retry-After": str(wait), "Wish-Rate-Limit-Reset": reset} if status == 429 else {}
            return _answer(status, {}, code=1000 + status, message=f"injected {status}", headers=headers)
        params = {**request.args.to_dict(), **request.form.to_dict()}
        if path == "/api/v3/oauth/access_token" and method == "POST":
            return self._exchange(params)
        if path == "/api/v3/oauth/refresh_token" and method == "GET":
            return self._refresh_grant(params)
        if body is None:
            return _error(400, 1000, "the body is not JSON")
        merchant = self._merchant(request)
        if isinstance(merchant, Response):
            return merchant
        parts = path.strip("/").split("/")  # api v3 tickets <id> [replies]
        if parts[:3] == ["api", "v3", "tickets"]:
            if len(parts) == 3 and method == "GET":
                return self._list(merchant, request)
            ticket = self.tickets.get(parts[3]) if len(parts) > 3 else None
            if ticket is None or ticket["merchant_id"] != merchant:
                return _error(404, 1004, "We could not find a ticket for that id")
            if len(parts) == 4 and method == "GET":
                return _answer(200, ticket)
            if len(parts) == 4 and method == "PUT":
                return self._update(ticket, body)
            if len(parts) == 5 and parts[4] == "replies" and method == "POST":
                return self._reply(ticket, body)
        if parts[:3] == ["api", "v3", "orders"] and len(parts) >= 4:
            order = self.orders.get(parts[3])
            if order is None or order["merchant_id"] != merchant:
                return _error(404, 1004, "We could not find an order for that id")
            if len(parts) == 4 and method == "GET":
                return _answer(200, {"id": order["id"], "state": "REFUNDED" if order["refunded"] else "SHIPPED",
                                     "product_information": {"name": order["name"]},
                                     "order_payment": {"general_payment_details": {
                                         "payment_total": {"amount": order["price"], "currency_code": "USD"}}}})
            if len(parts) == 5 and parts[4] == "refund" and method == "PUT":
                if order["refunded"]:
                    return _error(400, 1000, "This order has already been refunded")
                order["refunded"] = True
                return _answer(200, {"id": order["id"], "state": "REFUNDED"})
        return _error(404, 1004, f"no route {method} {path}")

    def _merchant(self, request: Request) -> str | Response:
        header = request.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        found = self._access.get(token)
        if found is None:
            return _error(401, 1016, "This access token has been revoked.")
        merchant, expires_at = found
        if self.now() >= expires_at:
            return _error(401, 1015, "This access token has expired.")
        return merchant

    def _grant(self, merchant: str) -> dict:
        access, refresh = uuid.uuid4().hex, uuid.uuid4().hex
        expires_at = self.now() + timedelta(seconds=self.access_token_seconds)
        self._access[access] = (merchant, expires_at)
        self._refresh[refresh] = merchant
        return {"access_token": access, "refresh_token": refresh, "expiry_time": _iso(expires_at),
                "merchant_id": merchant, "scopes": ["tickets:read", "tickets:write", "orders:read", "orders:write"]}

    def _exchange(self, params: dict) -> Response:
        if params.get("grant_type") != "authorization_code" or not params.get("client_id") or not params.get("client_secret"):
            return _error(400, 1000, "client_id, client_secret and grant_type=authorization_code are required")
        found = self._codes.pop(params.get("code", ""), None)  # a code works once
        if found is None or (self.now() - found[1]).total_seconds() > CODE_SECONDS:
            return _error(400, 1017, "The authorization code is invalid or has expired.")
        return _answer(200, self._grant(found[0]))

    def _refresh_grant(self, params: dict) -> Response:
        if params.get("grant_type") != "refresh_token" or not params.get("client_id") or not params.get("client_secret"):
            return _error(400, 1000, "client_id, client_secret and grant_type=refresh_token are required")
        merchant = self._refresh.pop(params.get("refresh_token", ""), None)  # rotated: a used one is gone
        if merchant is None:
            return _error(400, 1018, "The refresh token is invalid.")
        return _answer(200, self._grant(merchant))

    def _list(self, merchant: str, request: Request) -> Response:
        try:
            limit = int(request.args.get("limit", "50"))
            low = _parse(request.args["updated_at_min"]) if "updated_at_min" in request.args else None
            high = _parse(request.args["updated_at_max"]) if "updated_at_max" in request.args else None
        except ValueError:
            return _error(400, 1000, "limit must be a number and updated_at_min/max date times")
        if not 1 <= limit <= 500:
            return _error(400, 1000, "Limit can range from 1 to 500 items")
        sort_by = request.args.get("sort_by", "updated_at.desc")
        if sort_by not in ("updated_at", "updated_at.asc", "updated_at.desc"):
            return _error(400, 1000, "Enabled sort attributes are updated_at")
        states = set(request.args.getlist("states")) or None
        types = set(request.args.getlist("types")) or None
        found = [t for t in self.tickets.values() if t["merchant_id"] == merchant
                 and (low is None or _parse(t["updated_at"]) >= low) and (high is None or _parse(t["updated_at"]) <= high)
                 and (states is None or t["state"] in states) and (types is None or t["type"] in types)]
        found.sort(key=lambda t: (_parse(t["updated_at"]), t["id"]), reverse=not sort_by.endswith(".asc"))
        return _answer(200, found[:limit])

    def _reply(self, ticket: dict, body: dict) -> Response:
        text = body.get("message")
        if not isinstance(text, str) or not text.strip() or len(text) > 2000:
            return _error(400, 1000, "message is required, with a max of 2000 characters")
        if ticket["state"] != "AWAITING_MERCHANT":
            return _error(400, 1000, f"You can only reply to a ticket in the AWAITING_MERCHANT state, not {ticket['state']}")
        now = _iso(self.now())
        reply = {"message": text, "replied_at": now, "sender": "MERCHANT", "supporting_files": []}
        ticket["replies"].append(reply)
        ticket["state"], ticket["updated_at"] = "AWAITING_USER", now
        return _answer(200, reply)

    def _update(self, ticket: dict, body: dict) -> Response:
        state, current = body.get("state"), ticket["state"]
        if state == "CLOSED" and current in OPEN_STATES:
            ticket["resolution_info"] = {"closed_at": _iso(self.now()), "closed_by": "MERCHANT"}
        elif state == "AWAITING_MERCHANT" and current == "CLOSED":
            ticket["resolution_info"] = {}
        elif state == "AWAITING_WISH" and current in ("AWAITING_MERCHANT", "AWAITING_USER"):
            pass
        elif current == "PERMANENTLY_CLOSED":
            return _error(400, 1000, "Tickets in PERMANENTLY_CLOSED state can never be re-opened")
        else:
            return _error(400, 1000, f"A ticket in {current} cannot move to {state}")
        ticket["state"], ticket["updated_at"] = state, _iso(self.now())
        return _answer(200, ticket)

    # ------------------------------------------------------------ /_local/wish/*

    def control(self, request: Request) -> Response:
        return control_route(request, CONTROL_PREFIX, self._control, missing="no such ticket")

    def _control(self, method: str, path: str, body: dict) -> Response:
        parts = path.strip("/").split("/") if path else []
        if (method, parts) == ("POST", ["codes"]):
            return local_answer(201, {"code": self.issue_code(required(body, "merchant_id"))})
        if (method, parts) == ("POST", ["tickets"]):
            return local_answer(201, self.create_ticket(
                required(body, "merchant_id"), text=required(body, "text"), ticket_type=body.get("type", "PRE_PURCHASE"),
                buyer_name=body.get("buyer_name", "Buyer"), locale=body.get("locale", "en"), subject=body.get("subject"),
                sub_label=body.get("sub_label"), orders=body.get("orders")))
        if method == "GET" and len(parts) == 2 and parts[0] == "tickets":
            with self._lock:
                return local_answer(200, self.tickets[parts[1]])
        if method == "POST" and len(parts) == 3 and parts[0] == "tickets" and parts[2] == "messages":
            return local_answer(201, self.buyer_writes(parts[1], required(body, "text")))
        if method == "POST" and len(parts) == 3 and parts[0] == "tickets" and parts[2] == "state":
            return local_answer(200, self.set_state(parts[1], required(body, "state"), body.get("closed_by")))
        if method == "POST" and len(parts) == 3 and parts[0] == "tickets" and parts[2] == "merchant-replies":
            return local_answer(201, self.merchant_writes_in_dashboard(parts[1], required(body, "text")))
        if (method, parts) == ("GET", ["calls"]):
            with self._lock:
                return local_answer(200, {"items": list(self.calls)})
        if (method, parts) == ("POST", ["faults"]):
            statuses = body.get("statuses")
            if not isinstance(statuses, list) or not all(isinstance(s, int) and 400 <= s <= 599 for s in statuses):
                raise ValueError("statuses must be a list of HTTP error statuses")
            self.fail_next(*statuses, retry_after=int(body.get("retry_after", 0)))
            return local_answer(200, {"queued": len(statuses)})
        return local_answer(404, {"error": {"code": "not_found", "message": f"no route {method} {CONTROL_PREFIX}{path}"}})


def control_route(request: Request, prefix: str, route: Callable[[str, str, dict], Response], *,
                  missing: str) -> Response:
    """A fake's /_local/<name>/* request: a JSON object body to `route(method, path, body)`; its KeyError is
    404 (`missing`), its ValueError or TypeError 422 with the message."""
    path = request.path[len(prefix):].rstrip("/")
    try:
        body = json.loads(request.get_data() or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return local_answer(400, {"error": {"code": "malformed_json", "message": "the body must be a JSON object"}})
    try:
        return route(request.method, path, body)
    except KeyError:
        return local_answer(404, {"error": {"code": "not_found", "message": missing}})
    except (ValueError, TypeError) as error:
        return local_answer(422, {"error": {"code": "validation_error", "message": str(error)}})


def required(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} is required")
    return value


def local_answer(status: int, body: object) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")
