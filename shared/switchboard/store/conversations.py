"""Conversations, their messages and their contacts.

Writes that change a conversation are optimistic: the caller read version n, the write
succeeds only if the item is still at n, and agent loads move in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from botocore.exceptions import ClientError
from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.operand import Path
from pynamodb.transactions import TransactWrite

from switchboard.inbox import counters
from switchboard.inbox.search import search_terms
from switchboard.cursors import CursorSigner, bad_cursor
from switchboard.errors import AgentAtCapacity, ConcurrentUpdate, NotFound
from switchboard.ids import contact_id_for, shard_of, time_of
from switchboard.models import (
    Attachment,
    Card,
    Channel,
    CloseReason,
    ContactSnapshot,
    Conversation,
    Deadlines,
    Escalation,
    Message,
    Refund,
    Status,
    WorkItem,
)
from switchboard.reports.counts import ServiceCount
from switchboard.sla.policy import ClockState, next_due
from switchboard.store import keys
from switchboard.store.connection import counter_values, dynamo_connection
from switchboard.store.organizations import DueAgent, due_agent
from switchboard.store.stats import count_update
from switchboard.store.table import (
    AgentItem,
    ContactMap,
    ConversationItem,
    CounterItem,
    MessageItem,
    SearchTermItem,
)


COUNTER_SHARDS = 8
# The list row's preview, capped in UTF-8 bytes rather than characters: 80 characters of Vietnamese
# are up to 240 bytes, and every started KB of the conversation item is another write unit on each
# write that rewrites it (twice in a transaction).
PREVIEW_BYTES = 96
PENDING_PAGE = 20  # messages read per page while looking back for agent messages still queued


class DuplicateEvent(Exception):
    """The channel event was stored before: acknowledge it, change nothing."""


@dataclass(frozen=True)
class InboundAppend:
    """What the hot path did: appended the message, or not, with the conversation as the refused
    write found it (`found` None: there is no conversation yet)."""

    appended: bool
    found: Conversation | None = None


@dataclass(frozen=True)
class LoadChange:
    """Move an agent's load by `delta`; `within_capacity` refuses to go past their capacity."""

    org_id: str
    agent_id: str
    delta: int
    within_capacity: bool = True


@dataclass(frozen=True)
class RuleTurn:
    """A round-robin turn went to `agent_id`, whose turns (routing/choose.py `last_turn`) are now `turns`."""

    agent_id: str
    turns: dict[str, int]


@dataclass(frozen=True)
class SlaChange:
    """Attributes the sweep sets and removes, the clock that results, and the loads it moves."""

    set: dict
    remove: tuple[str, ...]
    clock: ClockState
    load_changes: tuple[LoadChange, ...] = ()
    inbox_list: str | None = None
    inbox_sorted_at: datetime | None = None
    service_counts: tuple[ServiceCount, ...] = ()  # report counters the action moves (reports/counts.py)


@dataclass(frozen=True)
class DueConversation:
    """What the SLA sweep reads from the Due index: enough to act without reading the item."""

    org_id: str
    conversation_id: str
    status: Status
    assignee_id: str | None
    clock: ClockState
    due_key: str
    connection_id: str = ""
    category: str | None = None


def clock_state(conv: Conversation) -> ClockState:
    return ClockState(
        waiting_since=conv.waiting_since,
        deadlines=conv.deadlines,
        expiring_warned=conv.expiring_warned,
        taken_over=conv.taken_over,
        closed=conv.status == Status.CLOSED,
    )


def inbox_placement(conv: Conversation) -> tuple[str, datetime]:
    """Which list a conversation is in, and the time it is sorted by there."""
    if conv.status == Status.CLOSED:
        return "H", conv.closed_at or conv.last_message_at or conv.created_at
    if conv.status == Status.ESCALATED:
        return "E", conv.escalation.at if conv.escalation else conv.created_at
    if conv.assignee_id is None:
        return "Q", conv.waiting_since or conv.created_at
    return f"A#{conv.assignee_id}", conv.created_at


@dataclass(frozen=True)
class _Pages:
    """How one list's pages resume: the key attributes its query fixes, and those its cursor carries."""

    scope: tuple[str, ...]  # the organization and the list: a cursor opens only for the scope it was sealed in
    fixed: dict[str, str]
    carried: tuple[str, ...]


def _update_message(conversation_id: str, sort_key: str, actions: list, condition) -> bool:
    """One conditional update of a message of the thread; False when the condition fails (the message is gone, or
    the update is older than what it holds)."""
    try:
        MessageItem(keys.conversation_pk(conversation_id), sort_key).update(actions=actions, condition=condition)
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise
    return True


