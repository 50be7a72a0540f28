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
  Due    DPK=DUE#<shard>   DSK=<due>         sparse: conversations whose SLA clock runs (<due>#<cv> before), and
                           DSK=<due>#<agent> agents whose last WebSocket closed (offline when due)
  Open   OPK=<org>         OSK=<created>#<cv> sparse: conversations not closed (the "all" view)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pynamodb.attributes import (
    Attribute,
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
from pynamodb.connection import base as pynamodb_connection
from pynamodb.constants import NUMBER, STRING
from pynamodb.models import Model

from switchboard.adapters.aws import session
from switchboard.settings import settings

# PynamoDB gives every model class (and every transaction's connection) a connection of its own, each
# with a botocore session of its own: a request touching three kinds of item loaded and parsed
# botocore's JSON three times. They all take the container's one session (adapters/aws.py).
pynamodb_connection.get_session = session


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
    # Round robin: {rule id: the number of the rule's latest turn this agent got}, written with the load an
    # assignment adds, in its transaction (the rule's own item is not written: 2 WCU fewer per assignment).
    turns = JSONAttribute(null=True)
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
    # Who got the last round-robin turn, as written before the turns moved to the agents (AgentItem.turns):
    # read while no member holds a turn of the rule.
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
    enforcement = JSONAttribute(null=True)  # ChannelEnforcement: the channel's latest policy action on the account
    enforced_at = UTCDateTimeAttribute(null=True)  # its time: an older action arriving late is not applied
    app_role = UnicodeAttribute(null=True)  # Messenger: our app's role on the page (primary_receiver, ...)
    app_role_at = UTCDateTimeAttribute(null=True)  # its time: an older change arriving late is not applied


# ---------------------------------------------------------------- the conversation item, kept under 1 KB
# A DynamoDB write costs one unit per started KB of the larger of the item before and after, twice in a
# transaction, and every change of a conversation rewrites its item: at 1,000-1,350 bytes each of them cost
# double. So the conversation item is stored compactly (tests/unit/test_conversation_item_size.py keeps its
# worst case in the bench's mix under 1 KB with margin):
# - attribute names are short (`attr_name`; the Python names are unchanged), except the Due index's projected
#   attributes (its projection names them: renaming one means a new index) and `version`, which every save's
#   condition names (so an item written before still passes it and is rewritten in this form);
# - times are whole microseconds since 1970, a number (`CompactTimeAttribute`: at most 9 bytes against 31);
# - what is false, empty or derivable is not stored: a flag only when set, the conversation id (its key says
#   it) and the contact's id when it is the one derived from the connection and channel user.
# Items written before in the long form are still read (`_current_format`); writes store the short form, and
# the repository rewrites an item of before whole when it reads one (store/conversations.py).


