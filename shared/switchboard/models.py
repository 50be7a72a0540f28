"""Domain models: what use cases pass around. Storage items never leave the repositories."""

# No `from __future__ import annotations` here: pydantic would compile and evaluate every field's annotation
# from its text at import (a sixth of this module's import, measured with valgrind's instruction count).

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidatorFunctionWrapHandler, field_validator


class Model(BaseModel):
    """A domain model. Its validator is built when it is first used, not at import: a function's container
    uses a few of these models, and building all of them took a tenth of every cold start."""

    model_config = ConfigDict(defer_build=True)


class Role(StrEnum):
    OWNER = "owner"
    SUPERVISOR = "supervisor"
    AGENT = "agent"


class Channel(StrEnum):
    ZALO = "zalo"
    MESSENGER = "messenger"
    WEB = "web"
    PARTNER = "partner"
    MARKETPLACE = "marketplace"
    WISH = "wish"  # Wish Merchant API v3 tickets, polled (channels/marketplaces/wish.py)
    SHOPEE = "shopee"  # Shopee Open Platform v2 seller chat, pushed and polled (channels/marketplaces/shopee.py)
    LAZADA = "lazada"  # Lazada IM seller chat: pushed, and polled to catch up (channels/marketplaces/lazada.py)
    TIKTOK_SHOP = "tiktok_shop"  # TikTok Shop customer service 202309, pushed and polled (marketplaces/tiktok_shop.py)


SIGNED_CHANNELS = (Channel.WEB, Channel.PARTNER, Channel.MARKETPLACE)


class Status(StrEnum):
    UNASSIGNED = "unassigned"
    OPEN = "open"
    AWAITING_CUSTOMER = "awaiting_customer"
    ESCALATED = "escalated"
    CLOSED = "closed"


ACTIVE_STATUSES = (Status.OPEN, Status.AWAITING_CUSTOMER)


def holds_load(assignee_id: str | None, status: Status) -> bool:
    """An assigned conversation takes one unit of its agent's capacity while open or awaiting the customer."""
    return assignee_id is not None and status in ACTIVE_STATUSES


class CloseReason(StrEnum):
    RESOLVED = "resolved"
    ENDED = "ended"
    TIMEOUT = "timeout"
    REFUNDED = "refunded"
    DECLINED = "declined"
    BLOCKED = "blocked"


class ConnectionMode(StrEnum):
    ONLY_ME = "only_me"
    SHARED = "shared"


class RoutingMethod(StrEnum):
    ROUND_ROBIN = "round_robin"
    SELF_CLAIM = "self_claim"
    WEIGHTED = "weighted"


class ExistingConversations(StrEnum):
    NONE = "none"
    AVAILABLE = "available"
    ALL = "all"


SLA_HOURS = (1, 720)  # API.md: the bounds of the SLA settings, in hours and in days
SLA_DAYS = (1, 365)


class SlaSettings(Model):
    """An organization's response-time rules. The API refuses values outside the bounds (422); one
    stored before the bounds were enforced is read as the nearest bound (an unreadable one as the
    default), so no stored setting can break the deadlines of every conversation of its organization."""

    expiring_after_hours: float = 20
    takeover_after_hours: float = 48
    auto_close_after_days: float = 7
    reply_lock_after_days: float = 30

    @field_validator("*", mode="wrap")
    @classmethod
    def _within_bounds(cls, value: object, handler: ValidatorFunctionWrapHandler, info) -> float:
        low, high = SLA_HOURS if info.field_name.endswith("_hours") else SLA_DAYS
        try:
            number = float(handler(value))
        except (ValidationError, TypeError, ValueError):
            return cls.model_fields[info.field_name].default
        if number != number:  # NaN
            return cls.model_fields[info.field_name].default
        return min(max(number, low), high)


class FirstContactEmail(StrEnum):
    """Who is emailed when a contact writes for the first time (seed 000: the owner and the agent it went to)."""

    ASSIGNEE = "assignee"
    OWNERS = "owners"
    BOTH = "both"
    NONE = "none"


class OrgSettings(Model):
    sla: SlaSettings = SlaSettings()
    first_contact_email: FirstContactEmail = FirstContactEmail.BOTH
    takeover_agent_id: str | None = None
    fallback_agent_id: str | None = None


class Organization(Model):
    org_id: str
    name: str
    owner_agent_id: str
    settings: OrgSettings = OrgSettings()
    created_at: datetime


