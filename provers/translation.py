"""What every AST-to-solver translation shares, written once for z3, cvc5 and the exporters.

- `check_depth`: the nesting limit of `veridot.parser.fol.MAX_DEPTH`, checked iteratively before any
  code that recurses (sort inference, the solvers' own C++ code);
- `operands`: the operands a converter translates before a node, in order (a quantifier's
  bound variable is not one);
- `read_partial`: a formula that divides is translated twice more, as "definitely true" and
  "definitely false" (`veridot.provers.definedness`), each conjoined with the classical formula.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar, assert_never

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Node,
    Not,
    Num,
    Or,
    Pred,
    Var,
    Xor,
)
from veridot.parser.by_identity import depth_of
from veridot.parser.errors import NestingError
from veridot.provers.definedness import definitely

E = TypeVar("E")  # a solver's term type


@functools.cache  # an import statement per formula checked costs more than the check's look-up
def max_depth() -> int:
    """The nesting limit shared with the FOL parser (`veridot.parser.fol.MAX_DEPTH`)."""
    from veridot.parser.fol import MAX_DEPTH  # lazy: keeps lark out of `import veridot.provers`

    return MAX_DEPTH


# Once per formula object (`veridot eval` checks a story's premises in each of its problems),
# and shared with the printer, which measured it when the formula was printed.
_depth = depth_of


def check_depth(formula: Formula) -> None:
    """Raise `NestingError` for formulas deeper than `veridot.parser.fol.MAX_DEPTH` (iterative)."""
    limit = max_depth()
    if _depth(formula) > limit:
        raise NestingError(f"formula nested deeper than {limit} levels", label="nested too deeply")


def operands(node: Node) -> tuple[Node, ...]:
    """The operands translated before `node` (a quantifier's bound variable is not one)."""
    match node:
        case Func(args=args) | Pred(args=args) | And(args=args) | Or(args=args):
            return args
        case Arith(left=left, right=right) | Eq(left=left, right=right):
            return (left, right)
        case Compare(left=left, right=right) | Implies(left=left, right=right):
            return (left, right)
        case Iff(left=left, right=right) | Xor(left=left, right=right):
            return (left, right)
        case Not(body=body) | Forall(body=body) | Exists(body=body):
            return (body,)
        case Var() | Const() | Num() | Bool():
            return ()
        case _:
            assert_never(node)


def read_partial(
    formula: Formula,
    classical: E,
    translate: Callable[[Formula], E],
    conjoin: Callable[[E, E], E],
    negate: Callable[[E], E],
) -> tuple[E, E]:
    """The solver terms (definitely true, definitely false) of a `formula` that divides.

    `classical` is the formula as translated plainly; `translate` translates another formula.
    Each reading implies the classical formula (or its negation), strong Kleene being
    monotone, so conjoining it changes nothing; it keeps the shape solvers' macro finders and
    MBQI recognise: `∀x (x > 0 → f(x) = 1/x)` alone defines f, while its guarded reading
    alone times out in Z3 (measured: 10 ms against 2 s).
    """
    readings = definitely(formula)
    true = translate(readings.true)
    false = translate(readings.false)
    return conjoin(classical, true), conjoin(negate(classical), false)
