"""Short leases on a connection: one holder at a time, taken and given back by conditional writes."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, PutError

from switchboard.store import keys
from switchboard.store.table import RefreshLeaseItem

REFRESH_SK = "REFRESH"


class RefreshLeases:
    def take(self, connection_id: str, holder: str, now: datetime, seconds: int) -> bool:
        """True if `holder` now holds the connection's refresh lease: nobody held it, or its holder's time ran
        out (a crashed refresh does not block the next one for longer than `seconds`)."""
        item = RefreshLeaseItem(keys.connection_pk(connection_id), REFRESH_SK, holder=holder,
                                expires_at=int(now.timestamp()) + seconds)
        try:
            item.save(condition=RefreshLeaseItem.PK.does_not_exist() | (RefreshLeaseItem.expires_at < int(now.timestamp())))
        except PutError as error:
            if getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def give_back(self, connection_id: str, holder: str) -> None:
        try:
            RefreshLeaseItem(keys.connection_pk(connection_id), REFRESH_SK).delete(condition=RefreshLeaseItem.holder == holder)
        except DeleteError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise  # another holder took it after ours ran out: theirs to give back
