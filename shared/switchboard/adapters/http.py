"""Outbound HTTPS to channel send APIs (stdlib: nothing to import at cold start)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
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
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


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

    def send(self, method: str, url: str, *, query: dict[str, str] | None = None, json_body: dict | None = None,
             form: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> HttpResponse:
        """Any method, with a query string, a JSON or form body; the answer keeps its headers (Retry-After and
        the like). A network failure answers 599, as `post` does."""
        if query:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(query, doseq=True)}"
        data, content_type = None, {}
        if json_body is not None:
            data, content_type = json.dumps(json_body).encode(), {"Content-Type": "application/json"}
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            content_type = {"Content-Type": "application/x-www-form-urlencoded"}
        req = urllib.request.Request(url, data=data, method=method, headers={**content_type, **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=self._timeout) as resp:
                return HttpResponse(resp.status, _json(resp.read()), _lower(resp.headers.items()))
        except urllib.error.HTTPError as error:
            return HttpResponse(error.code, _json(error.read()), _lower(error.headers.items()))
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return HttpResponse(599, {"error": str(error)})


def _lower(items) -> dict[str, str]:
    return {k.lower(): v for k, v in items}


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw[:500].decode(errors="replace")}
    return value if isinstance(value, dict) else {"value": value}
