"""Channel access tokens that expire: refreshed ahead of expiry and when the channel says so, once per
connection at a time.

Zalo's OA access token lives 25 hours and its refresh token is used once: each refresh answers a new pair
(developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new). Two containers
refreshing with the same refresh token would each be answered a pair, and the one stored last might be the
one Zalo no longer honours, losing the OA until someone connects it again. So a refresh takes the
connection's lease first (a conditional write, `store/leases.py`), reads the secret again under it (a
refresh that finished meanwhile is used, not repeated), and stores the new pair before giving it back;
whoever does not get the lease waits for the pair the holder stores.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from switchboard.clock import Clock
from switchboard.errors import ChannelRejected
from switchboard.models import Connection, ConnectionSecrets

# Refresh this long before the stored expiry: a delivery never starts with a token about to lapse.
REFRESH_AHEAD = timedelta(hours=1)
# A holder that crashed blocks the next refresh no longer than this.
LEASE_SECONDS = 30
# How long a delivery waits for another's refresh before the queue brings its record back.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.2


@dataclass
class TokenDeps:
    secrets: object  # SecretStore: get(connection_id, fresh=) and replace(connection_id, values)
    leases: object  # RefreshLeases
    post: Callable
    oauth_base_url: str
    clock: Clock
    sleep: Callable[[float], None] = field(default=time.sleep)


def refreshable(adapter: object) -> bool:
    return hasattr(adapter, "refresh_request")


def current(adapter: object, connection: Connection, secrets: ConnectionSecrets, deps: TokenDeps) -> ConnectionSecrets:
    """The credentials to send with: refreshed first when the stored expiry is within REFRESH_AHEAD."""
    if not refreshable(adapter) or not adapter.can_refresh(secrets):
        return secrets
    expires_at = _time(secrets.get("access_token_expires_at"))
    if expires_at is None or expires_at - deps.clock.now() > REFRESH_AHEAD:
        return secrets
    return refresh(adapter, connection, secrets, deps)


def refresh(adapter: object, connection: Connection, stale: ConnectionSecrets, deps: TokenDeps) -> ConnectionSecrets:
    """New credentials for a connection whose access token `stale` holds is expired (or about to be).

    Raises ChannelRejected: retryable when another refresh is still running, for good when the channel
    cannot be refreshed (no refresh token stored, or the channel refused it: connect the account again).
    """
    if not refreshable(adapter) or not adapter.can_refresh(stale):
        raise ChannelRejected(
            f"the {connection.channel.value} access token is invalid or expired and cannot be refreshed here: "
            "connect the account again with new credentials", retryable=False, code="token_expired")
    connection_id = connection.connection_id
    holder = uuid.uuid4().hex
    waited_until = time.monotonic() + WAIT_SECONDS
    while True:
        fresh = deps.secrets.get(connection_id, fresh=True)
        if _newer(fresh, stale, deps.clock.now()):
            return fresh  # another delivery refreshed it meanwhile
        if deps.leases.take(connection_id, holder, deps.clock.now(), LEASE_SECONDS):
            break
        if time.monotonic() > waited_until:
            raise ChannelRejected("another delivery is refreshing this connection's access token", retryable=True)
        deps.sleep(POLL_SECONDS)
    try:
        # Under the lease, from what is stored now: a refresh that finished just before used the old refresh token.
        now_stored = deps.secrets.get(connection_id, fresh=True)
        if _newer(now_stored, stale, deps.clock.now()):
            return now_stored
        pair = adapter.refreshed(deps.post(adapter.refresh_request(now_stored, deps.oauth_base_url)), deps.clock.now())
        values = {**now_stored.values, **pair}
        deps.secrets.replace(connection_id, values)
        deps.secrets.get(connection_id, fresh=True)  # this container's cache holds the new pair from now on
        return ConnectionSecrets(values=values)
    finally:
        deps.leases.give_back(connection_id, holder)


def _newer(found: ConnectionSecrets, stale: ConnectionSecrets, now: datetime) -> bool:
    """Another refresh stored a different token that is not itself about to lapse."""
    if found.get("access_token") == stale.get("access_token"):
        return False
    expires_at = _time(found.get("access_token_expires_at"))
    return expires_at is None or expires_at - now > REFRESH_AHEAD


def _time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