class Agent(Model):
    org_id: str
    agent_id: str
    email: str
    nickname: str
    role: Role = Role.AGENT
    accepting: bool = True
    online: bool = False
    last_seen_at: datetime | None = None
    capacity: int = 10
    load: int = 0
    groups: list[str] = []
    weight: int = 1
    bound_pages: list[str] = []
    # Open WebSockets of this agent (live updates): any makes them online.
    sockets: int = 0
    created_at: datetime
    # Round robin: per rule, the number of the rule's latest turn this agent got (routing/choose.py `last_turn`).
    turns: dict[str, int] = {}


CONNECTED, DISCONNECTED = "connected", "disconnected"


class ConnectionSettings(Model):
    """A channel account's messaging terms, where they differ by account (conversations/messaging_window.py)."""

    # Messenger: the page is permitted the HUMAN_AGENT tag (human replies for 7 days instead of 24 h).
    human_agent_tag: bool = False
    # Zalo: free replies after each customer message (within 48 h); 8 on the standard terms.
    free_replies: int = 8
    # Zalo: the OA sends (paid) consultation messages within 7 days of the user's last interaction.
    consultation_messages: bool = False
    # Messenger: when another app asks for a thread (request_thread_control), pass it to that app at once
    # (Meta's Handover API) rather than leave the request for a person in Meta's inbox.
    pass_thread_on_request: bool = False


class ChannelEnforcement(Model):
    """What the channel did to the account for its policies: `warning`, `block` (it refuses the account's messages
    until `unblock`) or `unblock`, why, and when (the channel's time)."""

    action: str
    reason: str | None = None
    at: datetime

    @property
    def blocked(self) -> bool:
        return self.action == "block"


class ChannelAppRole(Model):
    """Our app's role on the account, as the channel last said (Messenger's handover protocol: `primary_receiver`,
    which holds the threads by default, or `secondary_receiver`, which needs a thread passed to it), and when."""

    role: str
    at: datetime

    @property
    def waits_for_threads(self) -> bool:
        return self.role == "secondary_receiver"


class Connection(Model):
    org_id: str
    connection_id: str
    channel: Channel
    name: str
    external_id: str
    mode: ConnectionMode = ConnectionMode.SHARED
    rule_id: str | None = None
    status: str = CONNECTED
    connected_by: str
    connected_at: datetime
    # sha256 of a Messenger connection's verify token: the handshake's pointer, released when it changes
    verify_token_hash: str | None = None
    settings: ConnectionSettings = ConnectionSettings()
    # The store's market (ISO 3166-1 alpha-2: VN, TH, MY): what the marketplace reports, else what the seller gave.
    market: str | None = None
    # The channel's latest policy enforcement on the account (Messenger's messaging_policy_enforcement); None: none.
    enforcement: ChannelEnforcement | None = None
    # Our app's role on the page (Messenger's app_roles); None: the channel never said.
    app_role: ChannelAppRole | None = None


class ConnectionSecrets(Model):
    """Channel credentials; kept in Secrets Manager, never in the table."""

    values: dict[str, str] = {}

    def get(self, name: str) -> str:
        return self.values.get(name, "")


class Rule(Model):
    org_id: str
    rule_id: str
    name: str
    sources: list[str] = []
    members: list[str] = []
    method: RoutingMethod = RoutingMethod.ROUND_ROBIN
    existing_conversations: ExistingConversations = ExistingConversations.NONE
    # Member who received the last round-robin assignment, as recorded before the turns moved to the agents
    # (Agent.turns; routing/choose.py `last_turn`): read while no member holds a turn of the rule.
    last_assigned_agent_id: str | None = None
    created_at: datetime


class ContactSnapshot(Model):
    contact_id: str
    channel_user_id: str
    name: str | None = None
    store_name: str | None = None
    store_url: str | None = None
    language: str | None = None
    blocked: bool = False
    # Whether the contact follows the account (Zalo's follow/unfollow); None: the channel never said.
    following: bool | None = None
    # Messenger: whether the contact accepts the page's Marketing Messages (messaging_optins: opted in, stopped or
    # resumed them), and whether they linked their account with the seller's (messaging_account_linking).
    notifications: bool | None = None
    linked: bool | None = None
    # The phone number the contact shared with the account (Zalo's user_submit_info); None: never shared.
    phone: str | None = None


class Deadlines(Model):
    expiring_at: datetime | None = None
    takeover_at: datetime | None = None
    auto_close_at: datetime | None = None
    reply_locked_at: datetime | None = None


class Escalation(Model):
    reason: str
    note: str | None = None
    at: datetime


class WorkItemType(StrEnum):
    PROPOSAL = "proposal"
    JOB = "job"
    INVOICE = "invoice"


class WorkItemStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    CLOSED = "closed"


