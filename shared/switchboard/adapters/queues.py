"""Work handed to other functions through SQS."""

from __future__ import annotations

import json
import uuid

from switchboard.adapters.aws import client


class AssignQueue:
    """FIFO, one message group per organization: an organization's assignments happen in order."""

    def __init__(self, url: str) -> None:
        self._url = url

    def conversation(self, org_id: str, conversation_id: str, reason: str) -> None:
        self._send(org_id, {"kind": "conversation", "org_id": org_id, "conversation_id": conversation_id, "reason": reason})

    def drain(self, org_id: str, reason: str) -> None:
        """Someone may have become eligible: give waiting conversations out, oldest first."""
        self._send(org_id, {"kind": "drain", "org_id": org_id, "reason": reason})

    def redistribute(self, org_id: str, rule_id: str, *, removed_agent_ids: list[str], added_connection_ids: list[str]) -> None:
        """A rule's team or sources changed: move existing conversations per its setting."""
        self._send(org_id, {
            "kind": "redistribute", "org_id": org_id, "rule_id": rule_id,
            "removed_agent_ids": removed_agent_ids, "added_connection_ids": added_connection_ids,
        })

    def _send(self, org_id: str, body: dict) -> None:
        # Each message is its own piece of work: two drains a minute apart must both run, so
        # the queue's content-based deduplication (five minutes) must not merge them.
        client("sqs").send_message(
            QueueUrl=self._url, MessageBody=json.dumps(body), MessageGroupId=org_id,
            MessageDeduplicationId=uuid.uuid4().hex,
        )


class OutboundQueue:
    """FIFO, one message group per conversation: one delivery per conversation at a time, in order."""

    def __init__(self, url: str) -> None:
        self._url = url

    def send(self, conversation_id: str, sort_key: str) -> None:
        # A retried message is sent again within minutes: its own deduplication id, never the content.
        client("sqs").send_message(
            QueueUrl=self._url, MessageBody=json.dumps({"conversation_id": conversation_id, "sort_key": sort_key}),
            MessageGroupId=conversation_id, MessageDeduplicationId=uuid.uuid4().hex,
        )
