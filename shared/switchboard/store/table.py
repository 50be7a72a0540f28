"""The single DynamoDB table as PynamoDB models.

Keys (PK / SK):
  ORG#<org>        ORG              organization and its settings
  ORG#<org>        AGENT#<agent>    agent, with load and presence
  ORG#<org>        RULE#<rule>      routing rule
  ORG#<org>        CONN#<conn>      connection (listing)
  ORG#<org>        TAG#<tag>        tag
  ORG#<org>        TAGNAME#<name>   a tag name in use (case-folded): names are unique per organization
  ORG#<org>        TPL#<template>   response template, its text per language
  CONN#<conn>      CONN             connection, found from a webhook path
  EXT#<ch>#<ext>   CONN             connection, found from the channel's own account id: the account's owner
  EXT#messenger-verify#<sha256>  CONN  Messenger connection, found from its verify token (the handshake)
  CONTACT#<ct>     CONTACT          contact
  CONV#<cv>        CONV             conversation
  CONV#<cv>        M#<time>#<key>   message, in thread order
  ORG#<org>        COUNTS#<n>       inbox counters, sharded (inbox/counters.py)
  ORG#<org>        DIGEST#<agent>   how far an agent's hourly digests have covered (notify/digest.py)
  TERM#<org>#<ab>  <term>#<cv>      a search word of a conversation (inbox/search.py)
  STATS#<org>#<scope> DAY#<yyyy-mm-dd>#<n>  service-report counters of one UTC day, scope ORG or A#<agent>, sharded
  CONV#<cv>        RATING#<event>   a contact's rating, stored once (reports/counts.py)
  ORG#<org>        WS#<socket>      an open WebSocket of the organization (who listens), with a TTL
  WS#<socket>      WS               the same socket found by its id ($disconnect, a gone socket)
Indexes (Inbox and Open KEYS_ONLY, so only key changes cost index writes):
  Inbox  IPK=<org>#<list>  ISK=<time>#<cv>   lists: A#<agent> (active), Q (queue), E (escalated), H (history)
  Due    DPK=DUE#<shard>   DSK=<due>#<cv>    sparse: conversations whose SLA clock runs, and
                           DSK=<due>#<agent> agents whose last WebSocket closed (offline when due)
  Open   OPK=<org>         OSK=<created>#<cv> sparse: conversations not closed (the "all" view)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection
from pynamodb.models import Model

from switchboard.settings import settings


class _Meta:
    table_name = settings().table_name
    billing_mode = "PAY_PER_REQUEST"


# What the SLA sweep needs; none of it changes when a waiting customer writes again.
# connection_id and category never change, and tell the sweep which counters a status change moves.
DUE_PROJECTED = [
    "org_id", "conversation_id", "connection_id", "category", "status", "assignee_id", "waiting_since",
    "expiring_at", "takeover_at", "auto_close_at", "expiring_warned", "taken_over",
]


class InboxIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "Inbox"
        projection = KeysOnlyProjection()

    IPK = UnicodeAttribute(hash_key=True)
    ISK = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "Due"
        projection = IncludeProjection(non_attr_keys=DUE_PROJECTED)

    DPK = UnicodeAttribute(hash_key=True)
    DSK = UnicodeAttribute(range_key=True)


class OpenIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "Open"
        projection = KeysOnlyProjection()

    OPK = UnicodeAttribute(hash_key=True)
    OSK = UnicodeAttribute(range_key=True)


class BaseItem(Model):
    class Meta(_Meta):
        pass

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
    # TTL: items that only matter for a while (idempotency records) expire on their own.
    expires_at = NumberAttribute(null=True)


class OrgItem(BaseItem):
    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    name = UnicodeAttribute()
    owner_agent_id = UnicodeAttribute()  # who founded it; owners are the agents with that role
    # How many agents are owners: moved in the transaction of every change to an owner's role, and
    # never below 1 (condition), so an organization always keeps an owner.
    owner_count = NumberAttribute(null=True)
    settings = JSONAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class OrgRegistryItem(BaseItem):
    """PK=ORGS, SK=<org>: the list of organizations, for hourly jobs that visit each one."""

    class Meta(_Meta):
        pass


class AgentItem(BaseItem):
    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    email = UnicodeAttribute()
    nickname = UnicodeAttribute()
    role = UnicodeAttribute()
    accepting = BooleanAttribute(default=True)
    online = BooleanAttribute(default=False)
    last_seen_at = UTCDateTimeAttribute(null=True)
    capacity = NumberAttribute(default=10)
    load = NumberAttribute(default=0)
    groups = ListAttribute(null=True)
    weight = NumberAttribute(default=1)
    bound_pages = ListAttribute(null=True)
    # The agent's open WebSockets (ids): added on $connect, removed on $disconnect; any makes them online.
    sockets = UnicodeSetAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    # In the Due index while the grace period after the last socket's close runs: the SLA sweep then
    # writes the agent offline (live/presence.py), so going offline is a change the stream carries.
    DPK = UnicodeAttribute(null=True)
    DSK = UnicodeAttribute(null=True)


class RuleItem(BaseItem):
    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    rule_id = UnicodeAttribute()
    name = UnicodeAttribute()
    sources = ListAttribute(null=True)
    members = ListAttribute(null=True)
    method = UnicodeAttribute()
    existing_conversations = UnicodeAttribute()
    last_assigned_agent_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class TagItem(BaseItem):
    class Meta(_Meta):
        pass

    tag_id = UnicodeAttribute()
    name = UnicodeAttribute()
    created_at = UTCDateTimeAttribute(null=True)


class TemplateItem(BaseItem):
    class Meta(_Meta):
        pass

    template_id = UnicodeAttribute()
    name = UnicodeAttribute()
    texts = MapAttribute(null=True)  # language -> text
    created_at = UTCDateTimeAttribute(null=True)


class ConnectionItem(BaseItem):
    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    name = UnicodeAttribute()
    external_id = UnicodeAttribute()
    mode = UnicodeAttribute()
    rule_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    connected_by = UnicodeAttribute()
    connected_at = UTCDateTimeAttribute()
    verify_token_hash = UnicodeAttribute(null=True)
    settings = JSONAttribute(null=True)  # ConnectionSettings: the account's messaging terms
    market = UnicodeAttribute(null=True)  # a marketplace store's market (VN, TH, ...)


class ContactItem(BaseItem):
    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()
    channel_user_id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    store_name = UnicodeAttribute(null=True)
    store_url = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)
    blocked = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()


class ContactMap(MapAttribute):
    contact_id = UnicodeAttribute()
    channel_user_id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    store_name = UnicodeAttribute(null=True)
    store_url = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)
    blocked = BooleanAttribute(default=False)
    following = BooleanAttribute(null=True)  # Zalo's follow / unfollow; absent: never said


class ConversationItem(BaseItem):
    """Kept under 1 KB so the hot webhook write costs one unit per item."""

    class Meta(_Meta):
        pass

    inbox = InboxIndex()
    due = DueIndex()
    open = OpenIndex()

    org_id = UnicodeAttribute()
    conversation_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    contact = ContactMap()
    status = UnicodeAttribute()
    close_reason = UnicodeAttribute(null=True)
    assignee_id = UnicodeAttribute(null=True)
    previous_assignee_id = UnicodeAttribute(null=True)
    rule_id = UnicodeAttribute(null=True)
    tags = ListAttribute(null=True)
    flagged = BooleanAttribute(default=False)
    unread = BooleanAttribute(default=False)
    waiting_since = UTCDateTimeAttribute(null=True)
    last_message_at = UTCDateTimeAttribute(null=True)
    last_message_preview = UnicodeAttribute(null=True)
    last_inbound_key = UnicodeAttribute(null=True)
    last_outbound_key = UnicodeAttribute(null=True)
    last_inbound_at = UTCDateTimeAttribute(null=True)
    free_replies_key = UnicodeAttribute(null=True)
    free_replies_used = NumberAttribute(null=True)
    expiring_at = UTCDateTimeAttribute(null=True)
    takeover_at = UTCDateTimeAttribute(null=True)
    auto_close_at = UTCDateTimeAttribute(null=True)
    reply_locked_at = UTCDateTimeAttribute(null=True)
    expiring_warned = BooleanAttribute(default=False)
    taken_over = BooleanAttribute(default=False)
    entry_group = UnicodeAttribute(null=True)
    entry_page = UnicodeAttribute(null=True)
    category = UnicodeAttribute(null=True)
    issue_type = UnicodeAttribute(null=True)
    ticket_id = UnicodeAttribute(null=True)
    order = JSONAttribute(null=True)
    escalation = JSONAttribute(null=True)
    refund = JSONAttribute(null=True)  # {"items": [{"item_id", "name", "price"}], "amount", "refunded_by", "refunded_at"}
    work_items = JSONAttribute(null=True)  # [[id, type, status]], at most MAX_WORK_ITEMS (conversations/work_items.py)
    first_response_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    closed_at = UTCDateTimeAttribute(null=True)
    version = NumberAttribute(default=0)
    # The inbox counters this conversation is counted in (inbox/counters.py), as stored.
    counted_in = UnicodeSetAttribute(null=True)
    IPK = UnicodeAttribute(null=True)
    ISK = UnicodeAttribute(null=True)
    DPK = UnicodeAttribute(null=True)
    DSK = UnicodeAttribute(null=True)
    OPK = UnicodeAttribute(null=True)
    OSK = UnicodeAttribute(null=True)


class SearchTermItem(BaseItem):
    """PK=TERM#<org>#<first two letters>, SK=<term>#<conversation>: one word a conversation is found by."""

    class Meta(_Meta):
        pass

    conversation_id = UnicodeAttribute()


