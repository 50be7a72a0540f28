"""People's sign-in accounts in the Cognito user pool.

A person signs in with their email (the pool's username attribute, unique in the pool). Which agent
of which organization they are is in `custom:agent_id` and `custom:org_id`: written here by the
administrator at creation, readable by the app client, writable by no user (template.yaml pins the
client's WriteAttributes), so the ID token's claims can be trusted for both.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from switchboard.adapters.aws import client
from switchboard.errors import EmailTaken, InvalidFields

# Cognito's answers when the email already belongs to someone in the pool.
_TAKEN = {"UsernameExistsException", "AliasExistsException"}


class UserDirectory:
    def __init__(self, user_pool_id: str) -> None:
        self._pool = user_pool_id

    def invite(self, org_id: str, agent_id: str, email: str) -> str:
        """Create the person's account; the pool emails them a temporary password (its invitation
        template) and asks for a new one at their first sign-in. Answers the account's user name."""
        try:
            created = client("cognito-idp").admin_create_user(
                UserPoolId=self._pool,
                Username=email,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},  # they sign in through it; lets them reset it
                    {"Name": "custom:org_id", "Value": org_id},
                    {"Name": "custom:agent_id", "Value": agent_id},
                ],
                DesiredDeliveryMediums=["EMAIL"],
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code in _TAKEN:
                raise EmailTaken(f"{email} already signs in to Switchboard") from None
            if code == "InvalidParameterException":
                raise InvalidFields(f"email: {error.response['Error'].get('Message', 'not accepted')}") from None
            raise
        return created["User"]["Username"]

    def remove(self, user_name: str) -> None:
        client("cognito-idp").admin_delete_user(UserPoolId=self._pool, Username=user_name)
