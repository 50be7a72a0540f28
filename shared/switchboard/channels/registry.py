"""The adapter for each channel."""

from __future__ import annotations

from switchboard.channels.base import ChannelAdapter
from switchboard.channels.marketplaces.shopee import ShopeeChatAdapter
from switchboard.channels.marketplaces.lazada import LazadaPushAdapter
from switchboard.channels.marketplaces.tiktok_shop import TikTokShopChatAdapter
from switchboard.channels.marketplaces.wish import WishReplyAdapter
from switchboard.channels.messenger import MessengerAdapter
from switchboard.channels.signed import SignedWebhookAdapter
from switchboard.channels.zalo import ZaloAdapter
from switchboard.errors import NotFound
from switchboard.models import SIGNED_CHANNELS, Channel

_ADAPTERS: dict[Channel, ChannelAdapter] = {
    Channel.ZALO: ZaloAdapter(),
    Channel.MESSENGER: MessengerAdapter(),
    Channel.WISH: WishReplyAdapter(),
    Channel.SHOPEE: ShopeeChatAdapter(),
    Channel.LAZADA: LazadaPushAdapter(),
    Channel.TIKTOK_SHOP: TikTokShopChatAdapter(),
    **{channel: SignedWebhookAdapter(channel) for channel in SIGNED_CHANNELS},
}


def adapter_for(channel: str) -> ChannelAdapter:
    try:
        return _ADAPTERS[Channel(channel)]
    except ValueError:
        raise NotFound(f"no channel named {channel}") from None


def required_credentials(channel: Channel) -> tuple[str, ...]:
    return {
        Channel.ZALO: ("app_id", "oa_secret_key", "access_token"),
        Channel.MESSENGER: ("app_secret", "verify_token", "page_access_token"),
        Channel.WISH: ("client_id", "client_secret", "refresh_token"),  # after authorize: marketplaces/authorize.py
        Channel.SHOPEE: ("client_id", "client_secret", "shop_id", "refresh_token"),  # partner id and key
        Channel.LAZADA: ("client_id", "client_secret", "refresh_token"),  # the app key and secret, then tokens
        Channel.TIKTOK_SHOP: ("client_id", "client_secret", "shop_cipher", "refresh_token"),  # app key and secret
    }.get(channel, ("signing_secret",))
