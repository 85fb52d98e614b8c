"""Small helpers shared by the JSON-record readers: field access with clear errors, ids, meta.

Every check raises `RecordError` naming the field (and the step index when there is one), so
a malformed record never surfaces as a KeyError or TypeError traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from veridot.verifier.readers.errors import RecordError


def record_id(obj: Mapping[str, Any], line: int | None, default_id: str | None) -> str:
    """The record's `"id"` as a string, else `default_id`, else `line-N`, else `"record"`."""
    raw = obj.get("id")
    if isinstance(raw, str | int) and not isinstance(raw, bool):
        return str(raw)
    if raw is not None:
        raise RecordError(line, f"'id' must be a string or an integer, not {kind(raw)}")
    if default_id:
        return default_id
    return f"line-{line}" if line is not None else "record"


def optional_str(obj: Mapping[str, Any], key: str, line: int | None) -> str | None:
    """`obj[key]` when it is a string, None when absent or null; RecordError otherwise."""
    raw = obj.get(key)
    if raw is None or isinstance(raw, str):
        return raw
    raise RecordError(line, f"'{key}' must be a string, not {kind(raw)}")


def string_list(obj: Mapping[str, Any], key: str, line: int | None) -> list[Any]:
    """`obj[key]` when it is a list (its items are checked by the caller); [] when absent."""
    raw = obj.get(key, [])
    if not isinstance(raw, list):
        raise RecordError(line, f"'{key}' must be a list, not {kind(raw)}")
    return raw


def optional_label(obj: Mapping[str, Any], line: int | None) -> int | None:
    """An integer `"label"` (earliest wrong step, -1 for none), or None when absent."""
    raw = obj.get("label")
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= -1:
        return raw
    raise RecordError(line, f"'label' must be an integer >= -1, not {raw!r}")


def extra_fields(obj: Mapping[str, Any], used: Iterable[str]) -> dict[str, Any]:
    """The record's other fields, kept in `Diagram.meta` (only JSON-ready values)."""
    skip = set(used)
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key in skip:
            continue
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue  # a record built in Python may carry objects; meta stays JSON-ready
        out[key] = value
    return out


def kind(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    match value:
        case bool():
            return "a boolean"
        case int() | float():
            return "a number"
        case str():
            return "a string"
        case list() | tuple():
            return "a list"
        case dict():
            return "an object"
        case None:
            return "null"
        case _:
            return type(value).__name__
