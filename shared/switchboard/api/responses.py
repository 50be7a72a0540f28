"""What each route answers, as pydantic models: the routes' return annotations, so the OpenAPI document
describes every success body and Powertools checks each answer against it (an answer that does not fit
is a defect of ours: a logged 500, never a silent drift).

The bodies are built by api/views.py (and the few routes that answer small bodies of their own); these
models are their contract. `extra="forbid"`: a field a view adds must be described here too.
"""

# No `from __future__ import annotations` here: pydantic would compile and evaluate every field's annotation
# from its text at import (a sixth of this module's import, measured with valgrind's instruction count).

from typing import Literal

from pydantic import Field

from switchboard.api.answers import Answer, WebhookReceipt  # noqa: F401  (the webhooks' answer: defined there)
from switchboard.models import (
    Channel,
    CloseReason,
    ConnectionMode,
    ExistingConversations,
    FirstContactEmail,
    Role,
    RoutingMethod,
    Status,
    WorkItemStatus,
    WorkItemType,
)

Time = str  # ISO 8601, UTC, milliseconds: "2026-11-22T10:00:00.000Z"
Category = Literal["pre_purchase", "post_purchase_ticket", "post_purchase_support"]


class AgentOut(Answer):
    agent_id: str
    email: str
    nickname: str
    role: Role
    accepting: bool
    online: bool
    capacity: int = Field(ge=0)
    load: int
    groups: list[str]
    weight: int = Field(ge=1)
    bound_pages: list[str]
    last_seen_at: Time | None


class AgentList(Answer):
    items: list[AgentOut]


class SlaOut(Answer):
    expiring_after_hours: float
    takeover_after_hours: float
    auto_close_after_days: float
    reply_lock_after_days: float


class SettingsOut(Answer):
    sla: SlaOut
    takeover_agent_id: str | None
    fallback_agent_id: str | None
    first_contact_email: FirstContactEmail


class ConnectionSettingsOut(Answer):
    human_agent_tag: bool = Field(description="Messenger: the page is permitted the HUMAN_AGENT tag (replies for 7 days)")
    free_replies: int = Field(ge=0, description="Zalo: free replies after each customer message, within 48 h")
    consultation_messages: bool = Field(
        description="Zalo: the OA sends (paid) consultation messages within 7 days of the user's last message")
    pass_thread_on_request: bool = Field(
        False, description="Messenger: another app that asks for a thread is passed it at once (Handover API)")


class EnforcementOut(Answer):
    action: Literal["warning", "block", "unblock"] = Field(
        description="Messenger's latest policy action on the page (messaging_policy_enforcement); while `block`, "
                    "replies answer 409 account_blocked_by_channel")
    reason: str | None = Field(description="why, as Meta said (absent on unblock)")
    at: Time


class ConnectionOut(Answer):
    connection_id: str
    channel: Channel
    name: str
    external_id: str
    mode: ConnectionMode
    rule_id: str | None
    status: str = Field(description="connected")
    connected_by: str
    connected_at: Time
    webhook_path: str = Field(description="where the channel posts its events, under the stack's webhook URL (`/config.json` `webhook_url`)")
    settings: ConnectionSettingsOut
    market: str | None = Field(None, description="a store's market (ISO 3166-1 alpha-2: VN, TH, MY), as the "
                                                 "marketplace reported it or the seller gave it; null if neither")
    enforcement: EnforcementOut | None = Field(None, description="the channel's latest policy action on the account; "
                                                                 "null: none")
    app_role: Literal["primary_receiver", "secondary_receiver"] | None = Field(
        None, description="Messenger: our app's role on the page (app_roles); as secondary_receiver, replies answer "
                          "409 thread_controlled_by_other_app until the primary receiver passes the thread; null: "
                          "Meta never said")


class ConnectionList(Answer):
    items: list[ConnectionOut]


class RuleOut(Answer):
    rule_id: str
    name: str
    sources: list[str] = Field(description="connection ids")
    members: list[str] = Field(description="agent ids")
    method: RoutingMethod
    existing_conversations: ExistingConversations
    created_at: Time


class RuleList(Answer):
    items: list[RuleOut]


