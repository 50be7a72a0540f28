"""What the fuzz suites of tests/adversarial share: adversarial JSON, its raw text, and a record of what a request stored.

Bodies are written as raw JSON text, so they can hold what a JSON library would not write: lone UTF-16
surrogates (as `\\ud800` escapes), `NaN` and `Infinity`, numbers a double cannot hold, integers of thousands
of digits, nesting thousands of levels deep.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from hypothesis import strategies as st

# ------------------------------------------------------------------ adversarial JSON


@dataclass(frozen=True)
class Raw:
    """A JSON token written as is: `NaN`, `1e999`, an integer of 5,000 digits."""

    text: str


def to_json(value: object) -> str:
    """JSON text of `value`; strings keep lone surrogates as \\u escapes, floats NaN/inf as JSON cannot."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{to_json(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return json.dumps(value)  # ensure_ascii: a lone surrogate becomes \udXXX


def nested(depth: int, inner: str = "1") -> str:
    """An object nested `depth` levels (the body itself is the first)."""
    return '{"a":' * depth + inner + "}" * depth


surrogates = st.characters(categories=["Cs"])
plain_text = st.text(max_size=12)
adversarial_text = st.one_of(
    plain_text, plain_text,
    st.text(st.characters() | surrogates, max_size=12),
    st.sampled_from(["", " ", "\x00", "\ud800", "\udfff", "a\ud83d", "\ud83d\ude00", "#", "đ", "Nguyễn", "x" * 5000]),
)
raw_numbers = st.sampled_from([Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e999"), Raw("-1e999"),
                               Raw("1" + "0" * 5000), Raw("1e-400"), Raw("0.1e1"), Raw("-0")])
plain_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-1000, max_value=1000), plain_text)
# Plain values far more often than the ones a parser refuses outright, so most bodies reach validation.
scalars = st.one_of(
    plain_scalars, plain_scalars, plain_scalars,
    st.integers(), st.integers(min_value=2**63, max_value=2**200), st.floats(), adversarial_text, raw_numbers,
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(adversarial_text, children, max_size=3),
    max_leaves=6,
)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a member of nested objects and lists, the value itself excluded."""
    found = []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return found
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _parent(document: object, path: tuple) -> object:
    for key in path[:-1]:
        document = document[key]
    return document


@st.composite
def mutated(draw, base: dict) -> dict:
    """`base` with one to three changes: a member replaced by adversarial JSON, removed, or an extra member added."""
    document = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        kind = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if not paths:
            kind = "add"
        if kind == "add":
            targets = [p for p in paths if isinstance(_parent(document, (*p, None)), dict)] + [()]
            where = draw(st.sampled_from(targets))
            container = _parent(document, (*where, None)) if where else document
            if isinstance(container, dict):
                container[draw(adversarial_text)] = draw(json_values)
            continue
        path = draw(st.sampled_from(paths))
        parent = _parent(document, path)
        if kind == "remove":
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        else:
            parent[path[-1]] = draw(json_values)
    return document


@st.composite
def adversarial_body(draw, base: dict) -> str:
    """The raw text of a body: mostly `base` mutated; sometimes any JSON value, or nesting around the limit."""
    kind = draw(st.sampled_from(["valid"] + ["mutated"] * 7 + ["value", "deep", "garbage"]))
    if kind == "valid":
        return to_json(base)
    if kind == "mutated":
        return to_json(draw(mutated(base)))
    if kind == "value":
        return to_json(draw(json_values))
    if kind == "deep":
        return nested(draw(st.sampled_from([63, 64, 65, 66, 5000, 10000])))
    return draw(st.sampled_from(["", " ", "{", "}", "null", "[]", "{}", '{"a":1,}', "\ufeff{}", '{"a":"\\ud800"}',
                                 '{"a":NaN}', "{\"a\": 1e999}", "[" * 10000 + "]" * 10000, "x" * 300_000]))


# ------------------------------------------------------------------ what a request stored

# Calls that change state: a 4xx must make none of them (succeed), a 2xx that says it stored nothing neither.
STORING_CALLS = {  # by botocore's event names for the services
    "dynamodb": {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"},
    "sqs": {"SendMessage", "SendMessageBatch"},
    "secrets-manager": {"CreateSecret", "PutSecretValue", "UpdateSecret"},
    "cognito-identity-provider": {"AdminCreateUser", "AdminUpdateUserAttributes"},
    "eventbridge": {"PutEvents"},
}


@dataclass
class StoreRecorder:
    """Every successful state-changing AWS call made while recording (moto in process)."""

    calls: list[str] = field(default_factory=list)
    _recording: threading.Event = field(default_factory=threading.Event)

    def install(self) -> None:
        import moto.core.botocore_stubber as stubber

        underlying = stubber.BotocoreStubber.__call__
        recorder = self

        def recording_call(stub, event_name, request, **kwargs):
            response = underlying(stub, event_name, request, **kwargs)
            if recorder._recording.is_set() and response is not None and response.status_code < 300:
                _, service, operation = (event_name.split(".") + ["", ""])[:3]
                if operation in STORING_CALLS.get(service, ()):
                    recorder.calls.append(f"{service}.{operation}")
            return response

        recording_call.serialized = getattr(underlying, "serialized", False)
        recording_call.underlying = underlying
        stubber.BotocoreStubber.__call__ = recording_call

    def uninstall(self) -> None:
        import moto.core.botocore_stubber as stubber

        stubber.BotocoreStubber.__call__ = stubber.BotocoreStubber.__call__.underlying

    @contextmanager
    def recording(self) -> Iterator[list[str]]:
        self.calls = []
        self._recording.set()
        try:
            yield self.calls
        finally:
            self._recording.clear()
