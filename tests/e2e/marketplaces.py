"""The local stack's marketplace fakes, driven as a test drives them: /_local/<marketplace>/*."""

from __future__ import annotations


def on_fake(api, marketplace: str, method: str, path: str, body: dict | None = None) -> dict:
    response = api.request(method, f"/_local/{marketplace}{path}", json=body)
    assert response.status_code < 300, response.text
    return response.json()
