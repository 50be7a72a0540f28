"""The HTTP API: the template's HttpApi routes, payload 2.0 events and the JWT authorizer.

What a handler receives and how its answer becomes an HTTP response follow API Gateway HTTP
APIs (payload format 2.0), so that the same handler code behaves the same here and in AWS.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Request, Response

from local.runtime import HandlerError
from local.template import ACCOUNT_ID, Resolver

log = logging.getLogger("local.http_api")


class ApiResponse(Response):
    # API Gateway adds no Content-Type the handler did not ask for.
    default_mimetype = None


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    return ApiResponse(json.dumps(body), status=status, headers={"content-type": "application/json", **(headers or {})})


# ---------------------------------------------------------------- routing


DEFAULT_ROUTE = "$default"  # API Gateway's catch-all: the route of every request no other route matches


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str  # logical id
    authorized: bool

    @property
    def is_default(self) -> bool:
        return self.path == DEFAULT_ROUTE

    @property
    def route_key(self) -> str:
        return DEFAULT_ROUTE if self.is_default else f"{self.method} {self.path}"

    @property
    def segments(self) -> list[str]:
        return [s for s in self.path.split("/") if s]

    def match(self, method: str, segments: list[str]) -> dict[str, str] | None:
        if self.method not in (method, "ANY"):
            return None
        params: dict[str, str] = {}
        mine = self.segments
        for i, seg in enumerate(mine):
            if seg.startswith("{") and seg.endswith("+}"):  # greedy {proxy+}
                if i >= len(segments):
                    return None
                params[seg[1:-2]] = "/".join(segments[i:])
                return params
            if i >= len(segments):
                return None
            if seg.startswith("{") and seg.endswith("}"):
                params[seg[1:-1]] = segments[i]
            elif seg != segments[i]:
                return None
        return params if len(mine) == len(segments) else None

    def specificity(self) -> tuple:
        # API Gateway picks the most specific route: a static segment beats a parameter,
        # which beats a greedy parameter; an exact method beats ANY.
        rank = [2 if s.endswith("+}") else 1 if s.startswith("{") else 0 for s in self.segments]
        return (*rank, self.method == "ANY")


def routes_from_template(template: Mapping) -> list[Route]:
    api_auth = {}
    for r in template.get("Resources", {}).values():
        if r.get("Type") == "AWS::Serverless::HttpApi":
            api_auth = r.get("Properties", {}).get("Auth", {})
    has_default = bool(api_auth.get("DefaultAuthorizer"))
    routes = []
    for lid, r in template.get("Resources", {}).items():
        if r.get("Type") != "AWS::Serverless::Function":
            continue
        for event in (r.get("Properties", {}).get("Events") or {}).values():
            if event.get("Type") != "HttpApi":
                continue
            p = event.get("Properties", {})
            authorizer = (p.get("Auth") or {}).get("Authorizer")
            authorized = authorizer != "NONE" and (has_default or authorizer is not None)
            # SAM: an HttpApi event with neither Path nor Method is the API's $default route.
            default = "Path" not in p and "Method" not in p
            path = DEFAULT_ROUTE if default else p.get("Path", DEFAULT_ROUTE)
            routes.append(Route(str(p.get("Method", "ANY")).upper(), path, lid, authorized))
    return routes


class Router:
    def __init__(self, routes: list[Route]) -> None:
        self.routes = [r for r in routes if not r.is_default]
        self.default = next((r for r in routes if r.is_default), None)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The most specific route for the request; else the $default route, if the API has one."""
        segments = [s for s in path.split("/") if s]
        found = [(r, p) for r in self.routes if (p := r.match(method, segments)) is not None]
        if not found:
            return (self.default, {}) if self.default else None
        return min(found, key=lambda rp: rp[0].specificity())


# ---------------------------------------------------------------- JWT authorizer


class Unauthorized(Exception):
    pass


class JwtAuthorizer:
    """API Gateway's JWT authorizer: signature by the issuer's JWKS, iss, exp, aud/client_id
    (switchboard.adapters.tokens, which the WebSocket API's $connect uses too)."""

    def __init__(self, issuer: str, audience: list[str], jwks_url: str) -> None:
        from switchboard.adapters.tokens import TokenVerifier

        self.issuer = issuer
        self.audience = set(audience)
        self.jwks_url = jwks_url
        self.verifier = TokenVerifier(issuer, audience, jwks_url)

    @classmethod
    def from_template(cls, template: Mapping, resolver: Resolver, jwks_url_for: Callable[[str], str]) -> JwtAuthorizer | None:
        for r in template.get("Resources", {}).values():
            if r.get("Type") != "AWS::Serverless::HttpApi":
                continue
            auth = r.get("Properties", {}).get("Auth", {})
            name = auth.get("DefaultAuthorizer")
            if not name:
                continue
            config = resolver.resolve(auth["Authorizers"][name]["JwtConfiguration"])
            issuer = config["issuer"]
            return cls(issuer, list(config.get("audience", [])), jwks_url_for(issuer))
        return None

    def authorize(self, header: str | None) -> dict[str, Any]:
        from switchboard.adapters.tokens import InvalidToken

        token = (header or "").strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            return self.verifier.verify(token)
        except InvalidToken as exc:
            raise Unauthorized(str(exc)) from None


