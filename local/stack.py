"""The local stack: embedded AWS, the template's resources, the handlers and their triggers."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request

from local import control, moto_dynamodb
from local.aws import ACCOUNT_ID, REGION, EmbeddedAws, route_lambda_invokes
from local.console import ConsoleSettings, ConsoleSite
from local.event_sources import (
    Activity,
    AsyncInvoker,
    Poller,
    create_tap,
    rule_targets,
    sqs_batch_processor,
    sqs_sources,
    tap_processor,
)
from local.fake_lazada import CONTROL_PREFIX as LAZADA_CONTROL_PREFIX
from local.fake_lazada import PREFIX as LAZADA_PREFIX
from local.fake_lazada import FakeLazada
from local.fake_shopee import CONTROL_PREFIX as SHOPEE_CONTROL_PREFIX
from local.fake_shopee import PREFIX as SHOPEE_PREFIX
from local.fake_shopee import FakeShopee
from local.fake_tiktok_shop import CONTROL_PREFIX as TIKTOK_SHOP_CONTROL_PREFIX
from local.fake_tiktok_shop import PREFIX as TIKTOK_SHOP_PREFIX
from local.fake_tiktok_shop import FakeTikTokShop
from local.fake_wish import CONTROL_PREFIX as WISH_CONTROL_PREFIX
from local.fake_wish import PREFIX as WISH_PREFIX
from local.fake_wish import FakeWish
from local.http_api import HttpApi, JwtAuthorizer, Router, json_response, routes_from_template
from local.resources import Resources, create_resources
from local.runtime import FunctionRuntime, HandlerError, function_specs
from local.scheduler import Scheduler, schedules_from_template
from local.sinks import SINK_PREFIX, ChannelSink, EmailCapture
from local.state import StateFolder, use_stable_ids
from local.streams import StreamPoller, stream_sources
from local.template import STACK_NAME, load_template
from local.websocket_api import MANAGEMENT_PREFIX, WEBSOCKET_PATH, UpgradingRequestHandler, WebSocketApi

log = logging.getLogger("local.stack")

REPO_ROOT = Path(__file__).resolve().parent.parent
# Local only: every token request resets the agent's password to this and signs in.
LOCAL_PASSWORD = "Local-Stack-Passw0rd!"
DRAIN_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10
QUIET_ROUNDS = 2  # work creates work: the stack must look idle twice in a row


class LocalStack:
    def __init__(self, root: str | Path | None = None, port: int = 3000, host: str = "127.0.0.1",
                 max_containers: int = 4, state_dir: str | Path | None = None) -> None:
        self.root = Path(root or REPO_ROOT).resolve()
        self.state_dir = Path(state_dir) if state_dir else None
        self.state: StateFolder | None = None
        self.host = host
        self.requested_port = port
        self.max_containers = max_containers
        self.ready = False
        self.stopping = False
        self.activity = Activity()
        self.client_requests = Activity()  # the API's, the console's and /_local/'s requests under way
        self.runtimes: dict[str, FunctionRuntime] = {}
        self.pollers: list[Poller] = []
        self.stream_pollers: list[StreamPoller] = []
        self.websockets: WebSocketApi | None = None
        self.tap_urls: list[str] = []
        self._undo: list[Any] = []
        self._http: BaseWSGIServer | None = None
        self._http_thread: threading.Thread | None = None
        self.aws: EmbeddedAws | None = None
        self.scheduler: Scheduler | None = None

    # ---------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        assert self._http is not None, "call start() first"
        return f"http://{self.host}:{self._http.server_address[1]}"

    def start(self) -> LocalStack:
        # Both embedded servers would log every request; that drowns the handlers' own logs.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.template = load_template(self.root / "template.yaml")
        self._add_layers_to_path()
        from switchboard.clock import OffsetClock, current_clock, use_clock

        self.aws = EmbeddedAws(self.host).start()
        self.aws.export_environment()
        self.aws.configure()  # before any Lambda function exists: see local.resources
        self._undo.append(route_lambda_invokes(self._invoke_from_moto))

        self.clock = OffsetClock()
        self._previous_clock = current_clock()
        use_clock(self.clock)
        self._undo.append(lambda: use_clock(self._previous_clock))
        self.sink = ChannelSink(self.clock.now)
        self.wish = FakeWish(self.clock.now)  # Wish's Merchant API, on the stack's clock (tokens expire as it moves)
        self.shopee = FakeShopee(self.clock.now)  # Shopee's seller chat; its pushes reach /webhooks/shopee (below)
        self.lazada = FakeLazada(self.clock.now)  # Lazada's IM, OAuth and push, on the stack's clock
        self.tiktok_shop = FakeTikTokShop(self.clock.now)  # TikTok Shop's customer service, pushing likewise
        self.emails = EmailCapture(self.clock.now, ACCOUNT_ID, REGION)
        self.emails.install()
        self._undo.append(self.emails.uninstall)

        if self.state_dir:
            use_stable_ids()
        self.resources: Resources = create_resources(self.template, None, root=self.root, stack_name=STACK_NAME)
        self.sqs = boto3.client("sqs")
        self.sfn = boto3.client("stepfunctions")
        self.cognito = boto3.client("cognito-idp")
        if self.state_dir:
            # Before the handlers start: they read the secrets when they initialize.
            self.state = StateFolder(self.state_dir, self)
            self.state.restore()

        # Bind now so the sink URLs the handlers get carry the real port.
        self._http = make_server(self.host, self.requested_port, self._wsgi, threaded=True,
                                 request_handler=UpgradingRequestHandler)
        # Sockets live as long as their clients: stopping must not wait for them (their threads are daemons).
        self._http.block_on_close = False  # type: ignore[attr-defined]
        self._export_function_environment()

        specs = function_specs(self.template, self.root, self.resources)
        self.runtimes = {lid: FunctionRuntime(spec, self.max_containers) for lid, spec in specs.items()}
        self._warm()

        resolver = self.resources.resolver()
        self.api = HttpApi(
            Router(routes_from_template(self.template)),
            JwtAuthorizer.from_template(self.template, resolver, self._jwks_url),
            self.invoke,
            api_id=self.resources.ref("HttpApi") if "HttpApi" in self.resources.refs else "local",
            now=self.clock.now,
        )
        # The WebSocket API on the same port: upgrades go to it, and so does its management API.
        self.websockets = WebSocketApi.from_template(self.template, self.resources.ref, self.invoke, self.clock.now,
                                                     self.activity)
        self._http.websocket_api = self.websockets  # type: ignore[attr-defined]
        self._forget_stored_sockets()
        self.invoke_async = AsyncInvoker(self.template, resolver, self.invoke, self.sqs)
        self._start_event_sources(resolver)
        self.scheduler = Scheduler(
            schedules_from_template(self.template, self.clock.now(), STACK_NAME),
            self.clock.now,
            self.invoke_async,
            boto3.client("stepfunctions"),
            self.resources.ref,
            self.activity,
        )
        self.scheduler.start()

        self.console = ConsoleSite(self.root / "console" / "dist", self._console_settings)
        self._http_thread = threading.Thread(target=self._http.serve_forever, name="http-api", daemon=True)
        self._http_thread.start()
        if self.state:
            self.state.start_autosave()
        self.ready = True
        return self

    def stop(self) -> None:
        # No new client request from now on, and those under way finish first: a request answered after the
        # save below was lost on the next start (the routes the handlers call back still answer meanwhile).
        self.stopping = True
        self._wait_for_client_requests(timeout_s=STOP_TIMEOUT_S)
        if self.state and self.ready:  # while everything still runs: drain, then save
            self.state.close()
        self.ready = False
        # Ask everything to stop first, then wait for all of it within one deadline: a poller
        # in the middle of a long batch finishes it, but shutdown never takes more than ~10 s
        # (the threads are daemons; what is still running ends with the process).
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for p in [*self.pollers, *self.stream_pollers]:
            p.stop()
        if self.websockets:
            self.websockets.close_all()
        if self.scheduler:
            self.scheduler.stop(timeout_s=STOP_TIMEOUT_S)
        for p in [*self.pollers, *self.stream_pollers]:
            p.join(timeout=max(deadline - time.monotonic(), 0.1))
        if self._http:
            if self._http_thread:  # shutdown() waits forever on a server never served
                self._http.shutdown()
                self._http_thread.join(timeout=5)
            self._http.server_close()
        if self.aws:
            self.aws.stop()
        while self._undo:
            self._undo.pop()()

    def _wait_for_client_requests(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while self.client_requests.busy:
            if time.monotonic() > deadline:
                log.warning("client requests still under way after %.0f s; what they do next may not be saved", timeout_s)
                return
            time.sleep(0.02)

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ---------------------------------------------------------------- wiring

    def _add_layers_to_path(self) -> None:
        # The layers' contents are importable in Lambda (/opt/python); here, their source dirs.
        layers = [
            self.root / r["Properties"]["ContentUri"]
            for r in self.template.get("Resources", {}).values()
            if r.get("Type") == "AWS::Serverless::LayerVersion" and isinstance(r.get("Properties", {}).get("ContentUri"), str)
        ]
        for path in reversed(layers):
            if path.is_dir() and str(path) not in sys.path:
                sys.path.insert(0, str(path))

    def _export_function_environment(self) -> None:
        resolver = self.resources.resolver()
        variables = dict(resolver.resolve(self.template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})))
        for lid, r in self.template.get("Resources", {}).items():
            own = r.get("Properties", {}).get("Environment", {}).get("Variables", {}) if r.get("Type") == "AWS::Serverless::Function" else {}
            for name, value in resolver.resolve(own).items():
                if name in variables and variables[name] != value:
                    log.warning("%s sets %s differently from other functions; one process has one environment", lid, name)
                variables[name] = value
        port = self._http.server_address[1]  # type: ignore[union-attr]
        sink = f"http://{self.host}:{port}{SINK_PREFIX}"
        self.shopee.push_url = f"http://{self.host}:{port}/webhooks/shopee"
        self.tiktok_shop.push_url = f"http://{self.host}:{port}/webhooks/tiktok_shop"
        if "TOKEN_ISSUER" in variables:  # $connect reads the embedded user pool's JWKS
            variables["TOKEN_JWKS_URL"] = self._jwks_url(str(variables["TOKEN_ISSUER"]))
        variables.update(
            # PostToConnection reaches the local sockets on this port (local/websocket_api.py).
            WEBSOCKET_ENDPOINT=f"http://{self.host}:{port}",
            ZALO_API_BASE_URL=f"{sink}zalo",
            ZALO_OAUTH_BASE_URL=f"{sink}zalo-oauth",
            MESSENGER_API_BASE_URL=f"{sink}messenger",
            CALLBACK_API_BASE_URL=f"{sink}callback",
            WISH_API_BASE_URL=f"http://{self.host}:{port}{WISH_PREFIX}",
            SHOPEE_API_BASE_URL=f"http://{self.host}:{port}{SHOPEE_PREFIX}",
            LAZADA_API_BASE_URL=f"http://{self.host}:{port}{LAZADA_PREFIX}/rest",
            LAZADA_AUTH_BASE_URL=f"http://{self.host}:{port}{LAZADA_PREFIX}/auth/rest",
            TIKTOK_SHOP_API_BASE_URL=f"http://{self.host}:{port}{TIKTOK_SHOP_PREFIX}",
            TIKTOK_SHOP_AUTH_BASE_URL=f"http://{self.host}:{port}{TIKTOK_SHOP_PREFIX}",
            SWITCHBOARD_LOCAL="1",
        )
        self.lazada.push_url = f"http://{self.host}:{port}/webhooks/lazada"  # Lazada's push reaches our webhook
        os.environ.update({k: str(v) for k, v in variables.items()})

    def _forget_stored_sockets(self) -> None:
        """Sockets in the table are of an earlier run whose state was kept: none is open in this process."""
        table = os.environ.get("TABLE_NAME")
        if self.websockets is None or not table:
            return
        dynamodb = boto3.client("dynamodb")
        found = [item["PK"]["S"].split("#", 1)[1]
                 for page in dynamodb.get_paginator("scan").paginate(
                     TableName=table, FilterExpression="SK = :socket", ExpressionAttributeValues={":socket": {"S": "WS"}},
                     ProjectionExpression="PK")
                 for item in page["Items"]]
        self.websockets.forget(found, f"{self.host}:{self._http.server_address[1]}")  # type: ignore[union-attr]

    def _jwks_url(self, issuer: str) -> str:
        """The embedded user pool's JWKS, for a Cognito issuer URL."""
        assert self.aws is not None
        return f"{self.aws.url}/{issuer.rstrip('/').rsplit('/', 1)[1]}/.well-known/jwks.json"

    def _warm(self) -> None:
        for lid, runtime in self.runtimes.items():
            try:
                runtime.warm()
            except Exception as exc:  # a missing or broken handler answers 502 when called
                log.warning("%s did not initialize: %s: %s", lid, type(exc).__name__, exc)

    def _start_event_sources(self, resolver: Any) -> None:
        for source in sqs_sources(self.template, resolver):
            self.pollers.append(Poller(f"sqs-{source.function}", boto3.client("sqs"), source.queue_url,
                                       source.batch_size, self.activity, sqs_batch_processor(source, self.invoke),
                                       woken_by=self.aws.changed))
        events = boto3.client("events")
        for target in rule_targets(self.template, resolver, STACK_NAME):
            url = create_tap(target, events, self.sqs)
            self.tap_urls.append(url)
            self.pollers.append(Poller(f"tap-{target.function}", boto3.client("sqs"), url, 10, self.activity,
                                       tap_processor(target, self.invoke_async), woken_by=self.aws.changed))
        assert self.aws is not None
        readers: dict[str, list[StreamPoller]] = {}  # by stream: Lambda gives each mapping the whole stream
        for source in stream_sources(self.template, resolver):
            self.stream_pollers.append(StreamPoller(source, self.aws.lock, self.activity, self.invoke,
                                                    readers.setdefault(source.stream_arn, [])))
        for p in [*self.pollers, *self.stream_pollers]:
            p.start()

    # ---------------------------------------------------------------- invoking

    def invoke(self, function: str, event: Any) -> Any:
        """Run a function's handler; raises HandlerError if it failed."""
        return self.runtimes[function].invoke(event)

    def _invoke_from_moto(self, name_or_arn: str, body: Any, response_headers: dict) -> bytes:
        lid = self.resources.function_by_physical_name(name_or_arn)
        if lid is None or lid not in self.runtimes:
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorMessage": f"no local function {name_or_arn}", "errorType": "ResourceNotFound"}).encode()
        event = json.loads(body) if body else {}
        try:
            result = self.invoke(lid, event)
        except HandlerError as exc:
            # Lambda's unhandled-error answer: the state machine task fails and Retry/Catch apply.
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps(exc.payload()).encode()
        try:
            return json.dumps(result).encode()
        except (TypeError, ValueError) as exc:  # what the Lambda runtime reports for this
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorMessage": str(exc), "errorType": "Runtime.MarshalError"}).encode()

    # ---------------------------------------------------------------- HTTP

    def _marketplace_fake_route(self, path: str) -> Callable[[Request], Any] | None:
        """The marketplace fake that answers `path`: its API (what the handlers call) or its /_local routes."""
        for fake, api_prefix, control_prefix in (
            (self.wish, WISH_PREFIX, WISH_CONTROL_PREFIX),
            (self.shopee, SHOPEE_PREFIX, SHOPEE_CONTROL_PREFIX),
            (self.lazada, LAZADA_PREFIX, LAZADA_CONTROL_PREFIX),
            (self.tiktok_shop, TIKTOK_SHOP_PREFIX, TIKTOK_SHOP_CONTROL_PREFIX),
        ):
            if path.startswith(api_prefix + "/"):
                return fake.handle
            if path.startswith(control_prefix + "/"):
                return fake.control
        return None

    def _wsgi(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        try:
            if request.path.startswith(SINK_PREFIX):
                response = self.sink.handle(request)
            elif (fake := self._marketplace_fake_route(request.path)) is not None:
                response = fake(request)
            elif request.path.startswith(MANAGEMENT_PREFIX) and self.websockets is not None:
                response = self.websockets.manage(request)
            else:
                with self.client_requests:  # counted before `stopping` is read: a stop waits for it or it is refused
                    response = self._client_request(request)
        except Exception:
            log.exception("%s %s failed", request.method, request.path)
            response = json_response(500, {"message": "Internal Server Error"})
        return response(environ, start_response)

    def _client_request(self, request: Request) -> Any:
        """What a client asks (the API, the console, /_local/), as opposed to what the handlers call back."""
        if self.stopping:
            return json_response(503, {"message": "Service Unavailable"})
        if request.path.startswith("/_local/"):
            return control.handle(request, self)
        if not self.ready:
            return json_response(503, {"message": "Service Unavailable"})
        # The console first: it answers only /config.json, its files and browser page loads.
        page = self.console.handle(request)
        return page if page is not None else self.api.handle(request)

    def _console_settings(self) -> ConsoleSettings:
        assert self.aws is not None
        return ConsoleSettings(
            user_pool_id=self.resources.ref("UserPool"),
            user_pool_client_id=self.resources.ref("UserPoolClient"),
            cognito_endpoint=f"{self.aws.url}/",  # the embedded user pool (moto answers CORS)
            region=REGION,
            websocket_url=WEBSOCKET_PATH if self.websockets is not None else None,
        )

    # ---------------------------------------------------------------- local operations

    def create_organization(self, name: str) -> Any:
        from switchboard.onboarding import create_organization

        return create_organization(name=name)

    def issue_token(self, agent_id: str) -> str:
        """An ID token from the embedded user pool for the agent's account (its password becomes
        LOCAL_PASSWORD, so the person can also sign in with it)."""
        pool, client = self.resources.ref("UserPool"), self.resources.ref("UserPoolClient")
        user_name = self._user_name(pool, agent_id)
        self.cognito.admin_set_user_password(UserPoolId=pool, Username=user_name, Password=LOCAL_PASSWORD, Permanent=True)
        result = self.cognito.admin_initiate_auth(
            UserPoolId=pool,
            ClientId=client,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user_name, "PASSWORD": LOCAL_PASSWORD},
        )
        return result["AuthenticationResult"]["IdToken"]

    def _user_name(self, pool_id: str, agent_id: str) -> str:
        """The account whose custom:agent_id is agent_id. Cognito cannot search custom attributes, so
        the embedded pool is read directly (same process, under the server's lock)."""
        from moto.cognitoidp.models import cognitoidp_backends

        assert self.aws is not None
        with self.aws.lock:
            users = list(cognitoidp_backends[ACCOUNT_ID][REGION].describe_user_pool(pool_id).users.values())
        for user in users:
            if any(a["Name"] == "custom:agent_id" and a["Value"] == agent_id for a in user.attributes):
                return user.username
        raise control.NotFound(agent_id)

    def advance(self, seconds: float) -> Any:
        """Move the clock, run what fell due to completion, then wait for the stack to settle."""
        self.clock.advance(seconds)
        assert self.scheduler is not None
        self.scheduler.run_due()
        self.drain()
        return self.clock.now()

    def drain(self, timeout_s: float = DRAIN_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        quiet = 0
        while time.monotonic() < deadline:
            quiet = quiet + 1 if self.quiet() else 0
            if quiet >= QUIET_ROUNDS:
                return
            time.sleep(0.05)
        raise control.DrainTimeout(f"still busy after {timeout_s:.0f} s")

    def empty_tables(self) -> int:
        """Every item of every table gone, once what was under way finished (or a drain's time ran out): a fresh
        start without a restart. Queues, buckets, users, the clock, the outbox and emails stay. moto reads an
        index by walking the whole table, so a stack that keeps everything gets slower with every conversation
        (the e2e suites reset before each file, and a clock jump then sweeps only that file's conversations)."""
        try:
            self.drain()
        except control.DrainTimeout:
            log.warning("reset: work still under way after %.0f s is dropped with the tables", DRAIN_TIMEOUT_S)
        with self.aws.lock:
            return moto_dynamodb.empty_tables(ACCOUNT_ID, REGION)

    def quiet(self) -> bool:
        """Nothing running, queued or executing (what /_local/drain waits for; local.state saves only then)."""
        if self.activity.busy or not all(p.caught_up() for p in self.stream_pollers):
            return False
        for url in [*self.resources.queue_urls().values(), *self.tap_urls]:
            attrs = self.sqs.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                                "ApproximateNumberOfMessagesDelayed"],
            )["Attributes"]
            if any(int(v) for v in attrs.values()):
                return False
        for lid, r in self.template.get("Resources", {}).items():
            if r.get("Type") == "AWS::Serverless::StateMachine":
                running = self.sfn.list_executions(stateMachineArn=self.resources.ref(lid), statusFilter="RUNNING")
                if running.get("executions"):
                    return False
        # Checked last as well: anything that started meanwhile shows up here.
        return not self.activity.busy