class WorkItem(Model):
    """A proposal, job or invoice the partner platform links to a partner conversation."""

    work_item_id: str
    type: WorkItemType
    status: WorkItemStatus = WorkItemStatus.OPEN


class RefundedItem(Model):
    item_id: str
    name: str | None = None
    price: float


class Refund(Model):
    """Order items refunded when a post-purchase ticket was closed as refunded."""

    items: list[RefundedItem]
    amount: float
    refunded_by: str
    refunded_at: datetime

    @property
    def item_ids(self) -> list[str]:
        return [item.item_id for item in self.items]


class Conversation(Model):
    org_id: str
    conversation_id: str
    connection_id: str
    channel: Channel
    contact: ContactSnapshot
    status: Status = Status.UNASSIGNED
    close_reason: CloseReason | None = None
    assignee_id: str | None = None
    previous_assignee_id: str | None = None
    rule_id: str | None = None
    tags: list[str] = []
    flagged: bool = False
    unread: bool = False
    waiting_since: datetime | None = None
    last_message_at: datetime | None = None
    last_message_preview: str | None = None
    last_inbound_key: str | None = None
    # When the customer's latest message arrived (Switchboard's clock): the channels' reply windows start there.
    last_inbound_at: datetime | None = None
    # When the customer last interacted otherwise (a reaction, a follow, shared info; Switchboard's clock): the
    # channels count it for some windows (Zalo's 7-day consultation, Messenger's 24 h standard window).
    last_interaction_at: datetime | None = None
    # Zalo's free replies: how many agent replies followed the customer message keyed `free_replies_key`.
    free_replies_key: str | None = None
    free_replies_used: int = 0
    # Sort key of the newest agent message: the next one sorts after it, so the thread's order is
    # the order agent messages were stored in, and delivery follows it (conversations/reply.py).
    last_outbound_key: str | None = None
    # Messenger's handover protocol: the app that holds the thread when it is not ours (it was passed to it, or
    # taken by the page's primary app); replies wait until it is passed back. None: ours.
    thread_owner_app_id: str | None = None
    # The channel's time of the latest handover applied: an older one delivered late is not applied over it.
    handover_at: datetime | None = None
    # Another app asked us for the thread (request_thread_control) and has not been given it yet.
    thread_requested_by_app_id: str | None = None
    deadlines: Deadlines = Deadlines()
    expiring_warned: bool = False
    taken_over: bool = False
    entry_group: str | None = None
    entry_page: str | None = None
    category: str | None = None
    issue_type: str | None = None
    ticket_id: str | None = None
    order: dict[str, Any] | None = None
    # When the channel said the contact placed `order` (Zalo's shop_has_order): a late delivery of an earlier order
    # never replaces a later one.
    order_at: datetime | None = None
    escalation: Escalation | None = None
    refund: Refund | None = None
    work_items: list[WorkItem] = []
    first_response_at: datetime | None = None
    created_at: datetime
    closed_at: datetime | None = None
    version: int = 0
    # The inbox counters this conversation counted in when it was read (inbox/counters.py);
    # the repository moves the counters by the difference when it writes the new state.
    counted_in: frozenset[str] = frozenset()

    @property
    def unreplied(self) -> bool:
        return self.waiting_since is not None


class Attachment(Model):
    type: str = "file"
    url: str | None = None
    name: str | None = None
    # A file uploaded to the attachments bucket (POST /uploads); its URL is signed when shown or sent.
    object_key: str | None = None
    content_type: str | None = None
    size: int | None = None


class Card(Model):
    """An item (product) or order card: the marketplace shows it with the item's or order's details, from its id."""

    kind: str  # item | order
    id: str


class LiveSocket(Model):
    """An open WebSocket of the live updates, and who opened it."""

    socket_id: str
    org_id: str
    agent_id: str
    role: Role
    connected_at: datetime


class Tag(Model):
    org_id: str
    tag_id: str
    name: str


class Template(Model):
    """A response template: the same answer in several languages."""

    org_id: str
    template_id: str
    name: str
    texts: dict[str, str]
    created_at: datetime

    def text_for(self, *languages: str | None) -> tuple[str, str] | None:
        """The first of `languages` this template has, as (language, text)."""
        for language in languages:
            if language and language in self.texts:
                return language, self.texts[language]
        return None


