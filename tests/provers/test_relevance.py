"""The symbol index that picks the premises near a claim (for cheap unsat cores)."""

from __future__ import annotations

from veridot.parser.fol import parse_fol
from veridot.provers.relevance import SymbolIndex, formula_symbols


def _index(texts: list[str]) -> SymbolIndex:
    index = SymbolIndex()
    for i, text in enumerate(texts):
        index.add(i, formula_symbols(parse_fol(text)))
    return index


def test_formula_symbols_are_constants_functions_predicates() -> None:
    symbols = formula_symbols(parse_fol("∀x (Dog(x) → Likes(x, ownerOf(x))) ∧ Cat(tom)"))
    assert symbols == {"Dog", "Likes", "ownerOf", "Cat", "tom"}
    assert formula_symbols(parse_fol("∀x ∀y x = y")) == frozenset()


def test_select_prefers_nearby_premises_and_respects_budget() -> None:
    index = _index(["A(a)", "B(b)", "∀x (A(x) → C(x))", "D(d)", "∀x ∀y x = y"])
    chosen = index.select([0, 1, 2, 3, 4], formula_symbols(parse_fol("C(a)")), budget=10)
    assert chosen == [0, 2, 4]  # pool order kept; the symbol-free premise is always in
    assert len(index.select([0, 1, 2, 3, 4], {"a", "C"}, budget=2)) == 2


def test_select_only_from_pool() -> None:
    index = _index(["A(a)", "A(b)", "A(c)"])
    assert index.select([1, 2], {"A"}, budget=10) == [1, 2]
    assert index.select([], {"A"}, budget=10) == []


def test_select_walks_outward_through_shared_symbols() -> None:
    index = _index(["P(a)", "∀x (P(x) → Q(x))", "∀x (Q(x) → R(x))", "S(z)"])
    assert index.select([0, 1, 2, 3], {"R", "a"}, budget=10) == [0, 1, 2]


def test_select_finds_an_old_fact_on_the_claims_own_symbols() -> None:
    # A chain step `P0(a) ∨ Qi(a)` follows from the first premise `P0(a)` alone; every newer
    # step also mentions P0 and a, so recency alone never reached the premise (issue 12
    # item 13: each check then fell back to every premise, and the chain cost n²).
    index = _index(["P0(a)", *(f"P0(a) ∨ Q{i}(a)" for i in range(100))])
    seeds = formula_symbols(parse_fol("P0(a) ∨ Q100(a)"))
    chosen = index.select(set(range(101)), seeds, budget=16)
    assert 0 in chosen
    assert len(chosen) == 16
