"""The composition root: production collaborators, built once per container. Handlers use these;
tests hand use cases their own."""

from __future__ import annotations

from functools import lru_cache

from switchboard.settings import settings


@lru_cache(maxsize=1)
def conversations():
    from switchboard.store.conversations import ConversationRepository

    return ConversationRepository(settings().sla_shards, cursors())


@lru_cache(maxsize=1)
def cursors():
    """Page cursors sealed with the stack's cursor key (made on first use, kept in the table, read once a container)."""
    from switchboard.cursors import CursorSigner
    from switchboard.store.server_keys import ServerKeyRepository

    keys = ServerKeyRepository()
    return CursorSigner(lru_cache(maxsize=1)(lambda: keys.key("cursor")))


@lru_cache(maxsize=1)
def organizations():
    from switchboard.store.organizations import OrganizationRepository

    return OrganizationRepository()


@lru_cache(maxsize=1)
def agents():
    from switchboard.store.organizations import AgentRepository

    return AgentRepository(settings().sla_shards)


@lru_cache(maxsize=1)
def digest_marks():
    from switchboard.store.digests import DigestMarkRepository

    return DigestMarkRepository()


@lru_cache(maxsize=1)
def connections():
    from switchboard.store.connections import ConnectionRepository

    return ConnectionRepository()


@lru_cache(maxsize=1)
def rules():
    from switchboard.store.connections import RuleRepository

    return RuleRepository()


@lru_cache(maxsize=1)
def tags():
    from switchboard.store.catalog import TagRepository

    return TagRepository()


@lru_cache(maxsize=1)
def templates():
    from switchboard.store.catalog import TemplateRepository

    return TemplateRepository()


@lru_cache(maxsize=1)
def stats():
    from switchboard.store.stats import StatsRepository

    return StatsRepository()


@lru_cache(maxsize=1)
def secret_store():
    from switchboard.adapters.secrets import SecretStore

    s = settings()
    return SecretStore(s.secrets_prefix, s.config_cache_seconds)


@lru_cache(maxsize=1)
def refresh_leases():
    from switchboard.store.leases import RefreshLeases

    return RefreshLeases()


@lru_cache(maxsize=1)
def directory():
    from switchboard.inbound.directory import ConnectionDirectory

    return ConnectionDirectory(connections(), organizations(), secret_store(), settings().config_cache_seconds)


@lru_cache(maxsize=1)
def assign_queue():
    from switchboard.adapters.queues import AssignQueue

    return AssignQueue(settings().assign_queue_url)


@lru_cache(maxsize=1)
def outbound_queue():
    from switchboard.adapters.queues import OutboundQueue

    return OutboundQueue(settings().outbound_queue_url)


@lru_cache(maxsize=1)
def event_bus():
    from switchboard.adapters.events import EventBus

    return EventBus(settings().event_bus_name)


@lru_cache(maxsize=1)
def mailer():
    from switchboard.adapters.email import Mailer

    return Mailer(settings().email_sender)


@lru_cache(maxsize=1)
def users():
    from switchboard.adapters.identity import UserDirectory

    return UserDirectory(settings().user_pool_id)


@lru_cache(maxsize=1)
def http_sender():
    from switchboard.adapters.http import HttpSender

    return HttpSender()


@lru_cache(maxsize=1)
def attachment_store():
    from switchboard.adapters.storage import AttachmentStore

    return AttachmentStore(settings().attachments_bucket)


@lru_cache(maxsize=1)
def translator():
    """Amazon Translate in AWS; the local stack has no translation service and says so (501)."""
    from switchboard.adapters.translation import AmazonTranslator, UnavailableTranslator

    return UnavailableTranslator() if settings().local else AmazonTranslator()


@lru_cache(maxsize=1)
def sockets():
    from switchboard.store.sockets import SocketRepository

    return SocketRepository()


@lru_cache(maxsize=1)
def socket_poster():
    from switchboard.adapters.sockets import SocketPoster

    return SocketPoster(settings().websocket_endpoint)


@lru_cache(maxsize=1)
def token_verifier():
    """The user pool's ID tokens, checked as the HTTP API's JWT authorizer checks them."""
    from switchboard.adapters.tokens import TokenVerifier

    s = settings()
    return TokenVerifier(s.token_issuer, [s.user_pool_client_id], s.token_jwks_url or None)


@lru_cache(maxsize=1)
def marketplace_stores():
    from switchboard.store.marketplace_sync import MarketplaceStoreRepository

    return MarketplaceStoreRepository()


@lru_cache(maxsize=1)
def marketplace_connectors() -> dict:
    """Channel -> (connector, token keeper) for each marketplace spoken through its own seller API."""
    from switchboard.channels.marketplaces.lazada import LazadaConnector
    from switchboard.channels.marketplaces.shopee import ShopeeConnector
    from switchboard.channels.marketplaces.tiktok_shop import TikTokShopConnector
    from switchboard.channels.marketplaces.tokens import TokenKeeper
    from switchboard.channels.marketplaces.wish import WishConnector
    from switchboard.models import Channel

    s, sender = settings(), http_sender()
    connectors = {
        Channel.WISH: WishConnector(s.wish_api_base_url, sender),
        Channel.SHOPEE: ShopeeConnector(s.shopee_api_base_url, sender),
        Channel.LAZADA: LazadaConnector(s.lazada_api_base_url, s.lazada_auth_base_url, sender),
        Channel.TIKTOK_SHOP: TikTokShopConnector(s.tiktok_shop_api_base_url, s.tiktok_shop_auth_base_url, sender),
    }
    return {channel: (connector, TokenKeeper(connector, secret_store())) for channel, connector in connectors.items()}


@lru_cache(maxsize=1)
def ticket_desk():
    from switchboard.channels.marketplaces.actions import TicketDesk

    return TicketDesk(connections(), marketplace_connectors())
