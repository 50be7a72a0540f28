"""Messages on the assign queue."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class AssignWork(BaseModel):
    kind: Literal["conversation", "drain"]
    org_id: str
    conversation_id: str | None = None
    reason: str | None = None
