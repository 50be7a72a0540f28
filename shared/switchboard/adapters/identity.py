"""Agents' sign-in accounts in the Cognito user pool: username = agent id, custom:org_id = organization."""

from __future__ import annotations

from switchboard.adapters.aws import client


class UserDirectory:
    def __init__(self, user_pool_id: str) -> None:
        self._pool = user_pool_id

    def create_user(self, org_id: str, agent_id: str, email: str) -> None:
        client("cognito-idp").admin_create_user(
            UserPoolId=self._pool,
            Username=agent_id,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "custom:org_id", "Value": org_id},
            ],
            MessageAction="SUPPRESS",
        )
