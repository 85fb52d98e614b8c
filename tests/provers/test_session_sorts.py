"""A session reads sorts as the whole problem does: a later formula may settle a sort an
earlier one left open (`a` in `∀x (x = a)`, then `P(1)`, `P(a)`), which is never a clash."""

from __future__ import annotations

import pytest

from parser.errors import SortError
from parser.fol import parse_fol
from provers.base import Verdict
from provers.registry import available_provers, get_prover


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
