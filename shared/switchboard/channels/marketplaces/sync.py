"""The scheduled catch-up poll: every ticket a marketplace store changed since the last run, ingested once.

Misses nothing: each run reads from the store's stored high-water mark minus the connector's overlap (a
ticket whose update was committed late, with an earlier update time, is still found), oldest update first
over every page, and moves the mark only past tickets fully ingested (every `SAVE_EVERY` tickets, and at the end, even of a failed run),
so the next run starts where the last ingested ticket left it. What the overlap reads again costs
nothing: the mark keeps the tickets (id and update time) ingested within the overlap, and those are
skipped; anything else read twice is stored once (ingest dedupes each message by its event key).

A chat marketplace's list names each chat's last message (`connector.last_message`): a chat whose last
message is already among its conversation's newest here (its push stored it, or it is our own reply) is
not read again, so a poll after working pushes costs the list alone, not one request a chat.

A marketplace that keeps the pushes it could not deliver (`connector.lost_pushes`: Shopee) has them read
first, each stored as its push would have been, and confirmed consumed only once stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from switchboard.channels.marketplaces.base import MarketplaceConnector
from switchboard.clock import Clock
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.inbound.ingest import IngestDeps, ingest_event, ingest_recovered_push
from switchboard.models import Connection
from switchboard.store.marketplace_sync import SyncedStore


SAVE_EVERY = 50  # tickets between two saves of the mark: a run cut short (timeout) loses little
STORED_LOOKBACK = 5  # a chat's newest messages here its last one is looked for in (ours not yet sent may follow)


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
    recent = dict(store.recent)
    saved = [store.cursor]

    def save() -> None:
        if report.cursor is None or report.cursor == saved[0]:
            return
        window = report.cursor - connector.poll_overlap
        kept = {t: at for t, at in recent.items() if datetime.fromisoformat(at) >= window}
        stores.advance(connection.channel.value, connection.connection_id, report.cursor, kept)
        saved[0] = report.cursor

    def read(token: str) -> None:
        report.stored += _recover_lost_pushes(connector, token, connection, ingest)
        for ticket in connector.changed_tickets(token, since):
            updated = connector.updated_at(ticket)
            if recent.get(str(ticket["id"])) == updated.isoformat():
                continue  # ingested by an earlier run, unchanged since
            if not _stored_already(connector, ticket, connection, ingest.conversations):
                events = connector.events(token, ticket, connection)
                for event in events:
                    report.stored += int(ingest_event(event, ingest).stored)
                report.messages += len(events)
            report.tickets += 1
            recent[str(ticket["id"])] = updated.isoformat()
            report.cursor = updated if report.cursor is None else max(report.cursor, updated)
            if report.tickets % SAVE_EVERY == 0:
                save()

    try:
        tokens.call(connection, read)
    finally:
        # Also after a failure: the tickets read so far are stored, and the next run starts from them.
        save()
    return report


def _recover_lost_pushes(connector: MarketplaceConnector, token, connection: Connection, ingest: IngestDeps) -> int:
    """The pushes the marketplace could not deliver, page by page: each stored as its push (for whichever of
    the app's shops it names), then the page confirmed; a failure before the confirmation leaves the page with
    the marketplace, and what was stored of it is stored once when read again."""
    lost_pushes = getattr(connector, "lost_pushes", None)  # a hook of MarketplaceConnector's
    if lost_pushes is None:
        return 0
    from switchboard.channels.registry import adapter_for

    adapter, stored = adapter_for(connection.channel.value), 0
    for page in lost_pushes(token):
        for body in page.bodies:
            stored += sum(int(result.stored) for result in ingest_recovered_push(body, adapter, ingest))
        page.confirm()
    return stored


def _stored_already(connector: MarketplaceConnector, ticket: dict, connection: Connection, conversations) -> bool:
    """The chat's last message, as the marketplace's list names it, is among its conversation's newest here: one
    Query of a few messages instead of the marketplace's request (and the duplicate writes it would lead to).
    Not seen this way: a message whose push was lost before a later one was pushed (the marketplaces retry a
    push we did not acknowledge, and we acknowledge only what is stored; Shopee's lost pushes cover the rest)."""
    last_message = getattr(connector, "last_message", None)  # a hook of MarketplaceConnector's
    named = last_message(ticket) if last_message is not None else None
    if named is None:
        return False
    contact, message_id = named
    conversation_id = conversation_id_for(contact_id_for(connection.connection_id, contact))
    newest, _ = conversations.messages(conversation_id, limit=STORED_LOOKBACK, cursor=None)
    return any(m.channel_message_id == message_id for m in newest)


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
