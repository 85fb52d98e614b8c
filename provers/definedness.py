"""Division is partial: the formulas that say "definitely true" and "definitely false".

`x / y` has a value only where `y ≠ 0`. SMT solvers (Z3, cvc5, SMT-LIB) instead give `x / 0`
some unspecified number, and a proof may then rest on that number: `∃x (x · (1/x) ≠ 1)` is
"valid" because x = 0 makes the product 0 whatever 1/0 is. So formulas that divide are read
in strong Kleene three-valued logic: an atom (predicate, equality, comparison) whose terms
divide by zero is *undefined*; connectives and quantifiers are true or false whenever their
defined parts settle them (`x = 0 ∨ 1/x > 0` is true for every x) and undefined otherwise.

`definitely(formula)` returns two ordinary formulas, `T` (the formula is defined and true)
and `F` (defined and false), which solvers handle classically: inside them every division
that matters is guarded by its divisor being non-zero, so the solver's value for `x / 0`
never decides anything. The provers use them as follows (`veridot.provers.z3_session`,
`veridot.provers.cvc5_session`):

- a premise is asserted to be true, so it contributes `T`: `1/a = 2` also says `a ≠ 0`;
- the claim is `entailed` when `T` holds in every world of the premises, `contradicted` when
  `F` does, `unsupported` only when a world makes it false (`F`, the countermodel) and
  another makes it true (`T`, the witness); otherwise its truth depends on an undefined
  quotient and the verdict is `unknown` with reason `division_by_zero`;
- premises that cannot all be true only because one of them divides by zero (`y = 0`,
  `z = 1/y`) are `unknown` (`division_by_zero`), not `inconsistent`.

`↔` and `⊕` are read weakly (defined only when both sides are) so that `T` and `F` stay linear
in the size of the formula. Solver-independent: the transformation works on the AST.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import assert_never

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Eq,
    Exists,
    Forall,
    Formula,
    Iff,
    Implies,
    Node,
    Not,
    Num,
    Or,
    Pred,
    Xor,
    children,
    conj,
    disj,
    walk,
)

DIVISION_REASON = "division_by_zero"
_ZERO = Num(Fraction(0))


@dataclass(frozen=True, slots=True)
class Readings:
    """`true`: the formula is defined and true; `false`: defined and false."""

    true: Formula
    false: Formula


def partial_division(node: Node) -> bool:
    """Whether `node` is a division that may be undefined (its divisor is not a non-zero
    numeral: `x / 4` and `1 / 4` are always defined)."""
    return (
        isinstance(node, Arith)
        and node.op == "/"
        and not (isinstance(node.right, Num) and node.right.value != 0)
    )


def has_division(node: Node) -> bool:
    """Whether `node` contains a division that may be undefined (iterative)."""
    return any(partial_division(sub) for sub in walk(node))


def _guards(atom: Formula) -> list[Formula]:
    """`d ≠ 0` for every divisor `d` in the atom's terms, nested divisors included."""
    found: list[Formula] = []
    for sub in walk(atom):
        if isinstance(sub, Arith) and partial_division(sub):
            guard = Not(Eq(sub.right, _ZERO))
            if guard not in found:
                found.append(guard)
    return found


def definitely(formula: Formula) -> Readings:
    """The strong Kleene readings of `formula` (see the module docstring); iterative."""
    done: dict[int, Readings] = {}
    stack: list[tuple[Formula, bool]] = [(formula, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if not expanded and not isinstance(node, Pred | Eq | Compare | Bool):
            stack.append((node, True))
            stack.extend((part, False) for part in _subformulas(node))
            continue
        done[id(node)] = _combine(node, done)
    return done[id(formula)]


def _subformulas(node: Formula) -> list[Formula]:
    return [part for part in children(node) if isinstance(part, Formula)]


def _weak(node: Iff | Xor) -> Readings:
    """`↔`/`⊕` defined only where every division in both sides is (weak Kleene)."""
    if not has_division(node):
        return Readings(node, Not(node))
    defined = _defined_everywhere(node)
    return Readings(conj(defined, node), conj(defined, Not(node)))


def _defined_everywhere(formula: Formula) -> Formula:
    """Every division in `formula`, at every value of its bound variables, is defined."""
    if not has_division(formula):
        return Bool(True)
    match formula:
        case Pred() | Eq() | Compare():
            return conj(*_guards(formula))
        case Bool():
            return Bool(True)
        case Not(body=body):
            return _defined_everywhere(body)
        case And(args=args) | Or(args=args):
            return conj(*(_defined_everywhere(arg) for arg in args))
        case Implies(left=left, right=right) | Iff(left=left, right=right):
            return conj(_defined_everywhere(left), _defined_everywhere(right))
        case Xor(left=left, right=right):
            return conj(_defined_everywhere(left), _defined_everywhere(right))
        case Forall(var=var, body=body) | Exists(var=var, body=body):
            return Forall(var, _defined_everywhere(body))
        case _:
            assert_never(formula)


def _combine(node: Formula, done: dict[int, Readings]) -> Readings:
    match node:
        case Pred() | Eq() | Compare():
            guards = _guards(node)
            if not guards:
                return Readings(node, Not(node))
            return Readings(conj(*guards, node), conj(*guards, Not(node)))
        case Bool(value=value):
            return Readings(node, Bool(not value))
        case Not(body=body):
            inner = done[id(body)]
            return Readings(inner.false, inner.true)
        case And(args=args):
            parts = [done[id(arg)] for arg in args]
            return Readings(conj(*(p.true for p in parts)), disj(*(p.false for p in parts)))
        case Or(args=args):
            parts = [done[id(arg)] for arg in args]
            return Readings(disj(*(p.true for p in parts)), conj(*(p.false for p in parts)))
        case Implies(left=left, right=right):
            a, b = done[id(left)], done[id(right)]
            return Readings(disj(a.false, b.true), conj(a.true, b.false))
        case Iff() | Xor():
            return _weak(node)
        case Forall(var=var, body=body):
            inner = done[id(body)]
            return Readings(Forall(var, inner.true), Exists(var, inner.false))
        case Exists(var=var, body=body):
            inner = done[id(body)]
            return Readings(Exists(var, inner.true), Forall(var, inner.false))
        case _:
            assert_never(node)
