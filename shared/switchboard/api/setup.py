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
from switchboard.onboarding import connect_channel, create_rule, delete_rule, update_rule





class NewConnection(BaseModel):
    channel: Literal["zalo", "messenger", "web", "partner", "marketplace"]
    name: str = Field(min_length=1, max_length=128)
    external_id: str = Field(min_length=1, max_length=256)
    credentials: dict[str, str] = {}
    mode: Literal["only_me", "shared"] = "shared"
    rule_id: str | None = None


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
        )
        wiring.directory().forget()  # a reconnected account must verify with its new credentials
        return connection_view(conn), 201


    @router.get("/connections")
    def list_connections():
        return {"items": [connection_view(c) for c in wiring.connections().list(actor_of(router).org_id)]}


    @router.get("/connections/<connection_id>")
    def get_connection(connection_id: str):
        return connection_view(wiring.connections().get(actor_of(router).org_id, connection_id))


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
