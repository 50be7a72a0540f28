"""Refunding marked items of a post-purchase ticket: who may, which items, how much. Pure rules."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal, InvalidOperation

from switchboard.errors import Conflict, InvalidFields
from switchboard.models import Conversation, Refund, RefundedItem

REFUNDABLE_CATEGORY = "post_purchase_ticket"


def refund_for(conv: Conversation, item_ids: list[str], *, refunded_by: str, at: datetime) -> Refund:
    """The refund of `item_ids` (duplicates collapse, first-seen order kept) from the ticket's order.

    409 refund_not_allowed unless the conversation is a post-purchase ticket (support questions
    and pre-purchase questions have no refund action) or if it was refunded before; 422
    unknown_refund_item for an id that is not an item of the ticket's order, 422
    refund_item_unpriced for an item without a usable price (the amount would be wrong).
    """
    if conv.category != REFUNDABLE_CATEGORY:
        kind = conv.category or "conversation without a ticket"
        raise Conflict(f"only a post-purchase ticket can be refunded, not a {kind}", code="refund_not_allowed")
    if conv.refund is not None:
        raise Conflict("this ticket was already refunded", code="already_refunded")
    wanted = list(dict.fromkeys(item_ids))
    if not wanted:
        raise InvalidFields("refund_item_ids must name at least one order item", code="refund_items_required")
    order_items = _order_items(conv)
    unknown = [i for i in wanted if i not in order_items]
    if unknown:
        raise InvalidFields(
            f"not items of this ticket's order: {', '.join(unknown)}", code="unknown_refund_item"
        )
    items: list[RefundedItem] = []
    total = Decimal(0)
    for item_id in wanted:
        entry = order_items[item_id]
        price = _price(entry.get("price"))
        if price is None:
            raise InvalidFields(f"order item {item_id} has no price to refund", code="refund_item_unpriced")
        total += price
        name = entry.get("name")
        items.append(RefundedItem(item_id=item_id, name=str(name) if name is not None else None, price=float(price)))
    return Refund(items=items, amount=float(total), refunded_by=refunded_by, refunded_at=at)


def _order_items(conv: Conversation) -> dict[str, dict]:
    """The ticket's order items by id (the first of a repeated id), as the marketplace sent them."""
    items = (conv.order or {}).get("items")
    found: dict[str, dict] = {}
    for entry in items if isinstance(items, list) else []:
        if isinstance(entry, dict) and entry.get("item_id") not in (None, ""):
            found.setdefault(str(entry["item_id"]), entry)
    return found


def _price(value: object) -> Decimal | None:
    """A non-negative finite price; a number or a numeric string. Summed as decimals: 0.1 + 0.2 is 0.3."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        price = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return price if price.is_finite() and price >= 0 else None
