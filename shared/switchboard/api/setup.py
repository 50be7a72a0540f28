"""Channel connections and routing rules (console function)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import ConfigDict, Field, model_validator

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.fields import Id, Request, integer
from switchboard.api.responses import ConnectionList, ConnectionOut, RuleDeleted, RuleList, RuleOut
from switchboard.api.views import connection_view, rule_view
from switchboard.clock import current_clock
from switchboard.models import Channel, ConnectionMode, ExistingConversations, RoutingMethod
from switchboard.connections import change_connection, connect_channel, disconnect_channel
from switchboard.onboarding import create_rule, delete_rule, require_manager, update_rule





Credential = Annotated[str, Field(min_length=1, max_length=4096)]
Market = Annotated[str, Field(pattern="^[A-Za-z]{2}$", description=(
    "the store's market: an ISO 3166-1 alpha-2 country code (VN, TH, MY), kept in capitals; what the "
    "marketplace reports when connecting wins over it"))]


class Credentials(Request):
    """A channel's credentials (kept in Secrets Manager); other string fields are kept with them."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Annotated[str, Field(max_length=4096)]]


class ZaloCredentials(Credentials):
    app_id: Credential
    oa_secret_key: Credential
    access_token: Credential


class MessengerCredentials(Credentials):
    app_secret: Credential
    verify_token: Credential
    page_access_token: Credential


class SignedCredentials(Credentials):
    signing_secret: Credential
    callback_url: Credential | None = Field(None, description="where replies are posted (default: the stack's)")


class WishCredentials(Credentials):
    client_id: Credential = Field(description="your Wish app's client id")
    client_secret: Credential
    code: Credential | None = Field(None, description="the code Wish's authorize page sent to your redirect URI (works once, 5 minutes)")
    redirect_uri: Credential | None = None
    refresh_token: Credential | None = Field(None, description="instead of code: a refresh token of the store")


class ShopeeCredentials(Credentials):
    client_id: Credential = Field(description="your Shopee app's partner_id")
    client_secret: Credential = Field(description="your Shopee app's partner key (signs calls; verifies its pushes)")
    shop_id: Credential = Field(description="the shop_id Shopee's authorize redirect carried with the code (= external_id)")
    code: Credential | None = Field(None, description="the code Shopee's authorize redirect carried (works once, 10 minutes)")
    refresh_token: Credential | None = Field(None, description="instead of code: a refresh token of the shop")
    push_url: Credential | None = Field(None, description="the callback URL set for the app's pushes, when not this API's /webhooks/shopee")


class LazadaCredentials(Credentials):
    client_id: Credential = Field(description="your Lazada app's App Key")
    client_secret: Credential = Field(description="your Lazada app's App Secret (it also signs Lazada's pushes)")
    code: Credential | None = Field(None, description="the code Lazada's authorize page sent to your callback URL (works once)")
    refresh_token: Credential | None = Field(None, description="instead of code: a refresh token of the store")


class TikTokShopCredentials(Credentials):
    client_id: Credential = Field(description="your TikTok Shop app's app_key")
    client_secret: Credential = Field(description="your TikTok Shop app's app_secret (signs calls; verifies its webhooks)")
    shop_id: Credential = Field(description="the shop's id, as its webhooks name it (= external_id)")
    code: Credential | None = Field(None, description="the auth_code TikTok Shop's authorize page sent to your redirect URL")
    refresh_token: Credential | None = Field(None, description="instead of code: a refresh token of the shop (then shop_cipher too)")
    shop_cipher: Credential | None = Field(None, description="the shop's cipher (read from Get Authorized Shops when a code is given)")


class NewConnectionFields(Request):
    name: str = Field(min_length=1, max_length=128)
    external_id: str = Field(min_length=1, max_length=256, description="the channel's account id (Zalo OA, page id)")
    mode: Literal["only_me", "shared"] = "shared"
    rule_id: Id | None = None
    market: Market | None = None


class NewZaloConnection(NewConnectionFields):
    channel: Literal["zalo"]
    credentials: ZaloCredentials


class NewMessengerConnection(NewConnectionFields):
    channel: Literal["messenger"]
    credentials: MessengerCredentials


class NewSignedConnection(NewConnectionFields):
    channel: Literal["web", "partner", "marketplace"]
    credentials: SignedCredentials


class NewWishConnection(NewConnectionFields):
    """A Wish store (external_id: its merchant id): the code is exchanged for tokens, and its tickets are polled."""

    channel: Literal["wish"]
    credentials: WishCredentials


