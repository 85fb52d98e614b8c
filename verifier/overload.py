"""Read one name used with two arities or kinds as two symbols, as Prover9 and NLTK do.

veridot's FOL language treats `BileDuctCancer` as a constant in `Severe(BileDuctCancer)` and as
a predicate in `BileDuctCancer(x)` as one symbol used two ways: a sort error. Prover9 (and so
the LINC and Logic-LM pipelines) identifies a symbol by its name *and* arity and kind, so the
two are unrelated symbols there. To score those pipelines' recorded LLM outputs the way their
own prover reads them, `separate_overloads` renames every use of a name beyond its first
(kind, arity) to a fresh name. This never merges symbols, so it cannot make a claim follow
that Prover9 would not also derive; it is an opt-in reading for benchmark files
(`veridot eval --overloading`), never applied to user input silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

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
    depth,
    walk,
)
from veridot.parser.fol import MAX_DEPTH

Key = tuple[str, str, int]  # (kind, name, arity): kind is "pred", "func" or "const"


def _key(node: object) -> Key | None:
    match node:
        case Pred(name=name, args=args):
            return ("pred", name, len(args))
        case Func(name=name, args=args):
            return ("func", name, len(args))
        case Const(name=name):
            return ("const", name, 0)
        case _:
            return None


def _renaming(formulas: Sequence[Formula]) -> dict[Key, str]:
    """Fresh names for every (kind, arity) use of a name after its first one."""
    first: dict[str, Key] = {}
    clashing: list[Key] = []
    taken: set[str] = set()
    for formula in formulas:
        for node in walk(formula):
            key = _key(node)
            if key is None:
                continue
            taken.add(key[1])
            seen = first.setdefault(key[1], key)
            if seen != key and key not in clashing:
                clashing.append(key)
    renaming: dict[Key, str] = {}
    for kind, name, arity in clashing:
        base = f"{name}_{kind[0]}{arity}"
        fresh, n = base, 1
        while fresh in taken:
            n += 1
            fresh = f"{base}_{n}"
        taken.add(fresh)
        renaming[(kind, name, arity)] = fresh
    return renaming


def _term(t: Term, names: dict[Key, str]) -> Term:
    match t:
        case Var() | Num():
            return t
        case Const(name=name):
            return Const(names.get(("const", name, 0), name), t.span)
        case Func(name=name, args=args):
            new_args = tuple(_term(a, names) for a in args)
            return Func(names.get(("func", name, len(args)), name), new_args, t.span)
        case Arith(op=op, left=left, right=right):
            return Arith(op, _term(left, names), _term(right, names), t.span)
        case _:
            assert_never(t)


def _formula(f: Formula, names: dict[Key, str]) -> Formula:
    match f:
        case Pred(name=name, args=args):
            new_args = tuple(_term(a, names) for a in args)
            return Pred(names.get(("pred", name, len(args)), name), new_args, f.span)
        case Eq(left=left, right=right):
            return Eq(_term(left, names), _term(right, names), f.span)
        case Compare(op=op, left=left, right=right):
            return Compare(op, _term(left, names), _term(right, names), f.span)
        case Bool():
            return f
        case Not(body=body):
            return Not(_formula(body, names), f.span)
        case And(args=args):
            return And(tuple(_formula(a, names) for a in args), f.span)
        case Or(args=args):
            return Or(tuple(_formula(a, names) for a in args), f.span)
        case Implies(left=left, right=right):
            return Implies(_formula(left, names), _formula(right, names), f.span)
        case Iff(left=left, right=right):
            return Iff(_formula(left, names), _formula(right, names), f.span)
        case Xor(left=left, right=right):
            return Xor(_formula(left, names), _formula(right, names), f.span)
        case Forall(var=var, body=body):
            return Forall(var, _formula(body, names), f.span)
        case Exists(var=var, body=body):
            return Exists(var, _formula(body, names), f.span)
        case _:
            assert_never(f)


def separate_overloads(formulas: Sequence[Formula]) -> list[Formula]:
    """`formulas` with each name's extra (kind, arity) uses renamed apart (see module doc).

    Formulas deeper than `veridot.parser.fol.MAX_DEPTH` are returned unchanged (the renaming
    recurses; the parser never builds such formulas, and the prover refuses them with a clear
    error).
    """
    names = _renaming(formulas)
    if not names:
        return list(formulas)
    return [f if depth(f) > MAX_DEPTH else _formula(f, names) for f in formulas]
