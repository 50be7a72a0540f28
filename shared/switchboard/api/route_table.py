"""Which methods each path of the whole API answers, so a request no route matches is told 404 from 405.

API Gateway sends every request that matches no route to the API's `$default` route (template.yaml:
the console function), with its own method and path. The table is the routers of every function
(the same ones the OpenAPI document is made from, which a test holds equal to the template's routes),
built on the first such request.
"""

from __future__ import annotations

from functools import lru_cache

_Rule = tuple[str, ...]  # path segments; "<name>" matches any one segment


@lru_cache(maxsize=1)
def _table() -> dict[_Rule, frozenset[str]]:
    from switchboard.api import openapi

    table: dict[_Rule, set[str]] = {}
    for router in [*openapi.all_routes(), openapi.routes()]:
        # Powertools keys each route by (rule, methods, ...); include_router reads them the same way.
        for rule, methods, *_ in router._routes:
            table.setdefault(tuple(rule.strip("/").split("/")), set()).update(m.upper() for m in methods)
    return {rule: frozenset(methods) for rule, methods in table.items()}


def _matches(rule: _Rule, segments: list[str]) -> bool:
    return len(rule) == len(segments) and all(
        part == segment or (part.startswith("<") and segment != "") for part, segment in zip(rule, segments)
    )


def methods_of(path: str) -> list[str]:
    """The methods some route has for `path`, sorted; empty when no route has this path."""
    segments = path.strip("/").split("/")
    found: set[str] = set()
    for rule, methods in _table().items():
        if _matches(rule, segments):
            found |= methods
    return sorted(found)