class ShopConnectionFields(NewConnectionFields):
    """A marketplace shop whose calls name the shop: its credentials' shop_id is its external_id."""

    @model_validator(mode="after")
    def _same_shop(self):
        if self.credentials.shop_id != self.external_id:
            raise ValueError("credentials.shop_id must be the external_id (the shop's id)")
        return self


class NewShopeeConnection(ShopConnectionFields):
    """A Shopee shop (external_id: its shop_id): the code is exchanged for tokens; its chats are pushed and polled."""

    channel: Literal["shopee"]
    credentials: ShopeeCredentials


class NewTikTokShopConnection(ShopConnectionFields):
    """A TikTok Shop shop (external_id: its shop id, as its webhooks name it): the code is exchanged for tokens and
    the shop's cipher; its customer service chats are pushed and polled."""

    channel: Literal["tiktok_shop"]
    credentials: TikTokShopCredentials


class NewLazadaConnection(NewConnectionFields):
    """A Lazada store (external_id: its seller id, as Lazada's pushes name it): the code is exchanged for
    tokens; its buyers' chats are pushed to /webhooks/lazada and polled to catch up."""

    channel: Literal["lazada"]
    credentials: LazadaCredentials
    external_id: str | None = Field(
        None, min_length=1, max_length=256,
        description="the store's seller id; it must be the one Lazada's token answer names (else 422 "
                    "account_mismatch), and left out it is that one")


# One shape per channel: the credentials each one needs (API.md's table).
NewConnection = Annotated[NewZaloConnection | NewMessengerConnection | NewSignedConnection | NewWishConnection
                          | NewShopeeConnection | NewLazadaConnection | NewTikTokShopConnection,
                          Body(discriminator="channel")]
Ids = Annotated[list[Id], Field(max_length=200)]


class ConnectionSettingsChanges(Request):
    """The account's messaging terms where the channel's differ by account; only the ones named change."""

    human_agent_tag: bool | None = Field(
        None, description="Messenger: the page is permitted the HUMAN_AGENT tag, so people may reply for 7 days")
    free_replies: integer(ge=0, le=1000) | None = Field(
        None, description="Zalo: free replies after each customer message, within 48 h (8)")
    consultation_messages: bool | None = Field(
        None, description="Zalo: the OA sends (paid) consultation messages within 7 days of the user's last message")
    pass_thread_on_request: bool | None = Field(
        None, description="Messenger: when another app asks for a thread (request_thread_control), pass it to that "
                          "app at once (Handover API) instead of leaving the request for a person in Meta's inbox")


class ConnectionChanges(Request):
    name: str | None = Field(None, min_length=1, max_length=128)
    credentials: Annotated[dict[str, Credential], Field(max_length=20)] | None = Field(
        None, description="new credentials reconnect the connection (the channel's own keys, as on creation)")
    mode: Literal["only_me", "shared"] | None = None
    rule_id: Id | None = Field(None, description="null takes the connection out of its rule")
    settings: ConnectionSettingsChanges | None = None
    market: Market | None = None


class NewRule(Request):
    name: str = Field(min_length=1, max_length=128)
    sources: Ids = Field([], description="connection ids")
    members: Ids = Field([], description="agent ids")
    method: Literal["round_robin", "self_claim", "weighted"] = "round_robin"
    existing_conversations: Literal["none", "available", "all"] = "none"


class RuleChanges(Request):
    name: str | None = Field(None, min_length=1, max_length=128)
    sources: Ids | None = None
    members: Ids | None = None
    method: Literal["round_robin", "self_claim", "weighted"] | None = None
    existing_conversations: Literal["none", "available", "all"] | None = None


def _authorized(channel: Channel, credentials: dict[str, str], market: str | None,
                external_id: str | None) -> tuple[dict[str, str], str | None, str | None]:
    """A marketplace store's authorization code becomes its tokens (and its market and store id, when the
    marketplace names them: a store id given must be the one named); other channels' credentials are kept as
    given. (credentials, the market in capitals or None, the external id)."""
    connectors = wiring.marketplace_connectors()
    given = market.upper() if market else None
    if channel not in connectors:
        return credentials, given, external_id
    from switchboard.channels.marketplaces.authorize import authorized_store

    store = authorized_store(channel, credentials, connectors, external_id)
    return store.credentials, store.market or given, store.external_id


