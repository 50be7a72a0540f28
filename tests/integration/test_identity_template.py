"""The user pool as template.yaml deploys it. moto enforces none of this (a client's Write- and
ReadAttributes, IAM), so the template itself is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def resources() -> dict:
    template, problems = decode(str(ROOT / "template.yaml"))
    assert not problems, problems
    return template["Resources"]


def _of_type(resources: dict, kind: str) -> list[dict]:
    return [r["Properties"] for r in resources.values() if r["Type"] == kind]


def test_no_user_can_write_the_attributes_that_name_their_agent(resources):
    # Without WriteAttributes a user may write every attribute with their own access token,
    # custom:agent_id and custom:org_id included, and so name another agent in their next token.
    for client in _of_type(resources, "AWS::Cognito::UserPoolClient"):
        writable = client.get("WriteAttributes")
        assert writable, "WriteAttributes must be pinned (a missing or empty list lets users write the defaults)"
        assert not [a for a in writable if a.startswith("custom:") or a.startswith("dev:")], writable
        assert "email" not in writable, "the sign-in email is set by managers, not by its user"


def test_tokens_carry_the_agent_and_organization_which_never_change(resources):
    (pool,) = _of_type(resources, "AWS::Cognito::UserPool")
    custom = {a["Name"]: a for a in pool["Schema"] if a["Name"] in ("agent_id", "org_id")}
    assert set(custom) == {"agent_id", "org_id"}
    assert all(a.get("Mutable") is False for a in custom.values())
    for client in _of_type(resources, "AWS::Cognito::UserPoolClient"):
        assert {"custom:agent_id", "custom:org_id"} <= set(client["ReadAttributes"])


def test_people_sign_in_with_their_email_and_are_invited_with_a_temporary_password(resources):
    (pool,) = _of_type(resources, "AWS::Cognito::UserPool")
    assert pool["UsernameAttributes"] == ["email"]
    invitation = pool["AdminCreateUserConfig"]["InviteMessageTemplate"]["EmailMessage"]
    assert re.search(r"^Temporary password: \{####\}$", invitation, re.MULTILINE), invitation
    assert "{username}" in invitation  # Cognito refuses an invitation template without it
    for client in _of_type(resources, "AWS::Cognito::UserPoolClient"):
        assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]


def _granted_cognito_actions(resources: dict) -> set[str]:
    granted = set()
    for function in _of_type(resources, "AWS::Serverless::Function"):
        for policy in function.get("Policies", []):
            for statement in policy.get("Statement", []) if isinstance(policy, dict) else []:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                granted |= {a.split(":", 1)[1] for a in actions if a.startswith("cognito-idp:")}
    return granted


def _called_cognito_operations() -> set[str]:
    called = set()
    for source in (ROOT / "shared").rglob("*.py"):
        for operation in re.findall(r'client\("cognito-idp"\)\.(\w+)\(', source.read_text()):
            called.add("".join(part.title() for part in operation.split("_")))
    return called


def test_functions_may_call_exactly_the_cognito_operations_the_code_calls(resources):
    assert _called_cognito_operations() == {"AdminCreateUser", "AdminDeleteUser"}
    assert _granted_cognito_actions(resources) == _called_cognito_operations()


def test_the_console_signs_in_from_the_browser_straight_against_the_pool(resources):
    # console/src/features/auth/api/cognito.ts: InitiateAuth USER_PASSWORD_AUTH, RespondToAuthChallenge
    # NEW_PASSWORD_REQUIRED, InitiateAuth REFRESH_TOKEN_AUTH, unsigned and without a SECRET_HASH.
    (client,) = _of_type(resources, "AWS::Cognito::UserPoolClient")
    assert client["GenerateSecret"] is False, "a browser cannot keep a client secret"
    assert {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"} <= set(client["ExplicitAuthFlows"])
    # The sign-in page must not tell who has an account: an unknown email answers as a wrong password does.
    assert client["PreventUserExistenceErrors"] == "ENABLED"