class CounterItem(BaseItem):
    """PK=ORG#<org>, SK=COUNTS#<n>: one shard of the inbox counters, one number attribute per counter.

    Sharded so concurrent conversation writes of one organization rarely meet on one item.
    """

    class Meta(_Meta):
        pass


class ServerKeyItem(BaseItem):
    """PK=KEY#<name>, SK=KEY: a key of the stack itself (the page cursors' HMAC key), made on first use.

    In the table rather than Secrets Manager ($0.40 a secret a month, most of an idle deployment's bill):
    it keeps clients from forging cursors, and whoever can read this table can read what cursors page.
    """

    class Meta(_Meta):
        pass

    secret = UnicodeAttribute()


class RefreshLeaseItem(BaseItem):
    """PK=CONN#<conn>, SK=REFRESH: who is refreshing the connection's channel token now, until `expires_at`.

    Zalo's refresh token is used once and rotates: two containers refreshing with it at once would each get a
    pair and at most one would stay valid. The lease (a conditional write) lets one refresh; the others wait for
    the pair it stores. No secret is kept here: the pair lives in the connection's Secrets Manager secret.
    """

    class Meta(_Meta):
        pass

    holder = UnicodeAttribute()


class DigestMarkItem(BaseItem):
    """PK=ORG#<org>, SK=DIGEST#<agent>: the end of the time an agent's digests have covered.

    An item of its own rather than an agent attribute: it is written only by the digest, with a
    condition on its previous value, and no write of the agent's profile can move it.
    """

    class Meta(_Meta):
        pass

    agent_id = UnicodeAttribute()
    sent_until = UTCDateTimeAttribute()


