"""Domain models as the API shows them (API.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from switchboard.conversations.cards import card_kinds
from switchboard.conversations.messaging_window import ReplyWindow, conversation_window
from switchboard.models import Agent, Channel, Connection, ConnectionSettings, Conversation, Message, Refund, Rule
from switchboard.routing.eligibility import is_online
from switchboard.sla.policy import is_expiring, seconds_left_to_respond
from switchboard.store.conversations import clock_state


def iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def agent_view(agent: Agent, now: datetime) -> dict:
    return {
        "agent_id": agent.agent_id,
        "email": agent.email,
        "nickname": agent.nickname,
        "role": agent.role.value,
        "accepting": agent.accepting,
        "online": is_online(agent, now),
        "capacity": agent.capacity,
        "load": agent.load,
        "groups": agent.groups,
        "weight": agent.weight,
        "bound_pages": agent.bound_pages,
        "last_seen_at": iso(agent.last_seen_at),
    }


def webhook_path(conn: Connection) -> str:
    """Zalo, Messenger, Shopee, Lazada and TikTok Shop name their account in the body (one callback URL per
    app); our own scheme names the connection in the path."""
    if conn.channel in (Channel.ZALO, Channel.MESSENGER, Channel.SHOPEE, Channel.LAZADA, Channel.TIKTOK_SHOP):
        return f"/webhooks/{conn.channel.value}"
    return f"/webhooks/{conn.channel.value}/{conn.connection_id}"


def connection_view(conn: Connection) -> dict:
    return {
        "connection_id": conn.connection_id,
        "channel": conn.channel.value,
        "name": conn.name,
        "external_id": conn.external_id,
        "mode": conn.mode.value,
        "rule_id": conn.rule_id,
        "status": conn.status,
        "connected_by": conn.connected_by,
        "connected_at": iso(conn.connected_at),
        "webhook_path": webhook_path(conn),
        "settings": conn.settings.model_dump(),
        "market": conn.market,
        "enforcement": {"action": conn.enforcement.action, "reason": conn.enforcement.reason,
                        "at": iso(conn.enforcement.at)} if conn.enforcement else None,
        "app_role": conn.app_role.role if conn.app_role else None,
    }


def rule_view(rule: Rule) -> dict:
    return {
        "rule_id": rule.rule_id,
        "name": rule.name,
        "sources": rule.sources,
        "members": rule.members,
        "method": rule.method.value,
        "existing_conversations": rule.existing_conversations.value,
        "created_at": iso(rule.created_at),
    }


def conversations_out(convs: list[Conversation], now: datetime) -> list[dict]:
    """Conversations as the API shows them, with their tags' current names (one read, only if tagged)."""
    from switchboard import wiring

    tagged = next((c for c in convs if c.tags), None)
    names = wiring.tags().names(tagged.org_id) if tagged else {}
    found = stores_of(convs[0].org_id, {c.connection_id for c in convs}) if convs else {}
    stores = {cid: c.name for cid, c in found.items()}
    markets = {cid: c.market for cid, c in found.items() if c.market}
    return [conversation_view(c, now, names, _terms(c, wiring.directory()), stores, markets) for c in convs]


def stores_of(org_id: str, needed: set[str]) -> dict[str, Connection]:
    """Connection id -> the connection (the seller's store, page or OA: its name and market), from the
    directory's copy of the organization's connections (the one the reply windows read), so lists show each
    conversation's store without a read per row. A rename shows within the directory's cache time."""
    from switchboard import wiring

    return wiring.directory().org_connections(org_id, frozenset(needed))


def marketplace_of(channel: Channel) -> str | None:
    """The marketplace a conversation's tickets or chats come from; None for chat channels."""
    return {Channel.WISH: "wish", Channel.MARKETPLACE: "marketplace", Channel.SHOPEE: "shopee",
            Channel.LAZADA: "lazada", Channel.TIKTOK_SHOP: "tiktok_shop"}.get(channel)


def _time_left(conv: Conversation, state, now: datetime) -> int | None:
    """Until the takeover deadline; on Wish, no later than Wish's own 48 hours (seed 001)."""
    left = seconds_left_to_respond(state, now)
    if conv.channel == Channel.WISH and left is not None:
        from switchboard.channels.marketplaces.wish import response_due_at

        due = response_due_at(conv)
        if due is not None:
            left = min(left, int((due - now).total_seconds()))
    return left


# Channels whose windows depend on the account's terms; the others' never read them.
ACCOUNT_TERMS = (Channel.MESSENGER, Channel.ZALO)


def _terms(conv: Conversation, directory) -> ConnectionSettings:
    """The connection's terms, from the directory's copy of the organization's connections (one query a while)."""
    if conv.channel not in ACCOUNT_TERMS:
        return ConnectionSettings()
    return directory.connection_terms(conv.org_id, conv.connection_id)


