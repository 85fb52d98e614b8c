"""Exact algebra on terms: whether two sides can never be equal, whatever their symbols are.

`a = b` over unknowns that holds for no value of them (`9 - 18(n - 1) = 18 - 18n`, `x^3 - 1 =
(x + 1)(x^2 - x + 1)`) is false as written, whether the writer meant a rewriting or an
equation to solve: no value makes it true. Each side is expanded exactly into a quotient of
polynomials with rational coefficients over its symbols; when `N1 * D2 - N2 * D1` is a
nonzero number, the two sides differ wherever both are defined. Anything past a size limit,
or a function application, is left undecided (None), never guessed.
"""

from __future__ import annotations

from fractions import Fraction

from veridot.parser.ast import Arith, Const, Num, Term

Monomial = tuple[tuple[str, int], ...]  # sorted (symbol, power) pairs; () is the constant
Poly = dict[Monomial, Fraction]

MAX_TERMS = 400  # monomials in one expansion; past it the question is left undecided
MAX_DEGREE = 24


class _TooLarge(Exception):
    """An expansion past the size limits."""


def _mono_mul(a: Monomial, b: Monomial) -> Monomial:
    powers = dict(a)
    for name, k in b:
        powers[name] = powers.get(name, 0) + k
    if sum(powers.values()) > MAX_DEGREE:
        raise _TooLarge
    return tuple(sorted(powers.items()))


def _add(p: Poly, q: Poly, sign: int = 1) -> Poly:
    out = dict(p)
    for m, c in q.items():
        value = out.get(m, Fraction(0)) + sign * c
        if value:
            out[m] = value
        else:
            out.pop(m, None)
    return out


def _mul(p: Poly, q: Poly) -> Poly:
    out: Poly = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = _mono_mul(m1, m2)
            value = out.get(m, Fraction(0)) + c1 * c2
            if value:
                out[m] = value
            else:
                out.pop(m, None)
    if len(out) > MAX_TERMS:
        raise _TooLarge
    return out


def _quotient(term: Term) -> tuple[Poly, Poly]:
    """`term` as numerator and denominator polynomials (raises _TooLarge, ValueError)."""
    if isinstance(term, Num):
        return ({(): term.value} if term.value else {}), {(): Fraction(1)}
    if isinstance(term, Const):
        return {((term.name, 1),): Fraction(1)}, {(): Fraction(1)}
    if not isinstance(term, Arith):
        raise ValueError("not a rational expression")
    n1, d1 = _quotient(term.left)
    n2, d2 = _quotient(term.right)
    if term.op == "+":
        return _add(_mul(n1, d2), _mul(n2, d1)), _mul(d1, d2)
    if term.op == "-":
        return _add(_mul(n1, d2), _mul(n2, d1), -1), _mul(d1, d2)
    if term.op == "*":
        return _mul(n1, n2), _mul(d1, d2)
    if term.op == "/":
        if not n2:
            raise ValueError("division by zero")
        return _mul(n1, d2), _mul(d1, n2)
    raise ValueError(f"operator {term.op}")


def never_equal(left: Term, right: Term) -> bool | None:
    """True when `left = right` holds for no value of its symbols, False when it holds for
    some (or all), None when undecided (too large, or not a rational expression)."""
    try:
        n1, d1 = _quotient(left)
        n2, d2 = _quotient(right)
        difference = _add(_mul(n1, d2), _mul(n2, d1), -1)
    except (_TooLarge, ValueError, RecursionError):
        return None
    return bool(difference) and set(difference) == {()}
