"""Channel webhooks (public routes: each channel's own signature is the authentication)."""

from __future__ import annotations

import base64

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from switchboard import wiring
from switchboard.api.http import MAX_ID_CHARS
from switchboard.api.answers import WebhookReceipt
from switchboard.channels.base import WebhookRequest
from switchboard.channels.registry import adapter_for
from switchboard.clock import current_clock
from switchboard.errors import Forbidden, NotFound
from switchboard.inbound.ingest import IngestDeps, ingest_webhook
from switchboard.models import CONNECTED
from switchboard.connections import verify_token_hash
from switchboard.settings import settings



def _deps() -> IngestDeps:
    return IngestDeps(
        directory=wiring.directory(),
        conversations=wiring.conversations(),
        assign_queue=wiring.assign_queue(),
        clock=current_clock(),
        max_body_bytes=settings().max_body_bytes,
        stats=wiring.stats(),
        connections=wiring.connections(),
        post=lambda request: wiring.http_sender().post(request),  # built on a pass only: webhooks seldom need it
        messenger_api_base_url=settings().messenger_api_base_url,
    )


def _request(router, path_params: dict[str, str]) -> WebhookRequest:
    event = router.current_event.raw_event
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()
    return WebhookRequest(
        method=router.current_event.request_context.http.method,
        headers={k.lower(): v for k, v in (event.get("headers") or {}).items()},
        body=raw,
        # From the route, not the event: a function URL's event has no pathParameters.
        path_params=path_params,
        query=event.get("queryStringParameters") or {},
    )


def _receive(router, channel: str, path_params: dict[str, str] | None = None) -> dict:
    results = ingest_webhook(_request(router, path_params or {}), adapter_for(channel), _deps())
    return {
        "received": len(results),
        "stored": sum(r.stored for r in results),
        "duplicates": sum(r.duplicate for r in results),
        "applied": sum(r.applied for r in results),
        "conversation_ids": sorted({r.conversation_id for r in results if r.conversation_id}),
    }


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.post("/webhooks/zalo", summary="Zalo OA events (signed: X-ZEvent-Signature)")
    def zalo_webhook() -> WebhookReceipt:
        return _receive(router, "zalo")

    @router.post("/webhooks/messenger", summary="Messenger page events (signed: X-Hub-Signature-256)")
    def messenger_webhook() -> WebhookReceipt:
        return _receive(router, "messenger")

    @router.post("/webhooks/shopee", summary="Shopee pushes: Webchat Push (code 10) stored; others acknowledged (signed: Authorization)")
    def shopee_webhook() -> WebhookReceipt:
        return _receive(router, "shopee")

    @router.post("/webhooks/lazada", summary="Lazada's push: IM messages and session updates (signed: Authorization)")
    def lazada_webhook() -> WebhookReceipt:
        """Stored only (no call to Lazada in the request): Lazada waits 500 ms for the answer, then retries."""
        return _receive(router, "lazada")

    @router.post("/webhooks/tiktok_shop", summary="TikTok Shop webhooks: new messages (14) stored; others acknowledged (signed: Authorization)")
    def tiktok_shop_webhook() -> WebhookReceipt:
        return _receive(router, "tiktok_shop")

    @router.get("/webhooks/messenger", summary="Messenger's subscription handshake: echoes hub.challenge", responses={
        200: {"description": "hub.challenge, echoed", "content": {"text/plain": {"schema": {"type": "string"}}}},
    })
    def messenger_handshake():
        """Meta's subscription check: echo hub.challenge when hub.verify_token names one of our pages."""
        query = router.current_event.query_string_parameters or {}
        token = query.get("hub.verify_token") or ""
        if query.get("hub.mode") != "subscribe" or not token:
            raise Forbidden("hub.mode must be subscribe and hub.verify_token is required", code="bad_handshake")
        subscribed = wiring.connections().find_by_verify_token_hash(verify_token_hash(token))
        if subscribed is None or subscribed.status != CONNECTED:
            raise Forbidden("hub.verify_token matches no Messenger connection", code="bad_handshake")
        return Response(status_code=200, content_type="text/plain", body=query.get("hub.challenge", ""))


    @router.post("/webhooks/<channel>/<connection_id>",
                 summary="Web widget, partner inbox and marketplace events (signed: X-Switchboard-Signature)")
    def signed_webhook(channel: str, connection_id: str) -> WebhookReceipt:
        if channel not in ("web", "partner", "marketplace"):
            raise NotFound(f"no signed webhook for channel {channel}")
        if len(connection_id) > MAX_ID_CHARS:  # the HTTP API's path parameters are checked before routing; a function URL has none
            raise NotFound(f"no such connection (ids have at most {MAX_ID_CHARS} characters)")
        return _receive(router, channel, {"channel": channel, "connection_id": connection_id})

    return router
