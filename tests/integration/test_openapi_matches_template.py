"""Every route of template.yaml is described in /openapi.json, and every described route is deployed."""

from __future__ import annotations

import json
import re

from cfnlint.decode import decode

from tests.integration.support import http_event, invoke
from tests.moto_env import ROOT

UNDOCUMENTED = {("GET", "/openapi.json"), ("GET", "/docs")}


def _route_events(template: dict) -> list[dict]:
    """The template's HttpApi routes; not the $default route (no Path): it is no operation of the API."""
    return [event for resource in template["Resources"].values()
            for event in (resource.get("Properties", {}).get("Events") or {}).values()
            if event.get("Type") == "HttpApi" and "Path" in event["Properties"]]


def _template_routes() -> set[tuple[str, str]]:
    template, _ = decode(str(ROOT / "template.yaml"))
    return {(e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in _route_events(template)} - UNDOCUMENTED


def test_the_openapi_document_and_the_template_name_the_same_routes(aws, clock):
    # Given the deployed routes of the template
    deployed = _template_routes()

    # When the console serves the OpenAPI document
    response = invoke("console", http_event("GET", "/openapi.json"))
    assert response["statusCode"] == 200
    paths = json.loads(response["body"])["paths"]
    described = {(method.upper(), re.sub(r"\{(\w+)\}", r"{\1}", path)) for path, ops in paths.items() for method in ops}

    # Then they are the same set
    assert deployed - described == set(), "deployed but not described"
    assert described - deployed == set(), "described but not deployed"


def test_the_document_asks_for_the_token_where_the_template_does_and_documents_the_error_body(aws, clock):
    # Given the routes the template leaves public (a channel's signature is their authentication)
    template, _ = decode(str(ROOT / "template.yaml"))
    public = {(e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in _route_events(template)
              if (e["Properties"].get("Auth") or {}).get("Authorizer") == "NONE"}

    # When the console serves the OpenAPI document
    document = json.loads(invoke("console", http_event("GET", "/openapi.json"))["body"])
    operations = {(m.upper(), p): op for p, ops in document["paths"].items() for m, op in ops.items()}

    # Then exactly the other routes need the bearer token
    bearer = {key for key, op in operations.items() if op.get("security") == [{"bearerAuth": []}]}
    assert bearer == set(operations) - public
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    # And every operation's errors are the API's {"error": {"code", "message"}}, not Powertools' 422 body
    error = {"$ref": "#/components/schemas/Error"}
    for key, op in operations.items():
        for status in ("400", "401", "403", "404", "409", "422"):
            schema = op["responses"][status]["content"]["application/json"]["schema"]
            assert schema == error or error in schema.get("anyOf", []), (key, status)
    assert "HTTPValidationError" not in json.dumps(document)
    assert document["components"]["schemas"]["Error"]["required"] == ["error"]


def test_every_operation_has_a_summary_and_documents_its_success_body_in_json_schema_terms(aws, clock):
    # Given the OpenAPI document the console serves
    document = json.loads(invoke("console", http_event("GET", "/openapi.json"))["body"])
    operations = {(m.upper(), p): op for p, ops in document["paths"].items() for m, op in ops.items()}

    # Then every operation says what it does and what its success answer holds
    for key, op in operations.items():
        assert op.get("summary"), key
        successes = {status: answer for status, answer in op["responses"].items() if status.startswith("2")}
        assert len(successes) == 1, key
        (answer,) = successes.values()
        (media,) = answer["content"].values()
        assert media["schema"], key
    # And every constraint is JSON Schema's word for it, not pydantic's (a client would ignore "ge")
    assert not re.search(r'"(ge|le|gt|lt)":', json.dumps(document))
    assert "$default" not in document["paths"]
