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


# The channels' documented error answers, as the sink gives them when a test arms one (POST /_local/sink/fail).
# Zalo: HTTP 200 and `{"error": <negative code>, "message"}`, in the words of Zalo's OA API error table ("Mã lỗi",
# developers.zalo.me/docs/official-account/phu-luc/ma-loi; sources in shared/switchboard/channels/zalo.py).
ZALO_ERRORS = {
    -216: "Access token is invalid",
    -220: "access_token is expired or removed",
    -230: "User has not interacted with OA in past 7 days",
    -232: "User has not interacted, or last interaction expired",
    -213: "User has not followed OA",
    -217: "User has blocked invitation from OA",
    -218: "Out of quota receive",
    -227: "User is banned or inactive for more than 45 days",
    -32: "Your application reached limit call api",
    -201: "Parameters are invalid",
    -320: "App needs Zalo Cloud Account connection",
}
# Messenger: `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}` with an HTTP status
# (developers.facebook.com/docs/messenger-platform/error-codes).
MESSENGER_ERRORS = {
    (10, 2018278): (400, "(#10) This message is sent outside of allowed window."),
    (551, 1545041): (400, "This person isn't available right now."),
    (100, 2018001): (400, "(#100) No matching user found"),
    (613, None): (400, "(#613) Calls to this API have exceeded the rate limit."),
    (1200, None): (500, "Temporary send message failure. Please try again later"),
    (190, None): (400, "Invalid OAuth access token."),
}
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")


