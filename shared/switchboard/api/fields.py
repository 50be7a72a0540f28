"""Field types the request bodies share: what the API accepts is what the OpenAPI document says."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from switchboard.api.http import MAX_ID_CHARS

class Request(BaseModel):
    """A request body. Strict: `0` is not `false`, `"10"` is not `10`, exactly as the document's types say."""

    model_config = ConfigDict(strict=True, defer_build=True)  # built on first use, like api/responses.py's


def _a_json_number(value: object) -> object:
    if isinstance(value, (str, bool)):
        raise ValueError("a number is required")
    return value


def integer(**bounds) -> type:
    """JSON Schema's integer within `bounds` (ge, le, gt): 34 and 34.0 alike (strict pydantic would refuse 34.0),
    never "34" nor true. The bounds come before the validator, so the document states them."""
    return Annotated[int, Field(strict=False, **bounds), BeforeValidator(_a_json_number)]


Id = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, description="an id this API issued")]
# A name or a text that must say something: `\S` is the non-blank rule the use cases apply (strip()).
NON_BLANK = r"\S"
Label = Annotated[str, Field(min_length=1, max_length=64)]
Labels = Annotated[list[Label], Field(max_length=50)]
