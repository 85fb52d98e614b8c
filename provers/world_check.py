"""Check evidence in the world exactly as printed: every premise true, the claim as claimed.

A countermodel or witness is shown as text (`veridot.provers.base.Model`: domain, constants, true
atoms, `f(e0) = e1` function values, numbers). Before a prover returns one, `confirm` reads
that text back as a finite structure and evaluates the premises and the claim in it, so the
world a reader sees is the world that was checked: an atom not listed is false, an element
name denotes itself, a constant its element. Evaluation is three-valued: a quantifier over
numbers, a value the rendering did not list or a quotient by zero leave it undecided
(`None`), never guessed. `confirm` returns the model marked `checked`, the model unmarked
when undecided (a reader is told it was not checked), or None when the printed world
contradicts what it is shown for: such a world is never printed.

Solver-independent; the z3 and cvc5 sessions both call it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TypeAlias

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
)
from veridot.parser.bound_sorts import BoundSorts
from veridot.parser.sorts import Signature, Sort
from veridot.provers.base import Model, ProofResult

Value: TypeAlias = str | Fraction  # an element name, or an exact number
# Atoms evaluated per check (all premises and the claim together), so confirming evidence
# costs a bounded few tens of milliseconds however many premises a chain has; beyond it the
# check is undecided and the world is shown unchecked.
MAX_STEPS = 50_000


class _Undecided(Exception):
    """The printed world does not settle this formula (missing value, budget spent)."""


def _number(text: str) -> Fraction | None:
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        return None  # an approximation such as `1.4142135623?`


def _split(text: str) -> list[str]:
    """Top-level comma split of an argument list."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


