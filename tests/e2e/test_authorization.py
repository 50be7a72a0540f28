"""Issue 4, point 7: every console route of template.yaml, table-driven: 401 without a valid token,
404 for another organization's ids, 403 for a role without the right."""

from __future__ import annotations

import re

import pytest
from cfnlint.decode import decode

from tests.e2e.conftest import REPO_ROOT
from tests.e2e.shop import Shop

# A body each route accepts, so that authorization, not validation, decides the answer.
BODIES = {
    ("POST", "/agents"): {"email": "x@example.com", "nickname": "x"},
    ("PATCH", "/agents/{agent_id}"): {"capacity": 3},
    ("PUT", "/me/status"): {"accepting": True},
    ("POST", "/me/presence"): {"online": True},
    ("PATCH", "/settings"): {"fallback_agent_id": None},
    ("POST", "/connections"): {"channel": "web", "name": "w", "external_id": "w-x", "credentials": {"signing_secret": "s"}},
    ("PATCH", "/connections/{connection_id}"): {"name": "renamed"},
    ("POST", "/rules"): {"name": "r", "sources": [], "members": []},
    ("PATCH", "/rules/{rule_id}"): {"name": "renamed"},
    ("POST", "/tags"): {"name": "t-new"},
    ("PATCH", "/tags/{tag_id}"): {"name": "t-renamed"},
    ("POST", "/templates"): {"name": "tp", "texts": {"en": "hi"}},
    ("POST", "/conversations/{conversation_id}/messages"): {"text": "hi"},
    ("POST", "/conversations/{conversation_id}/assign"): {"agent_id": "{agent_id}"},
    ("POST", "/conversations/{conversation_id}/transfer"): {"agent_id": "{agent_id}"},
    ("POST", "/conversations/{conversation_id}/close"): {"reason": "resolved"},
    ("POST", "/conversations/{conversation_id}/appeal"): {"note": "please"},
    ("POST", "/conversations/{conversation_id}/decline"): {"text": "sorry"},
    ("POST", "/uploads"): {"file_name": "a.jpg", "content_type": "image/jpeg", "size": 10},
    ("POST", "/translate"): {"text": "hi", "target_language": "vi"},
}
# Routes only owners and supervisors may use.
MANAGERS_ONLY = {
    ("POST", "/agents"), ("PATCH", "/agents/{agent_id}"), ("PATCH", "/settings"), ("POST", "/connections"),
    ("PATCH", "/connections/{connection_id}"), ("DELETE", "/connections/{connection_id}"),
    ("POST", "/rules"), ("PATCH", "/rules/{rule_id}"), ("DELETE", "/rules/{rule_id}"), ("POST", "/templates"),
}
# Routes every member may use whatever their role (seed 000: every member creates, renames and deletes tags).
EVERY_MEMBER = {("POST", "/tags"), ("PATCH", "/tags/{tag_id}"), ("DELETE", "/tags/{tag_id}")}
# Actions an agent may take only on their own (or unassigned) conversations.
ON_OWN_CONVERSATIONS = {
    ("POST", "/conversations/{conversation_id}/messages"), ("POST", "/conversations/{conversation_id}/assign"),
    ("POST", "/conversations/{conversation_id}/transfer"), ("POST", "/conversations/{conversation_id}/end"),
    ("POST", "/conversations/{conversation_id}/close"), ("POST", "/conversations/{conversation_id}/appeal"),
    ("POST", "/conversations/{conversation_id}/decline"), ("POST", "/conversations/{conversation_id}/read"),
    ("PUT", "/conversations/{conversation_id}/flag"), ("DELETE", "/conversations/{conversation_id}/flag"),
    ("PUT", "/conversations/{conversation_id}/tags/{tag_id}"), ("DELETE", "/conversations/{conversation_id}/tags/{tag_id}"),
    ("POST", "/contacts/{contact_id}/block"), ("POST", "/conversations/{conversation_id}/messages/{message_id}/retry"),
}


def console_routes() -> list[tuple[str, str]]:
    template, _ = decode(str(REPO_ROOT / "template.yaml"))
    routes = []
    for resource in template["Resources"].values():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            props = event.get("Properties", {})
            if event.get("Type") == "HttpApi" and "Auth" not in props:  # the JWT authorizer is the default
                routes.append((props["Method"].upper(), props["Path"]))
    return sorted(routes)


ROUTES = console_routes()


@pytest.fixture(scope="module")
def orgs(stack_url):
    """Organization A with one of everything (An holds a conversation; Binh is a plain agent), and B."""
    from tests.e2e.conftest import Api

    api = Api(stack_url)
    a = Shop(api, ["An", "Binh"])
    conn = a.shared(["An"])
    conversation_id = a.write(conn)
    rule_id = api.get("/rules", token=a.owner).json()["items"][0]["rule_id"]
    tag_id = api.post("/tags", json={"name": "auth-tag"}, token=a.owner).json()["tag_id"]
    contact_id = a.conversation(conversation_id)["contact"]["contact_id"]
    message_id = api.get(f"/conversations/{conversation_id}/messages", token=a.owner).json()["items"][0]["message_id"]
    ids = {"conversation_id": conversation_id, "agent_id": a.id("An"), "connection_id": conn["connection_id"],
           "rule_id": rule_id, "tag_id": tag_id, "contact_id": contact_id, "message_id": message_id}
    return a, Shop(api, []), ids


def _call(api, method, path, ids, token):
    url = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)
    body = BODIES.get((method, path))
    if body is not None:
        body = {k: (ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    return api.request(method, url, json=body, token=token)


@pytest.mark.parametrize("method,path", ROUTES)
def test_without_a_valid_token_every_console_route_is_401(api, orgs, method, path):
    a, _, ids = orgs
    for token in (None, "not-a-jwt"):
        response = _call(api, method, path, ids, token)
        assert response.status_code == 401, (method, path, token, response.text)
        assert response.json()["error"]["code"]


@pytest.mark.parametrize("method,path", [r for r in ROUTES if "{" in r[1]])
def test_another_organizations_ids_are_404(api, orgs, method, path):
    _, b, ids = orgs
    response = _call(api, method, path, ids, b.owner)
    assert response.status_code == 404, (method, path, response.text)
    assert response.json()["error"]["code"]


@pytest.mark.parametrize("method,path", sorted(MANAGERS_ONLY | ON_OWN_CONVERSATIONS))
def test_a_role_without_the_right_is_403(api, orgs, method, path):
    a, _, ids = orgs
    response = _call(api, method, path, ids, a.token("Binh"))  # an agent; the conversation is An's
    assert response.status_code == 403, (method, path, response.text)
    assert response.json()["error"]["code"]


def test_an_agent_may_use_the_routes_open_to_every_member(api, orgs):
    # Given Binh, a plain agent / When they create a tag, then rename and delete it
    a, _, ids = orgs
    created = _call(api, "POST", "/tags", ids, a.token("Binh"))
    assert created.status_code == 201, created.text
    own = {**ids, "tag_id": created.json()["tag_id"]}
    later = sorted(EVERY_MEMBER - {("POST", "/tags")}, key=lambda route: route[0] == "DELETE")
    # Then each is allowed
    for method, path in later:
        response = _call(api, method, path, own, a.token("Binh"))
        assert response.status_code == 200, (method, path, response.text)


def test_every_route_of_the_tables_is_deployed():
    deployed = set(ROUTES)
    assert MANAGERS_ONLY | ON_OWN_CONVERSATIONS | EVERY_MEMBER <= deployed
    assert not MANAGERS_ONLY & EVERY_MEMBER
    assert set(BODIES) <= deployed
