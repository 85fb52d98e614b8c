"""How a written result is compared with the exact value: exactly, or rounded to its places.

Rounding is the one reading that is not an exact equation. A decimal result (`450/7 = 64.29`,
also "86.26%") or a whole-number result of a division that is not whole ("20/6 = 4 helpers")
is read as rounded, truncated or rounded up to its last place, and the claim made is the
interval `a > r - u ∧ a < r + u` with u one unit of that place (`450/7 > 64.28 ∧ 450/7 <
64.30`), so 64.29 and 64.28 hold and 64.27 does not. It is shown as that interval, never as an
equation, so a report cannot present a rounded result as exact; and it applies only when the
exact value needs more places than the result has: when it does not, no rounding happened and
the claim is the exact equation (`2.5 + 1.3 = 3.9` is false, `48/2 = 25` is false). `≈` is
judged at the precision displayed (`\\sqrt{2} ≈ 1.41`), also when the left side is not ground,
but loosely: within one unit of the last place or 1% of the value, whichever is larger (an
approximation carried through several steps drifts past its last digit). A result computed
from a decimal operand that may itself be rounded (4 significant digits or more: `(2.8284)^2
= 8`) is judged at that operand's relative precision.
"""

from __future__ import annotations

from fractions import Fraction

from veridot.parser.ast import And, Arith, Compare, Eq, Formula, Not, Num, Term, walk
from veridot.parser.math.evaluate import evaluate, is_ground

# A right side with more significant digits than this is a float print-out, not a claim
# about the last digits ("1/0.259921049894873 = 3.848386471827448").
MAX_SIGNIFICANT = 12


def decimals(literal: str | None, percent: Fraction) -> int | None:
    """Decimal places, in value terms, of a result written as one decimal number: "33.33" ->
    2, "86.26%" -> 4 when "%" means 1/100; None for an integer or an expression."""
    if literal is None or "." not in literal:
        return None
    places = len(literal.rstrip("%").split(".")[1])
    return places + 2 if literal.endswith("%") and percent != 1 else places


def integer_of_quotient(left: Term, lv: Fraction, literal: str | None) -> bool:
    """ "20/6 = 4 helpers": a whole-number result of a division that is not whole is rounded,
    truncated or rounded up (a count of helpers, buses, boxes)."""
    single = literal is not None and literal.isdigit()
    divides = any(isinstance(n, Arith) and n.op == "/" for n in walk(left))
    return single and divides and lv.denominator != 1


def significant(literals: list[str]) -> int:
    """Significant digits of the longest number literal on a side."""
    return max(
        (len(t.rstrip("%").replace(".", "").lstrip("0")) for t in literals),
        default=0,
    )


def _leftmost(term: Term) -> Term:
    while isinstance(term, Arith):
        term = term.left
    return term


def within(left: Term, value: Fraction, places: int) -> Formula:
    """`left` lies strictly within one unit of the last of `places` around `value`."""
    return near(left, value, Fraction(1, 10**places))


def near(left: Term, value: Fraction, eps: Fraction) -> Formula:
    """`left` lies strictly within `eps` of `value`."""
    return And((Compare(">", left, Num(value - eps)), Compare("<", left, Num(value + eps))))


# A decimal operand with this many significant digits or more may itself be rounded (2.8284
# for the square root of 8, 3.1416): a result computed from it is judged at its precision.
MIN_ROUNDED_DIGITS = 4
# "≈" allows one unit of the last place shown, or this share of the value if larger: an
# approximation carried through several steps drifts by more than its last digit.
APPROX_SHARE = Fraction(1, 100)


def _rounded_operand_share(left: Term) -> Fraction | None:
    """The relative precision of the least precise decimal operand of `left` that may have
    been rounded (None when every operand is exact as written)."""
    share: Fraction | None = None
    for node in walk(left):
        if not isinstance(node, Num) or node.value.denominator == 1:
            continue
        places = 0
        value = node.value
        while value.denominator != 1 and places < 30:
            value *= 10
            places += 1
        if value.denominator != 1 or places < 2:
            continue  # 1/3 is exact as written; "2.5" is too short to be a rounding
        digits = len(str(abs(value.numerator)).lstrip("0"))
        if digits >= MIN_ROUNDED_DIGITS:
            this = Fraction(1, 10 ** (digits - 1))
            share = this if share is None else max(share, this)
    return share


def pair_claim(
    left: Term, right: Term, literal: str | None, percent: Fraction
) -> tuple[Formula, bool]:
    """The claim `left = right` between ground terms as the writer means it, and whether it
    holds. `literal` is the right side's text when it is one number literal."""
    lv, rv = evaluate(left), evaluate(right)
    places = decimals(literal, percent)
    if places is None and integer_of_quotient(left, lv, literal):
        places = 0
    # A decimal result is read as rounded or truncated to its places: the claim is that the
    # exact value lies strictly within one unit of the last place (450/7 = 64.29 and 64.28
    # hold, 64.27 does not). When the exact value has no more places than the result, no
    # rounding happened and the claim is the exact equation (2.5 + 1.3 = 3.9 is false).
    exact = places is not None and (lv * 10**places).denominator == 1
    if places is not None and not exact and lv != rv and isinstance(right, Num):
        claim = within(left, rv, places)
        return claim, abs(lv - rv) < Fraction(1, 10**places)
    if lv != rv and isinstance(right, Arith):
        first = _leftmost(right)
        if isinstance(first, Num) and first.value == lv:  # running total: "12 + 5 = 17"
            return Eq(left, first), True
    share = _rounded_operand_share(left)
    if lv != rv and share is not None and isinstance(right, Num):
        # "(2.8284)^2 = 8": computed from a rounded operand, judged at its precision
        eps = max(abs(rv) * share, Fraction(1, 10 ** (places or 0)))
        return near(left, rv, eps), abs(lv - rv) < eps
    return Eq(left, right), lv == rv


def approx_claim(left: Term, right: Term, literal: str | None, percent: Fraction) -> Formula | None:
    """`left ≈ right`, judged at the precision `right` displays; None when `right` is not one
    number literal (then no precision is stated and nothing is claimed)."""
    if literal is None or not isinstance(right, Num):
        return None
    if significant([literal]) > MAX_SIGNIFICANT:
        return None  # a float print-out
    places = decimals(literal, percent) or 0
    if is_ground(left) and evaluate(left) == right.value:
        return Eq(left, right)
    eps = max(Fraction(1, 10**places), abs(right.value) * APPROX_SHARE)
    return near(left, right.value, eps)


def true_of_numbers(formula: Formula) -> bool:
    """Whether a ground equation, comparison or conjunction of them holds (exactly)."""
    match formula:
        case Eq(left=left, right=right):
            return evaluate(left) == evaluate(right)
        case And(args=args):
            return all(true_of_numbers(a) for a in args)
        case Not(body=body):
            return not true_of_numbers(body)
        case Compare(op=op, left=left, right=right):
            a, b = evaluate(left), evaluate(right)
            return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    raise ValueError(f"not a ground relation: {formula!r}")
