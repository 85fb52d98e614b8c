"""Exact values of ground terms and the integer functions of school mathematics.

Numbers are exact rationals (`Fraction`). The functions that the AST has no symbol for
(`n!`, binomial coefficients, gcd and lcm, floor and ceiling, integer powers and roots) are
evaluated here when their arguments are ground, so a claim about them becomes a claim about
numbers; every function refuses (raises `MathSizeError`) an argument whose result would be
too large to be a hand computation, so a step never makes the reader compute for long.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from veridot.parser.ast import Arith, Const, Num, Term

# Bounds on what is evaluated: past them the notation is untranslated, never approximated.
MAX_FACTORIAL = 200
MAX_BINOM = 2000
MAX_EXPONENT = 64
MAX_DIGITS = 400  # numerator or denominator digits of any evaluated result


class MathSizeError(ValueError):
    """A value the reader will not compute (too large, not an integer, or undefined)."""


def evaluate(term: Term) -> Fraction:
    """The exact value of a numeric term (raises ZeroDivisionError on division by zero)."""
    if not is_ground(term):
        raise ValueError(f"not a numeric term: {term!r}")
    value = term_value(term, {})
    if value is None:  # the only way a ground term has no value
        raise ZeroDivisionError(f"division by zero in {term!r}")
    return value


def term_value(term: Term, env: Mapping[str, Fraction]) -> Fraction | None:
    """The exact value of `term` with constants read from `env` (None: a constant without a
    value, a function, a division by zero). The one evaluator of arithmetic terms: the
    reader, the verifier's witnesses and its arithmetic-slip messages all use it."""
    values: dict[int, Fraction] = {}
    stack: list[tuple[Term, bool]] = [(term, False)]
    while stack:  # post-order without recursion: reader terms can be deep
        node, done = stack.pop()
        if isinstance(node, Num):
            values[id(node)] = node.value
        elif isinstance(node, Const):
            if node.name not in env:
                return None
            values[id(node)] = env[node.name]
        elif isinstance(node, Arith) and not done:
            stack.extend(((node, True), (node.left, False), (node.right, False)))
        elif isinstance(node, Arith):
            left, right = values.get(id(node.left)), values.get(id(node.right))
            if left is None or right is None or (node.op == "/" and right == 0):
                return None
            values[id(node)] = _apply(node.op, left, right)
        else:
            return None
    return values.get(id(term))


def _apply(op: str, left: Fraction, right: Fraction) -> Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return left / right


def is_ground(term: Term) -> bool:
    """Whether `term` is built from numbers and arithmetic only."""
    stack = [term]
    while stack:
        node = stack.pop()
        if isinstance(node, Arith):
            stack.extend((node.left, node.right))
        elif not isinstance(node, Num):
            return False
    return True


def _checked(value: Fraction) -> Fraction:
    limit = 10**MAX_DIGITS
    if abs(value.numerator) >= limit or value.denominator >= limit:
        raise MathSizeError(f"a value with more than {MAX_DIGITS} digits")
    return value


def as_integer(value: Fraction, what: str) -> int:
    if value.denominator != 1:
        raise MathSizeError(f"{what} of a non-integer ({value})")
    return value.numerator


def factorial(value: Fraction) -> Fraction:
    n = as_integer(value, "factorial")
    if n < 0 or n > MAX_FACTORIAL:
        raise MathSizeError(f"factorial of {n} (read for 0 to {MAX_FACTORIAL})")
    return _checked(Fraction(math.factorial(n)))


def binomial(top: Fraction, bottom: Fraction) -> Fraction:
    n, k = as_integer(top, "binomial coefficient"), as_integer(bottom, "binomial coefficient")
    if n < 0 or k < 0 or n > MAX_BINOM:
        raise MathSizeError(f"binomial coefficient ({n} choose {k}) (read for 0 to {MAX_BINOM})")
    return _checked(Fraction(math.comb(n, k)))


def gcd(a: Fraction, b: Fraction) -> Fraction:
    return Fraction(math.gcd(as_integer(a, "gcd"), as_integer(b, "gcd")))


def lcm(a: Fraction, b: Fraction) -> Fraction:
    return _checked(Fraction(math.lcm(as_integer(a, "lcm"), as_integer(b, "lcm"))))


def floor(value: Fraction) -> Fraction:
    return Fraction(math.floor(value))


def ceil(value: Fraction) -> Fraction:
    return Fraction(math.ceil(value))


def power(base: Fraction, exponent: int) -> Fraction:
    """`base ** exponent` for an integer exponent within MAX_EXPONENT."""
    if abs(exponent) > MAX_EXPONENT:
        raise MathSizeError(f"exponent {exponent} (read up to {MAX_EXPONENT})")
    if base == 0 and exponent < 0:
        raise MathSizeError("zero to a negative power")
    return _checked(base**exponent)


def exact_root(value: Fraction, n: int) -> Fraction | None:
    """The exact non-negative n-th root of a non-negative rational, or None when irrational."""
    if value < 0 or n < 1:
        return None
    num, den = _int_root(value.numerator, n), _int_root(value.denominator, n)
    if num is None or den is None:
        return None
    return Fraction(num, den)


def _int_root(k: int, n: int) -> int | None:
    if k.bit_length() > MAX_DIGITS * 4:
        raise MathSizeError("root of a value too large")
    guess = round(k ** (1 / n)) if k < 2**1000 else math.isqrt(k) if n == 2 else 0
    for candidate in (guess - 1, guess, guess + 1):
        if candidate >= 0 and candidate**n == k:
            return candidate
    if n == 2:
        r = math.isqrt(k)
        return r if r * r == k else None
    return None


def logarithm(base: Fraction, value: Fraction) -> Fraction | None:
    """The exact logarithm of `value` to `base` when it is rational with a small denominator
    (log_2 8 = 3, log_4 2 = 1/2, log_10 0.01 = -2); None when it is irrational or out of range."""
    if base <= 0 or base == 1 or value <= 0:
        raise MathSizeError("a logarithm outside its domain")
    for q in range(1, 5):
        for p in range(-MAX_EXPONENT, MAX_EXPONENT + 1):
            if value**q == base**p:
                return Fraction(p, q)
    return None
