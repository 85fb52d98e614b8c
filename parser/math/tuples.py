"""Tuples in a chain: points and vectors written `(a, b)`, compared component by component.

`G = \\left(\\frac{20 + 20}{2}, \\frac{0 + 20}{2}\\right) = (20, 10)` says `(20 + 20)/2 = 20`
and `(0 + 20)/2 = 10`: when a side of a chain is a parenthesised list, every side is, with
the same number of items, and the chain is read once per item. A lone letter beside them
(`G`, the point's name) names the tuple and is not read; anything else beside a tuple (`(12,
18) = 6`, a gcd written as a pair; a scalar times a tuple) is not read at all. Only relations
between numbers are claimed; a tuple with unknowns (`(a, b) = (2, 3)`, maybe one solution
among several) is not read, so it binds nothing and frees its letters.
"""

from __future__ import annotations

import re

from veridot.parser.math.terms import MathReadError, symbol_name

_NAME = re.compile(r"[A-Za-z](?:_[A-Za-z0-9]+)?'*")


def _items(side: str) -> list[str] | None:
    """The items of a side written `( … , … )`, or None when it is not one tuple."""
    text = side.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return None
    items: list[str] = []
    depth, start = 0, 1
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return None  # "(a)(b)": the first group closes early
        elif ch == "," and depth == 1:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:-1])
    return items if len(items) > 1 else None


def components(sides: list[str], bound: set[str]) -> list[list[str]] | None:
    """Per item, the chain's sides ("" for a point's name); None when no side is a tuple.
    Raises MathReadError when tuples are mixed with other sides or differ in length, or the
    name is a symbol bound to a number earlier (its old value no longer holds)."""
    found = [_items(s) for s in sides]
    lengths = {len(items) for items in found if items is not None}
    if not lengths:
        return None
    if len(lengths) > 1:
        raise MathReadError("tuples of different lengths in one chain")
    (n,) = lengths
    out: list[list[str]] = [[] for _ in range(n)]
    for side, items in zip(sides, found, strict=True):
        if items is None and not _NAME.fullmatch(side.strip()):
            raise MathReadError("a tuple beside something that is not a tuple")
        if items is None and symbol_name(side.strip()) in bound:
            raise MathReadError(f"{side.strip()} was a number, here a tuple")
        for k in range(n):
            out[k].append("" if items is None else items[k].strip())
    return out
