"""Messaging windows: when each channel lets the seller write to a customer (pure rules, no I/O).

Each channel's terms, as its documentation states them:
- Messenger: a page may answer for 24 h after the customer's last message or other interaction that opens the
  standard window (a postback or referral is stored as a message; a reaction is an interaction) (`messaging_type: RESPONSE`);
  a page permitted the `HUMAN_AGENT` tag (connection setting `human_agent_tag`) may answer a person's
  question for 7 days with `messaging_type: MESSAGE_TAG`, `tag: HUMAN_AGENT`. It never lets a page write
  first.
- Zalo OA: after each customer message the OA may send `free_replies` (8) replies within 48 h; it may send
  (paid) consultation messages while the user's last interaction (a message, a follow, a reaction, shared details:
  channels/zalo.py INTERACTION_EVENTS) is within 7 days, if the account sends them (`consultation_messages`), after
  which Zalo answers error -230. It never lets an OA write first.
- Marketplace (seed 002): the buyer's conversation may be answered; the seller may start one with a buyer
  whose order was created within 60 days, or whose order has a return in progress. A Zalo OA's seller may too,
  about an order the buyer placed in the OA's shop, and only while Zalo's own window above is open (Zalo refuses an
  OA's message outside it whatever the order: -213, -230, -232).
- Web chat: the widget keeps the conversation, so replies are always possible. Partner inbox: replies are
  always possible once the contact started it (API.md), and only the contact starts one.

The customer's last message is timed by Switchboard's own clock when it arrived (as `waiting_since`), so
the window follows the time the stack sees; a channel's redelivery hours later would make it start later
than the channel's own (the channel then refuses the send: delivery marks it failed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from switchboard.models import Channel, ConnectionSettings, Conversation
from switchboard.store import keys

MESSENGER_STANDARD = timedelta(hours=24)
MESSENGER_HUMAN_AGENT = timedelta(days=7)
ZALO_FREE_REPLY = timedelta(hours=48)
ZALO_CONSULTATION = timedelta(days=7)
MARKETPLACE_ORDER_CONTACT = timedelta(days=60)

# Why a window is closed: the `reason` of `reply_window`.
NO_CUSTOMER_MESSAGE = "no_customer_message"  # the customer never wrote: the channel does not let the seller begin
WINDOW_EXPIRED = "window_expired"  # too long since the customer's last message
FREE_REPLIES_USED = "free_replies_used"  # Zalo: every free reply to the customer's last message is used
SELLER_CANNOT_START = "seller_cannot_start"  # the channel never lets the seller start a conversation
ORDER_TOO_OLD = "order_too_old"  # marketplace: the order is older than 60 days and has no return in progress
ORDER_UNKNOWN = "order_unknown"  # marketplace: no such order of this buyer is known

OPEN_RETURN = "open"  # an order's `return_status` while a return or refund is in progress
# Channels where an order lets the seller write first: marketplaces (seed 002), and Zalo OA for an order the buyer
# placed in the OA's shop (shop_has_order), where Zalo's own window must be open too (conversations/starting.py).
ORDER_CHANNELS = (Channel.MARKETPLACE, Channel.ZALO)


@dataclass(frozen=True)
class ReplyWindow:
    """Whether a reply may be sent now, until when, and how the channel must be told to send it."""

    open: bool
    closes_at: datetime | None = None
    reason: str | None = None
    messaging_type: str | None = None  # Messenger's Send API `messaging_type` for a reply sent now
    messaging_tag: str | None = None  # Messenger's `tag` (HUMAN_AGENT) when messaging_type is MESSAGE_TAG
    counts_free_reply: bool = False  # Zalo: a reply sent now uses one of the customer message's free replies


@dataclass(frozen=True)
class WindowFacts:
    """What the rules read from a conversation, all stored on it (no other read)."""

    last_customer_message_at: datetime | None
    free_replies_used: int = 0
    order: dict | None = None
    last_interaction_at: datetime | None = None  # the customer's latest interaction that is not a message


def facts_of(conv: Conversation) -> WindowFacts:
    last = conv.last_inbound_at
    if last is None and conv.last_inbound_key:
        try:
            last = keys.inbound_time(conv.last_inbound_key)  # stored before arrival times were: the channel's time
        except ValueError:
            last = None
    return WindowFacts(last_customer_message_at=last, free_replies_used=free_replies_used(conv), order=conv.order,
                       last_interaction_at=conv.last_interaction_at)


def free_replies_used(conv: Conversation) -> int:
    """Replies counted against the customer's latest message: the count resets with each new message."""
    if conv.last_inbound_key is None or conv.free_replies_key != conv.last_inbound_key:
        return 0
    return conv.free_replies_used