class ChannelSink:
    """Records what the channel send APIs would have received and answers like them: Zalo's OA API
    (message/cs, upload/file) and OAuth v4 token refresh, Messenger's Send API and Attachment Upload API,
    and the signed channels' callbacks. Requests not in the documented form are refused as the channel
    refuses them; a test can make the next sends fail with a status or a channel's own error code."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self._items: list[dict] = []
        self._armed: list[dict] = []  # failures to answer next: {"times", "channel", "response"}
        self._used_refresh_tokens: set[str] = set()
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
        if channel == "zalo-oauth":
            return self._zalo_refresh(request)
        failure = self._next_failure(channel)
        if failure is not None:
            return failure
        if channel == "zalo":
            return self._zalo(request, rest)
        if channel == "messenger":
            return self._messenger(request, rest)
        payload = _payload(request)
        item = self._record(request, (payload.get("channel") or channel) if channel == "callback" else channel, payload)
        return _json(200, {"message_id": item["channel_message_id"]})

    # ------------------------------------------------------------ Zalo OA API v3 and OAuth v4

    def _zalo(self, request: Request, rest: str) -> Response:
        if not request.headers.get("access_token"):
            return _json(200, {"error": -216, "message": ZALO_ERRORS[-216]})
        if rest.endswith("/oa/upload/file"):
            upload = request.files.get("file")
            if upload is None:
                return _json(200, {"error": -201, "message": "file is required"})
            content = upload.read()
            item = self._record(request, "zalo", {}, kind="upload", file_name=upload.filename, size=len(content))
            return _json(200, {"error": 0, "message": "Success", "data": {"token": item["channel_message_id"]}})
        payload = _payload(request)
        recipient, message = payload.get("recipient"), payload.get("message")
        # A follower by `user_id`; an anonymous user by `anonymous_id` in their Zalo conversation, both required
        # (sources in shared/switchboard/channels/zalo.py, ANONYMOUS_EVENTS).
        anonymous = isinstance(recipient, dict) and "anonymous_id" in recipient
        named = isinstance(recipient, dict) and (
            recipient.get("anonymous_id") and recipient.get("conversation_id") and "user_id" not in recipient
            if anonymous else recipient.get("user_id"))
        if not named or not isinstance(message, dict) or not message:
            return _json(200, {"error": -201, "message": ZALO_ERRORS[-201]})
        item = self._record(request, "zalo", payload, access_token=request.headers.get("access_token"))
        return _json(200, {"error": 0, "message": "Success",
                           "data": {"message_id": item["channel_message_id"],
                                    "user_id": recipient["anonymous_id" if anonymous else "user_id"]}})

    def _zalo_refresh(self, request: Request) -> Response:
        """POST /v4/oa/access_token (form: refresh_token, app_id, grant_type=refresh_token; header secret_key):
        a new pair; each refresh token is used once, as Zalo's are."""
        token, app_id = request.form.get("refresh_token", ""), request.form.get("app_id", "")
        if request.form.get("grant_type") != "refresh_token" or not app_id or not request.headers.get("secret_key"):
            return _json(200, {"error": -14002, "error_name": "Invalid parameter",
                               "error_description": "app_id, grant_type=refresh_token and the secret_key header are required"})
        with self._lock:
            if not token or token in self._used_refresh_tokens:
                return _json(200, {"error": -14014, "error_name": "Invalid refresh token",
                                   "error_description": "the refresh token is invalid or was used already"})
            self._used_refresh_tokens.add(token)
        return _json(200, {"access_token": f"zat-{secrets.token_hex(8)}", "refresh_token": f"zrt-{secrets.token_hex(8)}",
                           "expires_in": "90000"})

    # ------------------------------------------------------------ Messenger Send API

    def _messenger(self, request: Request, rest: str) -> Response:
        if not request.args.get("access_token"):
            return self._messenger_error(190, None)
        payload = _payload(request)
        if rest.endswith("/me/message_attachments"):
            attachment = (payload.get("message") or {}).get("attachment") if isinstance(payload.get("message"), dict) else None
            if not isinstance(attachment, dict) or not (attachment.get("payload") or {}).get("url"):
                return _bad_request("(#100) message.attachment with payload.url is required")
            item = self._record(request, "messenger", payload, kind="upload", channel_message_id=str(secrets.randbits(52)),
                                file_name=attachment["payload"]["url"].split("?", 1)[0].rsplit("/", 1)[-1])
            return _json(200, {"attachment_id": item["channel_message_id"]})
        if rest.endswith("/me/pass_thread_control"):
            # The Handover Protocol's pass (developers.facebook.com/docs/messenger-platform/reference/
            # handover-protocol/pass-thread-control): {recipient: {id}, target_app_id, metadata}, answered
            # {"success": true}; recorded as a `pass_thread` beside the sends.
            recipient = payload.get("recipient")
            if not isinstance(recipient, dict) or not recipient.get("id") or not payload.get("target_app_id"):
                return _bad_request("(#100) recipient.id and target_app_id are required")
            self._record(request, "messenger", payload, kind="pass_thread")
            return _json(200, {"success": True})
        recipient, message = payload.get("recipient"), payload.get("message")
        kind = payload.get("messaging_type")
        if kind not in MESSAGING_TYPES:
            return _bad_request("(#100) messaging_type must be one of RESPONSE, UPDATE, MESSAGE_TAG")
        if kind == "MESSAGE_TAG" and not payload.get("tag"):
            return _bad_request("(#100) a MESSAGE_TAG message needs a tag")
        if not isinstance(recipient, dict) or not recipient.get("id") or not isinstance(message, dict) or not message:
            return _bad_request("(#100) recipient.id and message are required")
        item = self._record(request, "messenger", payload)
        return _json(200, {"recipient_id": recipient["id"], "message_id": item["channel_message_id"]})

    @staticmethod
    def _messenger_error(code: int, subcode: int | None) -> Response:
        status, message = MESSENGER_ERRORS.get((code, subcode)) or MESSENGER_ERRORS.get((code, None)) or (400, "error")
        error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": secrets.token_hex(6)}
        if subcode is not None:
            error["error_subcode"] = subcode
        return _json(status, {"error": error})

    # ------------------------------------------------------------ recording and failures

    def _record(self, request: Request, channel: str, payload: dict, *, kind: str = "message", **extra: Any) -> dict:
        recipient = payload.get("recipient") or {}
        message = payload.get("message") or {}
        prefix = "m_" if channel == "messenger" and kind == "message" else ""
        item = {
            "channel": channel,
            "kind": kind,
            "connection_id": request.headers.get("X-Switchboard-Connection-Id"),
            "recipient": (recipient.get("user_id") or recipient.get("anonymous_id") or recipient.get("id"))
            if isinstance(recipient, dict) else recipient,
            "text": message.get("text") if isinstance(message, dict) else None,
            "payload": payload,
            "channel_message_id": f"{prefix}{secrets.token_hex(16)}",
            "sent_at": iso(self.now()),
            **extra,  # an upload's answered id (Messenger's attachment_id) replaces the made-up one
        }
        with self._lock:
            self._items.append(item)
        return item

    def _next_failure(self, channel: str) -> Response | None:
        with self._lock:
            for armed in self._armed:
                if armed["times"] > 0 and armed["channel"] in (None, channel):
                    armed["times"] -= 1
                    failure = armed
                    break
            else:
                return None
            self._armed = [a for a in self._armed if a["times"] > 0]
        if failure["code"] is not None and channel == "zalo":
            return _json(200, {"error": failure["code"], "message": ZALO_ERRORS.get(failure["code"], "error")})
        if failure["code"] is not None and channel == "messenger":
            return self._messenger_error(failure["code"], failure["subcode"])
        return _json(failure["status"], {"error": failure["status"], "message": "injected failure"})

    def disarm(self) -> None:
        """Forget the failures armed and not yet used up (POST /_local/reset)."""
        with self._lock:
            self._armed = []

    def _arm_failures(self, request: Request) -> Response:
        """`{"times": 1, "status": 400}`: the next sends of any channel answer that status;
        `{"times": 1, "channel": "zalo", "error": -230}`: the next Zalo sends answer that Zalo error code;
        `{"times": 1, "channel": "messenger", "code": 10, "error_subcode": 2018278}`: Messenger's error."""
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            return _json(400, {"error": {"code": "malformed_json", "message": "body must be a JSON object"}})
        times, status, channel = body.get("times", 1), body.get("status", 503), body.get("channel")
        code = body.get("error") if channel == "zalo" else body.get("code") if channel == "messenger" else None
        subcode = body.get("error_subcode") if channel == "messenger" else None
        valid = (isinstance(times, int) and times >= 0 and isinstance(status, int) and 400 <= status <= 599
                 and channel in (None, "zalo", "messenger", "callback")
                 and (code is None or isinstance(code, int)) and (subcode is None or isinstance(subcode, int)))
        if not valid:
            return _json(422, {"error": {"code": "validation_error",
                                         "message": "times >= 0 and an error status, or a channel and its error code"}})
        with self._lock:
            self._armed.append({"times": times, "channel": channel, "status": status, "code": code, "subcode": subcode})
        return _json(200, {"times": times, "status": status, "channel": channel, "code": code, "subcode": subcode})


def _payload(request: Request) -> dict:
    payload = request.get_json(force=True, silent=True)
    return payload if isinstance(payload, dict) else {}


def _bad_request(message: str) -> Response:
    return _json(400, {"error": {"message": message, "type": "OAuthException", "code": 100,
                                 "fbtrace_id": secrets.token_hex(6)}})


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