class ConversationRepository:
    def __init__(self, sla_shards: int, cursors: CursorSigner) -> None:
        self._shards = sla_shards
        self._cursors = cursors

    def _start_key(self, pages: _Pages, cursor: str | None) -> dict | None:
        values = self._cursors.open(pages.scope, cursor)
        if values is None:
            return None
        if len(values) != len(pages.carried) or not all(isinstance(v, str) and v for v in values):
            raise bad_cursor()
        attributes = {**pages.fixed, **dict(zip(pages.carried, values))}
        return {name: {"S": value} for name, value in attributes.items()}

    def _next_cursor(self, pages: _Pages, last_key: dict | None) -> str | None:
        if not last_key:
            return None
        return self._cursors.seal(pages.scope, [last_key[name]["S"] for name in pages.carried])

    # ------------------------------------------------------------------ reads
    def find(self, conversation_id: str) -> Conversation | None:
        try:
            item = ConversationItem.get(
                keys.conversation_pk(conversation_id), keys.CONVERSATION_SK, consistent_read=True
            )
        except DoesNotExist:
            return None
        conv = _conversation(item)
        if item.stored_before:
            self._rewrite(conv)
        return conv

    def get(self, org_id: str, conversation_id: str) -> Conversation:
        """The conversation, only if it belongs to `org_id`: another organization's id is unknown here."""
        conv = self.find(conversation_id)
        if conv is None or conv.org_id != org_id:
            raise NotFound(f"conversation {conversation_id} not found")
        return conv

    def inbox(
        self, org_id: str, list_name: str, *, limit: int, cursor: str | None, newest_first: bool, view: str = "",
    ) -> tuple[list[Conversation], str | None]:
        """One page of a list of the Inbox index; `view` names the console view the cursor is for."""
        partition = keys.inbox_list(org_id, list_name)
        pages = _Pages(("inbox", org_id, list_name, view, _order(newest_first)),
                       {"IPK": partition, "SK": keys.CONVERSATION_SK}, ("ISK", "PK"))
        return self._index_page(ConversationItem.inbox, partition, pages, limit, cursor, newest_first)

    def open_list(
        self, org_id: str, *, limit: int, cursor: str | None, newest_first: bool
    ) -> tuple[list[Conversation], str | None]:
        """Every conversation of the organization not closed, by when it began."""
        partition = keys.open_partition(org_id)
        pages = _Pages(("open", org_id, _order(newest_first)), {"OPK": partition, "SK": keys.CONVERSATION_SK},
                       ("OSK", "PK"))
        return self._index_page(ConversationItem.open, partition, pages, limit, cursor, newest_first)

    def _index_page(self, index, partition: str, pages: _Pages, limit: int, cursor: str | None, newest_first: bool):
        page, last_key = self._raw_page(index, partition, limit, self._start_key(pages, cursor), newest_first)
        return page, self._next_cursor(pages, last_key)

    def _raw_page(self, index, partition: str, limit: int, start: dict | None, newest_first: bool):
        """One page of a KEYS_ONLY index, then its conversations in one BatchGetItem; and DynamoDB's resume key."""
        query = index.query(partition, scan_index_forward=not newest_first, limit=limit, last_evaluated_key=start)
        refs = [(item.PK, item.SK) for item in query]
        return self._batch(refs), query.last_evaluated_key

    def inbox_pages(self, org_id: str, list_name: str, *, page_size: int, newest_first: bool) -> Iterator[list[Conversation]]:
        """Every page of a list, read as it is iterated, for the functions that work through one (a queue drain, a
        redistribution). DynamoDB's resume key never leaves this repository, so no cursor is sealed (and those
        functions need no cursor key)."""
        start = None
        while True:
            page, start = self._raw_page(ConversationItem.inbox, keys.inbox_list(org_id, list_name), page_size, start,
                                         newest_first)
            yield page
            if not start:
                return

    def search(
        self, org_id: str, prefix: str, *, limit: int, cursor: str | None, view: str = "",
    ) -> tuple[list[Conversation], str | None]:
        """Conversations with a search term starting with `prefix` (normalized, at least two letters).

        Reads the matching terms and then their conversations: the cost follows the matches
        returned, never the size of the inbox.
        """
        partition = keys.search_pk(org_id, prefix)
        pages = _Pages(("search", org_id, prefix, view), {"PK": partition}, ("SK",))
        query = SearchTermItem.query(
            partition, SearchTermItem.SK.startswith(prefix), limit=limit, last_evaluated_key=self._start_key(pages, cursor),
        )
        conversation_ids = list(dict.fromkeys(item.conversation_id for item in query))
        refs = [(keys.conversation_pk(cid), keys.CONVERSATION_SK) for cid in conversation_ids]
        found = [c for c in self._batch(refs) if c.org_id == org_id]
        return found, self._next_cursor(pages, query.last_evaluated_key)

    def counter_totals(self, org_id: str) -> dict[str, int]:
        """The inbox counters, summed over their shards: one query of a few small items."""
        # Counter names are data, which PynamoDB models do not read back: the raw query does.
        answer = CounterItem._get_connection().query(
            keys.org_pk(org_id), range_key_condition=CounterItem.SK.startswith(keys.COUNTER_PREFIX), consistent_read=True,
        )
        totals: Counter = Counter()
        for item in answer.get("Items", []):
            totals.update(counter_values(item))
        return dict(totals)

    def whole_list(self, org_id: str, list_name: str) -> list[Conversation]:
        """Every conversation of a bounded list (an agent's active ones)."""
        refs = [
            (item.PK, item.SK)
            for item in ConversationItem.inbox.query(keys.inbox_list(org_id, list_name))
        ]
        return self._batch(refs)

    def _batch(self, refs: list[tuple[str, str]]) -> list[Conversation]:
        if not refs:
            return []
        found = {item.PK: _conversation(item) for item in ConversationItem.batch_get(refs)}
        return [found[pk] for pk, _ in refs if pk in found]

    def due(self, shard: int, now: datetime, limit: int = 500) -> list[DueConversation]:
        return self.due_entries(shard, now, limit)[0]

    def due_entries(self, shard: int, now: datetime,
                    limit: int = 500) -> tuple[list[DueConversation], list[DueAgent]]:
        """One page of a shard's due index: its conversations, and the agents due to go offline (in the
        same Query, so they cost an idle sweep nothing)."""
        upper = f"{keys.sortable(now)}#~"
        entries = []
        agents = []
        for item in ConversationItem.due.query(
            keys.due_partition(shard), ConversationItem.DSK <= upper, limit=limit
        ):
            if item.SK != keys.CONVERSATION_SK:
                agents.append(due_agent(item.org_id, item.SK, item.DSK))
                continue
            if item.conversation_id is not None:
                # Stored in the long form of before, whose names a sweep's update would half rewrite: rewritten
                # whole now (its due key changes), and acted on by the next sweep.
                self.find(item.conversation_id)
                continue
            entries.append(
                DueConversation(
                    org_id=item.org_id,
                    conversation_id=keys.conversation_id_of(item.PK),
                    status=Status(item.status),
                    assignee_id=item.assignee_id,
                    clock=ClockState(
                        waiting_since=item.waiting_since,
                        deadlines=Deadlines(
                            expiring_at=item.expiring_at,
                            takeover_at=item.takeover_at,
                            auto_close_at=item.auto_close_at,
                        ),
                        expiring_warned=bool(item.expiring_warned),
                        taken_over=bool(item.taken_over),
                        closed=item.status == Status.CLOSED.value,
                    ),
                    due_key=item.DSK,
                    connection_id=item.connection_id,
                    category=item.category,
                )
            )
        return entries, agents

    def messages(
        self, conversation_id: str, *, limit: int, cursor: str | None
    ) -> tuple[list[Message], str | None]:
        """One page, oldest first; the first page holds the newest messages, the cursor goes back in time."""
        partition = keys.conversation_pk(conversation_id)
        pages = _Pages(("messages", conversation_id), {"PK": partition}, ("SK",))
        query = MessageItem.query(
            partition,
            MessageItem.SK.startswith(keys.MESSAGE_PREFIX),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=self._start_key(pages, cursor),
        )
        page = [_message(item) for item in query]
        page.reverse()
        return page, self._next_cursor(pages, query.last_evaluated_key)

    def get_message(self, conversation_id: str, sort_key: str) -> Message | None:
        try:
            return _message(MessageItem.get(keys.conversation_pk(conversation_id), sort_key, consistent_read=True))
        except DoesNotExist:
            return None

    def find_message(self, conversation_id: str, message_id: str) -> Message | None:
        """A message of this conversation by its id: one GetItem for an agent's message, whose id
        tells its key (`ids.timed_id`); any other id (a customer's message) is looked for in the
        thread, which reads the thread."""
        at = time_of(message_id)
        if at is not None:
            return self.get_message(conversation_id, keys.message_sk(at, message_id))
        for item in MessageItem.query(
            keys.conversation_pk(conversation_id), MessageItem.SK.startswith(keys.MESSAGE_PREFIX),
            filter_condition=MessageItem.message_id == message_id, consistent_read=True,
        ):
            return _message(item)
        return None

    def pending_outbound(self, conversation_id: str, *, up_to: str) -> list[Message]:
        """The agent messages still queued up to the one keyed `up_to`, oldest first.

        Read back in time from `up_to` until an agent message that is no longer queued: delivery
        follows the thread's order, so everything before that one was handled already (a retried
        message is queued again, and its own queue record names it).
        """
        query = MessageItem.query(
            keys.conversation_pk(conversation_id), MessageItem.SK.between(keys.MESSAGE_PREFIX, up_to),
            scan_index_forward=False, consistent_read=True, page_size=PENDING_PAGE,
        )
        pending = []
        for item in query:
            if item.direction != "out":
                continue
            if item.status != "queued":
                break
            pending.append(_message(item))
        pending.reverse()
        return pending

    def latest_inbound(self, conversation_id: str, *, before: str) -> Message | None:
        """The customer's latest message keyed before `before` (Zalo's free reply names it); reads back
        a page at a time and stops at the first one found, so it costs one short Query when it is near."""
        query = MessageItem.query(
            keys.conversation_pk(conversation_id), MessageItem.SK.between(keys.MESSAGE_PREFIX, before),
            scan_index_forward=False, consistent_read=True, page_size=PENDING_PAGE,
        )
        for item in query:
            if item.direction == "in":
                return _message(item)
        return None

    # ------------------------------------------------------------------ writes
    def append_inbound_to_active(
        self, conversation_id: str, message: Message, *, inbound_key: str, preview: str, now: datetime,
    ) -> InboundAppend:
        """The hot path: a customer writes again on an open, unread conversation whose clock runs.

        Only in that state does nothing else follow from the message: no inbox counter moves (it is
        already open and unread), no wait starts (which the service report counts for the
        conversation's agent, whom only a read tells), and the deadlines and due key stay as they
        are. So no transaction (which bills every item twice): one conditional UpdateItem of the
        conversation's latest message, then the message as a conditional PutItem, 1 WCU each.

        The conversation goes first, and its condition `last_inbound_key < inbound_key` lets each
        channel event through once: a redelivered event (or one whose PutItem never ran because
        the container died between the two writes) fails it and takes the slow path, which stores
        the message if it is missing and otherwise raises DuplicateEvent. Until the channel has
        our answer it delivers again, so the message is never left out.

        When the condition fails, DynamoDB returns the conversation as it checked it
        (ReturnValuesOnConditionCheckFailure), so the slow path needs no read of its own:
        `found` is that conversation, None when there is none yet (a new contact).
        """
        item = ConversationItem(keys.conversation_pk(conversation_id), keys.CONVERSATION_SK)
        C = ConversationItem
        actions = [
            C.last_message_at.set(now),
            C.last_message_preview.set(stored_preview(preview)),
            C.last_inbound_key.set(inbound_key),
            C.last_inbound_at.set(now),
            C.version.add(1),
        ]
        condition = (C.status == Status.OPEN.value) & (C.unread == True) & C.waiting_since.exists()  # noqa: E712
        condition &= C.last_inbound_key.does_not_exist() | (C.last_inbound_key < inbound_key)
        request = item.get_update_kwargs_from_instance(
            actions=actions, condition=condition, return_values_on_condition_failure="ALL_OLD"
        )
        try:
            # The client itself: PynamoDB's errors drop the item DynamoDB returns with the failure.
            dynamo_connection().client.update_item(**request)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            old = error.response.get("Item")
            return InboundAppend(appended=False, found=_conversation(ConversationItem.from_raw_data(old)) if old else None)
        try:
            _message_item(message).save(condition=MessageItem.PK.does_not_exist())
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
            # A second delivery of this event stored it between our two writes: stored once either way.
        return InboundAppend(appended=True)

    def append_outbound(self, conv: Conversation, message: Message, *, replies_open_at: datetime | None = None) -> None:
        """An agent's message on a conversation it changes nothing else of (answered, read, no clock
        running): the message and the conversation's latest message, in one transaction.

        Its condition is the state that makes this true, as `conv` shows it (status, assignee, no
        wait, read, no deadline but the reply lock, a first response, contact not blocked), not
        the version: replies sent together all pass it, instead of all but one being refused. The
        message must sort after the conversation's latest agent message, so agent messages are
        stored in their thread order. It moves the version, so a writer that read the
        conversation before it reads again. Raises ConcurrentUpdate when any of that changed.
        """
        C = ConversationItem
        item = C(keys.conversation_pk(conv.conversation_id), keys.CONVERSATION_SK)
        actions = [
            C.last_message_at.set(message.created_at),
            C.last_outbound_key.set(_stored_outbound_key(message.sort_key)),
            C.version.add(1),
        ]
        condition = (C.status == conv.status.value) & C.waiting_since.does_not_exist() & _false(C.unread)
        condition &= (C.assignee_id == conv.assignee_id) if conv.assignee_id else C.assignee_id.does_not_exist()
        condition &= C.expiring_at.does_not_exist() & C.takeover_at.does_not_exist() & C.auto_close_at.does_not_exist()
        condition &= _false(C.expiring_warned) & C.first_response_at.exists() & _false(C.contact.blocked)
        # (an item written before holds the whole key, "M#...", which sorts before every id: it passes)
        condition &= C.last_outbound_key.does_not_exist() | (C.last_outbound_key < _stored_outbound_key(message.sort_key))
        if replies_open_at is not None:
            condition &= _reply_lock_ahead(replies_open_at)
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.save(_message_item(message), condition=MessageItem.PK.does_not_exist())
                tx.update(item, actions=actions, condition=condition)
        except TransactWriteError as error:
            if {"ConditionalCheckFailed", "TransactionConflict"} & set(_reasons(error)):
                raise ConcurrentUpdate("the conversation changed meanwhile; try again") from None
            raise

    def save(
        self,
        conv: Conversation,
        *,
        expected_version: int | None,
        messages: tuple[Message, ...] = (),
        load_changes: tuple[LoadChange, ...] = (),
        rule_turn: RuleTurn | None = None,
        found_as: Conversation | None = None,
        service_counts: tuple[ServiceCount, ...] = (),
        replies_open_at: datetime | None = None,
    ) -> Conversation:
        """Write the whole new state of a conversation, with its new messages and load moves, atomically.

        expected_version None creates the conversation (its contact is the snapshot on it: one
        conversation per contact, so no item of its own). A round-robin
        `rule_turn` is recorded on its agent with the load it adds (`load_changes` names that agent), so the
        turn moves only with an assignment that happened, and no item more is written for it. The inbox counters move by the difference between the
        counters the conversation was read in (`conv.counted_in`) and the ones it is in now;
        the version condition makes that difference exact. Search terms are written when the
        conversation is created, and replaced when the caller passes the conversation as it
        was read in `found_as` (a write that may change the contact's name or store). Raises
        ConcurrentUpdate if someone else changed it first, AgentAtCapacity if a load move
        would pass an agent's capacity, DuplicateEvent if a message was already stored.
        `service_counts` (reports/counts.py) are added in the same transaction, so they move
        exactly when this write happens. With `replies_open_at`, the write holds only while the
        stored reply lock lies after that moment (a reopen, a reply to a closed conversation).
        """
        now_counted = counters.facets(conv)
        counter_moves = counters.delta(frozenset() if expected_version is None else conv.counted_in, now_counted)
        new = conv.model_copy(update={"version": (expected_version or 0) + 1, "counted_in": now_counted})
        terms_before = frozenset() if expected_version is None else search_terms(found_as) if found_as else None
        terms_after = search_terms(new) if terms_before is not None else frozenset()
        item = self._conversation_item(new)
        if expected_version is None:
            condition = ConversationItem.PK.does_not_exist()
        else:
            condition = ConversationItem.version == expected_version
        if replies_open_at is not None:
            condition &= _reply_lock_ahead(replies_open_at)
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.save(item, condition=condition)
                for message in messages:
                    tx.save(_message_item(message), condition=MessageItem.PK.does_not_exist())
                for change in load_changes:
                    agent = AgentItem(keys.org_pk(change.org_id), keys.agent_sk(change.agent_id))
                    guard = AgentItem.PK.exists()
                    if change.delta > 0 and change.within_capacity:
                        guard = guard & (AgentItem.load < AgentItem.capacity)
                    actions = [AgentItem.load.add(change.delta)]
                    if rule_turn is not None and rule_turn.agent_id == change.agent_id:
                        actions.append(AgentItem.turns.set(rule_turn.turns))
                    tx.update(agent, actions=actions, condition=guard)
                for count in service_counts:
                    count_update(tx, count)
                if counter_moves:
                    tx.update(self._counter_shard(conv), actions=_counter_actions(counter_moves))
                if terms_before is not None:
                    for term in terms_before - terms_after:
                        tx.delete(SearchTermItem(keys.search_pk(conv.org_id, term), keys.search_sk(term, conv.conversation_id)))
                    for term in terms_after - terms_before:
                        tx.save(SearchTermItem(keys.search_pk(conv.org_id, term), keys.search_sk(term, conv.conversation_id),
                                               conversation_id=conv.conversation_id))
        except TransactWriteError as error:
            reasons = _reasons(error)
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise ConcurrentUpdate("the conversation changed meanwhile; try again") from None
            message_reasons = reasons[1 : 1 + len(messages)]
            if "ConditionalCheckFailed" in message_reasons:
                raise DuplicateEvent() from None
            if "ConditionalCheckFailed" in reasons:
                raise AgentAtCapacity("the agent has no free capacity") from None
            if "TransactionConflict" in reasons:
                # Another transaction held a shared counter item at that moment: read and try again.
                raise ConcurrentUpdate("a counter was being updated meanwhile; try again") from None
            raise
        return new

    def set_message_status(
        self, conversation_id: str, sort_key: str, status: str, *, channel_message_id: str | None = None,
        error: str | None = None, only_from: str | None = None, error_code: str | None = None,
        sent_as: tuple[str | None, str | None] | None = None,
    ) -> bool:
        """Move a message to `status`; with `only_from`, only if it is in that status now (False if
        not). `sent_as`: its new (messaging_type, messaging_tag), for a retry the window now sends
        otherwise. Raises NotFound for a message that does not exist."""
        actions = [MessageItem.status.set(status)]
        if sent_as is not None:
            for attribute, value in zip((MessageItem.messaging_type, MessageItem.messaging_tag), sent_as):
                actions.append(attribute.set(value) if value else attribute.remove())
        if channel_message_id:
            actions.append(MessageItem.channel_message_id.set(channel_message_id))
        actions.append(MessageItem.error.set(error) if error else MessageItem.error.remove())
        actions.append(MessageItem.error_code.set(error_code) if error_code else MessageItem.error_code.remove())
        condition = MessageItem.status == only_from if only_from else MessageItem.PK.exists()
        try:
            MessageItem(keys.conversation_pk(conversation_id), sort_key).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                if only_from:
                    return False
                raise NotFound("message not found") from None
            raise
        return True

    def requeue_counting_free_reply(self, conv: Conversation, sort_key: str, *, sent_as: tuple[str | None, str | None],
                                    free_replies_key: str, free_replies_used: int) -> bool:
        """A failed agent message queued again as a Zalo free reply of the customer's latest message: the message
        moves from failed to queued, holding that reply (`free_reply_key`), and the conversation's count moves, in
        one transaction under the conversation's version (so retries and replies racing for the last free reply
        cannot all pass). False when the message is not failed (any more); ConcurrentUpdate when the
        conversation changed since `conv` was read."""
        C, M = ConversationItem, MessageItem
        message_actions = [M.status.set("queued"), M.free_reply_key.set(free_replies_key), M.error.remove(),
                           M.error_code.remove()]
        for attribute, value in zip((M.messaging_type, M.messaging_tag), sent_as):
            message_actions.append(attribute.set(value) if value else attribute.remove())
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.update(C(keys.conversation_pk(conv.conversation_id), keys.CONVERSATION_SK),
                          actions=[C.free_replies_key.set(free_replies_key), C.free_replies_used.set(free_replies_used),
                                   C.version.add(1)],
                          condition=C.version == conv.version)
                tx.update(M(keys.conversation_pk(conv.conversation_id), sort_key), actions=message_actions,
                          condition=M.status == "failed")
        except TransactWriteError as error:
            reasons = _reasons(error)
            if reasons and reasons[0] in ("ConditionalCheckFailed", "TransactionConflict"):
                raise ConcurrentUpdate("the conversation changed meanwhile; try again") from None
            if "ConditionalCheckFailed" in reasons:
                return False
            raise
        return True

    # ------------------------------------------------------------------ channel events applied
    def thread_newest_first(self, conversation_id: str, *, up_to: datetime | None, page_size: int) -> Iterator[Message]:
        """The thread's messages from `up_to` (or the newest) back in time, read a page at a time as the caller
        iterates: a receipt stops at the first message an earlier receipt already covered."""
        upper = keys.message_sk(up_to, "~") if up_to else f"{keys.MESSAGE_PREFIX}~"
        query = MessageItem.query(
            keys.conversation_pk(conversation_id), MessageItem.SK.between(keys.MESSAGE_PREFIX, upper),
            scan_index_forward=False, consistent_read=True, page_size=page_size,
        )
        return (_message(item) for item in query)

    def advance_message_status(self, conversation_id: str, sort_key: str, status: str, *, from_statuses: tuple[str, ...]) -> bool:
        """Move a message to `status` only while it is in one of `from_statuses` (False if not, or if it is gone):
        two receipts racing cannot move it backwards."""
        return _update_message(conversation_id, sort_key, [MessageItem.status.set(status)],
                               MessageItem.PK.exists() & MessageItem.status.is_in(*from_statuses))

    def add_message(self, message: Message) -> None:
        """A message alone (an echo: the account's own message, sent from the channel's app), stored once with one
        conditional put; raises DuplicateEvent when it was stored before."""
        try:
            _message_item(message).save(condition=MessageItem.PK.does_not_exist())
        except PutError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                raise DuplicateEvent() from None
            raise

    def set_following(self, conversation_id: str, following: bool, *, interaction_at: datetime | None = None) -> bool:
        """Whether the contact follows the account, on the conversation's contact (False: no conversation); with
        `interaction_at` (a follow is an interaction) the customer's latest interaction too, in the same update.
        The version moves, so a writer that read the conversation before writes again over the new flag."""
        C = ConversationItem
        actions = [C.contact.following.set(following), C.version.add(1)]
        if interaction_at is not None:
            actions.append(C.last_interaction_at.set(interaction_at))
        return self._update_existing(conversation_id, actions, C.PK.exists())

    def set_contact_flags(self, conversation_id: str, flags: dict[str, bool]) -> bool:
        """The contact's Messenger flags (`notifications`, `linked`) on its conversation (False: no conversation)."""
        C = ConversationItem
        attributes = {"notifications": C.contact.notifications, "linked": C.contact.linked}
        actions = [attributes[name].set(value) for name, value in sorted(flags.items())] + [C.version.add(1)]
        return self._update_existing(conversation_id, actions, C.PK.exists())

    def set_thread_owner(self, conversation_id: str, app_id: str | None, *, at: datetime) -> bool:
        """Who holds the thread (Messenger's handover protocol) since the handover of the channel's time `at`:
        another app's id, or None when it is ours again (the attribute is then removed: a conversation of ours
        never stores it); a request for the thread is answered by it, so it is forgotten. Applied only over an
        older handover (or none), by condition: a late delivery of an earlier pass or take never undoes a newer
        one (one of the same time applies: arrival order is all there is then). False: no conversation, or a newer
        handover is kept."""
        C = ConversationItem
        owner = C.thread_owner_app_id.set(app_id) if app_id is not None else C.thread_owner_app_id.remove()
        # Not older, rather than newer: two handovers of one millisecond have no order but their arrival's.
        newer = C.PK.exists() & (C.handover_at.does_not_exist() | (C.handover_at <= at))
        actions = [owner, C.handover_at.set(at), C.thread_requested_by.remove(), C.version.add(1)]
        return self._update_existing(conversation_id, actions, newer)

    def set_thread_request(self, conversation_id: str, app_id: str, *, at: datetime) -> bool:
        """Another app asked for the thread (Messenger's request_thread_control) at the channel's time `at`:
        recorded while the thread is ours and no handover newer than the request was applied. False otherwise."""
        C = ConversationItem
        condition = (C.PK.exists() & C.thread_owner_app_id.does_not_exist()
                     & (C.handover_at.does_not_exist() | (C.handover_at <= at)))
        return self._update_existing(conversation_id, [C.thread_requested_by.set(app_id), C.version.add(1)], condition)

    def edit_inbound(self, conversation_id: str, sort_key: str, text: str | None, *, edits: int,
                     original_text: str | None) -> bool:
        """The customer's message `sort_key` now reads `text`, its `edits`th edit: applied only over fewer edits,
        so a late delivery of an earlier edit never writes its older text back; its first text is kept once."""
        M = MessageItem
        actions = [M.text.set(text) if text is not None else M.text.remove(), M.edits.set(edits)]
        if original_text is not None:
            actions.append(M.original_text.set(M.original_text | original_text))
        return _update_message(conversation_id, sort_key, actions,
                               M.PK.exists() & (M.direction == "in") & (M.edits.does_not_exist() | (M.edits < edits)))

    def set_feedback(self, conversation_id: str, sort_key: str, feedback: str, *, at: datetime) -> bool:
        """The customer's feedback (good | bad) on the page's message `sort_key`, given at the channel's time `at`:
        applied only over an earlier one (or none), so a late delivery never writes an older feedback back."""
        M = MessageItem
        return _update_message(conversation_id, sort_key, [M.feedback.set(feedback), M.feedback_at.set(at)],
                               M.PK.exists() & (M.direction == "out")
                               & (M.feedback_at.does_not_exist() | (M.feedback_at < at)))

    def record_interaction(self, conversation_id: str, at: datetime, *, name: str | None = None,
                           phone: str | None = None) -> bool:
        """The customer interacted at `at` (a reaction, shared info): kept as the conversation's latest interaction,
        never moved back by a late delivery, with the `name` and `phone` they shared (Zalo's user_submit_info) on
        the contact in the same update (an older delivery changes neither). False when there is no conversation or
        a later one is kept. The version moves, so a reply that read the conversation before cannot write the older
        value back."""
        C = ConversationItem
        condition = C.PK.exists() & (C.last_interaction_at.does_not_exist() | (C.last_interaction_at < at))
        actions = [C.last_interaction_at.set(at), C.version.add(1)]
        if name is not None:
            actions.append(C.contact.name.set(name))
        if phone is not None:
            actions.append(C.contact.phone.set(phone))
        return self._update_existing(conversation_id, actions, condition)

    def record_order(self, conversation_id: str, order: dict, at: datetime) -> bool:
        """The contact's order placed at `at` (Zalo's shop_has_order) as the conversation's `order`, over none or
        an earlier one only (a late delivery never replaces a later order). False: no conversation, or older."""
        C = ConversationItem
        condition = C.PK.exists() & (C.order_at.does_not_exist() | (C.order_at < at))
        return self._update_existing(conversation_id, [C.order.set(order), C.order_at.set(at), C.version.add(1)],
                                     condition)

    def _update_existing(self, conversation_id: str, actions: list, condition) -> bool:
        """One conditional update of a conversation stored in the compact form: an item of before (its contact
        map under the long name) fails the condition, is rewritten by reading it, and is updated once more (so
        is one whose condition failed for its own reason, and fails again)."""
        C = ConversationItem
        for _ in range(2):
            try:
                C(keys.conversation_pk(conversation_id), keys.CONVERSATION_SK).update(
                    actions=actions, condition=condition & C.contact.exists())
                return True
            except UpdateError as exc:
                if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                    raise
            if self.find(conversation_id) is None:  # none; or one of before, which reading rewrites
                return False
        return False

    def apply_sla(self, entry: DueConversation, change: SlaChange) -> bool:
        """Apply one sweep's decision, only if the conversation is still as the sweep saw it.

        The condition on the due key, status and assignee makes overlapping sweeps act once:
        the first write moves the due key, so the second one's condition fails.
        """
        C = ConversationItem
        item = C(keys.conversation_pk(entry.conversation_id), keys.CONVERSATION_SK)
        actions, condition, moves = self.sla_update(entry, change)
        if not change.load_changes and not moves and not change.service_counts:
            # A warning moves no load: one conditional update, at half a transaction's cost.
            try:
                item.update(actions=actions, condition=condition)
            except UpdateError as error:
                if getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException":
                    return False  # another sweep, a reply or a new message got there first
                raise
            return True
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.update(item, actions=actions, condition=condition)
                for load in change.load_changes:
                    agent = AgentItem(keys.org_pk(load.org_id), keys.agent_sk(load.agent_id))
                    tx.update(agent, actions=[AgentItem.load.add(load.delta)], condition=AgentItem.PK.exists())
                if moves:
                    shard = keys.counter_sk(shard_of(entry.conversation_id, COUNTER_SHARDS))
                    tx.update(CounterItem(keys.org_pk(entry.org_id), shard), actions=_counter_actions(moves))
                for count in change.service_counts:
                    count_update(tx, count)
        except TransactWriteError as error:
            if _reasons(error)[:1] == ["ConditionalCheckFailed"]:
                return False
            raise
        return True

    def sla_update(self, entry: DueConversation, change: SlaChange) -> tuple[list, object, dict[str, int]]:
        """The one update the sweep makes to a conversation: its actions, its condition and the counter moves.

        DynamoDB refuses an update expression in which two actions touch overlapping document paths
        ("Two document paths overlap"), so each attribute appears in one action at most: in
        particular `counted_in` only loses the facets the new status leaves; the ones it joins are
        implied by the status whenever the item is read (`counters.counted`).
        """
        C = ConversationItem
        actions = [C.version.add(1)]
        for name, value in change.set.items():
            actions.append(getattr(C, name).set(value))
        for name in change.remove:
            actions.append(getattr(C, name).remove())
        due = next_due(change.clock)
        if due:
            actions.append(C.DPK.set(keys.due_partition(shard_of(entry.conversation_id, self._shards))))
            actions.append(C.DSK.set(_due_key(due)))
        else:
            actions += [C.DPK.remove(), C.DSK.remove()]
        if change.inbox_list:
            actions.append(C.IPK.set(keys.inbox_list(entry.org_id, change.inbox_list)))
            actions.append(C.ISK.set(f"{keys.sortable(change.inbox_sorted_at)}#{entry.conversation_id}"))
        condition = (C.DSK == entry.due_key) & (C.status == entry.status.value)
        condition &= (C.assignee_id == entry.assignee_id) if entry.assignee_id else C.assignee_id.does_not_exist()
        # The status is in the condition and the connection and category never change, so
        # the counters this status change moves are known without reading the item.
        new_status = Status(change.set.get("status", entry.status))
        moves = counters.delta(
            counters.status_facets(entry.status, entry.connection_id, entry.category),
            counters.status_facets(new_status, entry.connection_id, entry.category),
        )
        left = {name for name, d in moves.items() if d < 0}
        if left:
            # Both forms: an item written before holds the facets with the connection id.
            actions.append(C.counted_in.delete(_stored_facets(left, entry.connection_id) | left))
        if new_status == Status.CLOSED:
            actions += [C.OPK.remove(), C.OSK.remove()]
        return actions, condition, moves

    def rewrite_stored_before(self) -> int:
        """Rewrite every conversation item still in the long form of before (store/table.py: the compact
        conversation item) in the short one, each under its version: a write that got there first wrote the short
        form itself. A scan of the whole table, to run once after upgrading; returns how many it rewrote.
        Reading one (`find`, the sweep's `due_entries`) rewrites it too."""
        C = ConversationItem
        found = C.scan(filter_condition=(C.SK == keys.CONVERSATION_SK) & C.conversation_id.exists())
        return sum(self._rewrite(_conversation(item)) for item in found)

    def _rewrite(self, conv: Conversation) -> bool:
        """Store a conversation read from an item of before in the compact form, unchanged, if nobody wrote it
        since it was read (a write stores the compact form itself)."""
        try:
            self._conversation_item(conv).save(condition=ConversationItem.version == conv.version)
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
            return False
        return True

    # ------------------------------------------------------------------ mapping
    def _conversation_item(self, conv: Conversation) -> ConversationItem:
        list_name, sorted_at = inbox_placement(conv)
        due = next_due(clock_state(conv))
        d = conv.deadlines
        c = conv.contact
        return ConversationItem(
            keys.conversation_pk(conv.conversation_id),
            keys.CONVERSATION_SK,
            org_id=conv.org_id,
            connection_id=conv.connection_id,
            channel=conv.channel.value,
            contact=ContactMap(
                contact_id=None if c.contact_id == contact_id_for(conv.connection_id, c.channel_user_id) else c.contact_id,
                channel_user_id=c.channel_user_id, name=c.name, store_name=c.store_name, store_url=c.store_url,
                language=c.language, blocked=c.blocked or None, following=c.following,
                notifications=c.notifications, linked=c.linked, phone=c.phone,
            ),
            status=conv.status.value,
            close_reason=conv.close_reason.value if conv.close_reason else None,
            assignee_id=conv.assignee_id,
            previous_assignee_id=conv.previous_assignee_id,
            rule_id=conv.rule_id,
            tags=conv.tags or None,
            flagged=conv.flagged or None,
            unread=conv.unread or None,
            waiting_since=conv.waiting_since,
            last_message_at=conv.last_message_at,
            last_message_preview=stored_preview(conv.last_message_preview),
            last_inbound_key=conv.last_inbound_key,
            last_outbound_key=_stored_outbound_key(conv.last_outbound_key),
            last_inbound_at=conv.last_inbound_at,
            last_interaction_at=conv.last_interaction_at,
            thread_owner_app_id=conv.thread_owner_app_id,
            handover_at=conv.handover_at,
            thread_requested_by=conv.thread_requested_by_app_id,
            free_replies_key=conv.free_replies_key,
            free_replies_used=conv.free_replies_used or None,
            expiring_at=d.expiring_at,
            takeover_at=d.takeover_at,
            auto_close_at=d.auto_close_at,
            reply_locked_at=d.reply_locked_at,
            expiring_warned=conv.expiring_warned or None,
            taken_over=conv.taken_over or None,
            entry_group=conv.entry_group,
            entry_page=conv.entry_page,
            category=conv.category,
            issue_type=conv.issue_type,
            ticket_id=conv.ticket_id,
            order=conv.order,
            order_at=conv.order_at,
            escalation=conv.escalation.model_dump(mode="json") if conv.escalation else None,
            refund=conv.refund.model_dump(mode="json") if conv.refund else None,
            work_items=[_work_item_json(w) for w in conv.work_items] or None,
            first_response_at=conv.first_response_at,
            created_at=conv.created_at,
            closed_at=conv.closed_at,
            version=conv.version,
            IPK=keys.inbox_list(conv.org_id, list_name),
            ISK=f"{keys.sortable(sorted_at)}#{conv.conversation_id}",
            DPK=keys.due_partition(shard_of(conv.conversation_id, self._shards)) if due else None,
            DSK=_due_key(due) if due else None,
            counted_in=_stored_facets(conv.counted_in, conv.connection_id) or None,
            OPK=keys.open_partition(conv.org_id) if conv.status != Status.CLOSED else None,
            OSK=f"{keys.sortable(conv.created_at)}#{conv.conversation_id}" if conv.status != Status.CLOSED else None,
        )

    def _counter_shard(self, conv: Conversation) -> CounterItem:
        return CounterItem(keys.org_pk(conv.org_id), keys.counter_sk(shard_of(conv.conversation_id, COUNTER_SHARDS)))


