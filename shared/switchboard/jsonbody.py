"""JSON bodies as this API accepts them (API.md, "Bad input"): at most 64 levels deep, numbers a
double can hold, and text that is Unicode.

Python's parser accepts more than that: `NaN` and `Infinity`, `1e999` (as infinity), integers of
any length until its own digit limit (a ValueError), and `"\\ud800"`, a lone UTF-16 surrogate that
no UTF-8 encoder (DynamoDB's, ours) can write. Nested deeply enough, it overflows the stack. Each
of these was a 500; here each is refused as malformed, except lone surrogates in a channel's
message, which are replaced (U+FFFD) so that a customer's message is stored rather than lost.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")
# A lone surrogate can only arrive as a \u escape: UTF-8 bytes cannot encode one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnacceptableJson(ValueError):
    """The body is not JSON this API accepts; `message` says why, for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def nested_deeper_than(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects more than `limit` levels, without parsing it.

    Strings are removed (brackets inside them do not count), then each pass removes the innermost
    empty pairs: at most `limit` regular-expression passes, no recursion, whatever the input.
    """
    if text.count("[") + text.count("{") <= limit:
        return False  # most bodies: too few brackets to be that deep
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limit):
        if not brackets:
            return False
        brackets, removed = _INNERMOST.subn("", brackets)
        if not removed:
            return False  # unbalanced: not JSON at all, which the parser reports
    return bool(brackets)


def _refuse_constant(name: str) -> Any:
    raise UnacceptableJson(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise UnacceptableJson(f"the number {text[:20]} is too large")
    return value


def parse(text: str | bytes, *, lone_surrogates: Literal["refuse", "replace"] = "refuse") -> Any:
    """The value of a JSON text, or UnacceptableJson saying what is wrong with it."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except UnacceptableJson:
        raise
    except UnicodeDecodeError:
        raise UnacceptableJson("the body is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise UnacceptableJson(f"not valid JSON ({error.msg} at character {error.pos})") from None
    except ValueError as error:  # an integer longer than Python converts
        raise UnacceptableJson(f"not acceptable JSON ({error})") from None
    except RecursionError:
        raise UnacceptableJson(f"nested deeper than {MAX_DEPTH} levels") from None
    if not _SURROGATE_ESCAPE.search(text):
        return value  # the common case: nothing to look for
    try:
        return _without_lone_surrogates(value, replace=lone_surrogates == "replace")
    except RecursionError:
        raise UnacceptableJson(f"nested deeper than {MAX_DEPTH} levels") from None


def _without_lone_surrogates(value: Any, *, replace: bool) -> Any:
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        if not replace:
            raise UnacceptableJson("a string holds a lone UTF-16 surrogate (such as \\ud800), which is not text")
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item, replace=replace) for item in value]
    if isinstance(value, dict):
        return {
            _without_lone_surrogates(key, replace=replace): _without_lone_surrogates(item, replace=replace)
            for key, item in value.items()
        }
    return value
