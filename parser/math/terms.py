"""From a parse of `grammars/math.lark` to exact AST terms.

Numbers become `Num` (exact rationals; "20%" is 1/5, or 20 when `percent` is 1, the writer's
"x 100 = 50%" habit), letters become numeric constants (`x`, `a_1`), and `+ - * /` become
`Arith`. What the AST has no symbol for is evaluated when ground (`n!`, `\\binom`, `\\gcd`,
`\\lcm`, floor, ceiling, absolute value, integer powers, perfect roots: see `evaluate.py`); a
small integer power of a symbol is written out as a product (`x^{3}` is `x * x * x`). An
irrational root of a ground non-negative number is a fresh constant `sqrt_2` with the side condition
`sqrt_2 * sqrt_2 = 2 ∧ sqrt_2 ≥ 0` (its definition). Anything else (a root or factorial of a
symbol, a symbolic exponent, `1/2x`, a mixed number `2\\frac{1}{2}`, an application of a
letter that is neither a known function nor f, g, h) raises `MathReadError` with the reason:
the text is untranslated, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from fractions import Fraction

from lark import Token, Transformer

from veridot.parser.ast import Arith, Compare, Const, Eq, Formula, Func, Not, Num, Term, conj
from veridot.parser.math import evaluate as ev

# A symbol to a power up to this is written out as a product; past it, untranslated.
MAX_EXPANDED_POWER = 12
# Letters that name functions by convention in school mathematics ("f(2)", "g(x)").
FUNCTION_LETTERS = frozenset({"f", "g", "h"})


# Letters that usually name a constant outside the rationals: never read as an unknown.
RESERVED_LETTERS = {"i": "the imaginary unit", "e": "Euler's number"}


class MathReadError(ValueError):
    """A notation the reader does not translate exactly; the message says what."""


def symbol_name(text: str) -> str:
    """The constant name for a written symbol: "a_1" stays, "x'" becomes "x_p", "∠ABC"
    becomes "angle_ABC"."""
    if text.startswith("∠"):
        return "angle_" + text[1:]
    base = text.rstrip("'")
    primes = len(text) - len(base)
    return base + ("_" + "p" * primes if primes else "")


def _num(value: Fraction) -> Num:
    return Num(value)


def _ground(term: Term) -> Fraction | None:
    if not ev.is_ground(term):
        return None
    try:
        return ev.evaluate(term)
    except ZeroDivisionError as err:
        raise MathReadError("division by zero") from err


def _need_ground(term: Term, what: str) -> Fraction:
    value = _ground(term)
    if value is None:
        raise MathReadError(f"{what} of an expression with unknowns is not read")
    return value


def _product(base: Term, n: int) -> Term:
    result = base
    for _ in range(n - 1):
        result = Arith("*", result, base)
    return result


def _name_of(value: Fraction) -> str:
    text = str(abs(value.numerator)) + (f"_{value.denominator}" if value.denominator != 1 else "")
    return text


class TermBuilder(Transformer[Token, Term]):
    """Builds terms; collects side conditions of fresh root constants in `definitions`.

    `plain` holds the symbols written as plain letters in the same text (so "x(x + 1)" with
    x used elsewhere is a product), `functions` the function names the problem already uses.
    One builder serves one text: it is cheap and never shared.
    """

    def __init__(
        self,
        *,
        percent: Fraction = Fraction(1, 100),
        plain: Collection[str] = (),
        functions: Collection[str] = (),
    ) -> None:
        super().__init__()
        self.percent = percent
        self.plain = plain
        self.functions = functions
        self.definitions: list[Formula] = []
        self._fractions: set[int] = set()
        self._logs: set[int] = set()
        self._keep: list[Term] = []

    # --- atoms ---------------------------------------------------------------------------
    def num(self, children: list[Token]) -> Term:
        text = str(children[0])
        value = Fraction(text.rstrip("%"))
        return _num(value * self.percent if text.endswith("%") else value)

    def sym(self, children: list[Token]) -> Term:
        name = symbol_name(str(children[0]))
        if name in RESERVED_LETTERS:
            raise MathReadError(f"'{name}' may be {RESERVED_LETTERS[name]}")
        return Const(name)

    def call(self, children: list[Token | Term]) -> Term:
        head = str(children[0])[:-1]
        args = [c for c in children[1:] if not isinstance(c, Token)]
        name = symbol_name(head)
        if name in self.functions or name in FUNCTION_LETTERS:
            return Func(name, tuple(args))
        if name in self.plain and len(args) == 1:
            return Arith("*", Const(name), args[0])
        raise MathReadError(f"'{head}(...)' may be a function or a product")

    # --- arithmetic ----------------------------------------------------------------------
    def add(self, c: list[Term]) -> Term:
        return Arith("+", c[0], c[1])

    def sub(self, c: list[Term]) -> Term:
        return Arith("-", c[0], c[1])

    def mul(self, c: list[Term]) -> Term:
        return Arith("*", c[0], c[1])

    def div(self, c: list[Term]) -> Term:
        return Arith("/", c[0], c[1])

    def implicit_mul(self, c: list[Term]) -> Term:
        left, right = c
        if isinstance(left, Arith) and left.op == "/" and id(left) not in self._fractions:
            raise MathReadError("'a/b c' may mean (a/b)c or a/(bc)")
        if isinstance(left, Num) and isinstance(right, Arith) and right.op == "/":
            raise MathReadError("a number before a fraction may be a mixed number")
        return Arith("*", left, right)

    def implicit_power(self, c: list[Term]) -> Term:
        return self.pow(c)

    def neg(self, c: list[Term]) -> Term:
        inner = c[0]
        if isinstance(inner, Num):  # "-4" is a signed number, not a computation
            return Num(-inner.value)
        return Arith("-", Num(Fraction(0)), inner)

    def pow(self, c: list[Term]) -> Term:
        base, exponent = c
        if id(base) in self._logs:
            raise MathReadError("a power after a logarithm's argument is ambiguous")
        e = _need_ground(exponent, "a power")
        b = _ground(base)
        if e.denominator != 1:
            if b is None:
                raise MathReadError("a fractional power of an expression with unknowns")
            return self._root(base, b, e.denominator, int(e.numerator))
        n = int(e)
        if b is not None:
            try:
                return _num(ev.power(b, n))
            except ev.MathSizeError as err:
                raise MathReadError(str(err)) from err
        if n < 1 or n > MAX_EXPANDED_POWER:
            raise MathReadError(f"power {n} of an expression with unknowns")
        return _product(base, n)

    # --- functions evaluated on ground arguments -----------------------------------------
    def _apply(self, fn: Callable[..., Fraction], what: str, *args: Term) -> Term:
        values = [_need_ground(a, what) for a in args]
        try:
            return _num(fn(*values))
        except ev.MathSizeError as err:
            raise MathReadError(str(err)) from err

    def factorial(self, c: list[Term]) -> Term:
        return self._apply(ev.factorial, "a factorial", c[0])

    def binom(self, c: list[Term]) -> Term:
        return self._apply(ev.binomial, "a binomial coefficient", c[0], c[1])

    def gcd(self, c: list[Term]) -> Term:
        return self._apply(ev.gcd, "a gcd", c[0], c[1])

    def lcm(self, c: list[Term]) -> Term:
        return self._apply(ev.lcm, "an lcm", c[0], c[1])

    def floor(self, c: list[Term]) -> Term:
        return self._apply(ev.floor, "a floor", c[0])

    def ceil(self, c: list[Term]) -> Term:
        return self._apply(ev.ceil, "a ceiling", c[0])

    def abs(self, c: list[Term]) -> Term:
        return self._apply(abs, "an absolute value", c[0])

    def log(self, c: list[Term]) -> Term:
        base, value = (_need_ground(t, "a logarithm") for t in c)
        try:
            exact = ev.logarithm(base, value)
        except ev.MathSizeError as err:
            raise MathReadError(str(err)) from err
        if exact is None:
            raise MathReadError("an irrational logarithm")
        term = _num(exact)
        self._logs.add(id(term))  # "\\log_2 8^2": a power of the log or of 8? not read
        self._keep.append(term)
        return term

    def bracket(self, c: list[Term]) -> Term:
        # "[x]" is a grouping or the integer part (olympiad texts write [22.8] = 22): read only
        # when both readings agree, on a ground integer
        value = _ground(c[0])
        if value is None or value.denominator != 1:
            raise MathReadError("square brackets may be the integer part")
        return c[0]

    def frac(self, c: list[Term]) -> Term:
        term = Arith("/", c[0], c[1])
        self._fractions.add(id(term))  # "\\frac{5}{2}c" groups: (5/2)c, unlike "5/2c"
        self._keep.append(term)  # ids stay unique while the builder lives
        return term

    def sqrt(self, c: list[Term]) -> Term:
        return self._root(c[0], _need_ground(c[0], "a square root"), 2, 1)

    def root(self, c: list[Term]) -> Term:
        n = _need_ground(c[0], "a root index")
        if n.denominator != 1 or not 2 <= n <= MAX_EXPANDED_POWER:
            raise MathReadError(f"a root of index {n}")
        return self._root(c[1], _need_ground(c[1], "a root"), int(n), 1)

    def _root(self, radicand: Term, value: Fraction, n: int, power: int) -> Term:
        """The n-th root of `value` to the `power`: exact when rational, else a fresh
        constant whose definition pins it down (`s^n = value ∧ s ≥ 0`)."""
        del radicand
        if n > MAX_EXPANDED_POWER:
            raise MathReadError(f"a root of index {n}")
        if value < 0:
            raise MathReadError("a root of a negative number")
        try:
            exact = ev.exact_root(value, n)
            if exact is not None:
                return _num(ev.power(exact, power))
        except ev.MathSizeError as err:
            raise MathReadError(str(err)) from err
        if power != 1:
            raise MathReadError("a fractional power that is not a root")
        prefix = "sqrt" if n == 2 else f"root{n}"
        fresh = Const(f"{prefix}_{_name_of(value)}")
        side = conj(Eq(_product(fresh, n), Num(value)), Compare(">=", fresh, Num(Fraction(0))))
        if side not in self.definitions:
            self.definitions.append(side)
        return fresh


def relation(op: str, left: Term, right: Term) -> Formula:
    """The formula for `left op right` (`≈` is handled by the caller)."""
    match op:
        case "=":
            return Eq(left, right)
        case "<" | ">":
            return Compare(op, left, right)
        case "≤":
            return Compare("<=", left, right)
        case "≥":
            return Compare(">=", left, right)
        case "≠":
            return Not(Eq(left, right))
    raise MathReadError(f"relation {op!r} is not read")


__all__ = ["MathReadError", "TermBuilder", "relation", "symbol_name"]