class RuleDeleted(Answer):
    rule_id: str
    deleted: Literal[True]


class ContactOut(Answer):
    contact_id: str
    name: str | None
    store_name: str | None
    store_url: str | None
    language: str | None
    blocked: bool
    following: bool | None = Field(None, description="whether the contact follows the account (Zalo); null: never said")
    notifications: bool | None = Field(None, description="Messenger: whether the contact accepts the page's Marketing "
                                                         "Messages (opted in, or resumed them); null: never said")
    linked: bool | None = Field(None, description="Messenger: whether the contact linked their account with the "
                                                  "seller's (account linking); null: never said")
    phone: str | None = Field(None, description="Zalo: the phone number the contact shared through the OA's form "
                                                "(user_submit_info); null: never shared")


class TagOut(Answer):
    tag_id: str
    name: str


class DeadlinesOut(Answer):
    expiring_at: Time | None
    takeover_at: Time | None
    auto_close_at: Time | None
    reply_locked_at: Time | None


class EscalationOut(Answer):
    reason: str
    note: str | None
    at: Time


class RefundedItemOut(Answer):
    item_id: str
    name: str | None
    price: float


class RefundOut(Answer):
    item_ids: list[str]
    items: list[RefundedItemOut]
    amount: float
    refunded_by: str
    refunded_at: Time


class WorkItemOut(Answer):
    work_item_id: str
    type: WorkItemType
    status: WorkItemStatus


class ReplyWindowOut(Answer):
    open: bool = Field(description="the channel accepts a reply now; when false a reply answers 409 outside_messaging_window")
    closes_at: Time | None = Field(description="when replies stop being accepted (past: when they stopped); null: no "
                                               "time limit, or closed until the customer writes again")
    reason: Literal["no_customer_message", "window_expired", "free_replies_used", "seller_cannot_start",
                    "order_too_old", "order_unknown", "ticket_closed", "ticket_with_wish_support",
                    "ticket_awaits_buyer"] | None = Field(description="why it is closed")


class StoreOut(Answer):
    connection_id: str
    name: str = Field(description="the connection's name: the seller's store, page or account")


class ConversationOut(Answer):
    conversation_id: str
    connection_id: str
    channel: Channel
    marketplace: str | None = Field(None, description="the marketplace (wish, shopee, lazada, tiktok_shop, or marketplace for the signed feed); null for chat channels")
    store: StoreOut | None = Field(None, description="the seller's store (connection) the conversation came in on")
    market: str | None = Field(None, description="the store's market (ISO 3166-1 alpha-2: VN, TH, MY); null if unknown")
    contact: ContactOut
    thread_owner_app_id: str | None = Field(
        None, description="Messenger: the app that holds the thread (handover protocol) when it is not ours; "
                          "replies answer 409 thread_controlled_by_other_app until it is passed back")
    thread_requested_by_app_id: str | None = Field(
        None, description="Messenger: another app asked for the thread (request_thread_control) and has not been "
                          "given it; a person passes it in Meta's inbox. \"unknown\" when the request names no app")
    status: Status
    close_reason: CloseReason | None
    assignee_id: str | None
    rule_id: str | None
    tags: list[TagOut]
    flagged: bool
    unread: bool
    unreplied: bool
    waiting_since: Time | None
    last_message_at: Time | None
    last_message_preview: str | None
    deadlines: DeadlinesOut
    reply_window: ReplyWindowOut
    cards: list[Literal["item", "order"]] = Field(
        default=[], description="the cards a reply may carry here (`card`): item and order on Lazada, Shopee and "
                                "TikTok Shop chats; none elsewhere")
    expiring: bool
    time_left_to_respond_seconds: int | None
    category: str | None
    issue_type: str | None
    ticket_id: str | None
    order: dict | None = Field(description="the marketplace order, as the marketplace sent it")
    escalation: EscalationOut | None
    refund: RefundOut | None
    work_items: list[WorkItemOut]
    first_response_at: Time | None
    created_at: Time
    closed_at: Time | None


class FilterCounts(Answer):
    unread: int
    unreplied: int
    expiring: int
    flagged: int


