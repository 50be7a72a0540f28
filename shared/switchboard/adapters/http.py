"""Outbound HTTPS to channel send APIs (stdlib: nothing to import at cold start)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HttpRequest:
    url: str
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: dict


class HttpSender:
    def __init__(self, timeout_seconds: float = 10) -> None:
        self._timeout = timeout_seconds

    def post(self, request: HttpRequest) -> HttpResponse:
        data = json.dumps(request.body).encode()
        req = urllib.request.Request(
            request.url, data=data, method="POST", headers={"Content-Type": "application/json", **request.headers}
        )
        try:
            with urllib.request.urlopen(req, timeout=self._timeout) as resp:
                return HttpResponse(resp.status, _json(resp.read()))
        except urllib.error.HTTPError as error:
            return HttpResponse(error.code, _json(error.read()))
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return HttpResponse(599, {"error": str(error)})


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw[:500].decode(errors="replace")}
    return value if isinstance(value, dict) else {"value": value}
