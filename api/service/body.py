"""What a JSON request body must be before FastAPI reads it: type, encoding, nesting, numbers.

FastAPI answers a body it cannot parse with a bare 400 ("There was an error parsing the
body") and lets some bodies through that later break inside the service: nesting deep enough
to exceed pydantic's serialization depth, or a JSON number too long for Python's integer
conversion. `check_json_body` refuses each of those up front with a stable code and, where
the body has one, its position: a content type that is not JSON is 415
`unsupported_media_type`; bytes that are not UTF-8 or text that is not JSON are 400
`malformed_json` with line and column; nesting deeper than the limit is 413 `too_deep`; a
number with more digits than Python converts is 413 `too_large`. A body without a content
type is a 415 too: FastAPI would not read it as JSON anyway, and a 422 about a missing object
would not tell the client why.
"""

from __future__ import annotations

import json
import re

from veridot.api.service.errors import ApiError

# A JSON string literal (escapes included) and every character that is not a bracket.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def check_json_body(body: bytes, content_type: str | None, max_depth: int) -> ApiError | None:
    """The error for a body that must not reach FastAPI, or None when it may."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        return ApiError(
            "unsupported_media_type",
            f"content type {media or '(none)'!r} is not accepted; send application/json",
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(body[: exc.start].decode("utf-8", "replace"))
        return ApiError(
            "malformed_json",
            f"body is not valid UTF-8: byte 0x{body[exc.start]:02x} at offset {exc.start}"
            f" (line {line}, column {column})",
            line=line,
            column=column,
        )
    try:
        json.loads(text)  # linear, in C; nesting past the interpreter's limit raises
    except json.JSONDecodeError as exc:
        return ApiError(
            "malformed_json",
            f"body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            line=exc.lineno,
            column=exc.colno,
        )
    except RecursionError:
        return ApiError("too_deep", f"body nests arrays and objects deeper than {max_depth}")
    except ValueError as exc:  # a number over Python's digit limit for int(str)
        return ApiError("too_large", f"body holds a number that is too long: {_digits(exc)}")
    # Only now, on valid JSON, are the string literals well formed: on arbitrary text the
    # string pattern could rescan from every quote (quadratic time).
    if _deeper_than(text, max_depth):
        return ApiError("too_deep", f"body nests arrays and objects deeper than {max_depth} levels")
    return None


def _deeper_than(text: str, max_depth: int) -> bool:
    """True when `text` nests brackets deeper than `max_depth` (strings ignored).

    `text` must be valid JSON. Each pass of a C-speed regex removes the innermost empty
    pairs, one nesting level, so the check costs at most `max_depth` linear passes and
    never recurses.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(max_depth):
        if not brackets:
            return False
        shorter = _INNERMOST.sub("", brackets)
        if shorter == brackets:
            return False
        brackets = shorter
    return bool(brackets) and _INNERMOST.search(brackets) is not None


def _position(prefix: str) -> tuple[int, int]:
    """1-based line and column just after `prefix`."""
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _digits(exc: ValueError) -> str:
    text = str(exc)
    return text.split(";", 1)[0] if "digits" in text else "it cannot be read as a number"
