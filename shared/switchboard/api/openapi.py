"""The OpenAPI document of the whole API, and Swagger UI.

The resolver that knows every route is built on the first documentation request, not at
import: the console's cold start then pays only for its own routes.

Powertools infers each operation's parameters, body and answers from the routes (their request
and response models, api/responses.py); what it cannot infer is added here, once: the error
answers of API.md (one body for every error, `api/http.py`), the bearer token the console routes
need, the bound every path parameter has (`refusal` in api/http.py enforces it), and what the
webhooks read themselves, after their signature: their headers and bodies (described, not
validated by Powertools, so an unsigned body is a 401 before anything parses it).
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from switchboard.api.http import MAX_ID_CHARS, JsonHttpResolver
from switchboard.models import SIGNED_CHANNELS

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.openapi.models import OpenAPI

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
    409: "State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, "
         "concurrent update",
    413: "The body is too large",
    422: "Valid JSON, invalid fields",
}


@lru_cache(maxsize=1)
def _webhook_documents() -> tuple[dict, dict]:
    """What each webhook reads from its body once the signature over the raw bytes holds (channels/*.py), and the
    headers it needs: built with the documentation, so the console's cold start does not import the channels."""
    from switchboard.channels import messenger, signed, zalo

    ident = {"type": "string", "minLength": 1, "maxLength": 256}
    text = {"type": ["string", "number", "boolean"], "description": "a customer's text; a number is kept as written"}
    attachments = {"type": "array", "items": {"type": "object", "properties": {
        "type": {"type": "string"}, "payload": {"type": "object", "properties": {"url": {"type": "string"}}}}}}
    bodies = {
        "/webhooks/zalo": {"type": "object", "required": ["event_name", "recipient", "timestamp"], "properties": {
            "event_name": {"type": "string", "description": "user_send_text, user_send_image, ...; others are acknowledged"},
            "timestamp": {"type": ["string", "integer"], "description": "milliseconds; part of the signature"},
            "sender": {"type": "object", "required": ["id"], "properties": {"id": ident}},
            "recipient": {"type": "object", "required": ["id"], "properties": {"id": ident}},
            "message": {"type": "object", "properties": {"msg_id": ident, "text": text, "attachments": attachments}},
        }},
        "/webhooks/messenger": {"type": "object", "required": ["entry"], "properties": {
            "object": {"type": "string"},
            "entry": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["id"], "properties": {
                "id": ident, "messaging": {"type": "array", "items": {"type": "object", "properties": {
                    "sender": {"type": "object", "properties": {"id": ident}},
                    "timestamp": {"type": "integer"},
                    "message": {"type": "object", "properties": {
                        "mid": ident, "text": text, "is_echo": {"type": "boolean"}, "attachments": attachments}},
                }}},
            }}},
        }},
        "/webhooks/{channel}/{connection_id}": {"type": "object", "required": ["contact", "sent_at"], "properties": {
            "event_id": ident,
            "type": {"type": "string", "enum": list(signed.EVENT_KINDS)},
            "contact": {"type": "object", "required": ["id"], "properties": {
                "id": ident, "name": text, "store_name": text, "store_url": text, "language": text}},
            "entry": {"type": "object", "properties": {"group": text, "page": text}},
            "message": {"type": "object", "properties": {
                "id": ident, "text": text, "attachments": {"type": "array", "items": {"type": "object", "properties": {
                    "type": {"type": "string"}, "url": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]}}}}}},
            "ticket": {"type": ["object", "null"], "properties": {
                "id": text, "category": {"type": ["string", "null"], "enum": [*signed.CATEGORIES, None]},
                "issue_type": text, "region": text, "order": {"type": ["object", "null"]}}},
            "rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
            "work_items": {"type": "array", "maxItems": signed.MAX_WORK_ITEMS_PER_EVENT, "items": {
                "type": "object", "required": ["id", "type"], "properties": {
                    "id": {"type": "string", "maxLength": signed.WORK_ITEM_ID_CHARS},
                    "type": {"type": "string", "enum": list(signed.WORK_ITEM_TYPES)},
                    "status": {"type": "string", "enum": list(signed.WORK_ITEM_STATUSES)}}}},
            "sent_at": {"type": "string", "description": "ISO 8601"},
        }},
    }
    headers = {
        "/webhooks/zalo": {zalo.SIGNATURE_HEADER: "mac=<hex sha256(app_id + raw body + timestamp + OA secret key)>"},
        "/webhooks/messenger": {messenger.SIGNATURE_HEADER: "sha256=<hex HMAC-SHA256(app secret, raw body)>"},
        "/webhooks/{channel}/{connection_id}": {
            signed.SIGNATURE_HEADER: "sha256=<hex HMAC-SHA256(signing secret, timestamp + \".\" + raw body)>",
            signed.TIMESTAMP_HEADER: "unix seconds; older than 5 minutes is refused",
        },
    }
    return bodies, headers


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
        # Imported here: building Powertools' OpenAPI models is most of a cold start's import time,
        # and only a documentation request needs them.
        from aws_lambda_powertools.event_handler.openapi.compat import model_json
        from aws_lambda_powertools.event_handler.openapi.models import OpenAPI

        generated = json.loads(model_json(super().get_openapi_schema(**kwargs), by_alias=True, exclude_none=True))
        return OpenAPI.model_validate(with_errors_and_auth(generated))


def _described_webhook(path: str, method: str, operation: dict) -> None:
    bodies, headers = _webhook_documents()
    if method != "post" or path not in bodies:
        return
    operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": bodies[path]}}}
    operation.setdefault("parameters", []).extend(
        {"name": name, "in": "header", "required": True, "description": what, "schema": {"type": "string"}}
        for name, what in headers[path].items()
    )


def _bounded_path_parameters(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path":
            continue
        if parameter["name"] == "channel":  # /webhooks/{channel}/{connection_id}: the signed channels
            parameter["schema"] = {"type": "string", "enum": [c.value for c in SIGNED_CHANNELS]}
        else:
            parameter["schema"] = {**parameter.get("schema", {}), "minLength": 1, "maxLength": MAX_ID_CHARS}


def with_errors_and_auth(document: dict) -> dict:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for replaced in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):  # Powertools' 422 (and 500) body, not ours
        schemas.pop(replaced, None)
    schemas["Error"] = ERROR_SCHEMA
    components["securitySchemes"] = {BEARER: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    for path, operations in document.get("paths", {}).items():
        public = path.startswith(PUBLIC_PREFIX)
        for method, operation in operations.items():
            _described_webhook(path, method, operation)
            _bounded_path_parameters(operation)
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status == 413 and "requestBody" not in operation:  # every body is bounded (api/http.py)
                    continue
                schema = ERROR_REF if public or status != 401 else {"anyOf": [ERROR_REF, GATEWAY_UNAUTHORIZED]}
                documented = responses.get(str(status))
                if documented is None or "ValidationError" in json.dumps(documented):
                    responses[str(status)] = {"description": description, "content": {"application/json": {"schema": schema}}}
            # Powertools documents a 500 for answers that miss their model (api/http.py): a defect of ours.
            if "ValidationError" in json.dumps(responses.get("500", "")):
                responses["500"] = {"description": "A defect of ours, logged", "content": {"application/json": {"schema": ERROR_REF}}}
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
