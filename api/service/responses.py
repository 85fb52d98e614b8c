"""JSON rendering that cannot fail on odd text: UTF-8 when possible, else ASCII escapes.

Request bodies with lone surrogates are refused (see `veridot.api.service.schemas`), but text can
still reach a response from elsewhere (an error message quoting input, a library string). Rendering
such text as UTF-8 raises; JSON's `\\uXXXX` escapes always work, so we fall back to them.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


def encoded(content: Any) -> bytes:
    """Compact JSON in UTF-8, keeping non-ASCII characters when they are encodable (the text
    is encoded once: the encoding that succeeds is the answer)."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def dumps(content: Any) -> str:
    """The same JSON as text."""
    return encoded(content).decode("utf-8")


class SafeJSONResponse(JSONResponse):
    """A JSONResponse that falls back to ASCII escapes instead of failing."""

    def render(self, content: Any) -> bytes:
        return encoded(content)
