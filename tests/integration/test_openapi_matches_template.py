"""Every route of template.yaml is described in /openapi.json, and every described route is deployed."""

from __future__ import annotations

import json
import re

from cfnlint.decode import decode

from tests.integration.support import http_event, invoke
from tests.moto_env import ROOT

UNDOCUMENTED = {("GET", "/openapi.json"), ("GET", "/docs")}


def _template_routes() -> set[tuple[str, str]]:
    template, _ = decode(str(ROOT / "template.yaml"))
    routes = set()
    for resource in template["Resources"].values():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            if event.get("Type") == "HttpApi":
                routes.add((event["Properties"]["Method"].upper(), event["Properties"]["Path"]))
    return routes - UNDOCUMENTED


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
