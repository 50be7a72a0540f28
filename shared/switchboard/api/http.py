"""The resolver every function uses, and the one place errors become HTTP answers."""

from __future__ import annotations

import base64
import importlib
import json
import logging
import threading
from collections.abc import Mapping

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError, ResponseValidationError
from aws_lambda_powertools.utilities.data_classes.api_gateway_proxy_event import APIGatewayProxyEventV2

from switchboard.api.auth import ACTOR, signed_in_agent
from switchboard.errors import SwitchboardError, Unauthenticated
from switchboard.jsonbody import MAX_DEPTH, UnacceptableJson, nested_deeper_than, parse
from switchboard.settings import settings

MAX_ID_CHARS = 128  # every id of this API is far shorter; a longer path parameter names nothing

logger = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str) -> Response:
    return Response(
        status_code=status,
        content_type="application/json",
        body=json.dumps({"error": {"code": code, "message": message}}),
    )


def internal_error() -> Response:
    return error_response(500, "internal_error", "something went wrong on our side; it has been logged")


def proxy_answer(response: Response) -> dict:
    """`response` as the API Gateway (payload 2.0) answer, for what is answered before Powertools routes."""
    return {"statusCode": response.status_code, "headers": dict(response.headers), "body": response.body,
            "isBase64Encoded": False}


NO_TRANSLATION = "No translation service in this deployment (the local stack)"


def error_doc(description: str) -> dict:
    """A route's own error answer for `responses=`, with the API's error body (`Error`, see api/openapi.py)."""
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def refusal(event: dict) -> tuple[int, str, str] | None:
    """Why a request cannot be served, as (status, code, message), before anything reads it; None if it can.

    Every body of this API is a JSON object (API.md) of at most `max_body_bytes`: the first character
    tells an object from any other value, and the depth is measured without parsing
    (jsonbody.nested_deeper_than), so no parser, Powertools' or a channel adapter's, ever meets a body
    nested thousands of levels deep. A path parameter longer than any id names nothing (and could not be
    a DynamoDB key).
    """
    if any(len(value) > MAX_ID_CHARS for value in (event.get("pathParameters") or {}).values()):
        return 404, "not_found", f"no such resource (ids have at most {MAX_ID_CHARS} characters)"
    body = event.get("body")
    if not body:
        return None
    try:
        raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()
    except ValueError:
        return 400, "malformed_json", "the body is not valid base64"
    limit = settings().max_body_bytes
    if len(raw) > limit:
        return 413, "payload_too_large", f"the body is larger than {limit} bytes"
    try:
        text = raw.decode()
    except UnicodeError:
        return 400, "malformed_json", "the body is not valid UTF-8 JSON"
    if not text.lstrip().startswith("{"):
        return 400, "malformed_json", "the body must be a JSON object"
    if nested_deeper_than(text, MAX_DEPTH):
        return 400, "nesting_too_deep", f"the body nests arrays and objects deeper than {MAX_DEPTH} levels"
    return None


def console_json(text: str):
    """Powertools' body parser: a body it cannot accept is its JSONDecodeError, hence 400 malformed_json."""
    try:
        return parse(text)
    except UnacceptableJson as error:
        raise json.JSONDecodeError(error.message, text, 0) from None


class JsonHttpResolver(APIGatewayHttpResolver):
    """Every body of this API is JSON (API.md), whatever content type a client sends (without this,
    `curl -d`, form-encoded by default, would be validated as a form).

    And the caller is known before anything else: the agent a token names is read here, once, and
    a token naming no agent of its organization is 401 before Powertools validates the request
    (its validation runs ahead of every middleware). Routes read the agent with `actor_of`.
    """

    def resolve(self, event, context):
        from switchboard import wiring

        try:
            actor = signed_in_agent(event, wiring.agents())
        except Unauthenticated as error:
            return proxy_answer(error_response(error.status, error.code, error.message))
        except Exception:
            logger.exception("reading the token's agent failed")
            return proxy_answer(internal_error())
        refused = refusal(event)
        if refused:
            return proxy_answer(error_response(*refused))
        headers = event.get("headers") or {}
        if event.get("body") and "json" not in headers.get("content-type", ""):
            event = {**event, "headers": {**headers, "content-type": "application/json"}}
        self.append_context(**{ACTOR: actor})  # cleared by Powertools once the request is answered
        self.include_routes_for(APIGatewayProxyEventV2(event).path)  # the path Powertools routes (no stage)
        return super().resolve(event, context)

    # First path segment -> the module whose routes() serves every path under it (make_resolver's on_demand).
    _on_demand: Mapping[str, str] = {}
    _included: set[str]
    _including = threading.Lock()  # the local stack may answer two requests of one function at once

    def include_routes_for(self, path: str) -> None:
        """The routes of the module that serves `path`, imported and included on its first request: a
        function of many route modules (the console) imports at its start only what every request needs,
        and each request then only the module of its own route (their models, use cases and views)."""
        module = self._on_demand.get(path.strip("/").split("/", 1)[0])
        if module is None or module in self._included:
            return
        with self._including:
            if module not in self._included:
                self.include_router(importlib.import_module(module).routes())
                self._included.add(module)


def make_resolver(*routers, resolver_class: type[JsonHttpResolver] = JsonHttpResolver,
                  on_demand: Mapping[str, str] | None = None) -> APIGatewayHttpResolver:
    """A resolver of `routers`, and of the modules `on_demand` names (first path segment -> module with routes()),
    each included on the first request under its segments (JsonHttpResolver.include_routes_for)."""
    # Vietnamese and Chinese text stays readable in responses.
    # An answer that does not fit its route's response model is our defect: a 500, not the client's 422.
    app = resolver_class(enable_validation=True, serializer=lambda body: json.dumps(body, ensure_ascii=False, default=str),
                         json_body_deserializer=console_json, response_validation_error_http_code=500)
    app._on_demand, app._included = dict(on_demand or {}), set()
    for router in routers:
        app.include_router(router)

    @app.exception_handler(SwitchboardError)
    def domain_error(error: SwitchboardError) -> Response:
        return error_response(error.status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        problems = error.errors()
        invalid = next((p for p in problems if p.get("type") == "json_invalid"), None)
        if invalid:
            why = (invalid.get("ctx") or {}).get("error") or "not valid JSON"
            return error_response(400, "malformed_json", f"the body is not acceptable JSON: {why}")
        first = problems[0] if problems else {}
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return error_response(422, "validation_error", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(ResponseValidationError)
    def answer_off_contract(error: ResponseValidationError) -> Response:
        logger.error("an answer does not match its documented model: %s", error.errors()[:3])
        return unexpected(error)

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        # A defect, not bad input: logged with its stack, answered in the API's error shape.
        logger.exception("unhandled error")
        return internal_error()

    @app.not_found
    def not_found(_error) -> Response:
        # In AWS, the API's $default route brings here every request no route matches (template.yaml).
        from switchboard.api.route_table import methods_of

        method, path = app.current_event.http_method.upper(), app.current_event.path
        allowed = methods_of(path)
        if allowed and method not in allowed:
            response = error_response(405, "method_not_allowed", f"{path} answers {', '.join(allowed)}, not {method}")
            response.headers["Allow"] = ", ".join(allowed)
            return response
        return error_response(404, "not_found", f"no route {method} {path}")

    return app
