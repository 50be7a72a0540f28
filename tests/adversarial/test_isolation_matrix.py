"""Issue 10, point 2: no route reaches into another organization, whatever the caller's role.

The matrix is generated from `GET /openapi.json` of the running local stack. Every operation that takes an
id (a path parameter, a query parameter or a body field naming one of ours) is called by each role of
organization B (owner, supervisor, agent) with organization A's ids in its id slots, all at once and each
alone among B's own ids, and called again with ids that exist nowhere. Another organization's id must be
answered exactly as an unknown one (API.md: 404 "unknown, or belongs to another organization"): 404, or
the 403 of a role refused whatever the id; never 2xx, never 5xx. After the matrix, A's state is read back
and must be unchanged. A route added tomorrow is in the document, hence in the matrix, the day it is added.

Bodies come from each operation's request schema (required fields, plus every field that names an id);
`BODIES` holds the few the schema cannot describe well enough, and a body the server refuses as invalid
fails the matrix rather than letting validation answer in place of the tenancy check.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st

from tests.e2e.conftest import Api
from tests.e2e.shop import Shop
from tests.e2e.team import mail_domain

ROLES = ("owner", "supervisor", "agent")
# The kinds of id an organization owns; a path parameter, query parameter or body field named after one
# (`agent_id`, `takeover_agent_id`, ...) holds one.
ID_KINDS = ("conversation_id", "contact_id", "message_id", "agent_id", "connection_id", "rule_id", "tag_id",
            "template_id")
# Body fields holding lists of ids, which a schema cannot name (`list[str]`).
ID_LISTS = {"sources": "connection_id", "members": "agent_id"}
# Path parameters that are not ids, and the value each takes.
NOT_IDS = {"channel": "web"}
# Bodies the schema cannot describe well enough to be valid: which credentials a channel needs.
BODIES = {
    ("POST", "/connections"): lambda: {"channel": "web", "name": "matrix", "external_id": f"w-{uuid.uuid4().hex[:8]}",
                                       "credentials": {"signing_secret": "s"}},
}
# Fields that change with the clock, not with anything a request does.
VOLATILE = {"time_left_to_respond_seconds", "expiring", "online"}


# ---------------------------------------------------------------- the organizations


@dataclass
class Org:
    shop: Shop
    tokens: dict[str, str]  # role -> token
    ids: dict[str, str]  # id kind -> one of this organization's ids


def _organization(api: Api, *, tagged: bool) -> Org:
    """Owner, supervisor and an agent who holds a conversation on a web connection with a rule; a tag (on
    the conversation if `tagged`), a template, and settings naming the supervisor."""
    shop = Shop(api, ["Agent"])
    supervisor = api.post("/agents", json={"email": f"sup@{mail_domain(shop.team.org_id)}", "nickname": "Sup",
                                           "role": "supervisor"}, token=shop.owner)
    assert supervisor.status_code == 201, supervisor.text
    supervisor_id = supervisor.json()["agent_id"]
    supervisor_token = api.post("/_local/token", json={"agent_id": supervisor_id}).json()["token"]
    conn = shop.connect()
    rule = shop.rule([conn], ["Agent"])
    conversation_id = shop.write(conn)
    conversation = shop.conversation(conversation_id)
    assert conversation["assignee_id"] == shop.id("Agent"), conversation
    tag = api.post("/tags", json={"name": f"tag {uuid.uuid4().hex[:6]}"}, token=shop.owner).json()
    if tagged:
        assert api.put(f"/conversations/{conversation_id}/tags/{tag['tag_id']}", token=shop.owner).status_code == 200
    template = api.post("/templates", json={"name": "hello", "texts": {"en": "Hello!"}}, token=shop.owner).json()
    settings_changed = api.patch("/settings", json={"takeover_agent_id": supervisor_id, "fallback_agent_id": supervisor_id},
                                 token=shop.owner)
    assert settings_changed.status_code == 200, settings_changed.text
    messages = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner).json()["items"]
    ids = {
        "conversation_id": conversation_id, "contact_id": conversation["contact"]["contact_id"],
        "message_id": messages[0]["message_id"], "agent_id": shop.id("Agent"), "connection_id": conn["connection_id"],
        "rule_id": rule["rule_id"], "tag_id": tag["tag_id"], "template_id": template["template_id"],
    }
    assert set(ids) == set(ID_KINDS)
    return Org(shop=shop, tokens={"owner": shop.owner, "supervisor": supervisor_token, "agent": shop.token("Agent")},
               ids=ids)


def _unknown(value: str) -> str:
    """An id of the same shape as `value` that exists nowhere."""
    return value[:-6] + "000000" if len(value) > 8 else f"{value}000000"


def _state(api: Api, org: Org) -> dict:
    """Everything of `org` a request could change, as its owner reads it."""
    token = org.shop.owner

    def read(path: str) -> Any:
        response = api.get(path, token=token)
        assert response.status_code == 200, (path, response.text)
        return _stable(response.json())

    conversations = read("/conversations?view=all&limit=200")["items"]
    history = read("/conversations?view=history&limit=200")["items"]
    state = {path: read(path) for path in ("/me", "/agents", "/settings", "/connections", "/rules", "/tags",
                                            "/templates", "/inbox/counts")}
    for conv in sorted(conversations + history, key=lambda c: c["conversation_id"]):
        path = f"/conversations/{conv['conversation_id']}"
        state[path] = read(path)
        state[f"{path}/messages"] = read(f"{path}/messages")
    for agent in state["/agents"]["items"]:
        state[f"/agents/{agent['agent_id']}"] = read(f"/agents/{agent['agent_id']}")
    connection_ids = {c["connection_id"] for c in state["/connections"]["items"]}
    state["outbox"] = [m for m in api.get("/_local/outbox").json()["items"] if m["connection_id"] in connection_ids]
    return state


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


@pytest.fixture(scope="module")
def orgs(stack_url):
    """A, the organization attacked, and B, whose members try: built once for the module."""
    api = Api(stack_url)
    victim, attacker = _organization(api, tagged=True), _organization(api, tagged=False)
    return victim, attacker, _state(api, victim)


# ---------------------------------------------------------------- the operations, from the document


class CannotGenerate(Exception):
    pass


@dataclass(frozen=True)
class Slot:
    where: str  # "path", "query" or "body"
    name: str
    kind: str  # one of ID_KINDS
    many: bool = False  # a list of ids


@dataclass
class Operation:
    method: str
    path: str
    public: bool
    slots: list[Slot]
    fixed_path: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body_schema: dict | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def id_kind(name: str) -> str | None:
    if name in ID_LISTS:
        return ID_LISTS[name]
    return next((k for k in ID_KINDS if name == k or name.endswith(f"_{k}")), None)


def operations_of(document: dict) -> list[Operation]:
    found = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            if method.upper() not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                continue
            operation = Operation(method.upper(), path, public=not op.get("security"), slots=[])
            for param in op.get("parameters", []):
                name, where = param["name"], param["in"]
                kind = id_kind(name)
                if where == "path" and name in NOT_IDS:
                    operation.fixed_path[name] = NOT_IDS[name]
                elif where == "path" and kind is None:
                    raise CannotGenerate(f"{operation}: path parameter {name!r} is neither an id kind the matrix "
                                         f"knows (ID_KINDS) nor a value of NOT_IDS: teach the matrix about it")
                elif where in ("path", "query") and kind:
                    operation.slots.append(Slot(where, name, kind))
                elif where == "query" and param.get("required"):
                    operation.query[name] = example(param.get("schema", {}), document)
            schema = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is not None:
                operation.body_schema = schema
                for name, prop in _object_schema(schema, document).get("properties", {}).items():
                    kind = id_kind(name)
                    if kind:
                        many = name in ID_LISTS or _deref(prop, document).get("type") == "array"
                        operation.slots.append(Slot("body", name, kind, many))
            found.append(operation)
    return found


def _ref_parts(ref: str) -> list[str]:
    return ref.removeprefix("#/").split("/")


def _deref(schema: dict, document: dict) -> dict:
    """The schema itself, through `$ref`, `allOf` and the first alternative of `anyOf`/`oneOf` that is not
    null (merged with what the schema says beside them)."""
    for _ in range(20):
        if "$ref" in schema:
            target: Any = document
            for part in _ref_parts(schema["$ref"]):
                target = target[part]
            schema = _merged({k: v for k, v in schema.items() if k != "$ref"}, target)
        elif "anyOf" in schema or "oneOf" in schema:
            alternatives = schema.get("anyOf") or schema.get("oneOf")
            chosen = next((a for a in alternatives if _deref(a, document).get("type") != "null"), alternatives[0])
            schema = _merged({k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}, _deref(chosen, document))
        elif "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                merged = _merged(merged, _deref(part, document))
            schema = merged
        else:
            return schema
    raise CannotGenerate(f"schema nested too deep: {schema}")


def _merged(schema: dict, other: dict) -> dict:
    """Both schemas at once: their properties and required fields together, `other` winning elsewhere."""
    merged = {**schema, **other}
    for key, empty in (("properties", {}), ("required", [])):
        if key in schema or key in other:
            both = (schema.get(key, empty), other.get(key, empty))
            merged[key] = {**both[0], **both[1]} if key == "properties" else [*both[0], *both[1]]
    return merged


def _object_schema(schema: dict, document: dict) -> dict:
    resolved = _deref(schema, document)
    return resolved if resolved.get("type") == "object" or "properties" in resolved else {}


def example(schema: dict, document: dict, *, fill: set[str] = frozenset()) -> Any:
    """A valid instance of `schema`: its required properties (and those named in `fill`), each the simplest
    value its constraints allow."""
    schema = _deref(schema, document)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):  # JSON Schema's several types: any one will do
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        names = [n for n in schema.get("properties", {}) if n in schema.get("required", []) or n in fill]
        value = {n: example(schema["properties"][n], document) for n in names}
        extra = schema.get("additionalProperties")
        for i in range(max(0, schema.get("minProperties", 0) - len(value))):
            if not isinstance(extra, dict):
                raise CannotGenerate(f"an object needs {schema['minProperties']} properties but names none")
            value[["en", "vi", "fr", "de"][i % 4] + ("" if i < 4 else str(i))] = example(extra, document)
        return value
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if kind == "string":
        return _string(schema)
    if kind in ("integer", "number"):
        low = schema["minimum"] if "minimum" in schema else schema.get("exclusiveMinimum", 0) + 1
        high = schema["maximum"] if "maximum" in schema else schema.get("exclusiveMaximum", low + 2) - 1
        value = 1 if low <= 1 <= high else low
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "array":
        return [example(schema.get("items", {}), document) for _ in range(schema.get("minItems", 0))]
    if kind == "null":
        return None
    raise CannotGenerate(f"no example for the schema {schema}")


# Values that satisfy the usual formats and patterns; anything else is found by hypothesis.
USUAL_STRINGS = ("matrix", "matrix@example.com", "en", "https://example.com/", "2026-01-01T00:00:00Z", "2026-01-01")


def _string(schema: dict) -> str:
    low, high, pattern = schema.get("minLength", 0), schema.get("maxLength", 10_000), schema.get("pattern")
    formats = {"email": "matrix@example.com", "date-time": "2026-01-01T00:00:00Z", "uri": "https://example.com/",
               "date": "2026-01-01"}
    for value in (formats.get(schema.get("format", ""), "matrix"), *USUAL_STRINGS, "x" * max(low, 1)):
        if low <= len(value) <= high and (not pattern or re.search(pattern, value)):
            return value
    return _matching(pattern or ".*", low, high)


@lru_cache(maxsize=None)
def _matching(pattern: str, low: int, high: int) -> str:
    """The simplest string of `low`-`high` characters that matches `pattern` (hypothesis shrinks to it)."""
    return find(st.from_regex(pattern, fullmatch=True), lambda s: low <= len(s) <= high,
                settings=settings(database=None, derandomize=True, suppress_health_check=list(HealthCheck)))


def body_of(operation: Operation, document: dict) -> dict | None:
    if operation.key in BODIES:
        return BODIES[operation.key]()
    if operation.body_schema is None:
        return None
    body_fields = {s.name for s in operation.slots if s.where == "body"}
    return example(operation.body_schema, document, fill=body_fields)


def combinations(slots: list[Slot]) -> list[dict[Slot, str]]:
    """Another organization's ids in every slot at once, then in each slot alone among the caller's own."""
    together = {s: "theirs" for s in slots}
    alone = [{t: ("theirs" if t == s else "ours") for t in slots} for s in slots] if len(slots) > 1 else []
    return [together, *alone]


@pytest.fixture(scope="module")
def document(stack_url):
    response = Api(stack_url).get("/openapi.json")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def operations(document):
    return operations_of(document)


# ---------------------------------------------------------------- the calls


@dataclass
class Outcome:
    status: int
    code: str | None
    text: str


def _call(api: Api, operation: Operation, document: dict, combo: dict[Slot, str], ids: dict[str, dict[str, str]],
          token: str | None) -> Outcome:
    """`ids[source][kind]` for source "theirs" or "ours"."""
    path_values = dict(operation.fixed_path)
    query = dict(operation.query)
    body = body_of(operation, document)
    for slot, source in combo.items():
        value = ids[source][slot.kind]
        if slot.where == "path":
            path_values[slot.name] = value
        elif slot.where == "query":
            query[slot.name] = value
        else:
            body[slot.name] = [value] if slot.many else value
    url = re.sub(r"\{(\w+)\}", lambda m: path_values[m.group(1)], operation.path)
    response = api.request(operation.method, url, json=body, params=query or None, token=token)
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    return Outcome(response.status_code, code, response.text[:300])


def _verdict(operation: Operation, role: str | None, combo: dict[Slot, str], theirs: Outcome,
             unknown: Outcome) -> str | None:
    where = f"{operation} as {role or 'anyone'} with another organization's {[s.name for s, v in combo.items() if v == 'theirs']}"
    if unknown.status in (400, 422):
        return (f"{where}: the matrix's body is refused as invalid ({unknown.status} {unknown.text}); give the "
                f"operation a valid body in BODIES")
    if theirs.status < 300 or theirs.status >= 500:
        return f"{where}: answered {theirs.status} {theirs.text}"
    if (theirs.status, theirs.code) != (unknown.status, unknown.code):
        return (f"{where}: answered {theirs.status} {theirs.code}, but {unknown.status} {unknown.code} for an id "
                f"that exists nowhere: the answer tells the two apart")
    allowed = {401, 404} if operation.public else {403, 404}
    if theirs.status not in allowed:
        return f"{where}: answered {theirs.status} {theirs.text}; expected one of {sorted(allowed)}"
    return None


def _matrix(api: Api, orgs, operations, document, role: str) -> tuple[list[str], Counter]:
    """The failures, and how many of another organization's calls got each answer."""
    victim, attacker, _ = orgs
    unknown_ids = {kind: _unknown(value) for kind, value in victim.ids.items()}
    failures, answers = [], Counter()
    for operation in operations:
        if not operation.slots:
            continue
        if operation.public and role != ROLES[0]:
            continue  # no token: the caller's role cannot matter
        token = None if operation.public else attacker.tokens[role]
        for combo in combinations(operation.slots):
            theirs = _call(api, operation, document, combo, {"theirs": victim.ids, "ours": attacker.ids}, token)
            unknown = _call(api, operation, document, combo, {"theirs": unknown_ids, "ours": attacker.ids}, token)
            answers[theirs.status] += 1
            failure = _verdict(operation, None if operation.public else role, combo, theirs, unknown)
            if failure:
                failures.append(failure)
    return failures, answers


