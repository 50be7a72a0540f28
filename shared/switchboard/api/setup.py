"""Channel connections and routing rules (console function)."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.views import connection_view, rule_view
from switchboard.clock import current_clock
from switchboard.models import Channel, ConnectionMode, ExistingConversations, RoutingMethod
from switchboard.connections import change_connection, connect_channel, disconnect_channel
from switchboard.onboarding import create_rule, delete_rule, update_rule


class NewConnection(BaseModel):
    channel: Literal["zalo", "messenger", "web", "partner", "marketplace"]
    name: str = Field(min_length=1, max_length=128)
    external_id: str = Field(min_length=1, max_length=256)
    credentials: dict[str, str] = {}
    mode: Literal["only_me", "shared"] = "shared"
    rule_id: str | None = None


class ConnectionChanges(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=128)
    credentials: dict[str, str] | None = None
    mode: Literal["only_me", "shared"] | None = None
    rule_id: str | None = None  # null takes the connection out of its rule


class NewRule(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    sources: list[str] = []
    members: list[str] = []
    method: Literal["round_robin", "self_claim", "weighted"] = "round_robin"
    existing_conversations: Literal["none", "available", "all"] = "none"


class RuleChanges(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=128)
    sources: list[str] | None = None
    members: list[str] | None = None
    method: Literal["round_robin", "self_claim", "weighted"] | None = None
    existing_conversations: Literal["none", "available", "all"] | None = None


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/connections", status_code=201)
    def create_connection(body: NewConnection):
        """Connect a channel account; one this organization connected before is reconnected (same id)."""
        conn = connect_channel(
            actor_of(router),
            channel=Channel(body.channel),
            name=body.name,
            external_id=body.external_id,
            credentials=body.credentials,
            mode=ConnectionMode(body.mode),
            rule_id=body.rule_id,
            connections=wiring.connections(),
            rules=wiring.rules(),
            secrets=wiring.secret_store(),
            clock=current_clock(),
            agents=wiring.agents(),
            assign_queue=wiring.assign_queue(),
        )
        wiring.directory().forget()  # a reconnected account must verify with its new credentials
        return connection_view(conn), 201

    @router.get("/connections")
    def list_connections():
        return {"items": [connection_view(c) for c in wiring.connections().list(actor_of(router).org_id)]}

    @router.get("/connections/<connection_id>")
    def get_connection(connection_id: str):
        return connection_view(wiring.connections().get(actor_of(router).org_id, connection_id))

    @router.patch("/connections/<connection_id>")
    def change_connection_route(connection_id: str, body: ConnectionChanges):
        """Rename, change mode or rule; new credentials reconnect it."""
        me = actor_of(router)
        conn = change_connection(
            me, connection_id, body.model_dump(include=body.model_fields_set),
            connections=wiring.connections(), rules=wiring.rules(), agents=wiring.agents(),
            secrets=wiring.secret_store(), clock=current_clock(), assign_queue=wiring.assign_queue(),
        )
        wiring.directory().forget()
        if "rule_id" in body.model_fields_set:
            wiring.assign_queue().drain(me.org_id, reason="connection changed rule")
        return connection_view(conn)

    @router.delete("/connections/<connection_id>")
    def disconnect_connection(connection_id: str):
        """Its webhooks answer 404 from now on; its conversations stay readable."""
        conn = disconnect_channel(actor_of(router), connection_id, connections=wiring.connections())
        wiring.directory().forget()
        return connection_view(conn)

    @router.post("/rules", status_code=201)
    def create_routing_rule(body: NewRule):
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


    @router.get("/rules")
    def list_rules():
        return {"items": [rule_view(r) for r in wiring.rules().list(actor_of(router).org_id)]}


    @router.patch("/rules/<rule_id>")
    def change_rule(rule_id: str, body: RuleChanges):
        me = actor_of(router)
        rule = update_rule(
            me, rule_id, body.model_dump(exclude_none=True),
            connections=wiring.connections(), rules=wiring.rules(), agents=wiring.agents(),
            assign_queue=wiring.assign_queue(),
        )
        wiring.directory().forget()
        wiring.assign_queue().drain(me.org_id, reason="rule changed")
        return rule_view(rule)


    @router.delete("/rules/<rule_id>")
    def remove_rule(rule_id: str):
        delete_rule(actor_of(router), rule_id, connections=wiring.connections(), rules=wiring.rules())
        wiring.directory().forget()
        return {"rule_id": rule_id, "deleted": True}

    return router
