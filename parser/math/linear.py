"""Whether an equation pins one unknown down: it is linear in it with a non-zero coefficient.

`2x + 3 = 11` determines x; `x^2 - x - 72 = 0` does not (two roots), nor does `x/x = 1` or
`2x - 2x = 0`. The math reader binds a new symbol only through an equation that determines it,
so a later `x = 9` after a quadratic is a definition (one root chosen), never a claim refuted
for want of the other root. The coefficient must be a known non-zero number: a coefficient
with symbols (`a x = 6`) might be zero.
"""

from __future__ import annotations

from fractions import Fraction

from veridot.parser.ast import Arith, Const, Func, Num, Term, walk
from veridot.parser.math.evaluate import evaluate, is_ground


def _mentions(term: Term, name: str) -> bool:
    return any(isinstance(n, Const) and n.name == name for n in walk(term))


def coefficient(term: Term, name: str) -> Fraction | None:
    """The coefficient of constant `name` in `term` when `term` is affine in it with a ground
    coefficient (0 when it does not occur), else None."""
    if not _mentions(term, name):
        return Fraction(0)
    match term:
        case Const():
            return Fraction(1)
        case Num() | Func():
            return None  # a function of the unknown: not affine
        case Arith(op=op, left=left, right=right):
            a, b = coefficient(left, name), coefficient(right, name)
            if a is None or b is None:
                return None
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                if a and b:
                    return None  # x * x
                if a:
                    return a * evaluate(right) if is_ground(right) else None
                return b * evaluate(left) if is_ground(left) else None
            if b or not is_ground(right):
                return None  # the unknown in a denominator, or a symbolic divisor
            value = evaluate(right)
            return a / value if value else None
    return None


def _cleared(left: Term, right: Term, name: str) -> tuple[Term, Term]:
    """`a/b = c/d` with the unknown in a denominator, multiplied out to `a d = c b`: the same
    solutions wherever the fractions are defined (`6/10 = x/(8 - x)` gives `6(8 - x) = 10x`)."""
    for _ in range(2):
        if isinstance(right, Arith) and right.op == "/" and _mentions(right.right, name):
            left, right = Arith("*", left, right.right), right.left
        elif isinstance(left, Arith) and left.op == "/" and _mentions(left.right, name):
            fraction = left
            left, right = fraction.left, Arith("*", right, fraction.right)
    return left, right


def _coefficients(left: Term, right: Term, name: str) -> tuple[Fraction, Fraction] | None:
    left, right = _cleared(left, right, name)
    try:
        a, b = coefficient(left, name), coefficient(right, name)
    except ZeroDivisionError:
        return None
    return None if a is None or b is None else (a, b)


def determines(left: Term, right: Term, name: str) -> bool:
    """Whether `left = right` fixes the value of `name` (given the other symbols)."""
    found = _coefficients(left, right, name)
    return found is not None and found[0] != found[1]


def is_linear(left: Term, right: Term, name: str) -> bool:
    """Whether `left = right` is affine in `name` with ground coefficients."""
    return _coefficients(left, right, name) is not None


def _substitute(term: Term, name: str, value: Term) -> Term:
    match term:
        case Const(name=n) if n == name:
            return value
        case Arith(op=op, left=left, right=right):
            return Arith(op, _substitute(left, name, value), _substitute(right, name, value))
    return term


def solve(left: Term, right: Term, name: str) -> Fraction | None:
    """The value `left = right` forces on `name` when it is the only symbol and the equation
    is linear in it (`x - 6 = 0` gives 6); None otherwise."""
    found = _coefficients(left, right, name)
    if found is None or found[0] == found[1]:
        return None
    zero = Num(Fraction(0))
    cleared = _cleared(left, right, name)
    at_zero = [_substitute(t, name, zero) for t in cleared]
    if not all(is_ground(t) for t in at_zero):
        return None
    try:
        constant = evaluate(at_zero[1]) - evaluate(at_zero[0])
    except ZeroDivisionError:
        return None
    return constant / (found[0] - found[1])
