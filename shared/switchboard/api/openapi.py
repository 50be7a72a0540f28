"""The OpenAPI document of the whole API, and Swagger UI.

The resolver that knows every route is built on the first documentation request, not at
import: the console's cold start then pays only for its own routes.
"""

from __future__ import annotations

import threading

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

TITLE, VERSION = "Switchboard", "1.0.0"
_docs_app = None
_docs_lock = threading.Lock()  # resolvers keep per-request state: one documentation request at a time


def all_routes() -> list:
    from switchboard.api import assignment, catalog, closing, inbox, presence, replies, setup, team, webhooks

    return [
        team.routes(), setup.routes(), inbox.routes(), catalog.routes(), webhooks.routes(), assignment.routes(),
        presence.routes(), replies.routes(), closing.routes(), closing.appeal_routes(),
    ]


def _documentation_app():
    global _docs_app
    if _docs_app is None:
        from switchboard.api.http import make_resolver

        app = make_resolver(*all_routes())
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
