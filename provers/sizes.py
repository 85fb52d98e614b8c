"""How big a problem's arithmetic is, and the `too_complex` rule built on `veridot.parser.limits`.

`measure(formula)` gives a `Size`: the digits of the longest numeral and the most non-numeric
factors multiplied in one term (its degree: `x * x * 3` has 2). `too_complex(size)` is the
reason a check is `unknown` without calling any solver (a numeral over `MAX_NUMBER_DIGITS`,
or a product that could exceed `MAX_PRODUCT_DIGITS`), else "". Solver-independent: Z3 and
cvc5 sessions apply it alike; `veridot.provers.z3_guard` also uses `Size.nonlinear` to pick the
checks that run in a killable child.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from veridot.parser.ast import Arith, Formula, Num, Term
from veridot.parser.by_identity import by_identity, nodes
from veridot.parser.errors import TooComplexError
from veridot.parser.limits import MAX_NUMBER_DIGITS, MAX_PRODUCT_DIGITS, value_digits


@dataclass(frozen=True, slots=True)
class Size:
    """What makes a formula's arithmetic costly: its longest numeral and largest product."""

    digits: int = 0  # decimal digits of the longest numeral (0: no numeral)
    degree: int = 0  # most non-numeric factors multiplied (or divided) in one term

    @property
    def nonlinear(self) -> bool:
        return self.degree >= 2

    def join(self, other: Size) -> Size:
        return Size(max(self.digits, other.digits), max(self.degree, other.degree))


LINEAR = Size()


@by_identity
def measure(formula: Formula) -> Size:
    """The `Size` of `formula` (iterative over formulas; terms are at most MAX_DEPTH deep)."""
    digits = degree = 0
    for node in nodes(formula):
        if isinstance(node, Num):
            digits = max(digits, value_digits(node.value))
        elif isinstance(node, Arith) and node.op in ("*", "/"):
            degree = max(degree, _degree(node))
    return Size(digits, degree)


def _degree(term: Term) -> int:
    """Non-numeric factors of a product (`x * x * 3` has 2); a sum counts its larger side."""
    if isinstance(term, Num):
        return 0
    if isinstance(term, Arith):
        left, right = _degree(term.left), _degree(term.right)
        return left + right if term.op in ("*", "/") else max(left, right)
    return 1


def too_complex(size: Size) -> str:
    """The `unknown` reason when `size` is beyond `veridot.parser.limits`, else ""."""
    if size.digits > MAX_NUMBER_DIGITS:
        return f"too_complex: a number has {size.digits} digits (at most {MAX_NUMBER_DIGITS})"
    if size.nonlinear and size.degree * max(1, size.digits) > MAX_PRODUCT_DIGITS:
        return (
            f"too_complex: a product of {size.degree} factors with numbers of up to "
            f"{size.digits} digits could exceed {MAX_PRODUCT_DIGITS} digits"
        )
    return ""


def admit(formula: Formula) -> Size:
    """The `Size` of a formula a session registers; `TooComplexError` for a numeral longer
    than `MAX_NUMBER_DIGITS` (which the parser would have refused)."""
    size = measure(formula)
    if size.digits > MAX_NUMBER_DIGITS:
        raise TooComplexError(too_complex(size), label="number too long")
    return size


def check_size(claim: Formula, every: Size, sizes: Sequence[Size], ids: Iterable[int]) -> Size:
    """What decides a check's handling: the claim's size joined with premises `ids`'.

    `every` joins the sizes of all a session's formulas: when even that is linear and within
    the limits (the usual case) no premise can matter, and the answer costs O(1) instead of
    a pass over the premises on every step of a long chain.
    """
    size = measure(claim)
    bound = size.join(every)
    if not bound.nonlinear and not too_complex(bound):
        return bound
    for formula_id in ids:
        size = size.join(sizes[formula_id])
    return size
