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
# Cognito's own invitation when a pool names none.
DEFAULT_INVITATION = "Your username is {username} and temporary password is {####}."


def _temporary_password() -> str:
    """One that meets the default password policy (length, lower and upper case, digit, symbol)."""
    return f"{secrets.token_urlsafe(9)}-Tmp{secrets.randbelow(10)}"


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

    def restore(self, items: list[dict]) -> None:
        """What an earlier run of the stack recorded (local.state)."""
        with self._lock:
            self._items[:0] = items

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
    """The emails sent: those moto's SES recorded, and the user pool's invitations, which moto does
    not send (Cognito emails them itself in AWS); each stamped with the stack clock when sent."""

    def __init__(self, now: Callable[[], datetime], account_id: str, region: str) -> None:
        self.now = now
        self.account_id = account_id
        self.region = region
        self._sent_at: dict[int, str] = {}
        self._invitations: list[dict] = []
        self._lock = threading.Lock()
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
        self._install_invitations()

    def _install_invitations(self) -> None:
        """AdminCreateUser without SUPPRESS: like Cognito, give the user a temporary password when
        the caller named none, and record the pool's invitation (its InviteMessageTemplate)."""
        from moto.cognitoidp.models import CognitoIdpBackend

        original = CognitoIdpBackend.admin_create_user

        def admin_create_user(backend: Any, user_pool_id: str, username: str, message_action: str | None,
                              temporary_password: str | None, attributes: list[dict[str, str]]) -> Any:
            invite = message_action != "SUPPRESS"
            if invite and not temporary_password:
                temporary_password = _temporary_password()
            user = original(backend, user_pool_id, username, message_action, temporary_password, attributes)
            if invite:
                pool = backend.describe_user_pool(user_pool_id)
                self._invite(pool.extended_config.get("AdminCreateUserConfig") or {}, user, username)
            return user

        CognitoIdpBackend.admin_create_user = admin_create_user  # type: ignore[method-assign]
        self._undo.append(lambda: setattr(CognitoIdpBackend, "admin_create_user", original))

    def _invite(self, config: dict, user: Any, username: str) -> None:
        template = config.get("InviteMessageTemplate") or {}
        body = template.get("EmailMessage") or DEFAULT_INVITATION
        email_address = {a["Name"]: a["Value"] for a in user.attributes}.get("email")
        if not email_address:
            return  # Cognito sends nothing either
        item = {
            "to": [email_address],
            "subject": template.get("EmailSubject") or "Your temporary password",
            "body": body.replace("{username}", username).replace("{####}", user.password),
            "sent_at": iso(self.now()),
        }
        with self._lock:
            self._invitations.append(item)

    def restore(self, items: list[dict]) -> None:
        """What an earlier run of the stack sent (local.state); kept beside this run's invitations."""
        with self._lock:
            self._invitations[:0] = items

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()

    def items(self) -> list[dict]:
        from moto.ses.models import ses_backends

        backend = ses_backends[self.account_id][self.region]
        with self._lock:
            invitations = list(self._invitations)
        sent = [self._item(m) for m in list(backend.sent_messages)] + invitations
        return sorted(sent, key=lambda item: item["sent_at"] or "")  # stable: each source keeps its order

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
