"""Linked work items (proposal, job, invoice) of a partner conversation: pure rules, no storage.

The partner platform owns its work items and re-sends them with its messages; we keep the
current status of each on the conversation. Only an open item changes: declined, closed,
completed and cancelled are final, so a late or repeated partner event cannot reopen an item
an agent declined, and the same event applied twice changes nothing.
"""

from __future__ import annotations

from switchboard.errors import InvalidFields
from switchboard.models import WorkItem, WorkItemStatus

# The list lives on the conversation item (about 30 bytes an item), whose size every write of
# the conversation pays for: ten items add about 300 bytes.
MAX_WORK_ITEMS = 10


def merge_work_items(current: list[WorkItem], incoming: list[WorkItem], *, newer: bool) -> list[WorkItem]:
    """The conversation's work items after a partner event that lists `incoming`.

    Unknown ids are added in the order they come. A known open item takes the incoming status
    only when the event is newer than the last one applied (`newer`), so an older event
    delivered late never moves a status back. Final items keep theirs; the type never changes.
    When the list would pass MAX_WORK_ITEMS, the oldest final items make room; open ones are
    never dropped (422 if the open ones alone do not fit).
    """
    merged = {item.work_item_id: item for item in current}
    for item in incoming:
        known = merged.get(item.work_item_id)
        if known is None:
            merged[item.work_item_id] = item
        elif newer and known.status == WorkItemStatus.OPEN and item.status != known.status:
            merged[item.work_item_id] = known.model_copy(update={"status": item.status})
    return _within_cap(list(merged.values()))


def _within_cap(items: list[WorkItem]) -> list[WorkItem]:
    excess = len(items) - MAX_WORK_ITEMS
    if excess <= 0:
        return items
    final = [i for i in items if i.status != WorkItemStatus.OPEN]
    if len(final) < excess:
        raise InvalidFields(
            f"a conversation keeps at most {MAX_WORK_ITEMS} open work items", code="too_many_work_items"
        )
    dropped = {i.work_item_id for i in final[:excess]}
    return [i for i in items if i.work_item_id not in dropped]


def settle_open(items: list[WorkItem], status: WorkItemStatus) -> list[WorkItem]:
    """Every open item moved to `status` (declined with a decline, closed with a block); the rest unchanged."""
    return [i.model_copy(update={"status": status}) if i.status == WorkItemStatus.OPEN else i for i in items]
