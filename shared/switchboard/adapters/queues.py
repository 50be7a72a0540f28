"""Work handed to other functions through SQS."""

from __future__ import annotations

import json

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

    def _send(self, org_id: str, body: dict) -> None:
        client("sqs").send_message(QueueUrl=self._url, MessageBody=json.dumps(body), MessageGroupId=org_id)


class OutboundQueue:
    def __init__(self, url: str) -> None:
        self._url = url

    def send(self, conversation_id: str, sort_key: str) -> None:
        client("sqs").send_message(
            QueueUrl=self._url, MessageBody=json.dumps({"conversation_id": conversation_id, "sort_key": sort_key})
        )
