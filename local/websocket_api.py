"""The WebSocket API: the template's AWS::ApiGatewayV2 WEBSOCKET API, served on the HTTP API's own port.

A request with `Upgrade: websocket` on WEBSOCKET_PATH is handed, socket and all, to this module by the
HTTP server's request handler; its route handlers are the template's own (`$connect`, `$disconnect`,
`$default`), invoked with API Gateway's WebSocket event shapes. `$connect` answering a non-2xx status
refuses the handshake with that status, as API Gateway does. The management API (`POST|GET|DELETE
/@connections/{id}`: what `apigatewaymanagementapi` calls, PostToConnection included) is served on the
same port, so the functions post to the local sockets by the same code path as in AWS.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
import string
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from websockets.frames import Opcode
from websockets.server import ServerProtocol
from werkzeug.serving import WSGIRequestHandler
from werkzeug.wrappers import Request, Response

from local.runtime import HandlerError
from local.sinks import SINK_PREFIX

log = logging.getLogger("local.websocket_api")

WEBSOCKET_PATH = "/live"  # the stage's path: ws://<host>:<port>/live, like wss://<api>.execute-api.../live
MANAGEMENT_PREFIX = "/@connections/"
READ_SIZE = 65536
_ID_CHARACTERS = string.ascii_letters + string.digits
_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}")


def _sub_names(value: Any) -> list[str]:
    """The logical ids a raw `!Sub` string names (`integrations/${X}`, `.../functions/${F.Arn}/...`)."""
    text = value.get("Fn::Sub") if isinstance(value, Mapping) else value
    if isinstance(text, list):
        text = text[0]
    return _SUB_NAME.findall(text) if isinstance(text, str) else []


def routes_from_template(template: Mapping) -> tuple[str | None, dict[str, str]]:
    """The WebSocket API's logical id and its routes: route key -> function logical id."""
    resources = template.get("Resources", {})
    api = next((lid for lid, r in resources.items() if r.get("Type") == "AWS::ApiGatewayV2::Api"
                and r.get("Properties", {}).get("ProtocolType") == "WEBSOCKET"), None)
    if api is None:
        return None, {}
    functions = {lid for lid, r in resources.items() if r.get("Type") == "AWS::Serverless::Function"}
    routes: dict[str, str] = {}
    for r in resources.values():
        p = r.get("Properties", {})
        if r.get("Type") != "AWS::ApiGatewayV2::Route" or p.get("ApiId") != {"Ref": api}:
            continue
        for integration in _sub_names(p.get("Target")):
            uri = resources.get(integration, {}).get("Properties", {}).get("IntegrationUri")
            found = [name for name in _sub_names(uri) if name in functions]
            if found:
                routes[p["RouteKey"]] = found[0]
    return api, routes


class Gone(Exception):
    """The socket is closed (the management API's 410 GoneException)."""


@dataclass
class LiveConnection:
    socket_id: str
    handler: WSGIRequestHandler
    protocol: ServerProtocol
    source_ip: str
    user_agent: str
    connected_at: datetime
    last_active_at: datetime
    lock: threading.Lock = field(default_factory=threading.Lock)
    closed: bool = False
    closing: bool = False  # counted in the stack's activity from the close until $disconnect has run

    def flush(self) -> None:
        for data in self.protocol.data_to_send():
            if data:
                self.handler.connection.sendall(data)

    def send_text(self, data: bytes) -> None:
        with self.lock:
            if self.closed:
                raise Gone(self.socket_id)
            try:
                self.protocol.send_text(data)
                self.flush()
            except OSError:
                self.closed = True
                raise Gone(self.socket_id) from None

    def close(self, code: int = 1000) -> None:
        with self.lock:
            if self.closed:
                return
            try:
                self.protocol.send_close(code)
                self.flush()
            except Exception:
                self.closed = True