class Message(Model):
    conversation_id: str
    message_id: str
    sort_key: str
    direction: str  # in | out | system | note
    text: str | None = None
    attachments: list[Attachment] = []
    author_id: str | None = None
    status: str = "received"  # received | queued | sent | delivered | read | failed
    channel_message_id: str | None = None
    error: str | None = None
    mentions: list[str] = []  # a note's @mentioned agents (their ids), told by email
    created_at: datetime
    # Why delivery failed, as a code (`outside_messaging_window`, `recipient_unavailable`, `token_expired`,
    # `channel_error`): what the messaging-window policy and the console can act on.
    error_code: str | None = None
    # How the channel must be asked to send an agent message (conversations/messaging_window.py): Messenger's
    # `messaging_type` (RESPONSE or MESSAGE_TAG) and `tag` (HUMAN_AGENT), decided when the reply was accepted.
    messaging_type: str | None = None
    messaging_tag: str | None = None
    # Zalo: the customer message (its `last_inbound_key`) one of whose free replies this agent message holds, so
    # a retry under the same customer message is not counted twice.
    free_reply_key: str | None = None
    # The customer edited it (Messenger's message_edits): how often, and what they wrote first.
    edits: int = 0
    original_text: str | None = None
    # The customer's feedback on the page's message (Messenger's response_feedback): good | bad, and when (the
    # channel's time: a late delivery of an earlier feedback is not applied over a later one).
    feedback: str | None = None
    feedback_at: datetime | None = None
    # An item or order card the message carries (marketplace chats): sent as the channel's card, after any text.
    card: Card | None = None


class InboundContact(Model):
    channel_user_id: str
    name: str | None = None
    store_name: str | None = None
    store_url: str | None = None
    language: str | None = None
    phone: str | None = None  # shared by the contact (Zalo's user_submit_info)


class Ticket(Model):
    id: str | None = None
    category: str | None = None
    issue_type: str | None = None
    region: str | None = None
    order: dict[str, Any] | None = None


# An app the channel did not name (a Messenger take or request of the thread without an app id), as shown.
UNNAMED_APP = "unknown"


class InboundEvent(Model):
    """A channel event after its adapter verified and normalized it."""

    connection: Connection
    kind: str  # message | rating | receipt | echo | follow | unfollow | interaction | closed (the marketplace closed the
    # ticket) | edit | handover | thread_request | enforcement | contact (Messenger's optins, account linking) |
    # feedback (Messenger's response_feedback on a message of the page) | app_roles (the apps' roles on the page) |
    # order | call | data_request (Zalo)
    event_key: str  # the channel's own id for this event: the dedupe key
    sent_at: datetime  # the channel's timestamp, used to order and to dedupe the thread
    contact: InboundContact
    text: str | None = None
    attachments: list[Attachment] = []
    channel_message_id: str | None = None
    entry_group: str | None = None
    entry_page: str | None = None
    ticket: Ticket | None = None
    rating: int | None = None
    feedback: str | None = None  # good | bad: the customer's feedback on the page's message `channel_message_id`
    app_roles: dict[str, list[str]] = {}  # Messenger's app_roles: each app's roles on the page
    work_items: list[WorkItem] = []  # partner channel: the linked work items as the partner sees them now
    # A receipt: the status it moves the account's messages to (delivered | read), the ones it names by the
    # channel's id, and (Messenger) the moment before which every message is covered.
    receipt: str | None = None
    receipt_ids: list[str] = []
    card: Card | None = None  # a buyer's (or the seller's echoed) item or order card
    watermark: datetime | None = None
    # An echo (Messenger): the metadata its sender attached (ours: our message's id) and the app that sent it.
    echo_metadata: str | None = None
    echo_app_id: str | None = None
    # An edit (Messenger): the customer's message it changes is `channel_message_id`, its new `text`, the count.
    edit_count: int | None = None
    # A handover (Messenger): the app that holds the thread now ("" when the event does not name it), and whether
    # the thread was passed (pass_thread_control, which Meta sends to the app it passes the thread to) or taken.
    thread_owner_app_id: str | None = None
    thread_passed: bool = False
    # A policy enforcement on the account (Messenger): warning | block | unblock, and why.
    enforcement: ChannelEnforcement | None = None
    # A change of the contact's flags (Messenger's optins, account linking): notifications / linked.
    contact_flags: dict[str, bool] = {}
    # An echo that is the seller's answer to the customer (written in the marketplace's own dashboard): it stops
    # the response clock as a reply from the console does.
    answers: bool = False
    # An order the contact placed in the account's shop (Zalo's shop_has_order): its `id` and `created_at`, kept on
    # the contact's conversation as a marketplace ticket's order is.
    order: dict[str, Any] | None = None
    # A call between the account and the contact (Zalo's user_call_oa): whether it is the contact's interaction.
    interaction: bool = False


class IngestResult(Model):
    conversation_id: str | None
    message_id: str | None
    stored: bool
    duplicate: bool = False
    applied: bool = False  # a receipt moved a message, a follow marked the contact
    reason: str | None = None