def _conversation(item: ConversationItem) -> Conversation:
    c = item.contact
    return Conversation(
        org_id=item.org_id,
        conversation_id=keys.conversation_id_of(item.PK),
        connection_id=item.connection_id,
        channel=Channel(item.channel),
        contact=ContactSnapshot(
            contact_id=c.contact_id or contact_id_for(item.connection_id, c.channel_user_id),
            channel_user_id=c.channel_user_id, name=c.name,
            store_name=c.store_name, store_url=c.store_url, language=c.language, blocked=bool(c.blocked),
            following=c.following, notifications=c.notifications, linked=c.linked, phone=c.phone,
        ),
        status=Status(item.status),
        close_reason=CloseReason(item.close_reason) if item.close_reason else None,
        assignee_id=item.assignee_id,
        previous_assignee_id=item.previous_assignee_id,
        rule_id=item.rule_id,
        tags=list(item.tags or []),
        flagged=bool(item.flagged),
        unread=bool(item.unread),
        waiting_since=item.waiting_since,
        last_message_at=item.last_message_at,
        last_message_preview=item.last_message_preview,
        last_inbound_key=item.last_inbound_key,
        last_outbound_key=_read_outbound_key(item.last_outbound_key),
        last_inbound_at=item.last_inbound_at,
        last_interaction_at=item.last_interaction_at,
        thread_owner_app_id=item.thread_owner_app_id,
        handover_at=item.handover_at,
        thread_requested_by_app_id=item.thread_requested_by,
        free_replies_key=item.free_replies_key,
        free_replies_used=int(item.free_replies_used or 0),
        deadlines=Deadlines(
            expiring_at=item.expiring_at,
            takeover_at=item.takeover_at,
            auto_close_at=item.auto_close_at,
            reply_locked_at=item.reply_locked_at,
        ),
        expiring_warned=bool(item.expiring_warned),
        taken_over=bool(item.taken_over),
        entry_group=item.entry_group,
        entry_page=item.entry_page,
        category=item.category,
        issue_type=item.issue_type,
        ticket_id=item.ticket_id,
        order=item.order,
        order_at=item.order_at,
        escalation=Escalation.model_validate(item.escalation) if item.escalation else None,
        refund=Refund.model_validate(item.refund) if item.refund else None,
        work_items=[_work_item(w) for w in item.work_items or []],
        first_response_at=item.first_response_at,
        created_at=item.created_at,
        closed_at=item.closed_at,
        version=int(item.version or 0),
        counted_in=counters.counted(_read_facets(item.counted_in, item.connection_id), Status(item.status), item.connection_id,
                                    item.category),
    )