def _claim_string(value: Any) -> str:
    # API Gateway hands claims to the function as strings; arrays look like "[a b]".
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + " ".join(_claim_string(v) for v in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def unauthorized(reason: str) -> Response:
    return json_response(
        401,
        {"message": "Unauthorized", "error": {"code": "unauthorized", "message": reason}},
        {"www-authenticate": f'Bearer error="invalid_token" error_description="{reason}"'},
    )


# ---------------------------------------------------------------- events and responses

_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
               "application/x-www-form-urlencoded", "+json", "+xml")


def build_event(
    request: Request,
    route: Route,
    path_parameters: dict[str, str],
    api_id: str,
    now: datetime,
    claims: Mapping[str, Any] | None,
) -> dict[str, Any]:
    environ = request.environ
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
    raw_path = raw_uri.split("?", 1)[0]
    raw_query = environ.get("QUERY_STRING", "")
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    cookies = [c.strip() for c in headers.pop("cookie", "").split(";") if c.strip()]
    query: dict[str, str] = {}
    for key, value in parse_qsl(raw_query, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    request_id = base64.b64encode(secrets.token_bytes(12)).decode()
    host = headers.get("host", f"{api_id}.execute-api.us-east-1.amazonaws.com")
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.route_key,
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": api_id,
            "domainName": host,
            "domainPrefix": host.split(".", 1)[0],
            "http": {
                "method": request.method,
                "path": raw_path,
                "protocol": environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
                "sourceIp": request.remote_addr or "127.0.0.1",
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": route.route_key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if claims is not None:
        event["requestContext"]["authorizer"] = {
            "jwt": {"claims": {k: _claim_string(v) for k, v in claims.items()}, "scopes": None}
        }
    body = request.get_data(cache=True)
    if body:
        content_type = headers.get("content-type", "").lower()
        if any(t in content_type for t in _TEXT_TYPES):
            try:
                event["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                event["body"] = base64.b64encode(body).decode()
                event["isBase64Encoded"] = True
        else:
            event["body"] = base64.b64encode(body).decode()
            event["isBase64Encoded"] = True
    return event


def to_response(result: Any) -> Response:
    """A handler's return value as API Gateway (payload 2.0) turns it into HTTP."""
    if not (isinstance(result, dict) and "statusCode" in result):
        # No statusCode: API Gateway assumes 200, JSON, and the whole result as the body.
        body = result if isinstance(result, str) else json.dumps(result)
        return ApiResponse(body, status=200, headers={"content-type": "application/json"})
    body = result.get("body")
    data: bytes
    if body is None:
        data = b""
    elif result.get("isBase64Encoded"):
        data = base64.b64decode(body)
    else:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    response = ApiResponse(data, status=int(result["statusCode"]))
    for name, value in (result.get("headers") or {}).items():
        response.headers[name] = str(value)
    for name, values in (result.get("multiValueHeaders") or {}).items():
        for value in values:
            response.headers.add(name, str(value))
    for cookie in result.get("cookies") or []:
        response.headers.add("set-cookie", cookie)
    return response


class HttpApi:
    """Route, authorize, invoke, translate back: API Gateway for one process."""

    def __init__(
        self,
        router: Router,
        authorizer: JwtAuthorizer | None,
        invoke: Callable[[str, dict], Any],
        api_id: str,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.router = router
        self.authorizer = authorizer
        self.invoke = invoke
        self.api_id = api_id
        self.now = now

    def handle(self, request: Request) -> Response:
        found = self.router.match(request.method, request.path)
        if found is None:
            return json_response(404, {"message": "Not Found"})
        route, params = found
        claims = None
        if route.authorized and self.authorizer is not None:
            try:
                claims = self.authorizer.authorize(request.headers.get("Authorization"))
            except Unauthorized as exc:
                return unauthorized(str(exc))
        event = build_event(request, route, params, self.api_id, self.now(), claims)
        try:
            result = self.invoke(route.function, event)
        except HandlerError:
            return json_response(502, {"message": "Internal Server Error"})
        try:
            return to_response(result)
        except Exception:
            log.exception("%s returned a response API Gateway cannot map", route.function)
            return json_response(502, {"message": "Internal Server Error"})
