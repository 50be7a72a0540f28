"""Messages on the assign queue, and carrying them out."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from switchboard.routing.assign import Router, RoutingDeps, drain_queue, route_waiting
from switchboard.routing.redistribute import Outcome, Redistribution, redistribute


class AssignWork(BaseModel):
    kind: Literal["conversation", "drain", "redistribute"]
    org_id: str
    conversation_id: str | None = None
    reason: str | None = None
    rule_id: str | None = None
    removed_agent_ids: list[str] = []
    added_connection_ids: list[str] = []


class AssignWorker:
    """Carries out one batch of assign-queue records with one routing pass per organization.

    The pass is made after the batch was received, so it is newer than every change that
    sent a record in it; within the batch it keeps itself current from its own writes, and
    the conditional writes catch anything else. A batch of ten arrivals then reads the team,
    connection and rule once instead of ten times.
    """

    def __init__(self, deps: RoutingDeps, events: object | None = None) -> None:
        self.deps = deps
        self.events = events
        self._routers: dict[str, Router] = {}

    def router(self, org_id: str) -> Router:
        if org_id not in self._routers:
            self._routers[org_id] = Router(org_id, self.deps)
        return self._routers[org_id]

    def handle(self, work: AssignWork) -> Outcome | None:
        if work.kind == "conversation":
            conv = route_waiting(self.router(work.org_id), None, work.conversation_id)
            if work.reason == "new" and self.events is not None:
                # Announced once routing has decided, so the email reaches whoever was assigned.
                self.events.publish("conversation.first_contact", {
                    "org_id": work.org_id, "conversation_id": work.conversation_id,
                    "assignee_id": conv.assignee_id if conv else None,
                })
            return None
        if work.kind == "redistribute":
            change = Redistribution(
                org_id=work.org_id, rule_id=work.rule_id, removed_agent_ids=tuple(work.removed_agent_ids),
                added_connection_ids=tuple(work.added_connection_ids),
            )
            outcome = redistribute(change, self.deps)
            self._routers.pop(work.org_id, None)  # loads moved outside this batch's pass
            drain_queue(work.org_id, self.deps, self.router(work.org_id))  # the queue may fit the new team
            return outcome
        drain_queue(work.org_id, self.deps, self.router(work.org_id))
        return None
