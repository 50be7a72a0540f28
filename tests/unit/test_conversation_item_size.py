"""The conversation item stays under DynamoDB's 1 KB write unit in every state of the bench's mix, so each
write of it costs one unit (two in a transaction), not two (four); and the compact form reads back whole."""

from datetime import UTC, datetime, timedelta

from switchboard.ids import contact_id_for, conversation_id_for, new_id, timed_id
from switchboard.models import Channel, ContactSnapshot, Conversation, Deadlines, Status
from switchboard.store import keys
from switchboard.store.conversations import ConversationRepository, _conversation, stored_preview
from switchboard.store.table import CompactTimeAttribute, ConversationItem
from tests.bench.capacity import item_size

KB = 1024
# Room left for what other work adds to a conversation (the worst case below is 959 bytes): it must stay below
# 1 KB minus this.
MARGIN = 64
LONG_VIETNAMESE = (
    "Chào shop, mình đặt đơn hàng hôm qua nhưng chưa thấy cập nhật trạng thái giao hàng, "
    "shop kiểm tra giúp mình với ạ. Cảm ơn shop nhiều!"
)


def _at(minutes: int) -> datetime:
    # Microseconds set, as a real clock's are: the longest number a time is stored as.
    return datetime(2026, 11, 22, 9, 14, 37, 123457, tzinfo=UTC) + timedelta(minutes=minutes)


def worst_case_in_the_mix() -> Conversation:
    """A Zalo conversation of a marketplace store's contact, answered once, whose customer wrote a long Vietnamese
    message right after the reply: open, unread, every SLA clock, the reply window's facts and both message keys."""
    connection_id, user = new_id("cn"), "3368637342326461234"
    contact_id = contact_id_for(connection_id, user)
    return Conversation(
        org_id=new_id("org"), conversation_id=conversation_id_for(contact_id), connection_id=connection_id,
        channel=Channel.ZALO,
        contact=ContactSnapshot(contact_id=contact_id, channel_user_id=user, name="Nguyễn Thị Thanh Hương",
                                store_name="Thời Trang Hương Giang Official", store_url="https://shopee.vn/huonggiang.official",
                                language="vi", following=True),
        status=Status.OPEN, assignee_id=new_id("ag"), rule_id=new_id("rl"),
        unread=True, waiting_since=_at(30), last_message_at=_at(30), last_message_preview=stored_preview(LONG_VIETNAMESE),
        last_inbound_key=keys.inbound_key(_at(30), f"m-{'a1' * 16}"), last_inbound_at=_at(30),
        free_replies_key=keys.inbound_key(_at(0), f"m-{'b2' * 16}"), free_replies_used=1,
        last_outbound_key=keys.message_sk(_at(10), timed_id("ms", _at(10))),
        deadlines=Deadlines(expiring_at=_at(60), takeover_at=_at(120), auto_close_at=_at(600), reply_locked_at=_at(2880)),
        expiring_warned=True, first_response_at=_at(10), created_at=_at(0), version=7,
        counted_in=frozenset({f"unread#{connection_id}"}),
    )


def _stored(conv: Conversation) -> dict:
    return ConversationRepository(sla_shards=8, cursors=None)._conversation_item(conv).serialize()


def test_the_worst_conversation_of_the_mix_stays_under_one_write_unit_with_margin():
    # Given the largest conversation state the bench's mix writes
    conv = worst_case_in_the_mix()

    # When it is stored
    size = item_size(_stored(conv))

    # Then it is under 1 KB with room to spare
    assert size < KB - MARGIN, f"the conversation item is {size} bytes"


def test_a_customer_interaction_besides_keeps_it_under_one_write_unit():
    # Given the worst case of the mix, whose customer also reacted to a message (Zalo, Messenger: not in the mix)
    conv = worst_case_in_the_mix().model_copy(update={"last_interaction_at": _at(31)})

    # When it is stored
    size = item_size(_stored(conv))

    # Then it still costs one write unit
    assert size < KB, f"the conversation item is {size} bytes"


def messenger_thread_held_elsewhere() -> Conversation:
    """The worst case as a Messenger conversation (no free replies) whose contact opted in to Marketing Messages
    and linked their account, while the Page Inbox holds the thread (handover protocol)."""
    conv = worst_case_in_the_mix()
    return conv.model_copy(update={
        "channel": Channel.MESSENGER, "free_replies_key": None, "free_replies_used": 0,
        "last_interaction_at": _at(31), "thread_owner_app_id": "263902037430900",
        "contact": conv.contact.model_copy(update={"following": None, "notifications": True, "linked": True}),
    })


def test_messengers_contact_flags_and_another_apps_thread_keep_it_under_one_write_unit_with_margin():
    # Given a Messenger conversation with every attribute its events add
    conv = messenger_thread_held_elsewhere()

    # When it is stored / Then it still costs one write unit with room to spare, and reads back whole
    size = item_size(_stored(conv))
    assert size < KB - MARGIN, f"the conversation item is {size} bytes"
    assert _conversation(ConversationItem.from_raw_data(_stored(conv))) == conv


def test_a_conversation_without_those_events_stores_none_of_their_attributes():
    # Given the worst case of the mix, which no Messenger event about the thread or the contact touched
    stored = _stored(worst_case_in_the_mix())
    # When stored / Then no attribute of theirs is written: the write costs what it cost before
    assert "to" not in stored and not {"nt", "lk"} & set(stored["ct"]["M"])


def test_the_stored_conversation_reads_back_as_it_was_written():
    # Given the worst case, stored in the compact form
    conv = worst_case_in_the_mix()

    # When the stored item is read
    read = _conversation(ConversationItem.from_raw_data(_stored(conv)))

    # Then nothing was lost: the derived ids, the times to the microsecond, the flags
    assert read == conv


def long_form(conv: Conversation, stored: dict) -> dict:
    """The item as it was written before the compact form: long names, 31-character times, the conversation and
    contact ids, false flags stored, the due key and facets with the conversation's id and connection."""
    attributes = ConversationItem.get_attributes()
    by_stored_name = {attr.attr_name: (name, attr) for name, attr in attributes.items()}
    legacy = {}
    for short, value in stored.items():
        name, attr = by_stored_name[short]
        if isinstance(attr, CompactTimeAttribute):
            value = {"S": attr.deserialize(value["N"]).strftime("%Y-%m-%dT%H:%M:%S.%f+0000")}
        legacy[name] = value
    contact_names = {attr.attr_name: name for name, attr in ConversationItem.contact.get_attributes().items()}
    legacy["contact"] = {"M": {contact_names[k]: v for k, v in stored["ct"]["M"].items()}
                         | {"contact_id": {"S": conv.contact.contact_id}, "blocked": {"BOOL": False}}}
    legacy["counted_in"] = {"SS": sorted(conv.counted_in)}
    legacy["last_outbound_key"] = {"S": conv.last_outbound_key}
    if "DSK" in legacy:
        legacy["DSK"] = {"S": f"{legacy['DSK']['S']}#{conv.conversation_id}"}
    return legacy | {"conversation_id": {"S": conv.conversation_id}, "flagged": {"BOOL": False},
                     "taken_over": {"BOOL": False}}


def test_a_conversation_stored_in_the_long_form_before_is_read_the_same():
    # Given an item written before, in the long form
    conv = worst_case_in_the_mix()
    legacy = long_form(conv, _stored(conv))

    # When it is read / Then it is the same conversation
    assert _conversation(ConversationItem.from_raw_data(legacy)) == conv
