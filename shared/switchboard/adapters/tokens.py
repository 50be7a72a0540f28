"""Cognito ID tokens checked as API Gateway's JWT authorizer checks them: the RS256 signature by the
user pool's JWKS, the issuer, the expiry and the audience (`aud`, or `client_id` for access tokens).

The HTTP API has that authorizer built in; a WebSocket API has none, so `$connect` checks the token
of its query string with this (and the local stack's HTTP authorizer uses it too: one verification).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any

JWKS_TIMEOUT_S = 10


class InvalidToken(Exception):
    """Missing, badly signed, expired, or for another issuer or audience."""


def jwks_url_of(issuer: str) -> str:
    return f"{issuer.rstrip('/')}/.well-known/jwks.json"


def _fetch_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=JWKS_TIMEOUT_S) as answer:
        return json.loads(answer.read())


class TokenVerifier:
    def __init__(self, issuer: str, audience: Iterable[str], jwks_url: str | None = None,
                 fetch: Callable[[str], dict] = _fetch_json, now: Callable[[], float] = time.time) -> None:
        self.issuer = issuer
        self.audience = set(audience)
        self.jwks_url = jwks_url or jwks_url_of(issuer)
        self._fetch = fetch
        # Real time, never the stack's clock: Cognito issued the token on real time.
        self._now = now
        self._keys: Any = None
        self._lock = threading.Lock()

    def keys(self) -> Any:
        from joserfc.jwk import KeySet

        with self._lock:
            if self._keys is None:  # fetched once per container, as API Gateway caches the JWKS
                self._keys = KeySet.import_key_set(self._fetch(self.jwks_url))
            return self._keys

    def verify(self, token: str | None) -> dict[str, Any]:
        """The token's claims, or InvalidToken saying why not."""
        from joserfc import jwt
        from joserfc.errors import JoseError

        token = (token or "").strip()
        if not token:
            raise InvalidToken("missing token")
        try:
            claims = jwt.decode(token, self.keys(), algorithms=["RS256"]).claims
        except (JoseError, ValueError, TypeError) as exc:
            raise InvalidToken(f"bad signature: {type(exc).__name__}") from None
        if claims.get("iss") != self.issuer:
            raise InvalidToken("wrong issuer")
        exp = claims.get("exp")
        if not isinstance(exp, (int, float)) or exp <= self._now():
            raise InvalidToken("expired")
        aud = claims.get("aud", claims.get("client_id"))
        auds = set(aud) if isinstance(aud, list) else {aud}
        if not auds & self.audience:
            raise InvalidToken("wrong audience")
        return claims
