"""Connecting a marketplace store: the seller's OAuth2 authorization turned into tokens we keep."""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.channels.marketplaces.base import AuthorizationLost
from switchboard.channels.marketplaces.tokens import grant_values
from switchboard.errors import InvalidFields
from switchboard.models import Channel


@dataclass(frozen=True)
class AuthorizedStore:
    credentials: dict[str, str]
    market: str | None = None  # the store's market, when the marketplace named it with the tokens


def authorized_credentials(channel: Channel, credentials: dict[str, str], connectors: dict) -> dict[str, str]:
    return authorized_store(channel, credentials, connectors).credentials


def authorized_store(channel: Channel, credentials: dict[str, str], connectors: dict) -> AuthorizedStore:
    """The credentials to keep for a store: the app's client id and secret with the store's tokens.

    `code` (what the marketplace's authorize page sent to the redirect URI; it works once, within minutes)
    is exchanged for tokens now and not kept. A `refresh_token` instead (a store authorized elsewhere) is
    kept as given and refreshed on first use.
    """
    connector, _ = connectors[channel]
    missing = [k for k in ("client_id", "client_secret") if not credentials.get(k)]
    if missing:
        raise InvalidFields(f"credentials need {', '.join(missing)} for {channel.value}")
    if credentials.get("code"):
        try:
            grant = connector.exchange_code(credentials)
        except AuthorizationLost as error:
            raise InvalidFields(error.message, code="authorization_refused") from None
        kept = {k: v for k, v in credentials.items() if k not in ("code", "access_token", "expires_at")}
        return AuthorizedStore({**kept, **grant_values(grant)}, grant.market.upper() if grant.market else None)
    if credentials.get("refresh_token"):
        return AuthorizedStore({k: v for k, v in credentials.items() if k not in ("access_token", "expires_at")})
    raise InvalidFields(f"credentials need code (from {channel.value}'s authorize redirect) or refresh_token",
                        code="authorization_required")