def reply_window(channel: Channel, terms: ConnectionSettings, facts: WindowFacts, now: datetime) -> ReplyWindow:
    """The window for a reply at `now`. Windows are half-open: at exactly 24 h a Messenger reply is refused."""
    if channel == Channel.MESSENGER:
        return _messenger(terms, facts, now)
    if channel == Channel.ZALO:
        return _zalo(terms, facts, now)
    if channel == Channel.MARKETPLACE and facts.last_customer_message_at is None:
        return may_start(channel, facts.order, now)  # a conversation the seller started, before the buyer answers
    return ReplyWindow(open=True)


def conversation_window(conv: Conversation, terms: ConnectionSettings, now: datetime) -> ReplyWindow:
    if conv.channel == Channel.WISH:
        # Wish takes a reply only while the ticket awaits the merchant (its own rule, from the ticket's state).
        from switchboard.channels.marketplaces.wish import reply_refusal

        refusal = reply_refusal(conv)
        return ReplyWindow(open=False, reason=refusal) if refusal else ReplyWindow(open=True)
    return reply_window(conv.channel, terms, facts_of(conv), now)


def may_start(channel: Channel, order: dict | None, now: datetime) -> ReplyWindow:
    """Whether the seller may start a conversation about `order` (its fields as the marketplace sends them:
    `created_at`, and `return_status` "open" while a return is in progress). Only marketplaces allow it."""
    if channel not in ORDER_CHANNELS:
        return ReplyWindow(open=False, reason=SELLER_CANNOT_START)
    if not order:
        return ReplyWindow(open=False, reason=ORDER_UNKNOWN)
    if order.get("return_status") == OPEN_RETURN:
        return ReplyWindow(open=True)
    created_at = _time(order.get("created_at"))
    if created_at is None:
        return ReplyWindow(open=False, reason=ORDER_TOO_OLD)
    closes_at = created_at + MARKETPLACE_ORDER_CONTACT
    if now < closes_at:
        return ReplyWindow(open=True, closes_at=closes_at)
    return ReplyWindow(open=False, closes_at=closes_at, reason=ORDER_TOO_OLD)


def _messenger(terms: ConnectionSettings, facts: WindowFacts, now: datetime) -> ReplyWindow:
    message = facts.last_customer_message_at
    last = _latest(message, facts.last_interaction_at)
    if last is None:
        return ReplyWindow(open=False, reason=NO_CUSTOMER_MESSAGE)
    standard_end = last + MESSENGER_STANDARD
    # HUMAN_AGENT answers a person's message: its 7 days run from the message, not from a reaction.
    tagged_end = max(standard_end, message + MESSENGER_HUMAN_AGENT) if message else standard_end
    closes_at = tagged_end if terms.human_agent_tag else standard_end
    if now < standard_end:
        return ReplyWindow(open=True, closes_at=closes_at, messaging_type="RESPONSE")
    if terms.human_agent_tag and now < tagged_end:
        return ReplyWindow(open=True, closes_at=closes_at, messaging_type="MESSAGE_TAG", messaging_tag="HUMAN_AGENT")
    return ReplyWindow(open=False, closes_at=closes_at, reason=WINDOW_EXPIRED)


def _zalo(terms: ConnectionSettings, facts: WindowFacts, now: datetime) -> ReplyWindow:
    message = facts.last_customer_message_at
    last = _latest(message, facts.last_interaction_at)
    if last is None:
        return ReplyWindow(open=False, reason=NO_CUSTOMER_MESSAGE)
    # Free replies answer a message (48 h of it); consultation messages need only a recent interaction (7 days).
    free_end = message + ZALO_FREE_REPLY if message else None
    consultation_end = last + ZALO_CONSULTATION
    closes_at = consultation_end if terms.consultation_messages else free_end
    free_open = free_end is not None and now < free_end
    if free_open and facts.free_replies_used < terms.free_replies:
        return ReplyWindow(open=True, closes_at=closes_at, counts_free_reply=True)
    if terms.consultation_messages and now < consultation_end:
        return ReplyWindow(open=True, closes_at=closes_at)
    if free_open:
        return ReplyWindow(open=False, reason=FREE_REPLIES_USED)  # until the customer writes again
    return ReplyWindow(open=False, closes_at=closes_at, reason=WINDOW_EXPIRED)


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
