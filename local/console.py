"""The web console on the local stack's port: `GET /config.json` and the built files of console/dist.

In AWS the console is served from S3 behind CloudFront; here the same files come from the
checkout, read on every request, so a rebuild (make dev runs `vite build --watch`) shows on reload.
The console's routes share paths with the API (`/conversations/{id}`, `/agents`), so a page
is served only to a browser navigating (GET asking for text/html); API clients get the API.
"""

from __future__ import annotations

import json
import re
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from werkzeug.wrappers import Request, Response

# First path segments of the console's own routes (console/src/app/routes.tsx).
CONSOLE_ROUTES = frozenset({"", "inbox", "conversations", "reports", "agents", "channels", "rules", "tags", "templates", "settings"})
NOT_BUILT = "<!doctype html><title>Switchboard</title><p>The console is not built yet: run <code>make dev</code> (or <code>make console</code>).</p>"


@dataclass(frozen=True)
class ConsoleSettings:
    """What the console needs to start (API.md, `GET /config.json`), apart from the API's own URL."""

    user_pool_id: str
    user_pool_client_id: str
    cognito_endpoint: str
    region: str
    websocket_url: str | None = None


class ConsoleSite:
    def __init__(self, dist: Path, settings: Callable[[], ConsoleSettings]) -> None:
        self.dist = dist.resolve()
        self._settings = settings

    def handle(self, request: Request) -> Response | None:
        """The console's answer to this request, or None when it is the API's."""
        if request.method not in ("GET", "HEAD"):
            return None
        if request.path == "/config.json":
            return self._config(request)
        asset = self._asset(request.path)
        if asset is not None:
            return self._file(asset, immutable=request.path.startswith("/assets/"))
        if self._is_page(request):
            index = self.dist / "index.html"
            if not index.is_file():
                return Response(NOT_BUILT, status=503, mimetype="text/html")
            return self._file(index, immutable=False)
        return None

    def _config(self, request: Request) -> Response:
        settings = self._settings()
        body = {
            # The origin the browser used (127.0.0.1 or localhost), so API calls stay same-origin.
            "api_url": request.host_url.rstrip("/"),
            # In AWS the ingest function's own URL (template.yaml, output WebhookUrl); here the stack's one address.
            "webhook_url": request.host_url.rstrip("/"),
            # A path is on this origin: ws:// or wss:// as the browser reached the API.
            "websocket_url": _on_origin(request, settings.websocket_url),
            "user_pool_id": settings.user_pool_id,
            "user_pool_client_id": settings.user_pool_client_id,
            "cognito_endpoint": settings.cognito_endpoint,
            "region": settings.region,
        }
        return Response(json.dumps(body), mimetype="application/json", headers={"Cache-Control": "no-store"})

    def _asset(self, path: str) -> Path | None:
        """A built file other than index.html (hashed assets, icons), never outside dist/."""
        relative = path.lstrip("/")
        if not relative or relative == "index.html":
            return None
        try:
            candidate = (self.dist / relative).resolve()
            found = candidate.is_relative_to(self.dist) and candidate.is_file()
        except (OSError, ValueError):  # a NUL byte or a name too long: no such file, and the API decides
            return None
        return candidate if found else None

    @staticmethod
    def _is_page(request: Request) -> bool:
        first = request.path.strip("/").split("/", 1)[0]
        # Browsers name text/html when they navigate; fetch, curl and SDKs send */* or JSON.
        asks_html = "text/html" in request.headers.get("Accept", "")
        return asks_html and first in CONSOLE_ROUTES and "." not in request.path.rsplit("/", 1)[-1]

    @staticmethod
    def _file(path: Path, immutable: bool) -> Response:
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return Response(path.read_bytes(), mimetype=mimetype, headers={"Cache-Control": cache})


def _on_origin(request: Request, url: str | None) -> str | None:
    if url is None or not url.startswith("/"):
        return url
    return re.sub(r"^http", "ws", request.host_url.rstrip("/")) + url
