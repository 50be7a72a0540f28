"""Environment, parsed once into one pydantic model. Use cases receive values, never os.environ."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel


class Settings(BaseModel):
    table_name: str = "switchboard"
    assign_queue_url: str = ""
    outbound_queue_url: str = ""
    event_bus_name: str = "default"
    attachments_bucket: str = ""
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    secrets_prefix: str = "switchboard/"
    email_sender: str = "no-reply@switchboard.example"
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"  # where the OA's access token is refreshed
    messenger_api_base_url: str = "https://graph.facebook.com"
    callback_api_base_url: str = "https://callbacks.switchboard.example"
    wish_api_base_url: str = "https://merchant.wish.com"
    shopee_api_base_url: str = "https://partner.shopeemobile.com"
    # Lazada Open Platform: the seller's region's API (api.lazada.vn, .co.th, ...) and the one auth service.
    lazada_api_base_url: str = "https://api.lazada.vn/rest"
    lazada_auth_base_url: str = "https://auth.lazada.com/rest"
    tiktok_shop_api_base_url: str = "https://open-api.tiktokglobalshop.com"
    tiktok_shop_auth_base_url: str = "https://auth.tiktok-shops.com"
    sla_shards: int = 8
    # Live updates: the WebSocket API's management endpoint (PostToConnection), and the user pool's
    # token issuer whose JWKS checks $connect's token (the JWKS is read from the issuer unless named).
    websocket_endpoint: str = ""
    token_issuer: str = ""
    token_jwks_url: str = ""
    # How long a container trusts its cached connection and organization settings.
    config_cache_seconds: int = 30
    # The biggest webhook or console body accepted; larger ones get 413.
    max_body_bytes: int = 256 * 1024
    local: bool = False

    @classmethod
    def from_environ(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values = {name: env[name.upper()] for name in cls.model_fields if name.upper() in env}
        if "SWITCHBOARD_LOCAL" in env:
            values["local"] = env["SWITCHBOARD_LOCAL"] not in ("", "0", "false")
        return cls.model_validate(values)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_environ()
