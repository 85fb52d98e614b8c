"""The growing signature sessions use: O(formula) inference, rollback, restriction."""

from __future__ import annotations

import pytest

from veridot.parser.errors import SortError
from veridot.parser.fol import parse_fol
from veridot.parser.sorts import Signature, Sort
from veridot.provers.signatures import GrowingSignature, restrict


def test_extend_adds_new_symbols_and_view_is_live() -> None:
    signature = GrowingSignature()
    view = signature.view
    added = signature.extend(parse_fol("∀x (Dog(x) → age(x) ≥ 1)"))
    assert ("predicate", "Dog") in added
    assert view.functions["age"] == ((Sort.OBJECT,), Sort.NUMBER)
    signature.extend(parse_fol("Dog(rex) ∧ price = 3"))
    assert view.constants == {"rex": Sort.OBJECT, "price": Sort.NUMBER}


def test_clash_raises_and_changes_nothing() -> None:
    signature = GrowingSignature()
    signature.extend(parse_fol("P(a)"))
    before = (dict(signature.constants), dict(signature.predicates))
    with pytest.raises(SortError):
        signature.extend(parse_fol("P(a, b)"))
    assert (signature.constants, signature.predicates) == before


def test_forget_undoes_an_extend() -> None:
    signature = GrowingSignature(Signature(constants={"a": Sort.OBJECT}))
    added = signature.extend(parse_fol("Q(a, b) ∧ n > 2"))
    signature.forget(added)
    assert signature.constants == {"a": Sort.OBJECT}
    assert signature.predicates == {}


def test_restrict_keeps_only_the_named_symbols() -> None:
    full = Signature(
        constants={"a": Sort.OBJECT, "n": Sort.NUMBER},
        functions={"f": ((Sort.OBJECT,), Sort.NUMBER)},
        predicates={"P": (Sort.OBJECT,), "Q": ()},
    )
    small = restrict(full, {"a", "f", "Q", "unknown"})
    assert small.constants == {"a": Sort.OBJECT}
    assert small.functions == {"f": ((Sort.OBJECT,), Sort.NUMBER)}
    assert small.predicates == {"Q": ()}