class WebSocketApi:
    """API Gateway's WebSocket API for one process."""

    def __init__(self, api_id: str, routes: Mapping[str, str], invoke: Callable[[str, dict], Any],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), stage: str = WEBSOCKET_PATH.strip("/"),
                 activity: Any = None) -> None:
        self.api_id = api_id
        # /_local/drain waits for $disconnect: a socket counts as work from the moment its close arrives.
        self.activity = activity if activity is not None else contextlib.nullcontext()
        self.routes = dict(routes)
        self.invoke = invoke
        self.now = now
        self.stage = stage
        self._connections: dict[str, LiveConnection] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_template(cls, template: Mapping, ref: Callable[[str], str], invoke: Callable[[str, dict], Any],
                      now: Callable[[], datetime], activity: Any = None) -> WebSocketApi | None:
        api, routes = routes_from_template(template)
        if api is None:
            return None
        return cls(ref(api), routes, invoke, now, activity=activity)

    @property
    def open_sockets(self) -> int:
        with self._lock:
            return len(self._connections)

    # ---------------------------------------------------------------- events

    def _context(self, socket_id: str, route: str, event_type: str, host: str, source_ip: str, user_agent: str,
                 connected_at: datetime) -> dict[str, Any]:
        now = self.now()
        return {
            "routeKey": route,
            "eventType": event_type,
            "extendedRequestId": secrets.token_hex(8),
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "messageDirection": "IN",
            "stage": self.stage,
            "connectedAt": int(connected_at.timestamp() * 1000),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": user_agent},
            "requestId": secrets.token_hex(8),
            "domainName": host,
            "connectionId": socket_id,
            "apiId": self.api_id,
        }

    def _call(self, route: str, event: dict) -> Any:
        function = self.routes.get(route)
        if function is None:
            return None
        return self.invoke(function, event)

    # ---------------------------------------------------------------- the socket's life

    def serve(self, handler: WSGIRequestHandler) -> None:
        """Run one WebSocket from its upgrade request to its close, in the request's own thread."""
        handler.close_connection = True
        protocol = ServerProtocol(max_size=128 * 1024)  # API Gateway's largest message: 128 KB
        head = handler.raw_requestline + b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in handler.headers.items())
        protocol.receive_data(head + b"\r\n")
        request = next((e for e in protocol.events_received()), None)
        if request is None:
            self._answer(handler, protocol, None)
            return
        target = urlsplit(handler.path)
        if target.path.rstrip("/") != WEBSOCKET_PATH:
            self._answer(handler, protocol, protocol.reject(404, "Not Found\n"))
            return
        headers = {k.lower(): v for k, v in handler.headers.items()}
        query = dict(parse_qsl(target.query, keep_blank_values=True))
        socket_id = "".join(secrets.choice(_ID_CHARACTERS) for _ in range(15)) + "="
        host = headers.get("host", f"{self.api_id}.execute-api.us-east-1.amazonaws.com")
        source_ip, user_agent = handler.client_address[0], headers.get("user-agent", "")
        connected_at = self.now()
        context = self._context(socket_id, "$connect", "CONNECT", host, source_ip, user_agent, connected_at)
        event: dict[str, Any] = {
            "headers": dict(handler.headers.items()),
            "multiValueHeaders": {k: [v] for k, v in handler.headers.items()},
            "requestContext": context,
            "isBase64Encoded": False,
        }
        if query:
            event["queryStringParameters"] = query
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
        try:
            result = self._call("$connect", event)
        except HandlerError:
            self._answer(handler, protocol, protocol.reject(500, "Internal server error\n"))
            return
        status = int(result.get("statusCode", 200)) if isinstance(result, dict) else 200
        if not 200 <= status < 300:
            body = result.get("body") if isinstance(result, dict) else None
            self._answer(handler, protocol, protocol.reject(status, f"{body or 'Forbidden'}\n"))
            return
        response = protocol.accept(request)
        connection = LiveConnection(socket_id, handler, protocol, source_ip, user_agent, connected_at, connected_at)
        with connection.lock:
            protocol.send_response(response)
            connection.flush()
        if response.status_code != 101:
            return
        with self._lock:
            self._connections[socket_id] = connection
        try:
            self._read(connection, host)
        finally:
            with self._lock:
                self._connections.pop(socket_id, None)
            connection.closed = True
            self._count_closing(connection)
            try:
                self._disconnected(connection, host)
            finally:
                self.activity.__exit__(None, None, None)

    def _count_closing(self, connection: LiveConnection) -> None:
        if not connection.closing:
            connection.closing = True
            self.activity.__enter__()

    def _answer(self, handler: WSGIRequestHandler, protocol: ServerProtocol, response: Any) -> None:
        if response is not None:
            protocol.send_response(response)
        for data in protocol.data_to_send():
            if data:
                handler.connection.sendall(data)

    def _read(self, connection: LiveConnection, host: str) -> None:
        protocol = connection.protocol
        while True:
            try:
                data = connection.handler.rfile.read1(READ_SIZE)
            except OSError:
                data = b""
            with connection.lock:
                if data:
                    protocol.receive_data(data)
                else:
                    protocol.receive_eof()
                events = protocol.events_received()
                if not data or protocol.state.name != "OPEN":
                    self._count_closing(connection)  # before the close is answered: the client may drain next
                try:
                    connection.flush()  # pongs and the close handshake's answer
                except OSError:
                    return
            for frame in events:
                if frame.opcode == Opcode.TEXT or frame.opcode == Opcode.BINARY:
                    connection.last_active_at = self.now()
                    self._message(connection, host, frame.data)
            if not data or protocol.close_expected() or protocol.state.name == "CLOSED":
                return

    def _message(self, connection: LiveConnection, host: str, data: bytes) -> None:
        body = data.decode("utf-8", errors="replace")
        route = "$default"
        try:
            action = json.loads(body).get("action")
            if isinstance(action, str) and action in self.routes:
                route = action
        except (ValueError, AttributeError):
            pass
        context = self._context(connection.socket_id, route, "MESSAGE", host, connection.source_ip,
                                connection.user_agent, connection.connected_at)
        context["messageId"] = secrets.token_hex(8)
        try:
            self._call(route, {"requestContext": context, "body": body, "isBase64Encoded": False})
        except HandlerError:
            pass  # logged by the runtime; API Gateway too keeps the socket open

    def _disconnected(self, connection: LiveConnection, host: str) -> None:
        code = connection.protocol.close_code or 1006
        context = self._context(connection.socket_id, "$disconnect", "DISCONNECT", host, connection.source_ip,
                                connection.user_agent, connection.connected_at)
        context.update(disconnectStatusCode=code, disconnectReason=connection.protocol.close_reason or "")
        try:
            self._call("$disconnect", {"headers": {"Host": host}, "requestContext": context, "isBase64Encoded": False})
        except HandlerError:
            pass

    def forget(self, socket_ids: list[str], host: str) -> None:
        """`$disconnect` for sockets this process never had: stored by an earlier run of the stack, they
        died with it (API Gateway sends `$disconnect` when a connection drops, whatever the reason)."""
        at = self.now()
        for socket_id in socket_ids:
            context = self._context(socket_id, "$disconnect", "DISCONNECT", host, "127.0.0.1", "", at)
            context.update(disconnectStatusCode=1006, disconnectReason="the local stack restarted")
            try:
                self._call("$disconnect", {"headers": {"Host": host}, "requestContext": context, "isBase64Encoded": False})
            except HandlerError:
                pass

    def close_all(self) -> None:
        with self._lock:
            connections = list(self._connections.values())
        for connection in connections:
            connection.close(1001)

    # ---------------------------------------------------------------- the management API

    def manage(self, request: Request) -> Response:
        """`POST|GET|DELETE /@connections/{id}` as API Gateway's management API answers them."""
        socket_id = request.path[len(MANAGEMENT_PREFIX):]
        with self._lock:
            connection = self._connections.get(socket_id)
        if connection is None or connection.closed:
            return Response(json.dumps({"message": f"connection {socket_id} is gone"}), status=410,
                            headers={"content-type": "application/json", "x-amzn-ErrorType": "GoneException"})
        if request.method == "POST":
            try:
                connection.send_text(request.get_data())
            except Gone:
                return Response(json.dumps({"message": f"connection {socket_id} is gone"}), status=410,
                                headers={"content-type": "application/json", "x-amzn-ErrorType": "GoneException"})
            return Response(b"", status=200)
        if request.method == "DELETE":
            connection.close(1000)
            return Response(b"", status=204)
        if request.method == "GET":
            iso = "%Y-%m-%dT%H:%M:%S.%fZ"
            return Response(json.dumps({
                "ConnectedAt": connection.connected_at.strftime(iso),
                "LastActiveAt": connection.last_active_at.strftime(iso),
                "Identity": {"SourceIp": connection.source_ip, "UserAgent": connection.user_agent},
            }), status=200, headers={"content-type": "application/json"})
        return Response(json.dumps({"message": "Method Not Allowed"}), status=405, headers={"content-type": "application/json"})


class UpgradingRequestHandler(WSGIRequestHandler):
    """werkzeug's handler, except that a WebSocket upgrade goes to the server's `websocket_api`."""

    def run_wsgi(self) -> None:
        api: WebSocketApi | None = getattr(self.server, "websocket_api", None)
        if api is not None and self.headers.get("Upgrade", "").lower() == "websocket":
            started = time.monotonic()
            try:
                api.serve(self)
            except OSError:
                pass  # the client went away
            log.debug("socket served for %.1f s", time.monotonic() - started)
            return
        super().run_wsgi()

    def make_environ(self) -> dict:
        """werkzeug drops headers whose names hold an underscore (a proxy could not tell them from dashes);
        Zalo's APIs name theirs so (`access_token`, `secret_key`), and the channel sink must read them."""
        environ = super().make_environ()
        if self.path.startswith(SINK_PREFIX):
            for key, value in self.headers.items():
                if "_" in key:
                    environ[f"HTTP_{key.upper().replace('-', '_')}"] = value
        return environ

