"""Page cursors: opaque to clients, and tamper-evident.

A cursor carries the least that resumes a list (the key of the last row shown) and an HMAC-SHA256,
under a server key, of that payload and the cursor's scope: the organization and the list it pages
(a view, a search prefix, a conversation's messages). A cursor of another organization or list,
or one altered by a single bit, fails the check: 400 `bad_cursor`, before any read. The key is the
stack's own, made at random on first use and kept in the table (store/server_keys.py), never in the code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence

from switchboard.errors import MalformedRequest

MAC_BYTES = 16  # 128 bits: a forgery is a 1 in 2**128 guess
MAX_CURSOR_CHARS = 2048

Scope = Sequence[str]


def bad_cursor() -> MalformedRequest:
    return MalformedRequest("cursor is not one this API returned for this list", code="bad_cursor")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorSigner:
    """Seals a page's resume values for one scope; opens only what it sealed for that same scope."""

    def __init__(self, key: Callable[[], bytes]) -> None:
        self._key = key  # read when needed: the secret is cached, and may rotate, outside this class

    def _mac(self, scope: Scope, payload: bytes) -> bytes:
        message = json.dumps(list(scope), separators=(",", ":")).encode() + b"\n" + payload
        return hmac.new(self._key(), message, hashlib.sha256).digest()[:MAC_BYTES]

    def seal(self, scope: Scope, values: Sequence[str | int | float]) -> str:
        payload = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False).encode()
        return f"{_b64(payload)}.{_b64(self._mac(scope, payload))}"

    def open(self, scope: Scope, cursor: str | None) -> list | None:
        """The values sealed in `cursor` for `scope`; None without a cursor; bad_cursor for any other."""
        if not cursor:
            return None
        try:
            if len(cursor) > MAX_CURSOR_CHARS or not cursor.isascii():
                raise ValueError
            encoded_payload, encoded_mac = cursor.split(".")
            payload, mac = _unb64(encoded_payload), _unb64(encoded_mac)
            if _b64(payload) != encoded_payload or _b64(mac) != encoded_mac:
                raise ValueError  # one value, one spelling: no two cursors open alike
            if not hmac.compare_digest(mac, self._mac(scope, payload)):
                raise ValueError
            values = json.loads(payload)
        except (ValueError, binascii.Error):
            raise bad_cursor() from None
        if not isinstance(values, list):
            raise bad_cursor()
        return values
