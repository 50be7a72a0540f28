"""A conversation the seller starts with a buyer (POST /conversations), where the channel allows it.

Only marketplaces let the seller write first, and only about an order created within 60 days or with a
return in progress (seed 002; conversations/messaging_window.py `may_start`). The order's facts are the
ones the marketplace sent with the buyer's tickets (`ticket.order`: `id`, `created_at`, `return_status`),
kept on the buyer's conversation, which is one per buyer and connection: so the seller reaches a buyer
Switchboard has a ticket of, and `order_id` must be that conversation's order.

A Zalo OA's buyer who placed an order in the OA's shop (shop_has_order, inbound/applied.py `apply_order`) has it
on their conversation the same way, and the seller may write to them about it while Zalo's own window is open
(the user's recent message or interaction; Zalo refuses an OA's message outside it whatever the order).

No connected marketplace offers more. The signed `marketplace` channel has no order source: its orders
arrive only with tickets, so a buyer without one here cannot be checked (409, `order_unknown`, saying so).
Wish has one (`GET /api/v3/orders/{id}`, which the connector reads for refunds) but no way in: its Merchant
API replies to tickets the buyer opened and has no call that writes to a buyer first, so the seller is
refused before anything is read (409, `seller_cannot_start`). A marketplace whose API can both read a
buyer's order (its date, its return) and write to the buyer first would answer `may_start` from that
lookup, behind its connector, for buyers without a ticket. A conversation still in
progress gets the text as a reply; a closed one is opened again by the seller, assigned to them, awaiting
the buyer, whatever its reply lock (the order is what permits the contact).
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.conversations.messaging_window import ORDER_UNKNOWN, SELLER_CANNOT_START, may_start
from switchboard.conversations.optimistic import retry_on_conflict
from switchboard.conversations.reply import ReplyDeps, hand_over, outbound_message, reply, require_messaging_window
from switchboard.errors import Conflict, OutsideMessagingWindow
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.models import CONNECTED, Agent, Channel, Conversation, Deadlines, Status
from switchboard.store.conversations import LoadChange


@dataclass(frozen=True)
class StartRequest:
    connection_id: str
    channel_user_id: str
    order_id: str
    text: str


def start_conversation(actor: Agent, request: StartRequest, *, connections, deps: ReplyDeps) -> Conversation:
    """The buyer's conversation with the seller's `text` queued; OutsideMessagingWindow (409) where the channel
    or the order does not allow it. Nothing is stored or queued when refused."""
    conn = connections.get(actor.org_id, request.connection_id)  # 404 for an unknown or foreign connection
    if conn.status != CONNECTED:
        raise Conflict("the connection is disconnected: nothing can be sent through it", code="connection_disconnected")
    if conn.channel == Channel.WISH:
        raise OutsideMessagingWindow(
            f"Wish lets only buyers open tickets: its Merchant API answers a buyer's ticket and has no call that writes "
            f"to a buyer first; answer in the buyer's ticket ({SELLER_CANNOT_START})", reason=SELLER_CANNOT_START)
    conversation_id = conversation_id_for(contact_id_for(conn.connection_id, request.channel_user_id))

    def attempt() -> tuple[Conversation, object, tuple[LoadChange, ...]] | None:
        conv = deps.conversations.find(conversation_id)
        if conv is not None and conv.org_id != actor.org_id:
            conv = None
        if conv is None and conn.channel == Channel.MARKETPLACE:
            raise OutsideMessagingWindow(
                f"Switchboard has no ticket of this buyer, and the connection has no order source to look up order "
                f"{request.order_id} (its orders arrive only with tickets) ({ORDER_UNKNOWN})", reason=ORDER_UNKNOWN)
        order = conv.order if conv and conv.order and conv.order.get("id") == request.order_id else None
        window = may_start(conn.channel, order, deps.clock.now())
        if not window.open:
            reason = window.reason or ORDER_UNKNOWN
            raise OutsideMessagingWindow(f"{conn.channel.value} does not let the seller contact this buyer about "
                                         f"order {request.order_id} ({reason})", reason=reason)
        if conv.contact.blocked:
            raise Conflict("the contact is blocked", code="contact_blocked")
        if conn.channel == Channel.ZALO:
            # The order permits the contact; Zalo still takes an OA's message only inside its own window.
            require_messaging_window(conv, deps.clock.now(), deps)
        if conv.status != Status.CLOSED:
            return None  # in progress: the text is a reply, under the conversation's own window
        now = deps.clock.now()
        message = outbound_message(conv, actor, request.text, [], now)
        opened = conv.model_copy(update={
            "status": Status.AWAITING_CUSTOMER, "close_reason": None, "closed_at": None, "assignee_id": actor.agent_id,
            "previous_assignee_id": conv.assignee_id, "waiting_since": None, "deadlines": Deadlines(),
            "expiring_warned": False, "taken_over": False, "escalation": None, "unread": False,
            "last_message_at": message.created_at, "last_outbound_key": message.sort_key,
        })
        # The seller chose to take this buyer on: it counts in their load even past their capacity.
        loads = (LoadChange(actor.org_id, actor.agent_id, +1, within_capacity=False),)
        saved = deps.conversations.save(opened, expected_version=conv.version, messages=(message,), load_changes=loads)
        return saved, message, loads

    started = retry_on_conflict(attempt)
    if started is None:
        reply(actor, conversation_id, text=request.text, attachments=[], resolve=False, deps=deps)
        return deps.conversations.get(actor.org_id, conversation_id)
    saved, message, loads = started
    hand_over(actor.org_id, message, loads, deps)
    return saved