class StatsItem(BaseItem):
    """PK=STATS#<org>#<scope>, SK=DAY#<day>#<n>: one shard of one UTC day's service-report counters.

    One number attribute per counter (reports/counts.py), moved with ADD in the transaction of
    the change that counts; `expires_at` lets DynamoDB drop the day once no report can ask for it.
    """

    class Meta(_Meta):
        pass


class RatingItem(BaseItem):
    """PK=CONV#<cv>, SK=RATING#<event>: a contact's rating, stored once by the channel's event id."""

    class Meta(_Meta):
        pass

    rating = NumberAttribute()
    agent_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class MessageItem(BaseItem):
    class Meta(_Meta):
        pass

    conversation_id = UnicodeAttribute()
    message_id = UnicodeAttribute()
    direction = UnicodeAttribute()
    text = UnicodeAttribute(null=True)
    attachments = JSONAttribute(null=True)
    author_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    channel_message_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)
    mentions = ListAttribute(of=UnicodeAttribute, null=True)
    created_at = UTCDateTimeAttribute()
    error_code = UnicodeAttribute(null=True)
    messaging_type = UnicodeAttribute(null=True)
    messaging_tag = UnicodeAttribute(null=True)


class LiveSocketItem(BaseItem):
    """An open WebSocket, twice: under its organization (ORG#<org> / WS#<socket>: everyone to push to)
    and under its own id (WS#<socket> / WS: what $disconnect and a gone socket know). `expires_at`
    (TTL) drops both after API Gateway's longest connection, should $disconnect never come."""

    class Meta(_Meta):
        pass

    org_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    role = UnicodeAttribute()
    connected_at = UTCDateTimeAttribute()


ALL_ITEM_MODELS = (OrgItem, OrgRegistryItem, AgentItem, RuleItem, TagItem, TemplateItem, ConnectionItem, ContactItem, ConversationItem,
                   SearchTermItem, CounterItem, StatsItem, RatingItem, MessageItem,
                   LiveSocketItem, RefreshLeaseItem)
