"""Congruences and divisibility between integers: `a \\equiv b \\pmod{m}`, `a \\mid b`.

The AST has no remainder function, so these are read only between ground integers, where
they become claims about numbers: `17 \\equiv 2 \\pmod{5}` is `17 mod 5 = 2 mod 5`, shown as
`2 = 2`, and `3 \\mid 12` is `12 mod 3 = 0`; `\\not\\equiv` and `\\nmid` negate; in a chain
`2^3 = 8 \\nmid 2^8` the bar relates its neighbours and each `=` is an equation. A chain
`a \\equiv b \\equiv c \\pmod{m}` gives each neighbour pair; an `=` among them (`4^4 = 256
\\equiv 6 \\pmod{25}`, `4^6 = 6 \\cdot 16 = 96 \\equiv 21`) is read as a congruence too, the
weaker claim (writers use it for "congruent" inside such a chain; an equation that holds
holds modulo m as well). The modulus is `\\pmod{m}`, `\\pmod m`, `(\\bmod m)`, `\\mod m`
or `(\\text{mod } m)`. With an unknown anywhere, or a
value that is not an integer, the clause is untranslated (a reason is raised), never guessed.
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import pairwise

from veridot.parser.ast import Eq, Formula, Not, Num
from veridot.parser.math import latex
from veridot.parser.math.evaluate import evaluate, is_ground
from veridot.parser.math.grammar import parse_expr
from veridot.parser.math.terms import MathReadError

_MODULUS = re.compile(
    r"\\pmod\s*\{([^{}]*)\}|\\pmod\s*(\d+)|\(\s*\\(?:bmod|mod)\s*\{?([^{})]*)\}?\s*\)"
    r"|\\mod\s*\{([^{}]*)\}|\\mod\s*(\d+)"
    r"|\(\s*\\text\s*\{\s*mod\s*\}\s*(\d+)\s*\)|\(\s*\\text\s*\{\s*mod\s+(\d+)\s*\}\s*\)"
)
_CONGRUENT = re.compile(r"(\\not\s*)?\\equiv")
# links of a congruence chain: "4^4 = 256 \equiv 6 \pmod{25}"; an "=" there is read as
# congruent too (what an equation says implies it, so a true equation is never refuted)
_LINK = re.compile(r"(\\not\s*)?\\equiv|=")
_DIVIDES = re.compile(r"\\(n?mid)\b")


def is_modular(clause: str) -> bool:
    return bool(_CONGRUENT.search(clause) or _DIVIDES.search(clause) or "mod" in clause)


def _integer(text: str) -> int:
    term = parse_expr(latex.to_plain(text))
    if not is_ground(term):
        raise MathReadError("a congruence or divisibility with unknowns")
    try:
        value = evaluate(term)
    except ZeroDivisionError as err:
        raise MathReadError("division by zero") from err
    if value.denominator != 1:
        raise MathReadError(f"a congruence of a non-integer ({value})")
    return value.numerator


def read_modular(clause: str) -> list[Formula]:
    """The claims of one congruence or divisibility clause (raises MathReadError)."""
    divides = _DIVIDES.search(clause)
    if divides is not None and not _CONGRUENT.search(clause):
        # "2^3 = 8 \nmid 2^8": the bar relates its neighbours; the "=" around it are equations
        left = [_integer(p) for p in clause[: divides.start()].split("=")]
        right = [_integer(p) for p in clause[divides.end() :].split("=")]
        a, b = left[-1], right[0]
        if a == 0:
            raise MathReadError("divisibility by zero")
        claim: Formula = Eq(Num(Fraction(b % a)), Num(Fraction(0)))
        equal = [Eq(Num(Fraction(x)), Num(Fraction(y))) for x, y in pairwise(left)]
        equal += [Eq(Num(Fraction(x)), Num(Fraction(y))) for x, y in pairwise(right)]
        return [*equal, Not(claim) if divides.group(1) == "nmid" else claim]
    moduli = list(_MODULUS.finditer(clause))
    if len(moduli) != 1 or not _CONGRUENT.search(clause):
        raise MathReadError("modular notation other than 'a \\equiv b \\pmod{m}'")
    found = moduli[0]
    m = _integer(next(g for g in found.groups() if g is not None))
    if m == 0:
        raise MathReadError("a congruence modulo zero")
    body = clause[: found.start()] + " " + clause[found.end() :]
    parts = _LINK.split(body)  # [side, negation, side, negation, side ...]
    sides = [_integer(p) % m for p in parts[0::2]]
    negations = parts[1::2]
    claims: list[Formula] = []
    for i, negated in enumerate(negations):
        claim = Eq(Num(Fraction(sides[i])), Num(Fraction(sides[i + 1])))
        claims.append(Not(claim) if negated else claim)
    return claims