def _poll_if_marketplace(conn) -> None:
    """A connected marketplace store joins the catch-up poll (again, after a reconnection: its mark is kept)."""
    if conn.channel in wiring.marketplace_connectors():
        wiring.marketplace_stores().register(conn.channel.value, conn.org_id, conn.connection_id)


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/connections", status_code=201, summary="Connect a channel account (owners and supervisors)")
    def create_connection(body: NewConnection) -> ConnectionOut:
        me = actor_of(router)
        require_manager(me)  # before a marketplace's one-time authorization code is spent
        channel = Channel(body.channel)
        credentials, market, external_id = _authorized(
            channel, body.credentials.model_dump(exclude_none=True), body.market, body.external_id)
        conn = connect_channel(
            me,
            channel=channel,
            name=body.name,
            external_id=external_id,
            credentials=credentials,
            mode=ConnectionMode(body.mode),
            rule_id=body.rule_id,
            connections=wiring.connections(),
            rules=wiring.rules(),
            secrets=wiring.secret_store(),
            clock=current_clock(),
            agents=wiring.agents(),
            assign_queue=wiring.assign_queue(),
            market=market,
        )
        wiring.directory().forget()  # a reconnected account must verify with its new credentials
        _poll_if_marketplace(conn)
        return connection_view(conn), 201


    @router.get("/connections", summary="The organization's channel connections")
    def list_connections() -> ConnectionList:
        return {"items": [connection_view(c) for c in wiring.connections().list(actor_of(router).org_id)]}


    @router.get("/connections/<connection_id>", summary="One channel connection")
    def get_connection(connection_id: str) -> ConnectionOut:
        return connection_view(wiring.connections().get(actor_of(router).org_id, connection_id))


    @router.patch("/connections/<connection_id>",
                  summary="Rename a connection, change its mode, rule or messaging terms; new credentials reconnect it")
    def change_connection_route(connection_id: str, body: ConnectionChanges) -> ConnectionOut:
        me = actor_of(router)
        changes = body.model_dump(include=body.model_fields_set)
        if body.settings is not None:
            changes["settings"] = body.settings.model_dump(exclude_none=True)
        if changes.get("market") is not None:
            changes["market"] = changes["market"].upper()
        if changes.get("credentials") is not None:
            require_manager(me)
            current = wiring.connections().get(me.org_id, connection_id)
            changes["credentials"], changes["market"], _ = _authorized(
                current.channel, changes["credentials"], changes.get("market"), current.external_id)
        conn = change_connection(
            me, connection_id, changes,
            connections=wiring.connections(), rules=wiring.rules(), agents=wiring.agents(),
            secrets=wiring.secret_store(), clock=current_clock(), assign_queue=wiring.assign_queue(),
        )
        wiring.directory().forget()
        _poll_if_marketplace(conn)
        if "rule_id" in body.model_fields_set:
            wiring.assign_queue().drain(me.org_id, reason="connection changed rule")
        return connection_view(conn)


    @router.delete("/connections/<connection_id>",
                   summary="Disconnect a channel account: its webhooks answer 404; its conversations stay readable")
    def disconnect_connection(connection_id: str) -> ConnectionOut:
        conn = disconnect_channel(actor_of(router), connection_id, connections=wiring.connections())
        wiring.directory().forget()
        return connection_view(conn)


    @router.post("/rules", status_code=201, summary="Create a routing rule (owners and supervisors)")
    def create_routing_rule(body: NewRule) -> RuleOut:
        rule = create_rule(
            actor_of(router),
            name=body.name,
            sources=body.sources,
            members=body.members,
            method=RoutingMethod(body.method),
            existing=ExistingConversations(body.existing_conversations),
            connections=wiring.connections(),
            rules=wiring.rules(),
            agents=wiring.agents(),
            clock=current_clock(),
            assign_queue=wiring.assign_queue(),
        )
        wiring.directory().forget()
        return rule_view(rule), 201


    @router.get("/rules", summary="The organization's routing rules")
    def list_rules() -> RuleList:
        return {"items": [rule_view(r) for r in wiring.rules().list(actor_of(router).org_id)]}


    @router.patch("/rules/<rule_id>", summary="Change a routing rule; changed members redistribute per existing_conversations")
    def change_rule(rule_id: str, body: RuleChanges) -> RuleOut:
        me = actor_of(router)
        rule = update_rule(
            me, rule_id, body.model_dump(exclude_none=True),
            connections=wiring.connections(), rules=wiring.rules(), agents=wiring.agents(),
            assign_queue=wiring.assign_queue(),
        )
        wiring.directory().forget()
        wiring.assign_queue().drain(me.org_id, reason="rule changed")
        return rule_view(rule)


    @router.delete("/rules/<rule_id>", summary="Delete a routing rule (owners and supervisors)")
    def remove_rule(rule_id: str) -> RuleDeleted:
        delete_rule(actor_of(router), rule_id, connections=wiring.connections(), rules=wiring.rules())
        wiring.directory().forget()
        return {"rule_id": rule_id, "deleted": True}

    return router
