"""Other pipelines' reading conventions, as options of `veridot eval` (classical by default).

Benchmarks are labelled by pipelines that read logic their own way; to compare with them on
their terms, `veridot eval` can adopt two of their conventions. Neither is a fit to a
dataset: each is the documented rule of the tool that labelled or translated it.

- `semantics="proofwriter"`: "not" as ProofWriter's generator reads it. Its labels come from
  a forward-chaining reasoner in which "Bob is not red" is a fact of its own: no
  contraposition, no reasoning by cases. Every negated atom `¬Red(t)` becomes the atom
  `NotRed(t)` (`veridot.parser.english.negation`); the answer is True when the goal is entailed,
  False when its complement is, Uncertain when neither is (and the prover decided both).
- `free_variables="universal"`: a free lower-case variable as NLTK reads it (the front end of
  Logic-LM and LINC). NLTK makes a name that is one lower-case letter followed only by
  digits (`x`, `y2`, `e`) a variable (`is_indvar`, `is_eventvar` in `nltk.sem.logic`), and
  Prover9 closes a formula's free variables universally. veridot's default reads every
  unbound name as a constant, as first-order logic specifies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

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
    Not,
    Num,
    Or,
    Pred,
    Term,
    Var,
    Xor,
    walk,
)
from veridot.provers.base import ProofResult, Verdict

Semantics = Literal["classical", "proofwriter"]
FreeVariables = Literal["constants", "universal"]
SEMANTICS: tuple[Semantics, ...] = ("classical", "proofwriter")
FREE_VARIABLES: tuple[FreeVariables, ...] = ("constants", "universal")

# nltk.sem.logic: is_indvar `^[a-df-z]\d*$` and is_eventvar `^e\d*$`, both variables.
_NLTK_VARIABLE = re.compile(r"[a-z]\d*")


@dataclass(frozen=True, slots=True)
class Reading:
    """How `veridot eval` reads a problem: "not" and free lower-case variables."""

    semantics: Semantics = "classical"
    free_variables: FreeVariables = "constants"

    def __post_init__(self) -> None:
        if self.semantics not in SEMANTICS:
            raise ValueError(
                f"unknown semantics {self.semantics!r}; choose one of {', '.join(SEMANTICS)}"
            )
        if self.free_variables not in FREE_VARIABLES:
            raise ValueError(
                f"unknown free-variable reading {self.free_variables!r}; "
                f"choose one of {', '.join(FREE_VARIABLES)}"
            )


CLASSICAL = Reading()
"""veridot's own reading: classical negation, unbound names are constants (the default)."""


def free_variables(formula: Formula) -> list[str]:
    """The unbound names of `formula` that NLTK reads as variables, in order of appearance."""
    names: dict[str, None] = {}
    for node in walk(formula):
        if isinstance(node, Const) and _NLTK_VARIABLE.fullmatch(node.name):
            names.setdefault(node.name)
    return list(names)


def close_universally(formula: Formula) -> Formula:
    """`formula` with each free NLTK-style variable bound by ∀ around the whole formula.

    An unbound name is a `Const` in veridot's AST; one bound by an inner quantifier is
    already a `Var`, so turning the free ones into variables of an outer ∀ cannot capture.
    """
    names = free_variables(formula)
    if not names:
        return formula
    wanted = frozenset(names)
    body = _formula(formula, wanted)
    for name in reversed(names):
        body = Forall(Var(name), body)
    return body


def _term(t: Term, names: frozenset[str]) -> Term:
    match t:
        case Const(name=name) if name in names:
            return Var(name)
        case Var() | Const() | Num():
            return t
        case Func(name=name, args=args):
            return Func(name, tuple(_term(a, names) for a in args))
        case Arith(op=op, left=left, right=right):
            return Arith(op, _term(left, names), _term(right, names))
    raise TypeError(f"not a term: {t!r}")  # pragma: no cover


def _formula(f: Formula, names: frozenset[str]) -> Formula:
    # Recursive: formulas come from the FOL parser, which bounds their depth (MAX_DEPTH).
    match f:
        case Pred(name=name, args=args):
            return Pred(name, tuple(_term(a, names) for a in args))
        case Eq(left=left, right=right):
            return Eq(_term(left, names), _term(right, names))
        case Compare(op=op, left=left, right=right):
            return Compare(op, _term(left, names), _term(right, names))
        case Bool():
            return f
        case Not(body=body):
            return Not(_formula(body, names))
        case And(args=args):
            return And(tuple(_formula(a, names) for a in args))
        case Or(args=args):
            return Or(tuple(_formula(a, names) for a in args))
        case Implies(left=left, right=right):
            return Implies(_formula(left, names), _formula(right, names))
        case Iff(left=left, right=right):
            return Iff(_formula(left, names), _formula(right, names))
        case Xor(left=left, right=right):
            return Xor(_formula(left, names), _formula(right, names))
        case Forall(var=var, body=body):
            return Forall(var, _formula(body, names))
        case Exists(var=var, body=body):
            return Exists(var, _formula(body, names))
    raise TypeError(f"not a formula: {f!r}")  # pragma: no cover


def apply_reading(
    reading: Reading,
    premises: list[Formula],
    conclusion: Formula,
    prove: Callable[[list[Formula], Formula], ProofResult],
) -> ProofResult:
    """Decide `conclusion` from `premises` under `reading`, as one verdict.

    Classical: `prove` as is. ProofWriter: on the literal reading of "not", `entailed` when
    the goal is entailed, `contradicted` when its complement is, `unsupported` when the
    prover decided that neither is, `unknown` when it could not decide one of them.
    """
    if reading.free_variables == "universal":
        premises = [close_universally(p) for p in premises]
        conclusion = close_universally(conclusion)
    if reading.semantics == "classical":
        return prove(premises, conclusion)
    from veridot.parser.english.negation import complement, literal_negation

    literal = [literal_negation(p) for p in premises]
    goal = literal_negation(conclusion)
    first = prove(literal, goal)
    if first.verdict in (Verdict.ENTAILED, Verdict.INCONSISTENT, Verdict.UNKNOWN):
        return first
    second = prove(literal, complement(goal))
    if second.verdict is Verdict.ENTAILED:
        return ProofResult(Verdict.CONTRADICTED, used_premises=second.used_premises)
    if second.verdict in (Verdict.UNKNOWN, Verdict.INCONSISTENT):
        return second
    return ProofResult(Verdict.UNSUPPORTED)