class ConversationPage(Answer):
    items: list[ConversationOut]
    next_cursor: str | None = Field(description="opaque; pass it back as `cursor` for the next page, with the same view")
    counts: FilterCounts = Field(description="the caller's own in-progress list, per filter")


class ConnectionCounts(Answer):
    connection_id: str
    unread: int
    queued: int


class TicketCounts(Answer):
    pre_purchase: int
    post_purchase_ticket: int
    post_purchase_support: int
    awaiting_customer: int
    closed: int


class StoreCounts(Answer):
    connection_id: str
    marketplace: str = Field(description="the marketplace the store sells on (wish, marketplace for the signed feed)")
    name: str
    market: str | None = Field(description="the store's market (VN, TH, MY); null if unknown")
    unread: int = Field(description="conversations of the store with unread customer messages")
    queued: int = Field(description="conversations of the store waiting in the unassigned queue")


class InboxCounts(Answer):
    connections: list[ConnectionCounts]
    stores: list[StoreCounts] = Field(description="the badges of each connected marketplace store (seed 002's entry)")
    tickets: TicketCounts
    mine: FilterCounts


class AttachmentOut(Answer):
    type: str
    url: str | None = None
    name: str | None = None
    object_key: str | None = None
    content_type: str | None = None
    size: int | None = None


class TranslationOut(Answer):
    language: str
    text: str
    source_language: str | None


class CardOut(Answer):
    kind: Literal["item", "order"]
    id: str = Field(description="the marketplace's item (product) id or order id")


class MessageOut(Answer):
    message_id: str
    conversation_id: str
    direction: Literal["in", "out", "system", "note"]
    text: str | None
    attachments: list[AttachmentOut]
    author_id: str | None
    status: str = Field(description="received, queued, sent, delivered, failed or read")
    channel_message_id: str | None = Field(None, description="the channel's id of the message (what its receipts name)")
    error: str | None
    mentions: list[str] = Field(default=[], description="a note's @mentioned agents (agent ids), told by email")
    card: CardOut | None = Field(None, description="the item or order card the message carries (sent, or the buyer's)")
    created_at: Time
    edited: bool = Field(False, description="the customer edited the message (Messenger); `text` is the latest")
    original_text: str | None = Field(None, description="what the customer first wrote, when they edited it")
    feedback: Literal["good", "bad"] | None = Field(
        None, description="Messenger: the customer's feedback on this message of the page (response_feedback: "
                          "thumbs up, good; thumbs down, bad), the latest they gave")
    translation: TranslationOut | None


class MessagePage(Answer):
    items: list[MessageOut]
    next_cursor: str | None = Field(description="opaque; pass it back as `cursor` for older messages")


class TagList(Answer):
    items: list[TagOut]


class TagDeleted(Answer):
    tag_id: str
    deleted: Literal[True]


class TemplateOut(Answer):
    template_id: str
    name: str
    texts: dict[str, str] = Field(description="one text per language code")
    created_at: Time


class TemplateList(Answer):
    items: list[TemplateOut]


class UploadOut(Answer):
    upload_url: str = Field(description="a pre-signed S3 PUT")
    object_key: str = Field(description="name it in a reply's attachments as {\"object_key\"}")
    expires_at: Time


class DraftTranslationOut(Answer):
    text: str
    source_language: str | None


class ServiceDayOut(Answer):
    day: str = Field(description="a UTC day, yyyy-mm-dd")
    response_rate_24h: float | None = Field(ge=0, le=1)
    late_response_rate: float | None = Field(ge=0, le=1)
    csat: float | None = Field(ge=0, le=1)
    received: int = Field(ge=0, description="waits started that day")


class ServiceReportOut(Answer):
    response_rate_24h: float | None = Field(ge=0, le=1)
    late_response_rate: float | None = Field(ge=0, le=1)
    csat: float | None = Field(ge=0, le=1)
    received_today: int
    first_response_seconds_median: float | None
    health: Literal["normal", "watch", "at_risk"]
    agent_id: str | None
    days: int
    waits_counted: int
    ratings_counted: int
    series: list[ServiceDayOut] | None = Field(None, description="with by=day: every day of the window, oldest first")
