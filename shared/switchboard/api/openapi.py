"""The OpenAPI document of the whole API, and Swagger UI.

The resolver that knows every route is built on the first documentation request, not at
import: the console's cold start then pays only for its own routes.

Powertools infers each operation's parameters, body and success answer from the routes; what
it cannot infer is added here, once: the error answers of API.md (one body for every error,
`api/http.py`) and the bearer token the console routes need.
"""

from __future__ import annotations

import json
import threading

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.compat import model_json
from aws_lambda_powertools.event_handler.openapi.models import OpenAPI
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from switchboard.api.http import JsonHttpResolver

TITLE, VERSION = "Switchboard", "1.0.0"
PUBLIC_PREFIX = "/webhooks/"  # channel webhooks: their signature is the authentication (template.yaml: NONE)
BEARER = "bearerAuth"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        },
    },
}
# API Gateway's JWT authorizer answers a console route without a valid token with its own body.
GATEWAY_UNAUTHORIZED = {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
ERRORS = {  # API.md: the statuses of an error, each with the Error body
    400: "Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made",
    401: "No or bad credentials (console routes) or signature (webhooks)",
    403: "Not allowed for this role or organization",
    404: "Unknown, or belongs to another organization",
    409: "State conflict: already claimed, reply window closed, contact blocked, concurrent update",
    413: "The body is too large",
    422: "Valid JSON, invalid fields",
}
_docs_app = None
_docs_lock = threading.Lock()  # resolvers keep per-request state: one documentation request at a time


def all_routes() -> list:
    from switchboard.api import assignment, catalog, closing, inbox, presence, replies, reports, setup, team, webhooks

    return [
        team.routes(), setup.routes(), inbox.routes(), catalog.routes(), webhooks.routes(), assignment.routes(),
        presence.routes(), replies.routes(), closing.routes(), closing.appeal_routes(), reports.routes(),
    ]


class DocumentedResolver(JsonHttpResolver):
    """Serves /openapi.json and /docs from one document: Powertools' plus errors and authentication."""

    def get_openapi_schema(self, **kwargs) -> OpenAPI:
        generated = json.loads(model_json(super().get_openapi_schema(**kwargs), by_alias=True, exclude_none=True))
        return OpenAPI.model_validate(with_errors_and_auth(generated))


def with_errors_and_auth(document: dict) -> dict:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for replaced in ("HTTPValidationError", "ValidationError"):  # Powertools' 422 body, not ours
        schemas.pop(replaced, None)
    schemas["Error"] = ERROR_SCHEMA
    components["securitySchemes"] = {BEARER: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    for path, operations in document.get("paths", {}).items():
        public = path.startswith(PUBLIC_PREFIX)
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status == 413 and not (public and method == "post"):  # only webhooks limit the body themselves
                    continue
                schema = ERROR_REF if public or status != 401 else {"anyOf": [ERROR_REF, GATEWAY_UNAUTHORIZED]}
                documented = responses.get(str(status))
                if documented is None or "HTTPValidationError" in json.dumps(documented):
                    responses[str(status)] = {"description": description, "content": {"application/json": {"schema": schema}}}
            if not public:
                operation["security"] = [{BEARER: []}]
    return document


def _documentation_app():
    global _docs_app
    if _docs_app is None:
        from switchboard.api.http import make_resolver

        app = make_resolver(*all_routes(), resolver_class=DocumentedResolver)
        app.enable_swagger(path="/docs", title=TITLE, version=VERSION)

        @app.get("/openapi.json", include_in_schema=False)
        def openapi_json():
            return Response(
                status_code=200, content_type="application/json",
                body=app.get_openapi_json_schema(title=TITLE, version=VERSION),
            )

        _docs_app = app
    return _docs_app


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    def delegate() -> Response:
        with _docs_lock:
            result = _documentation_app().resolve(router.current_event.raw_event, router.lambda_context)
        headers = result.get("headers") or {}
        return Response(
            status_code=result["statusCode"],
            content_type=headers.get("Content-Type", "application/json"),
            body=result.get("body", ""),
        )

    @router.get("/openapi.json", include_in_schema=False)
    def openapi_json():
        return delegate()

    @router.get("/docs", include_in_schema=False)
    def docs():
        return delegate()

    return router
