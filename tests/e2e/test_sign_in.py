"""Issue 10, point 10: people sign in with their email. `POST /agents` invites the person through the
user pool's own invitation; the first sign-in with its temporary password asks for a new one."""

from __future__ import annotations

import base64
import json
import re
import uuid

import boto3
import pytest

# What a browser's <input type="email"> accepts (the HTML living standard's "valid e-mail address").
BROWSER_EMAIL = re.compile(
    r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$"
)
TEMPORARY_PASSWORD = re.compile(r"^Temporary password: (\S+)$", re.MULTILINE)
NEW_PASSWORD = "Chosen-Passw0rd!"


@pytest.fixture
def cognito(local_stack):
    """The embedded user pool's own API, as the console's sign-in page calls it."""
    return boto3.client("cognito-idp", endpoint_url=local_stack.aws, region_name="us-east-1",
                        aws_access_key_id="unused", aws_secret_access_key="unused")


@pytest.fixture
def org(api):
    created = api.post("/_local/orgs", json={"name": f"Sign-in shop {uuid.uuid4().hex[:6]}"})
    assert created.status_code == 201, created.text
    return created.json()


def _client_id(token: str) -> str:
    """The app client the console signs in with: the audience of the tokens the stack issues."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["aud"]


def _sign_in(cognito, client_id: str, email: str, password: str) -> dict:
    return cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                 AuthParameters={"USERNAME": email, "PASSWORD": password})


def _invitations(api, email: str) -> list[dict]:
    return [e for e in api.get("/_local/emails").json()["items"] if e["to"] == [email]]


def test_the_local_owner_signs_in_with_the_email_and_password_the_stack_answers(api, cognito, org):
    owner = org["owner"]
    # Then the owner's address is one a browser's email field accepts
    assert BROWSER_EMAIL.match(owner["email"]), owner["email"]
    # And signing in with it and the password gives an ID token that opens the console
    signed_in = _sign_in(cognito, _client_id(owner["token"]), owner["email"], owner["password"])
    me = api.get("/me", token=signed_in["AuthenticationResult"]["IdToken"])
    assert me.status_code == 200, me.text
    assert (me.json()["agent_id"], me.json()["email"], me.json()["role"]) == (owner["agent_id"], owner["email"], "owner")


def test_an_invited_agent_signs_in_with_the_emailed_temporary_password_then_their_own(api, cognito, org):
    client_id = _client_id(org["owner"]["token"])
    email = f"lan-{uuid.uuid4().hex[:6]}@lan-shop.example"
    # When the owner adds Lan
    added = api.post("/agents", json={"email": email, "nickname": "Lan"}, token=org["owner"]["token"])
    assert added.status_code == 201, added.text
    # Then Lan receives one invitation holding a temporary password
    invitations = _invitations(api, email)
    assert len(invitations) == 1, invitations
    temporary = TEMPORARY_PASSWORD.search(invitations[0]["body"])
    assert temporary, invitations[0]["body"]
    # And signing in with it asks for a new password
    first = _sign_in(cognito, client_id, email, temporary.group(1))
    assert first["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    # When Lan chooses one
    answered = cognito.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=first["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": NEW_PASSWORD},
    )
    # Then the ID token opens the console as Lan
    me = api.get("/me", token=answered["AuthenticationResult"]["IdToken"])
    assert me.status_code == 200, me.text
    assert (me.json()["agent_id"], me.json()["email"]) == (added.json()["agent_id"], email)
    # And the next sign-in takes the new password straight to tokens
    again = _sign_in(cognito, client_id, email, NEW_PASSWORD)
    assert api.get("/me", token=again["AuthenticationResult"]["IdToken"]).status_code == 200


def test_an_email_already_used_is_refused_and_nothing_is_stored(api, org, shop_owner_of_another_org):
    email = f"mai-{uuid.uuid4().hex[:6]}@mai-shop.example"
    owner = org["owner"]["token"]
    assert api.post("/agents", json={"email": email, "nickname": "Mai"}, token=owner).status_code == 201
    team_before = api.get("/agents", token=owner).json()["items"]
    # When the same address, in any case, is added again here or in another organization
    again = api.post("/agents", json={"email": email.upper(), "nickname": "Mai 2"}, token=owner)
    elsewhere = api.post("/agents", json={"email": email, "nickname": "Mai"}, token=shop_owner_of_another_org)
    # Then both are 409 email_taken: one email is one person of one organization
    for response in (again, elsewhere):
        assert (response.status_code, response.json()["error"]["code"]) == (409, "email_taken"), response.text
    # And nothing was stored or sent: no new agent, no second invitation
    assert api.get("/agents", token=owner).json()["items"] == team_before
    assert len(api.get("/agents", token=shop_owner_of_another_org).json()["items"]) == 1
    assert len(_invitations(api, email)) == 1


@pytest.fixture
def shop_owner_of_another_org(api) -> str:
    created = api.post("/_local/orgs", json={"name": f"Other shop {uuid.uuid4().hex[:6]}"})
    assert created.status_code == 201, created.text
    return created.json()["owner"]["token"]
