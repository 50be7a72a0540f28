"""The local stack serves the console beside the API: /config.json, its pages, and the API still the API."""

from __future__ import annotations

import json

import requests

from tests.e2e.conftest import REPO_ROOT, Api

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_console_api_snapshot_is_the_live_openapi_document(api: Api) -> None:
    # Given the typed client generated from console/openapi.json (make console-api)
    snapshot = json.loads((REPO_ROOT / "console" / "openapi.json").read_text())
    # When the API describes itself
    live = api.get("/openapi.json").json()
    # Then both are the same document: the console and the API cannot drift apart
    assert live == snapshot, "the API changed: run `make console-api` and fix what the type check then reports"


def test_config_json_tells_the_console_where_the_api_and_the_user_pool_are(api: Api) -> None:
    # When the console starts
    response = api.get("/config.json")
    # Then it learns the API (on the origin it was loaded from), the embedded user pool
    assert response.status_code == 200
    config = response.json()
    assert set(config) == {"api_url", "webhook_url", "websocket_url", "user_pool_id", "user_pool_client_id",
                           "cognito_endpoint", "region"}
    assert config["api_url"] == api.base_url
    # and where channels post their events (in AWS the ingest function's URL; here the stack's one address)
    assert config["webhook_url"] == api.base_url
    # and the live updates' WebSocket on the same origin (ws: for http:)
    assert config["websocket_url"] == "ws" + api.base_url.removeprefix("http") + "/live"
    assert config["user_pool_id"].startswith(config["region"] + "_")
    pool = requests.post(
        config["cognito_endpoint"],
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService.DescribeUserPoolClient",
                 "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cognito-idp/aws4_request"},
        data=json.dumps({"UserPoolId": config["user_pool_id"], "ClientId": config["user_pool_client_id"]}),
        timeout=30,
    )
    assert pool.status_code == 200, pool.text


def test_a_browser_navigating_to_a_console_route_gets_the_page_and_api_clients_get_the_api(api: Api) -> None:
    # When a browser opens a bookmarked conversation, and a client calls the same path
    page = api.get("/conversations/conv_123", headers={"Accept": BROWSER_ACCEPT})
    call = api.get("/conversations/conv_123")
    # Then the browser gets the console's HTML and the client the API's answer (no token: 401)
    assert page.status_code in (200, 503) and page.headers["Content-Type"].startswith("text/html")
    assert call.status_code == 401 and call.headers["Content-Type"].startswith("application/json")


def test_the_api_documentation_stays_the_apis(api: Api) -> None:
    # Swagger UI is HTML too, but it is not a console route
    response = api.get("/docs", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_a_path_outside_the_built_console_is_not_served(api: Api) -> None:
    response = api.get("/assets/../../template.yaml", headers={"Accept": BROWSER_ACCEPT})
    assert "AWSTemplateFormatVersion" not in response.text


def test_a_path_no_file_can_have_is_left_to_the_api(api: Api) -> None:
    # A NUL byte or an over-long name cannot name a file: the API answers, never a 500
    for path in ("/agents/%00", "/tags/" + "x" * 5000):
        response = api.get(path)
        assert response.status_code < 500, (path, response.status_code, response.text[:200])
