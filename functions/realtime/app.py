"""Realtime: the WebSocket API's routes ($connect, $disconnect, $default) and the table's stream,
whose changes it pushes to the sockets that may see them (switchboard.live)."""

import time

from aws_lambda_powertools import Logger

from switchboard import wiring
from switchboard.adapters.tokens import InvalidToken
from switchboard.clock import current_clock
from switchboard.errors import Unauthenticated
from switchboard.live.events import events_of
from switchboard.live.push import PushDeps, follow_agents, push
from switchboard.live.sockets import connect, disconnect
from switchboard.store.changes import changes_of

logger = Logger()


def _deps() -> PushDeps:
    return PushDeps(sockets=wiring.sockets(), agents=wiring.agents(), assign_queue=wiring.assign_queue(),
                    rules=wiring.rules(), poster=wiring.socket_poster())


def on_connect(event: dict) -> dict:
    """The token of the query string, as the HTTP API's authorizer checks a bearer token; a refusal
    answers the handshake with 401 and no socket opens."""
    socket_id = event["requestContext"]["connectionId"]
    token = (event.get("queryStringParameters") or {}).get("token")
    try:
        claims = wiring.token_verifier().verify(token)
        agent = connect(socket_id, claims, _deps(), current_clock().now())
    except (InvalidToken, Unauthenticated) as refused:
        logger.info("socket refused", extra={"reason": str(refused)})
        return {"statusCode": 401, "body": "Unauthorized"}
    logger.info("socket opened", extra={"org_id": agent.org_id, "agent_id": agent.agent_id})
    return {"statusCode": 200}


def on_stream(records: list[dict]) -> dict:
    started = time.perf_counter()
    now = current_clock().now()
    changes = changes_of(records)
    deps = _deps()
    follow_agents(changes, deps, now)
    events = events_of(changes, wiring.conversations().find, now)
    outcome = push(events, deps, now)
    logger.info("pushed", extra={"records": len(records), "events": len(events), "posted": outcome.posted,
                                 "gone": len(outcome.gone), "failed": outcome.failed,
                                 "ms": round((time.perf_counter() - started) * 1000)})
    return {"events": len(events), "posted": outcome.posted}


@logger.inject_lambda_context
def lambda_handler(event, context):
    if "Records" in event:
        return on_stream(event["Records"])
    route = event["requestContext"]["routeKey"]
    if route == "$connect":
        return on_connect(event)
    if route == "$disconnect":
        disconnect(event["requestContext"]["connectionId"], _deps(), current_clock().now())
    # $default: the socket only pushes; whatever a client sends is acknowledged and ignored.
    return {"statusCode": 200}
