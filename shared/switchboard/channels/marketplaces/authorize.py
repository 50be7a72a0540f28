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
    external_id: str | None = None  # the store's id: as given, or as the marketplace named it with the tokens


class AccountMismatch(InvalidFields):
    """The marketplace authorized another store than the one named: nothing is connected (422)."""

    code = "account_mismatch"


def authorized_credentials(channel: Channel, credentials: dict[str, str], connectors: dict) -> dict[str, str]:
    return authorized_store(channel, credentials, connectors).credentials


def authorized_store(channel: Channel, credentials: dict[str, str], connectors: dict,
                     external_id: str | None = None) -> AuthorizedStore:
    """The credentials to keep for a store: the app's client id and secret with the store's tokens.

    `code` (what the marketplace's authorize page sent to the redirect URI; it works once, within minutes)
    is exchanged for tokens now and not kept. A `refresh_token` instead (a store authorized elsewhere) is
    kept as given and refreshed on first use.

    Where the token answer names the store accounts it is for (Lazada's seller ids), `external_id` must be one
    of them (else 422 account_mismatch: the seller authorized another store than the one typed in, and the
    pushes, which name the store by that id, would never reach this connection); left out, it is the one named.
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
        return AuthorizedStore({**kept, **grant_values(grant)}, grant.market.upper() if grant.market else None,
                               authorized_account(channel, external_id, grant.accounts))
    if credentials.get("refresh_token"):
        return AuthorizedStore({k: v for k, v in credentials.items() if k not in ("access_token", "expires_at")},
                               external_id=authorized_account(channel, external_id, ()))
    raise InvalidFields(f"credentials need code (from {channel.value}'s authorize redirect) or refresh_token",
                        code="authorization_required")


def authorized_account(channel: Channel, external_id: str | None, accounts: tuple[str, ...]) -> str | None:
    """The store's external id: the one given, if the authorization is for it; else the one it names (None when
    it names none: the caller's id is then required)."""
    if external_id is not None and accounts and external_id not in accounts:
        raise AccountMismatch(f"{channel.value} authorized the store {' or '.join(accounts)}, not {external_id}: "
                              f"connect with that id, or authorize {external_id} on {channel.value}")
    if external_id is not None or not accounts:
        return external_id
    if len(accounts) == 1:
        return accounts[0]
    raise InvalidFields(f"external_id is required: {channel.value} authorized several stores ({', '.join(accounts)})",
                        code="external_id_required")
