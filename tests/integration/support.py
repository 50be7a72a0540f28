"""Building organizations through the use cases, and invoking handlers with API Gateway events."""

from __future__ import annotations

import importlib.util
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType

from local import powertools_threads, pydantic_models
from switchboard import wiring
from switchboard.clock import current_clock
from switchboard.models import Channel, ConnectionMode, ExistingConversations, RoutingMethod
from switchboard.connections import connect_channel
from switchboard.onboarding import add_agent, create_organization, create_rule


@cache
def handler(name: str) -> ModuleType:
    return container(name)


def container(name: str) -> ModuleType:
    """A fresh import of a function's app.py: one Lambda container. Powertools keeps the current
    request on the app object, so requests running at the same moment need a container each (and
    the event on a class attribute, kept per thread as the local stack does)."""
    powertools_threads.install()
    path = Path("functions") / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"handler_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pydantic_models.import_routes_on_demand(module)
    pydantic_models.complete()  # requests may run at the same moment: see local/pydantic_models.py
    return module


class Context:
    function_name = "test"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:test"
    aws_request_id = "req-1"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def http_event(method: str, path: str, *, route: str | None = None, body: bytes | str | dict | None = None,
               headers: dict | None = None, claims: dict | None = None, path_params: dict | None = None) -> dict:
    if isinstance(body, dict):
        body = json.dumps(body)
    if isinstance(body, bytes):
        body = body.decode()
    return {
        "version": "2.0",
        "routeKey": f"{method} {route or path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {k.lower(): v for k, v in (headers or {}).items()},
        "pathParameters": path_params or {},
        "requestContext": {
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "test"},
            "requestId": uuid.uuid4().hex,
            "routeKey": f"{method} {route or path}",
            "stage": "$default",
            "authorizer": {"jwt": {"claims": claims or {}, "scopes": None}} if claims else {},
        },
        "body": body,
        "isBase64Encoded": False,
    }


def invoke(name: str, event: dict) -> dict:
    return handler(name).lambda_handler(event, Context())


def conversation_shown(user, conversation_id: str) -> dict:
    """GET /conversations/{id} through the console function, as `user` sees it (200 asserted)."""
    answer = invoke("console", http_event("GET", f"/conversations/{conversation_id}", route="/conversations/{conversation_id}",
                                          path_params={"conversation_id": conversation_id}, claims=claims_for(user)))
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])


def claims_for(agent) -> dict:
    return {"custom:agent_id": agent.agent_id, "custom:org_id": agent.org_id}


def domain_of(org_id: str) -> str:
    """A mail domain of the organization's own (ids hold an underscore, which host names do not)."""
    return f"{org_id.replace('_', '-')}.example"


def new_org(agent_count: int, *, capacity: int = 10, online: bool = True, method: RoutingMethod = RoutingMethod.ROUND_ROBIN):
    """An organization, its agents (online), and a Zalo connection shared among them by a rule."""
    created = create_organization(name=f"Org {uuid.uuid4().hex[:6]}")
    owner = wiring.agents().get(created.org_id, created.owner_agent_id)
    clock = current_clock()
    team = [
        add_agent(owner, {"email": f"a{i}@{domain_of(created.org_id)}", "nickname": f"agent{i}", "capacity": capacity},
                  agents=wiring.agents(), users=wiring.users(), clock=clock)
        for i in range(agent_count)
    ]
    if online:
        for agent in team:
            wiring.agents().record_presence(agent.org_id, agent.agent_id, True, clock.now())
    conn, oa_id = zalo_connection(owner, ConnectionMode.SHARED)
    rule = create_rule(
        owner, name="team", sources=[conn.connection_id], members=[a.agent_id for a in team], method=method,
        existing=ExistingConversations.NONE, connections=wiring.connections(), rules=wiring.rules(),
        agents=wiring.agents(), clock=clock,
    )
    wiring.directory().forget()
    return owner, team, conn.model_copy(update={"rule_id": rule.rule_id}), oa_id


def channel_connection(owner, channel: Channel, credentials: dict[str, str], *, mode: ConnectionMode = ConnectionMode.SHARED):
    """A `channel` account connected by `owner` with `credentials`, outside any rule."""
    conn = connect_channel(
        owner, channel=channel, name=channel.value, external_id=f"{channel.value}-{uuid.uuid4().hex[:8]}",
        credentials=credentials, mode=mode, rule_id=None, connections=wiring.connections(), rules=wiring.rules(),
        secrets=wiring.secret_store(), clock=current_clock(),
    )
    wiring.directory().forget()
    return conn


def zalo_connection(owner, mode: ConnectionMode):
    """A Zalo OA connected by `owner` (app "app", secret "secret"), and its OA id."""
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    conn = connect_channel(
        owner, channel=Channel.ZALO, name="OA", external_id=oa_id,
        credentials={"app_id": "app", "oa_secret_key": "secret", "access_token": "token"},
        mode=mode, rule_id=None, connections=wiring.connections(), rules=wiring.rules(),
        secrets=wiring.secret_store(), clock=current_clock(),
    )
    wiring.directory().forget()
    return conn, oa_id


def with_terms(conn, **terms):
    """`conn` with other messaging terms (models.ConnectionSettings), as PATCH /connections sets them."""
    changed = conn.model_copy(update={"settings": conn.settings.model_copy(update=terms)})
    wiring.connections().update(changed, was=conn)
    wiring.directory().forget()
    return changed


def heartbeat(agents) -> None:
    """The agents' consoles say they are still open, now (presence expires after 120 s)."""
    for agent in agents:
        wiring.agents().record_presence(agent.org_id, agent.agent_id, True, current_clock().now())


def dynamodb_calls(monkeypatch) -> list[str]:
    """The DynamoDB operations made from now on in this test, in order (botocore's one entry point wrapped)."""
    import botocore.client

    calls: list[str] = []
    real_call = botocore.client.BaseClient._make_api_call

    def counting(self, operation, params):
        if self.meta.service_model.service_name == "dynamodb":
            calls.append(operation)
        return real_call(self, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counting)
    return calls


@contextmanager
def serving(handle) -> Iterator[str]:
    """A fake's `handle(request)` served over HTTP on a free local port: its base URL while the block runs."""
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request

    server = make_server("127.0.0.1", 0, lambda env, start: handle(Request(env))(env, start), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def forget_polled_stores() -> None:
    """The marketplace stores leave the poll: other tests' scheduled polls must not call a fake that is gone."""
    for channel in wiring.marketplace_connectors():
        for store in wiring.marketplace_stores().stores(channel.value):
            wiring.marketplace_stores().forget(channel.value, store.connection_id)
