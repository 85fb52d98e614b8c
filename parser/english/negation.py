"""ProofWriter's reading of "not": a negated atom as a literal of its own.

ProofWriter's labels come from a forward-chaining reasoner in which "Bob is not red" is a fact
like any other: rules fire forward only, with no contraposition and no reasoning by cases. In
classical logic, `∀x (Rough(x) → Cold(x))` and `¬Cold(harry)` entail `¬Rough(harry)`; for that
reasoner the answer is Unknown. `literal_negation` rewrites a translation so that a classical
prover reproduces that reasoner: every negated atom `¬Red(t)` becomes the atom `NotRed(t)`.
Answer True when the goal is entailed, False when `complement(goal)` is entailed, Unknown
otherwise. `veridot eval --semantics proofwriter` reads problems this way
(`veridot.verifier.readings`); the default everywhere else in veridot stays classical.
"""

from __future__ import annotations

from veridot.parser.ast import And, Exists, Forall, Formula, Iff, Implies, Not, Or, Pred, Xor

PREFIX = "Not"


def literal_negation(formula: Formula) -> Formula:
    """`formula` with each negated atom `¬P(t…)` replaced by the atom `NotP(t…)`.

    Recurses through every connective and quantifier (`veridot eval --semantics proofwriter`
    reads FOL samples too, not only the controlled-English fragment); atoms, equations and
    comparisons are left as they are. Recursive: parsed formulas have a bounded depth.
    """
    match formula:
        case Not(body=Pred(name=name, args=args)):
            return Pred(PREFIX + name, args)
        case Not(body=body):
            return Not(literal_negation(body))
        case And(args=args):
            return And(tuple(literal_negation(a) for a in args))
        case Or(args=args):
            return Or(tuple(literal_negation(a) for a in args))
        case Implies(left=left, right=right):
            return Implies(literal_negation(left), literal_negation(right))
        case Iff(left=left, right=right):
            return Iff(literal_negation(left), literal_negation(right))
        case Xor(left=left, right=right):
            return Xor(literal_negation(left), literal_negation(right))
        case Forall(var=var, body=body):
            return Forall(var, literal_negation(body))
        case Exists(var=var, body=body):
            return Exists(var, literal_negation(body))
        case _:
            return formula


def complement(literal: Formula) -> Formula:
    """The opposite literal: `Red(b)` <-> `NotRed(b)`; any other formula is negated."""
    if isinstance(literal, Pred):
        if literal.name.startswith(PREFIX) and literal.name[len(PREFIX) :][:1].isupper():
            return Pred(literal.name[len(PREFIX) :], literal.args)
        return Pred(PREFIX + literal.name, literal.args)
    return Not(literal)
