"""The local-only routes under /_local/ (see API.md, "Local stack only")."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from local.sinks import iso

if TYPE_CHECKING:
    from local.stack import LocalStack


class NotFound(LookupError):
    pass


class DrainTimeout(TimeoutError):
    pass


def _json(status: int, body: Any) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _error(status: int, code: str, message: str) -> Response:
    return _json(status, {"error": {"code": code, "message": message}})


class _BadRequest(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _body(request: Request) -> dict:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _BadRequest(_error(400, "malformed_json", "the body is not valid JSON")) from None
    if not isinstance(body, dict):
        raise _BadRequest(_error(422, "validation_error", "the body must be a JSON object"))
    return body


def handle(request: Request, stack: LocalStack) -> Response:
    route = (request.method, request.path.rstrip("/"))
    try:
        if route == ("GET", "/_local/health"):
            return _json(200, {"status": "ok"}) if stack.ready else _json(503, {"status": "starting"})
        if route == ("POST", "/_local/orgs"):
            return _create_org(_body(request), stack)
        if route == ("POST", "/_local/token"):
            return _token(_body(request), stack)
        if route == ("GET", "/_local/clock"):
            return _json(200, {"now": iso(stack.clock.now())})
        if route == ("POST", "/_local/clock"):
            return _advance(_body(request), stack)
        if route == ("POST", "/_local/drain"):
            try:
                stack.drain()
            except DrainTimeout as exc:
                return _error(504, "drain_timeout", str(exc))
            return _json(200, {"status": "drained"})
        if route == ("POST", "/_local/reset"):
            removed = stack.empty_tables()
            # Failures a test armed and never used up belong to that test: the next starts without them.
            stack.sink.disarm()
            return _json(200, {"items_removed": removed})
        if route == ("GET", "/_local/outbox"):
            return _json(200, {"items": stack.sink.items()})
        if route == ("GET", "/_local/emails"):
            return _json(200, {"items": stack.emails.items()})
    except _BadRequest as bad:
        return bad.response
    return _json(404, {"message": "Not Found"})


def _create_org(body: dict, stack: LocalStack) -> Response:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        return _error(422, "validation_error", "name is required")
    from local.stack import LOCAL_PASSWORD

    org = stack.create_organization(name.strip())
    token = stack.issue_token(org.owner_agent_id)  # also sets the password a person signs in with
    owner = {"agent_id": org.owner_agent_id, "token": token, "email": org.owner_email, "password": LOCAL_PASSWORD}
    return _json(201, {"org_id": org.org_id, "owner": owner})


def _token(body: dict, stack: LocalStack) -> Response:
    agent_id = body.get("agent_id")
    if not isinstance(agent_id, str) or not agent_id.strip():
        return _error(422, "validation_error", "agent_id is required")
    try:
        return _json(200, {"token": stack.issue_token(agent_id)})
    except NotFound:
        return _error(404, "not_found", f"no agent {agent_id}")


def _advance(body: dict, stack: LocalStack) -> Response:
    seconds = body.get("advance_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        return _error(422, "validation_error", "advance_seconds must be a number >= 0")
    try:
        now = stack.advance(seconds)
    except DrainTimeout as exc:
        return _error(504, "drain_timeout", str(exc))
    return _json(200, {"now": iso(now)})
