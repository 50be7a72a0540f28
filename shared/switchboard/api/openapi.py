"""The OpenAPI document of the whole API, and Swagger UI."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response


def all_routes() -> list:
    from switchboard.api import assignment, closing, inbox, presence, replies, setup, team, webhooks

    return [
        team.routes(), setup.routes(), inbox.routes(), webhooks.routes(), assignment.routes(),
        presence.routes(), replies.routes(), closing.routes(), closing.appeal_routes(),
    ]


def add_documentation(app):
    app.enable_swagger(path="/docs", title="Switchboard", version="1.0.0")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_json():
        return Response(
            status_code=200,
            content_type="application/json",
            body=app.get_openapi_json_schema(title="Switchboard", version="1.0.0"),
        )

    return app
