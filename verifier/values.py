"""Arithmetic evidence checked by exact evaluation: values, assignments and witnesses.

A message about a math step names numbers: "x is 4" (the value earlier steps force on the
contradicted claim's term) or "x = 3 satisfies s0 and s1 but not this step" (a witness that
the step does not follow). Such evidence must hold exactly as printed, so this module
evaluates formulas over exact rationals (`fractions.Fraction`) under an assignment of the
numeric constants, and a witness is offered only when every formula it speaks of evaluates
as claimed. Anything it cannot evaluate (predicates, functions, quantifiers, an irrational
model value such as `1.4142?`) gives None, and the caller falls back to plainer words.
`forced_value` asks the prover (through a check function the checker passes) for a model
and for the proof that the value it reads is the only one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from veridot.parser.ast import (
    And,
    Bool,
    Compare,
    Const,
    Eq,
    Formula,
    Iff,
    Implies,
    Not,
    Num,
    Or,
    Term,
    Xor,
    walk,
)
from veridot.parser.math.evaluate import is_ground, term_value
from veridot.provers.base import ProofResult, Verdict

_RATIONAL = re.compile(r"^-?\d+(?:/\d+)?$")
MAX_SHOWN = 6  # constants listed in a witness assignment


def parse_value(text: str) -> Fraction | None:
    """A model value printed by a prover (`"24"`, `"-5/2"`) as a Fraction; None when it is
    not an exact rational (`"1.4142135623?"`, an object element)."""
    return Fraction(text) if _RATIONAL.match(text.strip()) else None


def number_text(value: Fraction) -> str:
    """`4`, `-2.5`, `1/3`: a terminating decimal when it has at most 6 places, else a
    fraction; either way it reads back to exactly `value`."""
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value * 10**6
    if scaled.denominator == 1:
        whole = f"{abs(value.numerator) // value.denominator}"
        frac = f"{abs(scaled.numerator) % 10**6:06d}".rstrip("0")
        return f"{'-' if value < 0 else ''}{whole}.{frac}"
    return f"{value.numerator}/{value.denominator}"


def constants_of(formula: Formula | Term) -> set[str]:
    """Names of the constants a formula or term mentions."""
    return {n.name for n in walk(formula) if isinstance(n, Const)}


_ORDER = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def holds(formula: Formula, env: Mapping[str, Fraction]) -> bool | None:
    """Whether `formula` is true under `env`, evaluated exactly; None when it cannot be
    evaluated (a predicate, a quantifier, a function, a missing value)."""
    match formula:
        case Bool(value=value):
            return value
        case Eq(left=left, right=right) | Compare(left=left, right=right):
            a, b = term_value(left, env), term_value(right, env)
            if a is None or b is None:
                return None
            return a == b if isinstance(formula, Eq) else bool(_ORDER[formula.op](a, b))
        case Not(body=body):
            negated = holds(body, env)
            return None if negated is None else not negated
        case And(args=args) | Or(args=args):
            parts = [holds(a, env) for a in args]
            if any(p is None for p in parts):
                return None
            return all(parts) if isinstance(formula, And) else any(parts)
        case (
            Implies(left=left, right=right)
            | Iff(left=left, right=right)
            | Xor(left=left, right=right)
        ):
            p, q = holds(left, env), holds(right, env)
            if p is None or q is None:
                return None
            if isinstance(formula, Implies):
                return (not p) or q
            return (p == q) if isinstance(formula, Iff) else (p != q)
    return None


def assignment_text(env: Mapping[str, Fraction]) -> str:
    """`x = 3`, `x = 3, y = 1/2 and z = 0` (alphabetical, at most MAX_SHOWN)."""
    items = [f"{name} = {number_text(value)}" for name, value in sorted(env.items())]
    shown = items[:MAX_SHOWN]
    if len(items) > len(shown):
        shown.append(f"{len(items) - len(shown)} more values")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def claim_term(claim: Formula) -> Term | None:
    """The side of an equation or comparison whose value is worth stating: the side with
    symbols (`x` in `x = 5`), the left one when both have symbols; None otherwise."""
    if not isinstance(claim, Eq | Compare):
        return None
    left, right = claim.left, claim.right
    if not is_ground(left):
        return left
    if not is_ground(right):
        return right
    return None


@dataclass(frozen=True, slots=True)
class Witness:
    """An assignment that satisfies `satisfied` (node ids) and falsifies the claim, checked
    by exact evaluation; `text` prints it (`x = 3`), `unfixed` names claim symbols that no
    earlier formula mentions."""

    text: str
    satisfied: tuple[str, ...]
    unfixed: tuple[str, ...]


def witness(
    numbers: Mapping[str, str],
    premises: Sequence[tuple[str, Formula]],
    claim: Formula,
) -> Witness | None:
    """A witness that `claim` does not follow from `premises` ((node id, formula) pairs),
    built from a countermodel's `numbers`; None unless it evaluates exactly as printed.

    Only the premises that share a symbol with the claim (directly or through one another)
    are shown and evaluated; the others do not constrain the claim's symbols.
    """
    symbols = constants_of(claim)
    if not symbols:
        return None
    relevant: list[tuple[str, Formula]] = []
    pending = list(premises)
    grew = True
    while grew:  # the premises connected to the claim through shared symbols
        grew = False
        for item in list(pending):
            names = constants_of(item[1])
            if names & symbols:
                relevant.append(item)
                pending.remove(item)
                symbols |= names
                grew = True
    env: dict[str, Fraction] = {}
    for name in symbols:
        value = parse_value(numbers.get(name, ""))
        if value is None:
            return None
        env[name] = value
    if holds(claim, env) is not False:
        return None
    if any(holds(formula, env) is not True for _, formula in relevant):
        return None
    fixed: set[str] = set()
    for _, formula in relevant:
        fixed |= constants_of(formula)
    return Witness(
        text=assignment_text(env),
        satisfied=tuple(dict.fromkeys(nid for nid, _ in relevant)),
        unfixed=tuple(sorted(constants_of(claim) - fixed)),
    )


def values_from(numbers: Mapping[str, str], names: Iterable[str]) -> dict[str, Fraction] | None:
    """The exact values of `names` in a model's `numbers` (None if any is missing or not
    rational)."""
    env: dict[str, Fraction] = {}
    for name in names:
        value = parse_value(numbers.get(name, ""))
        if value is None:
            return None
        env[name] = value
    return env


# A constant no reader can produce (formula names never contain "·"): asking whether it is 0
# leaves the claim open, so the prover answers with a model of the premises alone.
_PROBE = Eq(Const("value·probe"), Num(Fraction(0)))


def forced_value(
    check: Callable[[Sequence[int], Formula], ProofResult],
    premise_ids: Sequence[int],
    claim: Formula,
) -> str:
    """ "x is 4" when the premises `premise_ids` force one value on the claim's term (see
    `claim_term`), proved by `check(premise_ids, term = value)`; empty otherwise.

    The candidate value comes from a model of the premises (a check of a claim about a
    fresh constant, which is always open); it is stated only when the premises entail it.
    """
    term = claim_term(claim)
    if term is None or not premise_ids:
        return ""
    probe = check(premise_ids, _PROBE)
    model = probe.countermodel or probe.witness
    if probe.verdict is not Verdict.UNSUPPORTED or model is None:
        return ""
    env = values_from(model.numbers, constants_of(term))
    value = term_value(term, env) if env is not None else None
    if value is None:
        return ""
    if check(premise_ids, Eq(term, Num(value))).verdict is not Verdict.ENTAILED:
        return ""  # the premises allow other values: no single value to state
    from veridot.parser.printer import to_unicode

    return f"{to_unicode(term)} is {number_text(value)}"


def ground_comparison(claim: Formula) -> str:
    """For a false ground comparison or range (`199/156 > 1.278 ∧ 199/156 < 1.28`, how a
    rounded result is read): "199 / 156 is 1.2756…", the exact value of the compared term,
    with the shown digits cut, never rounded, so it reads as exactly what it is."""
    parts = claim.args if isinstance(claim, And) else (claim,)
    terms = {p.left for p in parts if isinstance(p, Compare)}
    if len(terms) != 1 or len(parts) != sum(isinstance(p, Compare) for p in parts):
        return ""
    term = next(iter(terms))
    value = term_value(term, {}) if is_ground(term) else None
    if value is None or holds(claim, {}) is not False:
        return ""
    from veridot.parser.printer import to_unicode

    return f"{to_unicode(term)} is {_cut(value)}"


def _cut(value: Fraction, places: int = 6) -> str:
    """`value` in decimals, exact when it has at most `places`, else cut with `…`."""
    exact = number_text(value)
    if "/" not in exact:
        return exact
    sign = "-" if value < 0 else ""
    scaled = abs(value) * 10**places
    whole, frac = divmod(int(scaled), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}…"