def conversation_out(conv: Conversation, now: datetime) -> dict:
    return conversations_out([conv], now)[0]


def conversation_view(conv: Conversation, now: datetime, tag_names: dict[str, str] | None = None,
                      terms: ConnectionSettings | None = None,
                      stores: dict[str, str] | None = None, markets: dict[str, str] | None = None) -> dict:
    state = clock_state(conv)
    d = conv.deadlines
    names = tag_names or {}
    store = (stores or {}).get(conv.connection_id)
    return {
        "conversation_id": conv.conversation_id,
        "connection_id": conv.connection_id,
        "channel": conv.channel.value,
        "marketplace": marketplace_of(conv.channel),
        "store": {"connection_id": conv.connection_id, "name": store} if store is not None else None,
        "market": (markets or {}).get(conv.connection_id),
        "contact": {
            "contact_id": conv.contact.contact_id,
            "name": conv.contact.name,
            "store_name": conv.contact.store_name,
            "store_url": conv.contact.store_url,
            "language": conv.contact.language,
            "blocked": conv.contact.blocked,
            "following": conv.contact.following,
            "notifications": conv.contact.notifications,
            "linked": conv.contact.linked,
            "phone": conv.contact.phone,
        },
        "thread_owner_app_id": conv.thread_owner_app_id,
        "thread_requested_by_app_id": conv.thread_requested_by_app_id,
        "status": conv.status.value,
        "close_reason": conv.close_reason.value if conv.close_reason else None,
        "assignee_id": conv.assignee_id,
        "rule_id": conv.rule_id,
        # Only tags that still exist: a deleted tag is gone from every conversation at once.
        "tags": [{"tag_id": t, "name": names[t]} for t in conv.tags if t in names],
        "flagged": conv.flagged,
        "unread": conv.unread,
        "unreplied": conv.unreplied,
        "waiting_since": iso(conv.waiting_since),
        "last_message_at": iso(conv.last_message_at),
        "last_message_preview": conv.last_message_preview,
        "deadlines": {
            "expiring_at": iso(d.expiring_at),
            "takeover_at": iso(d.takeover_at),
            "auto_close_at": iso(d.auto_close_at),
            "reply_locked_at": iso(d.reply_locked_at),
        },
        "reply_window": reply_window_view(conversation_window(conv, terms or ConnectionSettings(), now)),
        "cards": list(card_kinds(conv.channel)),
        "expiring": is_expiring(state, now),
        "time_left_to_respond_seconds": _time_left(conv, state, now),
        "category": conv.category,
        "issue_type": conv.issue_type,
        "ticket_id": conv.ticket_id,
        "order": conv.order,
        "escalation": (
            {"reason": conv.escalation.reason, "note": conv.escalation.note, "at": iso(conv.escalation.at)}
            if conv.escalation else None
        ),
        "refund": refund_view(conv.refund) if conv.refund else None,
        "work_items": [
            {"work_item_id": w.work_item_id, "type": w.type.value, "status": w.status.value} for w in conv.work_items
        ],
        "first_response_at": iso(conv.first_response_at),
        "created_at": iso(conv.created_at),
        "closed_at": iso(conv.closed_at),
    }


def reply_window_view(window: ReplyWindow) -> dict:
    return {"open": window.open, "closes_at": iso(window.closes_at), "reason": window.reason}


def refund_view(refund: Refund) -> dict:
    return {
        "item_ids": refund.item_ids,
        "items": [{"item_id": i.item_id, "name": i.name, "price": i.price} for i in refund.items],
        "amount": refund.amount,
        "refunded_by": refund.refunded_by,
        "refunded_at": iso(refund.refunded_at),
    }


def message_view(message: Message, translation=None) -> dict:
    """`translation`: a conversations.translation.MessageTranslation, when one was asked for and made."""
    return {
        "message_id": message.message_id,
        "conversation_id": message.conversation_id,
        "direction": message.direction,
        "text": message.text,
        "attachments": attachments_view(message),
        "author_id": message.author_id,
        "status": message.status,
        "channel_message_id": message.channel_message_id,
        "error": message.error,
        "mentions": message.mentions,
        "card": message.card.model_dump() if message.card else None,
        "created_at": iso(message.created_at),
        "edited": message.edits > 0,
        "original_text": message.original_text,
        "feedback": message.feedback,
        "translation": (
            {"language": translation.language, "text": translation.text, "source_language": translation.source_language}
            if translation else None
        ),
    }


def attachments_view(message: Message) -> list[dict]:
    """Uploaded files come with a short-lived download URL, signed here (no request to S3)."""
    attachments = message.attachments
    if any(a.object_key for a in attachments):
        from switchboard import wiring
        from switchboard.conversations.attachments import CONSOLE_LINK_SECONDS, linked

        attachments = linked(attachments, wiring.attachment_store(), CONSOLE_LINK_SECONDS)
    return [a.model_dump(exclude_none=True) for a in attachments]