def _due_key(due: datetime) -> str:
    """A conversation's Due sort key: the time alone (the item's key tells the conversation; an agent's due
    key adds its id after the time, organizations.py)."""
    return keys.sortable(due)


def _stored_facets(facets, connection_id: str) -> set[str]:
    """The inbox facets as the item stores them: the conversation's own connection id, which most of them end
    with, left out (`unread#`, not `unread#cn_...`)."""
    return {f.removesuffix(connection_id) for f in facets}


def _read_facets(stored, connection_id: str) -> frozenset[str]:
    return frozenset(f + connection_id if f.endswith("#") else f for f in stored or ())


def _stored_outbound_key(sort_key: str | None) -> str | None:
    """The latest agent message's sort key as the item stores it: the message's id alone, when the id tells the
    key's time (ids.timed_id, as every agent message's does). Ids of one prefix sort as their keys do (the time,
    then the id), so the append's `<` condition holds on the stored form alike."""
    if sort_key is None:
        return None
    message_id = sort_key.rpartition("#")[2]
    at = time_of(message_id)
    return message_id if at is not None and keys.message_sk(at, message_id) == sort_key else sort_key


def _read_outbound_key(stored: str | None) -> str | None:
    if stored is None or stored.startswith(keys.MESSAGE_PREFIX):
        return stored
    return keys.message_sk(time_of(stored), stored)


