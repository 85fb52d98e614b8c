"""A session reads sorts as the whole problem does: a later formula may settle a sort an
earlier one left open (`a` in `∀x (x = a)`, then `P(1)`, `P(a)`), which is never a clash."""

from __future__ import annotations

from typing import Any

import pytest

from veridot.parser.errors import SortError
from veridot.parser.fol import parse_fol
from veridot.parser.sorts import Signature, infer_signature
from veridot.provers import signatures
from veridot.provers.base import Verdict
from veridot.provers.registry import available_provers, get_prover


@pytest.mark.parametrize("backend", available_provers())
def test_a_later_formula_settles_an_open_sort(backend: str) -> None:
    session = get_prover(backend).session(timeout=10.0)
    try:
        ids = [session.add(parse_fol(text)) for text in ("∀x (x = a)", "P(1)")]
        result = session.check(ids, parse_fol("P(a)"))
        assert result.verdict is Verdict.INCONSISTENT, result.reason  # as `prove` says
        with pytest.raises(SortError):
            session.add(parse_fol("P(a, a)"))  # a real clash stays an error
    finally:
        session.close()


_DIAGRAM = ("∀x (Cat(x) → Animal(x))", "Cat(tom)", "age(tom) = 3", "Animal(tom) ∧ age(tom) > 2")


@pytest.mark.parametrize("backend", ["z3", "cvc5"])
def test_sorts_given_by_the_caller_are_not_inferred_again(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The verifier infers sorts over the whole diagram and hands them to the session.
    if backend not in available_provers():
        pytest.skip(f"{backend} is not installed")
    formulas = [parse_fol(text) for text in _DIAGRAM]
    signature = infer_signature(formulas)
    inferred: list[object] = []

    def counting(*args: Any, **kwargs: Any) -> Signature:
        inferred.append(args)
        return infer_signature(*args, **kwargs)

    monkeypatch.setattr(signatures, "infer_signature", counting)
    session = get_prover(backend).session(timeout=10.0, signature=signature)
    try:
        ids = [session.add(formula) for formula in formulas[:-1]]
        assert session.check(ids, formulas[-1]).verdict is Verdict.ENTAILED
        assert inferred == []
        session.add(parse_fol("Dog(rex)"))  # a symbol the caller did not know: inferred here
        assert len(inferred) == 1
    finally:
        session.close()
