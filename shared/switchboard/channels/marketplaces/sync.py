"""The scheduled catch-up poll: every ticket a marketplace store changed since the last run, ingested once.

Misses nothing: each run reads from the store's stored high-water mark minus the connector's overlap (a
ticket whose update was committed late, with an earlier update time, is still found), oldest update first
over every page, and moves the mark only past tickets fully ingested. A run that fails half-way keeps the
mark where the last ingested ticket left it, so the next run starts there. What a run reads again is
stored once: ingest dedupes each message by the connector's event key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from switchboard.channels.marketplaces.base import MarketplaceConnector
from switchboard.clock import Clock
from switchboard.inbound.ingest import IngestDeps, ingest_event
from switchboard.models import Connection
from switchboard.store.marketplace_sync import SyncedStore


@dataclass
class SyncReport:
    tickets: int = 0
    messages: int = 0
    stored: int = 0
    cursor: datetime | None = None


def catch_up(store: SyncedStore, connection: Connection, *, connector: MarketplaceConnector, tokens, stores,
             ingest: IngestDeps, clock: Clock) -> SyncReport:
    since = (store.cursor - connector.poll_overlap if store.cursor
             else connection.connected_at - connector.first_poll_lookback)
    report = SyncReport(cursor=store.cursor)

    def read(token: str) -> None:
        for ticket in connector.changed_tickets(token, since):
            events = connector.events(token, ticket, connection)
            for event in events:
                report.stored += int(ingest_event(event, ingest).stored)
            report.tickets += 1
            report.messages += len(events)
            updated = connector.updated_at(ticket)
            report.cursor = updated if report.cursor is None else max(report.cursor, updated)

    try:
        tokens.call(connection, read)
    finally:
        # Also after a failure: the tickets read so far are stored, and the next run starts from them.
        if report.cursor is not None and report.cursor != store.cursor:
            stores.advance(connection.channel.value, connection.connection_id, report.cursor)
    return report


@dataclass
class PollDeps:
    connections: object  # ConnectionRepository
    stores: object  # MarketplaceStoreRepository
    connectors: dict  # channel -> (connector, token keeper)
    ingest: IngestDeps
    clock: Clock


def poll_every_store(deps: PollDeps) -> dict[str, SyncReport | str]:
    """One catch-up of each connected store of each marketplace; a store that fails is reported and the
    others go on (its mark stays, so its next run reads what this one could not). A disconnected store
    leaves the poll."""
    from switchboard.errors import SwitchboardError
    from switchboard.models import CONNECTED

    outcome: dict[str, SyncReport | str] = {}
    for channel, (connector, tokens) in deps.connectors.items():
        for store in deps.stores.stores(channel.value):
            connection = deps.connections.find_by_id(store.connection_id)
            if connection is None or connection.status != CONNECTED:
                deps.stores.forget(channel.value, store.connection_id)
                outcome[store.connection_id] = "disconnected"
                continue
            try:
                outcome[store.connection_id] = catch_up(store, connection, connector=connector, tokens=tokens,
                                                        stores=deps.stores, ingest=deps.ingest, clock=deps.clock)
            except SwitchboardError as error:
                outcome[store.connection_id] = f"{error.code}: {error.message}"
    return outcome
