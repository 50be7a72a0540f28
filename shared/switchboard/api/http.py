"""The resolver every function uses, and the one place errors become HTTP answers."""

from __future__ import annotations

import base64
import json
import logging

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from switchboard.api.auth import ACTOR, signed_in_agent
from switchboard.errors import SwitchboardError, Unauthenticated

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


def _utf8_body(event: dict) -> bool:
    body = event.get("body") or ""
    try:
        (base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()).decode()
    except (ValueError, UnicodeError):
        return False
    return True


class JsonHttpResolver(APIGatewayHttpResolver):
    """Every body of this API is JSON (API.md), whatever content type a client sends (without this,
    `curl -d`, form-encoded by default, would be validated as a form).

    And the caller is known before anything else: the agent a token names is read here, once, and
    a token naming no agent of its organization is 401 before Powertools validates the request
    (its validation runs ahead of every middleware). Routes read the agent with `actor_of`.
    """

    def resolve(self, event, context):
        headers = event.get("headers") or {}
        if event.get("body") and "json" not in headers.get("content-type", ""):
            event = {**event, "headers": {**headers, "content-type": "application/json"}}
        from switchboard import wiring

        try:
            actor = signed_in_agent(event, wiring.agents())
        except Unauthenticated as error:
            return proxy_answer(error_response(error.status, error.code, error.message))
        except Exception:
            logger.exception("reading the token's agent failed")
            return proxy_answer(internal_error())
        self.append_context(**{ACTOR: actor})  # cleared by Powertools once the request is answered
        return super().resolve(event, context)


def make_resolver(*routers, resolver_class: type[JsonHttpResolver] = JsonHttpResolver) -> APIGatewayHttpResolver:
    # Vietnamese and Chinese text stays readable in responses.
    app = resolver_class(enable_validation=True, serializer=lambda body: json.dumps(body, ensure_ascii=False, default=str))
    for router in routers:
        app.include_router(router)

    @app.exception_handler(SwitchboardError)
    def domain_error(error: SwitchboardError) -> Response:
        return error_response(error.status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        problems = error.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return error_response(400, "malformed_json", "the body is not valid JSON")
        first = problems[0] if problems else {}
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return error_response(422, "validation_error", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(UnicodeDecodeError)
    def undecodable(error: UnicodeDecodeError) -> Response:
        # Powertools decodes a binary body as UTF-8 before parsing it as JSON; bytes that are not
        # UTF-8 are bad input (400), any other decoding failure is still a defect.
        if not _utf8_body(app.current_event.raw_event):
            return error_response(400, "malformed_json", "the body is not valid UTF-8 JSON")
        return unexpected(error)

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        # A defect, not bad input: logged with its stack, answered in the API's error shape.
        logger.exception("unhandled error")
        return internal_error()

    @app.not_found
    def not_found(_error) -> Response:
        return error_response(404, "not_found", "no such route")

    return app
