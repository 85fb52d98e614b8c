"""`P(a) → False` is `¬P(a)`: the truth constant, whatever its case, is never an atom."""

from __future__ import annotations

import pytest

from veridot.parser.fol import parse_fol
from veridot.provers.base import Verdict
from veridot.provers.registry import available_provers, get_prover

BACKENDS = [name for name in ("z3", "cvc5") if name in available_provers()]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("false", ["False", "FALSE", "false", "⊥"])
def test_implying_false_is_negation(backend: str, false: str) -> None:
    result = get_prover(backend).prove([parse_fol(f"P(a) → {false}")], parse_fol("¬P(a)"))
    assert result.verdict is Verdict.ENTAILED


@pytest.mark.parametrize("backend", BACKENDS)
def test_true_premise_decides_nothing(backend: str) -> None:
    result = get_prover(backend).prove([parse_fol("True")], parse_fol("P(a)"))
    assert result.verdict is Verdict.UNSUPPORTED
    for model in (result.countermodel, result.witness):
        assert model is not None
        assert not any(atom.casefold() in ("true", "false") for atom in model.true_atoms)
