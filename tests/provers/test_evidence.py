"""Evidence that checks: a printed countermodel or witness is the world that was evaluated.

Issue 11 item 7: no empty domain, no element named like a constant, no function value outside
the names shown, and a world cut by the rendering caps says what it left out.
"""

from __future__ import annotations

import re

import pytest

from veridot.parser.fol import parse_fol
from veridot.parser.sorts import infer_signature
from veridot.provers.base import Model, ProofResult, Verdict
from veridot.provers.registry import available_provers, get_prover
from veridot.provers.world_check import confirm
from veridot.verifier.worlds import describe_world

BACKENDS = [name for name in ("z3", "cvc5") if name in available_provers()]


def _prove(backend: str, premises: list[str], claim: str) -> ProofResult:
    return get_prover(backend).prove(
        [parse_fol(p) for p in premises], parse_fol(claim), timeout=10.0
    )


def _models(result: ProofResult) -> list[Model]:
    assert result.verdict is Verdict.UNSUPPORTED, result.reason
    assert result.countermodel is not None
    assert result.witness is not None
    return [result.countermodel, result.witness]


@pytest.mark.parametrize("backend", BACKENDS)
def test_domain_is_never_empty(backend: str) -> None:
    # Over an empty domain `∀x ∀y ¬Q` would be vacuously true in the "countermodel".
    for model in _models(_prove(backend, ["P"], "∀x ∀y ¬Q")):
        assert model.domain
        assert model.checked


@pytest.mark.parametrize("backend", BACKENDS)
def test_element_names_never_collide_with_constants(backend: str) -> None:
    for model in _models(_prove(backend, ["P(e1)", "∃x ¬P(x)", "Q(e0)"], "P(e0)")):
        assert not set(model.domain) & set(model.constants)
        assert model.checked


@pytest.mark.parametrize("backend", BACKENDS)
def test_function_values_are_named_elements(backend: str) -> None:
    premises = [f"Q(c{i})" for i in range(20)] + ["∀x (g(x) ≠ x)"]
    for model in _models(_prove(backend, premises, "P(g(c0))")):
        names = {*model.domain, *model.constants}
        for atom in model.true_atoms:
            if " = " in atom:
                value = atom.split(" = ")[1]
                assert "!" not in value  # a solver's internal name (`Obj!val!2`)
                assert value in names or model.omitted


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_world_too_big_to_show_says_what_is_left_out(backend: str) -> None:
    premises = [f"P{i}(c{i})" for i in range(300)]
    for model in _models(_prove(backend, premises, "Q(d)")):
        assert model.omitted
        assert not model.checked
        assert describe_world(model).endswith("among other facts")


def test_confirm_marks_checked_worlds_and_drops_failing_ones() -> None:
    premises = [parse_fol("∀x (Cat(x) → Animal(x))"), parse_fol("Cat(tom)")]
    claim = parse_fol("Dog(tom)")
    signature = infer_signature([*premises, claim])
    good = Model(domain=("e0",), constants={"tom": "e0"}, true_atoms=("Cat(tom)", "Animal(tom)"))
    assert confirm(good, premises, claim, False, signature) == Model(
        domain=("e0",),
        constants={"tom": "e0"},
        true_atoms=("Cat(tom)", "Animal(tom)"),
        checked=True,
    )
    # Animal(tom) missing: a premise fails in the printed world, which is never shown
    bad = Model(domain=("e0",), constants={"tom": "e0"}, true_atoms=("Cat(tom)",))
    assert confirm(bad, premises, claim, False, signature) is None
    # the claim holds: not a countermodel
    wrong = Model(domain=("e0",), constants={"tom": "e0"}, true_atoms=("Cat(tom)", "Dog(tom)"))
    assert confirm(wrong, premises, claim, False, signature) is None
    empty = Model(domain=(), true_atoms=("P",))
    quantified = parse_fol("∀x ∀y ¬Q")
    assert confirm(empty, [parse_fol("P")], quantified, False, infer_signature([quantified]))
    assert not confirm(
        empty, [parse_fol("P")], quantified, False, infer_signature([quantified])
    ).checked  # type: ignore[union-attr]


def test_numbers_and_functions_are_read_back() -> None:
    premises = [parse_fol("x > 1"), parse_fol("f(x) = 2 * x")]
    claim = parse_fol("f(x) = 4")
    signature = infer_signature([*premises, claim])
    model = Model(domain=("e0",), numbers={"x": "3", "f(3)": "6"})
    checked = confirm(model, premises, claim, False, signature)
    assert checked is not None
    assert checked.checked
    assert confirm(model, premises, claim, True, signature) is None
    unlisted = Model(domain=("e0",), numbers={"x": "3"})
    assert confirm(unlisted, premises, claim, False, signature) == unlisted  # not settled


def test_printed_element_names_parse_as_the_model_says() -> None:
    result = _prove("z3", ["∀x (R(x, f(x)))", "¬R(a, a)"], "R(f(a), a)")
    for model in _models(result):
        for atom in model.true_atoms:
            assert re.fullmatch(r"[^\s()]+(\([^()]*\))?( = [^\s]+)?", atom), atom