def _false(attribute):
    """A flag that is not set (false, or never written)."""
    return attribute.does_not_exist() | (attribute == False)  # noqa: E712  (a condition, not a comparison)


def _reply_lock_ahead(at: datetime):
    """The conversation's reply lock, if it has one, lies after `at`."""
    C = ConversationItem
    return C.reply_locked_at.does_not_exist() | (C.reply_locked_at > at)


def _counter_actions(moves: dict[str, int]) -> list:
    # Counter names are data (a connection id), so they are paths, not declared attributes.
    return [Path([name]).add(delta) for name, delta in sorted(moves.items()) if delta]


def _work_item_json(work_item: WorkItem) -> list[str]:
    """[id, type, status]: the list lives on the conversation item, whose size every write pays for."""
    return [work_item.work_item_id, work_item.type.value, work_item.status.value]


def _work_item(value: list[str]) -> WorkItem:
    work_item_id, kind, status = value
    return WorkItem(work_item_id=work_item_id, type=kind, status=status)


def _message_item(message: Message) -> MessageItem:
    return MessageItem(
        keys.conversation_pk(message.conversation_id),
        message.sort_key,
        conversation_id=message.conversation_id,
        message_id=message.message_id,
        direction=message.direction,
        text=message.text,
        attachments=[a.model_dump(mode="json", exclude_none=True) for a in message.attachments] or None,
        author_id=message.author_id,
        status=message.status,
        channel_message_id=message.channel_message_id,
        error=message.error,
        mentions=message.mentions or None,
        created_at=message.created_at,
        error_code=message.error_code,
        messaging_type=message.messaging_type,
        messaging_tag=message.messaging_tag,
        free_reply_key=message.free_reply_key,
        edits=message.edits or None,
        original_text=message.original_text,
        feedback=message.feedback,
        feedback_at=message.feedback_at,
        card=message.card.model_dump() if message.card else None,
    )


