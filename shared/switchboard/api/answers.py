"""The base of every answer model (api/responses.py), and the webhooks' receipt.

The receipt is the only answer the ingest function gives: it lives here so that a webhook's cold start does not
import the console's forty answer models with it (85 million instructions of import, valgrind)."""

# No `from __future__ import annotations`: see api/responses.py.

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    # Built on first use: a function answers with a few of these models, and building all of them at
    # import was a tenth of every cold start.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class WebhookReceipt(Answer):
    received: int = Field(description="events in the body for this connection")
    stored: int
    duplicates: int
    applied: int = Field(0, description="receipts that moved messages to delivered or read, follows that marked the contact")
    conversation_ids: list[str]
