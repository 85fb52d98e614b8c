"""Per-formula facts remembered by identity (`veridot.parser.by_identity`): once per object,
bounded."""

from __future__ import annotations

from veridot.parser.ast import Const, Formula, Pred, walk
from veridot.parser.by_identity import LIMIT, by_identity, nodes
from veridot.parser.fol import parse_fol
from veridot.parser.identifiers import confusable_reason
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.relevance import formula_symbols
from veridot.provers.sizes import Size, measure


def test_a_fact_is_computed_once_per_formula_object() -> None:
    calls: list[Formula] = []

    @by_identity
    def name_count(formula: Formula) -> int:
        calls.append(formula)
        return len(str(formula))

    one, equal = Pred("P", (Const("a"),)), Pred("P", (Const("a"),))
    assert name_count(one) == name_count(one) == name_count(equal)
    assert calls == [one, equal]  # an equal formula that is another object: computed again
    assert calls[0] is one
    assert calls[1] is equal


def test_the_memo_is_bounded() -> None:
    calls: list[Formula] = []

    @by_identity
    def fact(formula: Formula) -> int:
        calls.append(formula)
        return 1

    kept = [Pred("P", (Const("a"),)) for _ in range(LIMIT + 3)]
    for formula in kept:
        fact(formula)
    fact(kept[0])  # forgotten when the memo started again
    assert len(calls) == LIMIT + 4


def test_symbols_and_sizes_are_the_facts_of_the_formula() -> None:
    formula = parse_fol("∀x (Dog(x) → Weight(x) > 2 * price)")
    assert formula_symbols(formula) == frozenset({"Dog", "Weight", "price"})
    assert formula_symbols(formula) is formula_symbols(formula)
    assert measure(formula) == Size(1, 1)
    assert measure(formula) is measure(formula)


def test_confusables_are_found_in_any_formula_of_the_set() -> None:
    clean = parse_fol("Cat(tom)")
    latin_twin = Pred("\u0421\u0430t", (Const("tom"),))  # Cyrillic С and а: built, not parsed
    assert confusable_reason([clean]) == ""
    assert confusable_reason([clean, latin_twin]).startswith("'Саt' holds letters")
    assert confusable_reason([clean, latin_twin]) == confusable_reason([latin_twin])


def test_a_remembered_formula_is_observed_as_a_fresh_one() -> None:
    formula = parse_fol("P(a, f(b)) ∧ Q(c) ∧ P(d) ∧ g(a, b) = e")
    for _ in range(2):  # the second time from the memo
        fresh = Vocabulary()
        fresh.observe(formula)
        assert fresh.predicates == {"P": 2, "Q": 1}  # the first arity met is kept
        assert fresh.functions == {"f": 1, "g": 2}
        assert fresh.constants == {"a", "b", "c", "d", "e"}
    earlier = Vocabulary(predicates={"Q": 3})
    earlier.observe(formula)
    assert earlier.predicates == {"Q": 3, "P": 2}  # what a problem saw first stays


def test_a_formula_is_walked_once_for_all_its_facts() -> None:
    formula = parse_fol("∀x (P(x, f(a)) → x = 2 ∨ ¬Q(b))")
    assert nodes(formula) == tuple(walk(formula))
    assert nodes(formula) is nodes(formula)
