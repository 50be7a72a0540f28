"""Which marketplace stores the catch-up poll visits, and how far each one has been read.

Keys: PK=SYNC#<channel>, SK=CONN#<connection>: one item per connected store, holding the high-water mark
(the newest ticket update time fully ingested). The poll reads one partition per marketplace, and the
mark only moves forward (condition), so an overlapping or late run can never take it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError, UpdateError

from switchboard.store.table import BaseItem, _Meta


class SyncedStoreItem(BaseItem):
    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()
    cursor = UTCDateTimeAttribute(null=True)
    # Ticket id -> update time of the tickets already ingested that the next run's overlap reads again.
    recent = JSONAttribute(null=True)


@dataclass(frozen=True)
class SyncedStore:
    org_id: str
    connection_id: str
    cursor: datetime | None
    recent: dict[str, str] = field(default_factory=dict)


def _pk(channel: str) -> str:
    return f"SYNC#{channel}"


def _sk(connection_id: str) -> str:
    return f"CONN#{connection_id}"


class MarketplaceStoreRepository:
    def register(self, channel: str, org_id: str, connection_id: str) -> None:
        """The store is polled from now on; registering it again keeps its mark."""
        try:
            SyncedStoreItem(_pk(channel), _sk(connection_id), org_id=org_id, connection_id=connection_id).save(
                condition=SyncedStoreItem.PK.does_not_exist())
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise

    def stores(self, channel: str) -> list[SyncedStore]:
        return [SyncedStore(i.org_id, i.connection_id, i.cursor, i.recent or {})
                for i in SyncedStoreItem.query(_pk(channel), consistent_read=True)]

    def advance(self, channel: str, connection_id: str, cursor: datetime, recent: dict[str, str]) -> bool:
        """Move the store's mark to `cursor` (with the tickets seen near it) unless it is there or further."""
        item = SyncedStoreItem(_pk(channel), _sk(connection_id))
        try:
            item.update(actions=[SyncedStoreItem.cursor.set(cursor), SyncedStoreItem.recent.set(recent)],
                        condition=SyncedStoreItem.PK.exists()
                        & (SyncedStoreItem.cursor.does_not_exist() | (SyncedStoreItem.cursor < cursor)))
        except UpdateError as error:
            if getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def forget(self, channel: str, connection_id: str) -> None:
        SyncedStoreItem(_pk(channel), _sk(connection_id)).delete()