class CompactTimeAttribute(Attribute[datetime]):
    """A UTC time stored as whole microseconds since 1970: a number that sorts and compares as the time does
    (conditions such as `reply_locked_at > t` serialize `t` the same way). Reads a time stored before as
    PynamoDB's 31-character string too."""

    attr_type = NUMBER

    def serialize(self, value: datetime) -> str:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return str((value - _EPOCH) // _MICROSECOND)

    def get_value(self, value: dict) -> str:
        return value[NUMBER] if NUMBER in value else value[STRING]

    def deserialize(self, value: str) -> datetime:
        if "T" in value:  # stored before in the long form
            return UTCDateTimeAttribute._fast_parse_utc_date_string(value)
        return _EPOCH + timedelta(microseconds=int(value))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class ContactMap(MapAttribute):
    contact_id = UnicodeAttribute(null=True, attr_name="id")  # absent: ids.contact_id_for(connection, channel user)
    channel_user_id = UnicodeAttribute(attr_name="u")
    name = UnicodeAttribute(null=True, attr_name="n")
    store_name = UnicodeAttribute(null=True, attr_name="sn")
    store_url = UnicodeAttribute(null=True, attr_name="su")
    language = UnicodeAttribute(null=True, attr_name="l")
    blocked = BooleanAttribute(null=True, attr_name="b")  # stored only when true
    following = BooleanAttribute(null=True, attr_name="f")  # Zalo's follow / unfollow; absent: never said
    notifications = BooleanAttribute(null=True, attr_name="nt")  # Messenger's Marketing Messages opt-in; absent: never said
    linked = BooleanAttribute(null=True, attr_name="lk")  # Messenger's account linking; absent: never said
    phone = UnicodeAttribute(null=True, attr_name="ph")  # shared by the contact (Zalo's user_submit_info)


class ConversationItem(BaseItem):
    """Kept under 1 KB (see above): every write of a conversation rewrites it."""

    class Meta(_Meta):
        pass

    inbox = InboxIndex()
    due = DueIndex()
    open = OpenIndex()

    # The Due index projects these under their own names (DUE_PROJECTED).
    org_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()
    category = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    assignee_id = UnicodeAttribute(null=True)
    waiting_since = CompactTimeAttribute(null=True)
    expiring_at = CompactTimeAttribute(null=True)
    takeover_at = CompactTimeAttribute(null=True)
    auto_close_at = CompactTimeAttribute(null=True)
    expiring_warned = BooleanAttribute(null=True)  # stored only when true, as every flag
    taken_over = BooleanAttribute(null=True)
    # Not written any more (the key holds it); still in the Due index's projection and read from older items.
    conversation_id = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)

    channel = UnicodeAttribute(attr_name="ch")
    contact = ContactMap(attr_name="ct")
    close_reason = UnicodeAttribute(null=True, attr_name="cr")
    previous_assignee_id = UnicodeAttribute(null=True, attr_name="pa")
    rule_id = UnicodeAttribute(null=True, attr_name="ru")
    tags = ListAttribute(null=True, attr_name="tg")
    flagged = BooleanAttribute(null=True, attr_name="fl")
    unread = BooleanAttribute(null=True, attr_name="ur")
    last_message_at = CompactTimeAttribute(null=True, attr_name="lm")
    last_message_preview = UnicodeAttribute(null=True, attr_name="pv")
    last_inbound_key = UnicodeAttribute(null=True, attr_name="ik")
    last_outbound_key = UnicodeAttribute(null=True, attr_name="ok")
    last_inbound_at = CompactTimeAttribute(null=True, attr_name="ia")
    last_interaction_at = CompactTimeAttribute(null=True, attr_name="li")  # a reaction, a follow (messaging windows)
    free_replies_key = UnicodeAttribute(null=True, attr_name="fk")
    free_replies_used = NumberAttribute(null=True, attr_name="fu")
    reply_locked_at = CompactTimeAttribute(null=True, attr_name="rl")
    thread_owner_app_id = UnicodeAttribute(null=True, attr_name="to")  # Messenger: another app holds the thread
    handover_at = CompactTimeAttribute(null=True, attr_name="ht")  # Messenger: the channel's time of the handover applied
    thread_requested_by = UnicodeAttribute(null=True, attr_name="tq")  # Messenger: an app asked us for the thread
    entry_group = UnicodeAttribute(null=True, attr_name="eg")
    entry_page = UnicodeAttribute(null=True, attr_name="ep")
    issue_type = UnicodeAttribute(null=True, attr_name="it")
    ticket_id = UnicodeAttribute(null=True, attr_name="tk")
    order = JSONAttribute(null=True, attr_name="od")
    order_at = CompactTimeAttribute(null=True, attr_name="oat")  # when the channel said the order was placed (Zalo)
    escalation = JSONAttribute(null=True, attr_name="es")
    refund = JSONAttribute(null=True, attr_name="rf")  # {"items": [{"item_id", "name", "price"}], "amount", "refunded_by", "refunded_at"}
    work_items = JSONAttribute(null=True, attr_name="wi")  # [[id, type, status]], at most MAX_WORK_ITEMS (conversations/work_items.py)
    first_response_at = CompactTimeAttribute(null=True, attr_name="fr")
    created_at = CompactTimeAttribute(attr_name="ca")
    closed_at = CompactTimeAttribute(null=True, attr_name="cl")
    # The inbox counters this conversation is counted in (inbox/counters.py), as stored.
    counted_in = UnicodeSetAttribute(null=True, attr_name="ci")
    IPK = UnicodeAttribute(null=True)
    ISK = UnicodeAttribute(null=True)
    DPK = UnicodeAttribute(null=True)
    DSK = UnicodeAttribute(null=True)
    OPK = UnicodeAttribute(null=True)
    OSK = UnicodeAttribute(null=True)

    @classmethod
    def _instantiate(cls, attribute_values: dict):
        item = super()._instantiate(_current_format(attribute_values))
        item.stored_before = "conversation_id" in attribute_values  # the long form: to rewrite
        return item


def _current_format(values: dict) -> dict:
    """An item as stored now: the long names of an item written before become the short ones (a name
    written in the short form wins), inside the contact map too."""
    values = _short_names(ConversationItem, values)
    contact = values.get(ConversationItem.contact.attr_name)
    if contact and "M" in contact:
        values[ConversationItem.contact.attr_name] = {"M": _short_names(ContactMap, contact["M"])}
    return values


def _short_names(container, values: dict) -> dict:
    renamed = [(name, attr.attr_name) for name, attr in container.get_attributes().items() if name != attr.attr_name]
    if not any(long in values for long, _ in renamed):
        return values
    values = dict(values)
    for long, short in renamed:
        if long in values:
            values.setdefault(short, values.pop(long))
    return values


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
    the change that counts; on an agent's day also the organization's counts of the agent's changes,
    under `o_` names (store/stats.py); `expires_at` lets DynamoDB drop the day once no report can ask for it.
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
    free_reply_key = UnicodeAttribute(null=True)
    edits = NumberAttribute(null=True)  # the customer edited it (Messenger): how often; absent: never
    original_text = UnicodeAttribute(null=True)  # what they wrote first, kept at the first edit
    feedback = UnicodeAttribute(null=True)  # the customer's feedback on the page's message (Messenger): good | bad
    feedback_at = UTCDateTimeAttribute(null=True)  # its time (the channel's): a late earlier one is not applied
    card = JSONAttribute(null=True)  # {"kind", "id"}


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


ALL_ITEM_MODELS = (OrgItem, OrgRegistryItem, AgentItem, RuleItem, TagItem, TemplateItem, ConnectionItem, ConversationItem,
                   SearchTermItem, CounterItem, StatsItem, RatingItem, MessageItem,
                   LiveSocketItem, RefreshLeaseItem)
