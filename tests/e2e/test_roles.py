"""Issue 10, point 1: only owners change roles or make owners; an organization keeps an owner; a
token naming no agent of its organization is refused (401) before anything looks at the request."""

from __future__ import annotations

import base64
import json
import time
import uuid

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from moto.utilities.utils import load_resource

from tests.e2e.shop import Shop


def _patch(api, shop: Shop, token: str, nickname_or_id: str, **fields):
    agent_id = shop.team.agents[nickname_or_id]["agent_id"] if nickname_or_id in shop.team.agents else nickname_or_id
    return api.patch(f"/agents/{agent_id}", json=fields, token=token)


def _owner_id(api, shop: Shop) -> str:
    return api.get("/me", token=shop.owner).json()["agent_id"]


def _roles(api, shop: Shop) -> dict[str, str]:
    return {a["agent_id"]: a["role"] for a in api.get("/agents", token=shop.owner).json()["items"]}


@pytest.fixture
def shop(api):
    """An owner, a supervisor (Sam) and two agents (An, Binh)."""
    shop = Shop(api, ["Sam", "An", "Binh"], online=False)
    assert _patch(api, shop, shop.owner, "Sam", role="supervisor").status_code == 200
    return shop


def test_a_supervisor_cannot_make_anyone_an_owner(api, shop):
    # When the supervisor promotes themselves, or an agent, to owner
    themselves = _patch(api, shop, shop.token("Sam"), "Sam", role="owner")
    an_agent = _patch(api, shop, shop.token("Sam"), "An", role="owner")
    # Then both are refused, and nobody's role changed
    assert (themselves.status_code, themselves.json()["error"]["code"]) == (403, "forbidden"), themselves.text
    assert (an_agent.status_code, an_agent.json()["error"]["code"]) == (403, "forbidden"), an_agent.text
    roles = _roles(api, shop)
    assert roles[shop.id("Sam")] == "supervisor" and roles[shop.id("An")] == "agent"
    # Nor can they add an owner
    added = api.post("/agents", json={"email": f"boss-{uuid.uuid4().hex[:6]}@shop.example", "nickname": "Boss",
                                      "role": "owner"}, token=shop.token("Sam"))
    assert added.status_code == 403, added.text


def test_a_supervisor_changes_no_role_and_no_owner_but_manages_the_others_fields(api, shop):
    owner_id = _owner_id(api, shop)
    # When the supervisor demotes the owner, promotes an agent to supervisor, or demotes themselves
    for target, role in ((owner_id, "agent"), ("An", "supervisor"), ("Sam", "agent")):
        response = _patch(api, shop, shop.token("Sam"), target, role=role)
        assert response.status_code == 403, (target, role, response.text)
    # Nor may they change the owner's other fields
    assert _patch(api, shop, shop.token("Sam"), owner_id, capacity=1).status_code == 403
    # But they still manage agents' and their own other fields (the role they already have may be resent)
    an = _patch(api, shop, shop.token("Sam"), "An", capacity=4, nickname="An N.", role="agent")
    sam = _patch(api, shop, shop.token("Sam"), "Sam", weight=3)
    assert an.status_code == 200 and (an.json()["capacity"], an.json()["nickname"]) == (4, "An N."), an.text
    assert sam.status_code == 200 and sam.json()["weight"] == 3, sam.text
    assert _roles(api, shop) == {owner_id: "owner", shop.id("Sam"): "supervisor", shop.id("An"): "agent",
                                 shop.id("Binh"): "agent"}