# ---------------------------------------------------------------- the tests


def test_every_operation_that_takes_an_id_can_be_called_by_the_matrix(operations, document):
    # Given the published document / Then every path parameter is a known kind of id (or a known value), and
    # a body can be built for every operation the matrix calls
    assert any(op.slots for op in operations)
    for operation in operations:
        if operation.slots:
            body = body_of(operation, document)
            assert operation.body_schema is None or isinstance(body, dict), operation


@pytest.mark.parametrize("role", ROLES)
def test_another_organizations_ids_are_unknown_to_every_role_on_every_route(api, orgs, operations, document, role):
    # Given A's ids, B's ids and ids that exist nowhere
    started = time.monotonic()

    # When each of B's roles calls every operation that takes an id with A's ids in it
    failures, answers = _matrix(api, orgs, operations, document, role)

    # Then each answer is the one an unknown id gets: 404 (or the 403 of a refused role), never 2xx or 5xx
    calls = sum(answers.values())
    print(f"isolation matrix, {role}: {calls} combinations (x2 with unknown ids) over "
          f"{sum(1 for op in operations if op.slots)} operations in {time.monotonic() - started:.1f} s: {dict(answers)}")
    assert not failures, f"{len(failures)} of {calls} calls reached another organization:\n" + "\n".join(failures)


def test_nothing_of_the_other_organization_changed(api, orgs):
    # Given A's state read before the matrix (this test runs after it, in file order)
    victim, _, before = orgs

    # When A's owner reads it again / Then nothing changed
    after = _state(api, victim)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, f"another organization changed {changed}: " + "; ".join(
        f"{k}: {before.get(k)} -> {after.get(k)}" for k in changed[:3])
