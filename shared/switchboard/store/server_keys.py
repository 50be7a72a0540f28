"""Keys of the stack itself, each made once on first use: the first writer wins, everyone reads its key."""

from __future__ import annotations

import secrets

from pynamodb.exceptions import DoesNotExist, PutError

from switchboard.store import keys
from switchboard.store.table import ServerKeyItem

KEY_BYTES = 32


class ServerKeyRepository:
    def key(self, name: str) -> bytes:
        """The key called `name`; made (256 random bits) if there is none yet. Two containers making it at
        once: the condition lets one write, and the other reads what it wrote."""
        pk = keys.server_key_pk(name)
        try:
            return bytes.fromhex(ServerKeyItem.get(pk, keys.SERVER_KEY_SK, consistent_read=True).secret)
        except DoesNotExist:
            pass
        made = secrets.token_hex(KEY_BYTES)
        try:
            ServerKeyItem(pk, keys.SERVER_KEY_SK, secret=made).save(condition=ServerKeyItem.PK.does_not_exist())
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
            return bytes.fromhex(ServerKeyItem.get(pk, keys.SERVER_KEY_SK, consistent_read=True).secret)
        return bytes.fromhex(made)
