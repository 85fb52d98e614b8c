"""JSON terms in `@prop` records (`{ "gt": [4, 2] }`, as in the DoT paper) to FOL source text.

DOT_FORMAT.md says `@prop` carries FOL, but the paper's own example writes a JSON term. When a
`@prop` starts with `{`, `json_term_to_fol` tries to rewrite it as FOL text that `parse_fol`
reads; anything it does not recognise gives None and the `@prop` is kept as written (the
checker then reports it untranslated, never guesses).

A term is a number, `true`/`false`, an identifier string (a constant), or a one-key object
`{op: [args...]}` (a single non-list argument is allowed): comparisons `gt lt ge le eq ne`
(also `gte lte neq`), arithmetic `add sub mul div` (also `plus minus times`), connectives
`and or not implies iff`; any other identifier key is applied as a predicate or function,
`{"Cat": ["tom"]}` → `Cat(tom)`.
"""

from __future__ import annotations

import json
import re
from typing import Any

_COMPARE = {
    "gt": ">",
    "lt": "<",
    "ge": "≥",
    "gte": "≥",
    "le": "≤",
    "lte": "≤",
    "eq": "=",
    "ne": "≠",
    "neq": "≠",
}
_ARITH = {"add": "+", "plus": "+", "sub": "-", "minus": "-", "mul": "*", "times": "*", "div": "/"}
_NARY = {"add", "plus", "mul", "times", "and", "or"}
_LOGIC = {"and": "∧", "or": "∨", "implies": "→", "iff": "↔"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_MAX_DEPTH = 64  # far deeper than any proposition; bounds the recursion


def json_term_to_fol(text: str) -> str | None:
    """FOL source text for a JSON term, or None when `text` is not one this module reads."""
    try:
        term = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(term, dict):
        return None
    return _fol(term, 0)


def _fol(term: Any, depth: int) -> str | None:
    if depth > _MAX_DEPTH:
        return None
    match term:
        case bool():
            return "⊤" if term else "⊥"
        case int() | float():
            if term != term or term in (float("inf"), float("-inf")):
                return None  # NaN and infinities are not numbers FOL can state
            text = repr(abs(term))
            if "e" in text or "E" in text:
                return None  # exponent notation is not FOL number syntax
            return f"(0 - {text})" if term < 0 else text
        case str():
            return term if _IDENT.match(term) else None
        case dict() if len(term) == 1:
            ((op, raw),) = term.items()
            args = raw if isinstance(raw, list) else [raw]
            parts = [_fol(a, depth + 1) for a in args]
            if not parts or any(p is None for p in parts):
                return None
            return _apply(op, [p for p in parts if p is not None])
        case _:
            return None


def _apply(op: str, parts: list[str]) -> str | None:
    """The FOL text of operator `op` applied to already converted arguments."""
    if op == "not":
        return f"¬({parts[0]})" if len(parts) == 1 else None
    symbol = _COMPARE.get(op) or _ARITH.get(op) or _LOGIC.get(op)
    if symbol is not None:
        if len(parts) == 2 or (op in _NARY and len(parts) > 2):
            return "(" + f" {symbol} ".join(parts) + ")"
        return None
    if _IDENT.match(op):
        return f"{op}({', '.join(parts)})"
    return None
