"""The table's changes, read from its DynamoDB stream records (NEW_AND_OLD_IMAGES) as domain models.

Only the items the live updates tell about are read: conversations, messages, agents and the inbox
counters; the stream's filter (template.yaml) lets nothing else reach the function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from switchboard.models import Agent, Conversation, Message
from switchboard.store import keys
from switchboard.store.conversations import _conversation, _message
from switchboard.store.organizations import _agent
from switchboard.store.table import AgentItem, ConversationItem, MessageItem

AGENT_PREFIX = keys.agent_sk("")
COUNTS_PREFIX = keys.counter_sk(0)[:-1]


@dataclass(frozen=True)
class ConversationChange:
    before: Conversation | None
    after: Conversation | None
    # Every change's record_id is its stream record's eventID: unique in the stream, and the same when
    # Lambda retries the batch (the live events' ids).
    record_id: str = field(default="", compare=False)


@dataclass(frozen=True)
class MessageChange:
    conversation_id: str
    before: Message | None
    after: Message | None
    record_id: str = field(default="", compare=False)


@dataclass(frozen=True)
class AgentChange:
    before: Agent | None
    after: Agent | None
    record_id: str = field(default="", compare=False)


@dataclass(frozen=True)
class CountsChange:
    org_id: str
    record_id: str = field(default="", compare=False)


Change = ConversationChange | MessageChange | AgentChange | CountsChange


def _image(record: dict, name: str, model: Any, convert: Any) -> Any:
    image = (record.get("dynamodb") or {}).get(name)
    return convert(model.from_raw_data(image)) if image else None


def changes_of(records: list[dict]) -> list[Change]:
    """The changes of a batch of stream records, in the stream's order; other items are skipped."""
    found: list[Change] = []
    for record in records:
        key = (record.get("dynamodb") or {}).get("Keys") or {}
        pk, sk = key.get("PK", {}).get("S", ""), key.get("SK", {}).get("S", "")
        record_id = record.get("eventID", "")
        if sk == keys.CONVERSATION_SK:
            found.append(ConversationChange(_image(record, "OldImage", ConversationItem, _conversation),
                                            _image(record, "NewImage", ConversationItem, _conversation), record_id))
        elif sk.startswith(keys.MESSAGE_PREFIX):
            found.append(MessageChange(pk[len(keys.conversation_pk("")):],
                                       _image(record, "OldImage", MessageItem, _message),
                                       _image(record, "NewImage", MessageItem, _message), record_id))
        elif sk.startswith(AGENT_PREFIX):
            found.append(AgentChange(_image(record, "OldImage", AgentItem, _agent),
                                     _image(record, "NewImage", AgentItem, _agent), record_id))
        elif sk.startswith(COUNTS_PREFIX):
            found.append(CountsChange(pk[len(keys.org_pk("")):], record_id))
    return found
