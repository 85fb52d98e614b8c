"""JSON rendering that cannot fail on odd text: UTF-8 when possible, else ASCII escapes.

Request bodies with lone surrogates are refused (see `veridot.api.service.schemas`), but text can
still reach a response from elsewhere (an error message quoting input, a library string). Rendering
such text as UTF-8 raises; JSON's `\\uXXXX` escapes always work, so we fall back to them.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


def dumps(content: Any) -> str:
    """Compact JSON text, keeping non-ASCII characters when they are encodable."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":"))
    return text


class SafeJSONResponse(JSONResponse):
    """A JSONResponse that falls back to ASCII escapes instead of failing."""

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")