def test_the_only_owner_cannot_step_down_until_another_owner_exists(api, shop):
    owner_id = _owner_id(api, shop)
    # When the only owner demotes themselves
    alone = _patch(api, shop, shop.owner, owner_id, role="supervisor")
    # Then it is refused: the organization would have no owner
    assert (alone.status_code, alone.json()["error"]["code"]) == (409, "last_owner"), alone.text
    # When they first make An an owner, then step down
    promoted = _patch(api, shop, shop.owner, "An", role="owner")
    stepped_down = _patch(api, shop, shop.owner, owner_id, role="supervisor")
    # Then both succeed, and An, now the only owner, cannot step down in turn
    assert promoted.status_code == 200 and promoted.json()["role"] == "owner", promoted.text
    assert stepped_down.status_code == 200 and stepped_down.json()["role"] == "supervisor", stepped_down.text
    assert _patch(api, shop, shop.token("An"), "An", role="agent").json()["error"]["code"] == "last_owner"
    # And the former owner, now a supervisor, may no longer change roles
    assert _patch(api, shop, shop.owner, "Binh", role="supervisor").status_code == 403


def test_an_owner_may_add_an_owner_who_counts_as_one(api, shop):
    # Given a second owner added by the owner
    added = api.post("/agents", json={"email": f"co-{uuid.uuid4().hex[:6]}@shop.example", "nickname": "Co",
                                      "role": "owner"}, token=shop.owner)
    assert added.status_code == 201, added.text
    # When the first owner steps down
    response = _patch(api, shop, shop.owner, _owner_id(api, shop), role="agent")
    # Then the organization still has an owner, so it is allowed
    assert response.status_code == 200, response.text


# ---------------------------------------------------------------- tokens naming no agent

def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _forged(like: str, **claims) -> str:
    """A token signed with the embedded user pool's own key (moto's published one), so the
    authorizer accepts it, with claims of our choosing."""
    key = RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
    now = int(time.time())
    return jwt.encode({"kid": "dummy", "alg": "RS256"}, {**_claims(like), "iat": now, "exp": now + 600, **claims}, key)


# Invalid bodies and queries: with a known agent each answers 400 or 422.
INVALID_REQUESTS = [
    ("POST", "/agents", {"nickname": 7}),
    ("PATCH", "/agents/{agent_id}", {"capacity": -1}),
    ("PATCH", "/settings", {"sla": "soon"}),
    ("POST", "/tags", {}),
    ("POST", "/rules", {"name": "r", "method": "random"}),
    ("PUT", "/me/status", {"accepting": "maybe"}),
    ("POST", "/me/presence", {}),
    ("POST", "/conversations/{conversation_id}/messages", {"text": ["no"]}),
    ("POST", "/conversations/{conversation_id}/close", {"refund_item_ids": "x"}),
    ("POST", "/conversations/{conversation_id}/appeal", {}),
    ("POST", "/uploads", {"size": "big"}),
    ("GET", "/conversations?limit=0", None),
    ("GET", "/reports/service?days=0", None),
]


@pytest.mark.parametrize("method,path,body", INVALID_REQUESTS)
def test_a_token_naming_no_agent_of_its_organization_is_401_before_validation(api, shop, method, path, body):
    ids = {"agent_id": shop.id("An"), "conversation_id": "cv_" + uuid.uuid4().hex[:20]}
    url = path.format(**ids)
    # Given the owner's real token: the invalid request is refused for what it says
    known = api.request(method, url, json=body, token=shop.owner)
    assert known.status_code in (400, 422), known.text
    # When the same request carries a well-signed token naming an agent that does not exist,
    # or a real agent of the organization under another organization's id
    nobody = {name: f"ag_{uuid.uuid4().hex[:16]}" for name in ("custom:agent_id", "cognito:username", "sub")}
    for claims in ({**nobody, "email": f"nobody-{uuid.uuid4().hex[:6]}@shop.example"},
                   {"custom:org_id": f"org_{uuid.uuid4().hex[:16]}"}):
        forged = _forged(shop.owner, **claims)
        response = api.request(method, url, json=body, token=forged)
        # Then it is 401, before any validation
        assert response.status_code == 401, (method, path, claims, response.text)
        assert response.json()["error"]["code"] == "unauthorized"


def test_a_forged_token_naming_a_real_agent_is_accepted(api, shop):
    # The forgery itself is sound: the same key and claims name the owner, and are accepted
    assert api.get("/me", token=_forged(shop.owner)).status_code == 200
