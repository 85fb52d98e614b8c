"""The cvc5 backend beyond the shared corpus: sessions, evidence, deadlines, bad input, absence."""

from __future__ import annotations

import importlib
import sys
import time

import pytest

from veridot.parser.ast import Not, Pred
from veridot.parser.errors import NestingError, SortError
from veridot.parser.fol import MAX_DEPTH, parse_fol
from veridot.provers import registry
from veridot.provers.base import Prover, ProverError, ProverNotInstalledError, Verdict

cvc5 = pytest.importorskip("cvc5")


def prover() -> Prover:
    return registry.get_prover("cvc5")


def test_session_decides_a_chain_with_positions_as_evidence() -> None:
    session = prover().session(timeout=10.0)
    rule = session.add(parse_fol("∀x (Whale(x) → Mammal(x))"))
    other = session.add(parse_fol("Fish(nemo)"))
    fact = session.add(parse_fol("Whale(moby)"))
    step = session.check([other, rule, fact], parse_fol("Mammal(moby)"))
    assert step.verdict is Verdict.ENTAILED
    assert step.used_premises == (1, 2)  # positions in the list passed, not ids
    assert step.prover == "cvc5"
    mammal = session.add(parse_fol("Mammal(moby)"))
    assert session.check([mammal], parse_fol("Whale(moby)")).verdict is Verdict.UNSUPPORTED
    assert session.check([rule, fact], parse_fol("¬Mammal(moby)")).verdict is Verdict.CONTRADICTED
    session.close()
    with pytest.raises(ProverError, match="closed"):
        session.check([rule], parse_fol("Mammal(moby)"))


def test_unsupported_comes_with_readable_worlds() -> None:
    result = prover().prove(
        [parse_fol("∀x (Cat(x) → Pet(x))"), parse_fol("Pet(tom)"), parse_fol("age(tom) = 3")],
        parse_fol("Cat(tom)"),
        timeout=10.0,
    )
    assert result.verdict is Verdict.UNSUPPORTED
    assert result.countermodel is not None
    assert result.witness is not None
    assert result.countermodel.constants["tom"] in result.countermodel.domain
    assert "Pet(tom)" in result.countermodel.true_atoms
    assert "Cat(tom)" not in result.countermodel.true_atoms
    assert "Cat(tom)" in result.witness.true_atoms
    assert result.countermodel.numbers["age(tom)"] == "3"


def test_only_infinite_models_give_unknown_within_the_deadline() -> None:
    # A strict order with no maximum has only infinite models: cvc5 can neither refute it
    # nor find a finite model, so the claim is undecidable for it within any budget.
    premises = [
        parse_fol("∀x ∃y Lt(x, y)"),
        parse_fol("∀x ¬Lt(x, x)"),
        parse_fol("∀x ∀y ∀z (Lt(x, y) ∧ Lt(y, z) → Lt(x, z))"),
    ]
    start = time.monotonic()
    result = prover().prove(premises, parse_fol("Big(a)"), timeout=0.5)
    elapsed = time.monotonic() - start
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason
    assert elapsed < 5.0  # cvc5's own per-query limit; generous for loaded machines


def test_division_by_zero_is_never_a_proof() -> None:
    literal = prover().prove([parse_fol("z = 5 / (2 - 2)")], parse_fol("z = 1"), timeout=10.0)
    assert literal.verdict is Verdict.UNKNOWN
    assert "division_by_zero" in literal.reason
    # n may be 0 in the claim alone; a premise dividing by n asserts n ≠ 0 (definedness)
    open_divisor = prover().prove([parse_fol("avg = t")], parse_fol("avg / n * n = t"), timeout=10)
    assert open_divisor.verdict is Verdict.UNKNOWN
    assert "division_by_zero" in open_divisor.reason
    presupposed = prover().prove([parse_fol("avg = t / n")], parse_fol("avg * n = t"), timeout=10)
    assert presupposed.verdict is Verdict.ENTAILED


def test_bad_input_is_refused_with_parse_errors() -> None:
    with pytest.raises(SortError):
        prover().prove([parse_fol("P(a)"), parse_fol("P(a, b)")], parse_fol("P(a)"))
    deep = Pred("P", ())
    for _ in range(MAX_DEPTH + 5):
        deep = Not(deep)  # type: ignore[assignment]
    with pytest.raises(NestingError):
        prover().prove([], deep)


def test_missing_cvc5_is_a_clear_not_installed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("cvc5", "cvc5.pythonic"):
        monkeypatch.setitem(sys.modules, name, None)  # `import cvc5` now fails
    for name in ("veridot.provers.cvc5_prover", "veridot.provers.combined"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    registry._backend_class.cache_clear()
    try:
        with pytest.raises(ProverNotInstalledError, match=r"veridot\[cvc5\]"):
            importlib.import_module("veridot.provers.cvc5_prover")
        with pytest.raises(ProverNotInstalledError, match="cvc5"):
            registry.get_prover("cvc5")
        assert registry.available_provers() == ["z3"]
    finally:
        registry._backend_class.cache_clear()


def test_cvc5_renders_numbers_past_pythons_digit_limit() -> None:
    # The witness's u has 7,680 digits: Python's int-to-str limit (4,300) must not be hit.
    premises = [parse_fol(f"x = {'9' * 480}")] + [
        parse_fol(text) for text in ("y = x * x", "z = y * y", "w = z * z")
    ]
    result = registry.get_prover("cvc5").prove(premises, parse_fol("w * w = u ∧ P(u)"))
    assert result.verdict is Verdict.UNSUPPORTED
    assert result.witness is not None
    assert len(result.witness.numbers["u"]) == 480 * 16
