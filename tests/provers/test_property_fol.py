"""Property test: random small FOL problems against a brute-force search of interpretations.

Problems have 2–3 predicates (unary, binary, a proposition), two constants, equality, every
connective and at most two nested quantifiers. For each verdict a backend gives:

- `entailed` / `contradicted` / `inconsistent` must survive a search of every interpretation
  over domains of size 1–3 (no world there makes the premises true and the claim false / true,
  or the premises true);
- a printed countermodel (witness) must make every premise true and the claim false (true)
  when read back exactly as printed, by an evaluator written here, independent of the one in
  `veridot.provers.world_check`.

Bounded for CI: a fixed number of derandomised examples per backend.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veridot.parser.ast import (
    And,
    Bool,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Iff,
    Implies,
    Not,
    Or,
    Pred,
    Term,
    Var,
    Xor,
)
from veridot.parser.printer import to_unicode
from veridot.provers.base import Model, Verdict
from veridot.provers.registry import available_provers, get_prover

BACKENDS = [name for name in ("z3", "cvc5") if name in available_provers()]
CONSTANTS = ("a", "b")
VARIABLES = ("x", "y")
# Predicate sets (name -> arity): 2–3 predicates; a binary one only with one other, which
# keeps the brute force over domains of size 3 at most 8 · 512 · 9 interpretations.
SIGNATURES: tuple[dict[str, int], ...] = (
    {"P": 1, "Q": 1},
    {"P": 1, "Q": 1, "S": 0},
    {"P": 1, "R": 2},
)
MAX_SIZE = 3


# --- generating problems -------------------------------------------------------------------


@st.composite
def _term(draw: st.DrawFn, bound: tuple[str, ...]) -> Term:
    names = [*CONSTANTS, *bound]
    name = draw(st.sampled_from(names))
    return Var(name) if name in bound else Const(name)


@st.composite
def _atom(draw: st.DrawFn, preds: Mapping[str, int], bound: tuple[str, ...]) -> Formula:
    choice = draw(st.sampled_from([*preds, "="]))
    if choice == "=":
        return Eq(draw(_term(bound)), draw(_term(bound)))
    return Pred(choice, tuple(draw(_term(bound)) for _ in range(preds[choice])))


@st.composite
def _formula(
    draw: st.DrawFn, preds: Mapping[str, int], bound: tuple[str, ...] = (), size: int = 3
) -> Formula:
    kinds = ["atom"]
    if size > 0:
        kinds += ["not", "and", "or", "implies", "iff", "xor"]
        if len(bound) < len(VARIABLES):
            kinds += ["forall", "exists", "forall", "exists"]
    kind = draw(st.sampled_from(kinds))
    if kind == "atom":
        return draw(_atom(preds, bound))
    if kind in ("forall", "exists"):
        var = VARIABLES[len(bound)]
        body = draw(_formula(preds, (*bound, var), size - 1))
        return Forall(Var(var), body) if kind == "forall" else Exists(Var(var), body)
    left = draw(_formula(preds, bound, size - 1))
    if kind == "not":
        return Not(left)
    right = draw(_formula(preds, bound, size - 1))
    binary = {"and": And, "or": Or}
    if kind in binary:
        return binary[kind]((left, right))
    return {"implies": Implies, "iff": Iff, "xor": Xor}[kind](left, right)


@dataclass(frozen=True)
class Problem:
    preds: dict[str, int]
    premises: tuple[Formula, ...]
    claim: Formula

    def __repr__(self) -> str:
        shown = ", ".join(to_unicode(p) for p in self.premises)
        return f"{shown} ⊢ {to_unicode(self.claim)}"


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    preds = draw(st.sampled_from(SIGNATURES))
    premises = tuple(draw(st.lists(_formula(preds), min_size=1, max_size=3)))
    return Problem(preds, premises, draw(_formula(preds)))


# --- brute force ---------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    size: int
    constants: Mapping[str, int]
    true: frozenset[tuple[str, tuple[int, ...]]]


def holds(formula: Formula, world: World, env: Mapping[str, int]) -> bool:
    def term(t: Term) -> int:
        if isinstance(t, Var):
            return env[t.name]
        assert isinstance(t, Const)
        return world.constants[t.name]

    match formula:
        case Pred(name=name, args=args):
            return (name, tuple(term(arg) for arg in args)) in world.true
        case Eq(left=left, right=right):
            return term(left) == term(right)
        case Bool(value=value):
            return value
        case Not(body=body):
            return not holds(body, world, env)
        case And(args=args):
            return all(holds(arg, world, env) for arg in args)
        case Or(args=args):
            return any(holds(arg, world, env) for arg in args)
        case Implies(left=left, right=right):
            return not holds(left, world, env) or holds(right, world, env)
        case Iff(left=left, right=right):
            return holds(left, world, env) == holds(right, world, env)
        case Xor(left=left, right=right):
            return holds(left, world, env) != holds(right, world, env)
        case Forall(var=var, body=body):
            return all(holds(body, world, {**env, var.name: e}) for e in range(world.size))
        case Exists(var=var, body=body):
            return any(holds(body, world, {**env, var.name: e}) for e in range(world.size))
    raise AssertionError(f"unexpected formula {formula!r}")


def worlds(preds: Mapping[str, int]) -> Iterator[World]:
    """Every interpretation of `preds` and the constants over domains of size 1–3."""
    for size in range(1, MAX_SIZE + 1):
        domain = range(size)
        per_pred = []
        for name, arity in preds.items():
            tuples = list(itertools.product(domain, repeat=arity))
            extensions = itertools.chain.from_iterable(
                itertools.combinations(tuples, k) for k in range(len(tuples) + 1)
            )
            per_pred.append([[(name, t) for t in ext] for ext in extensions])
        for values in itertools.product(domain, repeat=len(CONSTANTS)):
            constants = dict(zip(CONSTANTS, values, strict=True))
            for exts in itertools.product(*per_pred):
                true = frozenset(itertools.chain.from_iterable(exts))
                yield World(size, constants, true)


def find_world(problem: Problem, claim_value: bool | None) -> World | None:
    """A world where the premises hold and the claim is `claim_value` (None: anything)."""
    for world in worlds(problem.preds):
        if all(holds(p, world, {}) for p in problem.premises) and (
            claim_value is None or holds(problem.claim, world, {}) == claim_value
        ):
            return world
    return None


# --- reading a printed model back ----------------------------------------------------------


def read_printed(model: Model, preds: Mapping[str, int]) -> World:
    """The world a `Model` prints: its domain, constants, and exactly the atoms listed."""
    assert model.domain, "an empty domain is no world"
    assert not model.omitted, model.omitted
    index = {name: i for i, name in enumerate(model.domain)}
    assert not set(index) & set(model.constants), "element named like a constant"
    constants = {name: index[element] for name, element in model.constants.items()}
    for name in CONSTANTS:  # a constant the problem does not mention may be left out
        constants.setdefault(name, 0)

    def denote(text: str) -> int:
        return constants[text] if text in constants else index[text]

    true = set()
    for atom in model.true_atoms:
        name, _, rest = atom.partition("(")
        assert name in preds, f"unknown atom {atom!r}"
        args = tuple(denote(arg.strip()) for arg in rest.rstrip(")").split(",")) if rest else ()
        true.add((name, args))
    return World(len(model.domain), constants, frozenset(true))


def check_model(problem: Problem, model: Model | None, claim_value: bool) -> None:
    assert model is not None, "unsupported without evidence"
    world = read_printed(model, problem.preds)
    for premise in problem.premises:
        assert holds(premise, world, {}), f"premise {to_unicode(premise)} fails in {model}"
    assert holds(problem.claim, world, {}) == claim_value, f"claim misjudged in {model}"
    assert model.checked


# --- the property --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(problem=problems())
def test_verdicts_survive_brute_force(backend: str, problem: Problem) -> None:
    result = get_prover(backend).prove(list(problem.premises), problem.claim, timeout=5.0)
    match result.verdict:
        case Verdict.ENTAILED:
            assert find_world(problem, False) is None, f"countermodel exists: {problem}"
        case Verdict.CONTRADICTED:
            assert find_world(problem, True) is None, f"witness exists: {problem}"
        case Verdict.INCONSISTENT:
            assert find_world(problem, None) is None, f"premises satisfiable: {problem}"
        case Verdict.UNSUPPORTED:
            check_model(problem, result.countermodel, False)
            check_model(problem, result.witness, True)
        case Verdict.UNKNOWN:
            pass  # no claim made