class World:
    """The finite structure a `Model` prints."""

    def __init__(self, model: Model, signature: Signature) -> None:
        self.signature = signature
        self.bound_sorts = BoundSorts(signature)  # `holds` reads the formulas it is given
        self.domain = list(model.domain)
        self.elements = set(model.domain)
        self.objects: dict[str, str] = dict(model.constants)
        self.numbers: dict[str, Fraction] = {}
        self.true: set[tuple[str, tuple[Value, ...]]] = set()
        self.values: dict[tuple[str, tuple[Value, ...]], Value] = {}
        self.steps = 0
        for name, text in model.numbers.items():
            value = _number(text)
            if value is None:
                continue
            if "(" in name:
                key = self._application(name)
                if key is not None:
                    self.values[key] = value
            else:
                self.numbers[name] = value
        # Numeric argument positions were enumerated over the numeric constants' values.
        self.numeric_pool = set(self.numbers.values())
        for atom in model.true_atoms:
            lhs, eq, rhs = atom.partition(" = ")
            key = self._application(lhs.strip())
            if key is None:
                continue
            if eq:
                self.values[key] = self._value(rhs.strip())
            else:
                self.true.add(key)

    def _value(self, text: str) -> Value:
        number = _number(text)
        if number is not None and text not in self.objects and text not in self.elements:
            return number
        return self.objects.get(text, text)

    def _application(self, text: str) -> tuple[str, tuple[Value, ...]] | None:
        if "(" not in text:
            return (text, ())
        if not text.endswith(")"):
            return None
        name, _, args = text[:-1].partition("(")
        return (name.strip(), tuple(self._value(arg) for arg in _split(args)))

    # --- evaluation ----------------------------------------------------------------------

    def term(self, node: Term, env: Mapping[str, Value]) -> Value:
        match node:
            case Var(name=name):
                return env[name]
            case Const(name=name):
                if name in self.objects:
                    return self.objects[name]
                if name in self.numbers:
                    return self.numbers[name]
                raise _Undecided(f"constant {name} not shown")
            case Num(value=value):
                return value
            case Arith(op=op, left=left, right=right):
                a, b = self.term(left, env), self.term(right, env)
                if not isinstance(a, Fraction) or not isinstance(b, Fraction):
                    raise _Undecided("arithmetic on an object")
                if op == "+":
                    return a + b
                if op == "-":
                    return a - b
                if op == "*":
                    return a * b
                if b == 0:
                    raise _Undecided("division by zero")
                return a / b
            case Func(name=name, args=args):
                key = (name, tuple(self.term(arg, env) for arg in args))
                if key not in self.values:
                    raise _Undecided(f"value of {name} not shown")
                return self.values[key]

    def atom(self, name: str, args: tuple[Value, ...]) -> bool:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Undecided("evaluation budget spent")
        if (name, args) in self.true:
            return True
        for arg in args:  # unlisted means false only where the rendering enumerated
            if isinstance(arg, Fraction) and arg not in self.numeric_pool:
                raise _Undecided(f"{name} at a number not enumerated")
            if isinstance(arg, str) and arg not in self.elements:
                raise _Undecided(f"{name} at an element not shown")
        return False

    def holds(self, node: Formula, env: Mapping[str, Value]) -> bool | None:
        """Strong Kleene truth value of `node`; None when the world leaves it open.

        Recursive: formulas are at most `veridot.parser.fol.MAX_DEPTH` (200) levels deep.
        """
        try:
            match node:
                case Pred(name=name, args=args):
                    return self.atom(name, tuple(self.term(arg, env) for arg in args))
                case Eq(left=left, right=right):
                    return self.term(left, env) == self.term(right, env)
                case Compare(op=op, left=left, right=right):
                    a, b = self.term(left, env), self.term(right, env)
                    if not isinstance(a, Fraction) or not isinstance(b, Fraction):
                        return None
                    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
                case Bool(value=value):
                    return value
        except _Undecided:
            return None
        match node:
            case Not(body=body):
                inner = self.holds(body, env)
                return None if inner is None else not inner
            case And(args=parts):
                return _all(self.holds(part, env) for part in parts)
            case Or(args=parts):
                return _any(self.holds(part, env) for part in parts)
            case Implies(left=first, right=second):
                return _any((_not(self.holds(first, env)), self.holds(second, env)))
            case Iff(left=first, right=second) | Xor(left=first, right=second):
                x, y = self.holds(first, env), self.holds(second, env)
                if x is None or y is None:
                    return None
                return (x == y) if isinstance(node, Iff) else (x != y)
            case Forall(var=var, body=body) | Exists(var=var, body=body):
                if self.bound_sorts.of(node) == Sort.NUMBER or not self.domain:
                    return None  # numbers cannot be enumerated; an empty domain is no world
                results = (self.holds(body, {**env, var.name: e}) for e in self.domain)
                return _all(results) if isinstance(node, Forall) else _any(results)
        raise AssertionError(f"not a formula: {node!r}")


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


def _all(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def confirm(
    model: Model | None,
    premises: Sequence[Formula],
    claim: Formula,
    claim_holds: bool,
    signature: Signature,
) -> Model | None:
    """`model` marked checked if the premises hold and the claim is `claim_holds` in it as
    printed; unmarked if the printed world leaves that open; None if it contradicts it."""
    if model is None:
        return None
    if model.omitted:
        return model  # cut by the rendering caps: what is shown cannot settle it
    world = World(model, signature)
    open_question = False
    for formula, wanted in [(claim, claim_holds), *((p, True) for p in premises)]:
        world.bound_sorts.read(formula)
        value = world.holds(formula, {})
        if value is None:
            open_question = True
        elif value is not wanted:
            return None
    return model if open_question else dataclasses.replace(model, checked=True)


def confirm_evidence(
    result: ProofResult, premises: Sequence[Formula], claim: Formula, signature: Signature
) -> ProofResult:
    """`result` with its countermodel and witness passed through `confirm` (if it has any)."""
    if result.countermodel is None and result.witness is None:
        return result
    return dataclasses.replace(
        result,
        countermodel=confirm(result.countermodel, premises, claim, False, signature),
        witness=confirm(result.witness, premises, claim, True, signature),
    )
