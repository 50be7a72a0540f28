"""Messages on the assign queue."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class AssignWork(BaseModel):
    kind: Literal["conversation", "drain", "redistribute"]
    org_id: str
    conversation_id: str | None = None
    reason: str | None = None
    rule_id: str | None = None
    removed_agent_ids: list[str] = []
    added_connection_ids: list[str] = []
