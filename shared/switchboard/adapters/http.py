"""Outbound HTTPS to channel send APIs (stdlib: nothing to import at cold start)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Upload:
    """A file sent as multipart/form-data (Zalo's upload API): fetched from `url` (a signed link to the
    attachments bucket) and posted as the form field `field` named `file_name`."""

    url: str
    file_name: str
    content_type: str = "application/octet-stream"
    field: str = "file"


@dataclass(frozen=True)
class HttpRequest:
    url: str
    body: dict
    headers: dict[str, str] = field(default_factory=dict)
    # How the body travels: JSON (send APIs), a urlencoded form (OAuth token endpoints), or a file upload.
    form: bool = False
    upload: Upload | None = None


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class HttpSender:
    def __init__(self, timeout_seconds: float = 10) -> None:
        self._timeout = timeout_seconds

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            data, content_type = self._encode(request)
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError) as error:
            return HttpResponse(599, {"error": f"the file could not be read: {error}"})
        req = urllib.request.Request(
            request.url, data=data, method="POST", headers={"Content-Type": content_type, **request.headers}
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

    def _encode(self, request: HttpRequest) -> tuple[bytes, str]:
        if request.upload is not None:
            return _multipart(request.body, request.upload, self._fetch(request.upload.url))
        if request.form:
            return urllib.parse.urlencode(request.body).encode(), "application/x-www-form-urlencoded"
        return json.dumps(request.body).encode(), "application/json"

    def _fetch(self, url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=self._timeout) as resp:
            data = resp.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValueError("the file is larger than the channel accepts")
        return data


def _multipart(fields: dict, upload: Upload, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name = upload.file_name.replace('"', "'")
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; filename="{name}"\r\n'
        f"Content-Type: {upload.content_type}\r\n\r\n".encode() + content + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _lower(items) -> dict[str, str]:
    return {k.lower(): v for k, v in items}


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw[:500].decode(errors="replace")}
    return value if isinstance(value, dict) else {"value": value}
