"""Absolute-value bars in one LaTeX clause: which `|` opens and which closes.

`\\left| … \\right|` and `\\lvert … \\rvert` say it themselves. A plain `|` is the same mark
whether it opens or closes, so it is paired from the left by where it stands: outside a pair a
bar opens only at the start or after an operator, a relation or an opening bracket (`|-2-2| =
4`, `3 + |x|`); inside, the next bar closes only at the end or before an operator, a relation
or a closing bracket. Anything else is not read: nested bars (`||x| - 1|`), a bar between two
terms (`P(A|B)`, `3 | 12` written with a plain bar), a norm `\\|v\\|`, an odd count. Paired
bars become `\\lvert … \\rvert`, the grammar's tokens for an absolute value.
"""

from __future__ import annotations

import re

from veridot.parser.math.terms import MathReadError

_OPENS_AFTER = frozenset("=<>≤≥≠≈+-*/(^{[,")
_CLOSES_BEFORE = frozenset("=<>≤≥≠≈+-*/)}],^!")
_SIZED = (
    (re.compile(r"\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*\\?\|"), r" \\lvert "),
    (re.compile(r"\\(?:right|bigr|Bigr|biggr|Biggr)\s*\\?\|"), r" \\rvert "),
)


def sized_bars(text: str) -> str:
    """`\\left|` and `\\right|` (also `\\left\\|`, a norm: left to `pair_bars`) as the
    grammar's absolute-value tokens; done before sizing commands are dropped."""
    if "\\|" in text:
        raise MathReadError("a norm is not read")
    for pattern, repl in _SIZED:
        text = pattern.sub(repl, text)
    return text


def pair_bars(text: str) -> str:
    """Plain bars paired as absolute values (raises MathReadError when unclear)."""
    if "|" not in text:
        return text
    out: list[str] = []
    inside = False
    for i, ch in enumerate(text):
        if ch != "|":
            out.append(ch)
            continue
        before = text[:i].rstrip()
        after = text[i + 1 :].lstrip()
        if not inside and (not before or before[-1] in _OPENS_AFTER):
            out.append(" \\lvert ")
            inside = True
        elif inside and (not after or after[0] in _CLOSES_BEFORE):
            out.append(" \\rvert ")
            inside = False
        else:
            raise MathReadError("a bar '|' that is not a clear absolute value")
    if inside:
        raise MathReadError("an absolute value bar left open")
    return "".join(out)
