"""Key layout of the table (see table.py) and the sortable time format used in sort keys."""

from __future__ import annotations

from datetime import UTC, datetime


SORTABLE = "%Y-%m-%dT%H:%M:%S.%fZ"


def sortable(at: datetime) -> str:
    """Fixed-width UTC time, so string order is time order."""
    return at.astimezone(UTC).strftime(SORTABLE)


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


ORG_SK = "ORG"


def agent_sk(agent_id: str) -> str:
    return f"AGENT#{agent_id}"


DIGEST_PREFIX = "DIGEST#"
SERVER_KEY_SK = "KEY"


def server_key_pk(name: str) -> str:
    return f"KEY#{name}"


def digest_sk(agent_id: str) -> str:
    return f"{DIGEST_PREFIX}{agent_id}"


def rule_sk(rule_id: str) -> str:
    return f"RULE#{rule_id}"


def org_connection_sk(connection_id: str) -> str:
    return f"CONN#{connection_id}"


def connection_pk(connection_id: str) -> str:
    return f"CONN#{connection_id}"


def external_pk(channel: str, external_id: str) -> str:
    return f"EXT#{channel}#{external_id}"


CONNECTION_SK = "CONN"


def conversation_pk(conversation_id: str) -> str:
    return f"CONV#{conversation_id}"


def conversation_id_of(pk: str) -> str:
    """The conversation id a conversation's partition key holds (the item does not store it again)."""
    return pk.removeprefix("CONV#")


CONVERSATION_SK = "CONV"
MESSAGE_PREFIX = "M#"


def message_sk(at: datetime, key: str) -> str:
    return f"{MESSAGE_PREFIX}{sortable(at)}#{key}"


def inbound_key(at: datetime, event_key: str) -> str:
    """A conversation's `last_inbound_key`: the channel's time of the customer's latest message, and its id."""
    return f"{sortable(at)}#{event_key}"


def inbound_event_key(key: str) -> str:
    """The channel's id of the customer message an `inbound_key` names (Zalo: its msg_id)."""
    return key.split("#", 1)[1]


def inbound_time(key: str) -> datetime:
    return datetime.strptime(key.split("#", 1)[0], SORTABLE).replace(tzinfo=UTC)


def message_time(sort_key: str) -> datetime:
    """The moment a message's sort key orders it by."""
    return datetime.strptime(sort_key[len(MESSAGE_PREFIX):].split("#", 1)[0], SORTABLE).replace(tzinfo=UTC)


def inbox_list(org_id: str, name: str) -> str:
    """Inbox lists: A#<agent> active, Q unassigned queue, E escalated, H history."""
    return f"{org_id}#{name}"


def due_partition(shard: int) -> str:
    return f"DUE#{shard}"


def open_partition(org_id: str) -> str:
    return org_id


def counter_sk(shard: int) -> str:
    return f"COUNTS#{shard}"


COUNTER_PREFIX = "COUNTS#"


def search_pk(org_id: str, term: str) -> str:
    """Terms spread over partitions by their first two letters; a lookup needs at least that many."""
    return f"TERM#{org_id}#{term[:2]}"


def search_sk(term: str, conversation_id: str) -> str:
    return f"{term}#{conversation_id}"


STATS_DAY_PREFIX = "DAY#"


def stats_pk(org_id: str, agent_id: str | None) -> str:
    """Service-report counters of the organization (agent_id None) or of one agent."""
    return f"STATS#{org_id}#{'ORG' if agent_id is None else f'A#{agent_id}'}"


def stats_sk(day: str, shard: int) -> str:
    """`day` as yyyy-mm-dd: string order is day order, so a window is one BETWEEN."""
    return f"{STATS_DAY_PREFIX}{day}#{shard}"


def rating_sk(event_key: str) -> str:
    return f"RATING#{event_key}"


SOCKET_PREFIX = "WS#"
SOCKET_SK = "WS"


def socket_sk(socket_id: str) -> str:
    """The organization's copy of an open WebSocket (ORG#<org> / WS#<socket>)."""
    return f"{SOCKET_PREFIX}{socket_id}"


def socket_pk(socket_id: str) -> str:
    """The copy found by the socket's id (WS#<socket> / WS)."""
    return f"{SOCKET_PREFIX}{socket_id}"