def _message(item: MessageItem) -> Message:
    return Message(
        conversation_id=item.conversation_id,
        message_id=item.message_id,
        sort_key=item.SK,
        direction=item.direction,
        text=item.text,
        attachments=[Attachment.model_validate(a) for a in item.attachments or []],
        author_id=item.author_id,
        status=item.status,
        channel_message_id=item.channel_message_id,
        error=item.error,
        mentions=item.mentions or [],
        created_at=item.created_at,
        error_code=item.error_code,
        messaging_type=item.messaging_type,
        messaging_tag=item.messaging_tag,
        free_reply_key=item.free_reply_key,
        edits=int(item.edits or 0),
        original_text=item.original_text,
        feedback=item.feedback,
        feedback_at=item.feedback_at,
        card=Card.model_validate(item.card) if item.card else None,
    )


def stored_preview(text: str | None) -> str | None:
    """`text` cut to PREVIEW_BYTES of UTF-8, never inside a character."""
    if text is None:
        return None
    return text.encode()[:PREVIEW_BYTES].decode(errors="ignore")


def _reasons(error: TransactWriteError) -> list[str | None]:
    return [reason.code if reason else None for reason in (error.cancellation_reasons or [])]


def _order(newest_first: bool) -> str:
    return "newest_first" if newest_first else "oldest_first"
