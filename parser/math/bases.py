"""Numbers written in a base: `1202_7`, `11111100011_2`, `441_{10}`, `2019_{10}`.

A run of digits with a numeric subscript from 2 to 36 is that number in that base (number
theory writes bases so); it is replaced by its value in base ten, in parentheses: a
conversion between bases (`441_{10} = 1202_7`) is computed, so it is a claim, unlike two
bare numbers ("2 dozen = 24", a unit). A digit not valid in the base (`182_7`), a base
outside 2..36, or a fraction point (`3.5_{10}`) is not read: such a clause is untranslated,
never guessed. Digits past 9 (`1A_{16}`) are not read either: a capital after a number is
as likely a unit or a symbol.
"""

from __future__ import annotations

import re

from veridot.parser.math.terms import MathReadError

_BASED = re.compile(r"(?<![\w.])(\d+)_\s*(?:\{\s*(\d+)\s*\}|(\d))(?![\w.])")
_MAX_DIGITS = 64


def _value(m: re.Match[str]) -> str:
    digits, base = m.group(1), int(m.group(2) or m.group(3))
    if not 2 <= base <= 36:
        raise MathReadError(f"a subscript {base} is not a base")
    if len(digits) > _MAX_DIGITS:
        raise MathReadError("a number too long in a base")
    if any(int(d) >= base for d in digits):
        raise MathReadError(f"{digits} is not a number in base {base}")
    return f" ({int(digits, base)}) "


def base_numbers(text: str) -> str:
    """`text` with every number written in a base replaced by its value."""
    return _BASED.sub(_value, text)
