"""Item and order cards: which channels carry them, and what a card's id must look like there (pure rules).

A marketplace chat shows a card with the item's or order's picture, name and price, from its id alone:
- Lazada IM: `/im/message/send` template 10006 (`item_id`) and 10007 (`order_id`), per the API reference.
- TikTok Shop customer service: `PRODUCT_CARD` (`product_id`) and `ORDER_CARD` (`order_id`), per Send Message.
- Shopee seller chat: `message_type` `item` (`item_id`, a number) and `order` (`order_sn`), from public clients.
Other channels carry none: a card asked for there is refused before anything is stored or queued.
"""

from __future__ import annotations

import re

from switchboard.errors import InvalidFields
from switchboard.models import Card, Channel

ITEM, ORDER = "item", "order"
CARD_KINDS: dict[Channel, tuple[str, ...]] = {
    Channel.LAZADA: (ITEM, ORDER),
    Channel.SHOPEE: (ITEM, ORDER),
    Channel.TIKTOK_SHOP: (ITEM, ORDER),
}
# Ids each marketplace gives: digits (Lazada's and TikTok's ids, Shopee's item ids), letters too (Shopee's order_sn).
CARD_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
NUMERIC_IDS: dict[Channel, tuple[str, ...]] = {
    Channel.LAZADA: (ITEM, ORDER),
    Channel.SHOPEE: (ITEM,),
    Channel.TIKTOK_SHOP: (ITEM, ORDER),
}


class CardNotSupported(InvalidFields):
    """The conversation's channel has no card of this kind (422): nothing is stored or queued."""

    code = "card_not_supported"


def card_kinds(channel: Channel) -> tuple[str, ...]:
    """The cards a conversation on `channel` can send (empty: none)."""
    return CARD_KINDS.get(channel, ())


def require_card(channel: Channel, card: Card) -> Card:
    """The card, if `channel` carries its kind and its id has the channel's form; else 422."""
    if card.kind not in card_kinds(channel):
        carried = " and ".join(card_kinds(channel))
        raise CardNotSupported(f"{channel.value} conversations cannot carry an {card.kind} card"
                               + (f" (only {carried} cards)" if carried else ""))
    if not CARD_ID.match(card.id):
        raise InvalidFields("card.id must be 1 to 64 letters, digits, - or _", code="invalid_card")
    if card.kind in NUMERIC_IDS.get(channel, ()) and not card.id.isdigit():
        raise InvalidFields(f"a {channel.value} {card.kind} id is a number", code="invalid_card")
    return card
