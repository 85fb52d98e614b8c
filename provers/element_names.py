"""Names for the unnamed elements of a printed world: `e0`, `e1`, ... unless the problem
already uses such a name for a symbol, in which case another prefix is taken (`el0`, ...),
so that an element is never mistaken for a constant of the same spelling. Shared by the z3
and cvc5 model readers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PREFIXES = ("e", "el", "elem", "element", "obj", "object", "individual")


def element_prefix(symbols: Iterable[str]) -> str:
    """The first prefix `p` such that no symbol is spelled `p` followed by digits."""
    names = set(symbols)
    for prefix in _PREFIXES:
        pattern = re.compile(rf"{prefix}\d+")
        if not any(pattern.fullmatch(name) for name in names):
            return prefix
    k = 0  # every listed prefix is taken (an adversarial problem): add underscores
    while True:
        k += 1
        prefix = "e" + "_" * k
        pattern = re.compile(rf"{prefix}\d+")
        if not any(pattern.fullmatch(name) for name in names):
            return prefix
