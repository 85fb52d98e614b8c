"""Sort and arity inference: numbers vs objects by union-find, clashes named at both places."""

from __future__ import annotations

import pytest

from veridot.parser.ast import And, Exists, Forall
from veridot.parser.errors import SortError
from veridot.parser.fol import parse_fol
from veridot.parser.sorts import (
    Signature,
    Sort,
    SortInference,
    infer_signature,
    variable_sort,
    variable_sorts,
)

NUM, OBJ = Sort.NUMBER, Sort.OBJECT


def signature_of(*texts: str, base: Signature | None = None) -> Signature:
    return infer_signature((parse_fol(t) for t in texts), base)


def test_objects_by_default() -> None:
    sig = signature_of("∀x (Dog(x) → Animal(x))", "Owns(tom, rex)", "Raining")
    assert sig.constants == {"tom": OBJ, "rex": OBJ}
    assert sig.predicates == {"Dog": (OBJ,), "Animal": (OBJ,), "Owns": (OBJ, OBJ), "Raining": ()}
    assert sig.functions == {}


def test_comparison_and_arithmetic_make_numbers() -> None:
    sig = signature_of("age(tom) ≥ 18", "price = 48 / 2", "total = price + tax")
    assert sig.functions == {"age": ((OBJ,), NUM)}
    assert sig.constants == {"tom": OBJ, "price": NUM, "tax": NUM, "total": NUM}


def test_sorts_flow_through_equality_and_argument_positions() -> None:
    # Logic-LM style: `Rating(x, y) ∧ y > 9` makes Rating's second place numeric, and with it
    # every constant that appears there anywhere in the problem.
    sig = signature_of("∀x (Rating(x, y) ∧ y > 9 → Listed(x))", "Rating(subway, r)", "s = r")
    assert sig.predicates["Rating"] == (OBJ, NUM)
    assert sig.constants["r"] == NUM
    assert sig.constants["s"] == NUM
    assert sig.constants["subway"] == OBJ


def test_numeric_literal_argument() -> None:
    sig = signature_of("StreamingService(1984)", "StreamingService(b)")
    assert sig.predicates["StreamingService"] == (NUM,)
    assert sig.constants["b"] == NUM


def test_variable_sort() -> None:
    premises = [parse_fol("∀x (Adult(x) → age(x) ≥ 18)"), parse_fol("∃n (n > 3 ∧ Lucky(n))")]
    sig = infer_signature(premises)
    q0, q1 = premises
    assert isinstance(q0, Forall)
    assert isinstance(q1, Exists)
    assert variable_sort(q0, sig) == OBJ
    assert variable_sort(q1, sig) == NUM
    # From the signature alone: Lucky takes numbers, so this x is a number too.
    claim = parse_fol("∃x Lucky(x)")
    assert isinstance(claim, Exists)
    assert variable_sort(claim, sig) == NUM


def test_variable_sorts_read_the_whole_formula() -> None:
    # `y` is equated with `x`, a number bound further out: read alone, `∀y` sees `x` free.
    formula = parse_fol("∀x (x > 0 → ∀y (y = x))")
    sig = infer_signature([formula])
    assert isinstance(formula, Forall)
    inner = formula.body.right  # type: ignore[attr-defined]
    assert isinstance(inner, Forall)
    assert variable_sorts(formula, sig) == {id(formula): NUM, id(inner): NUM}
    assert variable_sort(inner, sig) == OBJ
    # A quantifier node held twice (in scopes of different sorts) is left to `variable_sort`.
    shared = Forall(inner.var, inner.body)
    both = parse_fol("∀x (x > 0 → P(x))")
    assert variable_sorts(And((shared, shared)), sig) == {}
    assert variable_sorts(both, infer_signature([both]))[id(both)] == NUM


def test_bound_variables_with_one_name_are_independent() -> None:
    sig = signature_of("∀x (x > 1 → Big(x))", "∀x (Dog(x) → Animal(x))")
    assert sig.predicates["Big"] == (NUM,)
    assert sig.predicates["Dog"] == (OBJ,)


def test_base_signature_is_extended() -> None:
    base = signature_of("Dog(rex)")
    sig = signature_of("weight(rex) > 3", base=base)
    assert sig.predicates == {"Dog": (OBJ,)}
    assert sig.functions == {"weight": ((OBJ,), NUM)}
    assert sig.constants == {"rex": OBJ}


@pytest.mark.parametrize(
    ("texts", "label", "mentions"),
    [
        (("Likes(a, b)", "Likes(a)"), "arity clash", ["Likes(a, b)", "Likes(a)"]),
        (("f(a) = b", "f(a, b) = c"), "arity clash", ["f(a)", "f(a, b)"]),
        (("Dog(rex)", "Owner(Dog)"), "symbol clash", ["Dog(rex)", "Owner(Dog)"]),
        (("Dog(rex)", "Dog = b"), "symbol clash", ["predicate", "constant"]),
        (("c = 1", "c(a) = 2"), "symbol clash", ["constant", "function"]),
    ],
)
def test_clashes_name_both_places(texts: tuple[str, str], label: str, mentions: list[str]) -> None:
    with pytest.raises(SortError) as info:
        signature_of(*texts)
    err = info.value
    assert err.label == label
    assert "formula 1" in err.message
    assert "formula 2" in err.message
    for text in mentions:
        assert text in err.message
    assert err.line == 1


def test_sort_clash_with_base_signature() -> None:
    base = Signature(constants={"tom": OBJ}, predicates={"Dog": (OBJ,)})
    with pytest.raises(SortError) as info:
        signature_of("Tall(a)", "tom + 1 = 3", base=base)
    assert info.value.label == "sort clash"
    assert "given signature" in info.value.message
    assert "formula 2" in info.value.message
    with pytest.raises(SortError) as info:
        signature_of("Dog(5)", base=base)
    assert info.value.label == "sort clash"


def test_deep_formulas_do_not_recurse() -> None:
    formula = parse_fol("¬" * 190 + "(a > 1)")
    assert infer_signature([formula]).constants == {"a": NUM}


def test_incremental_inference_keeps_open_sorts_open() -> None:
    # `a` is forced by nothing in the first formula: it must not be frozen as an object,
    # or `P(a)` after `P(1)` would be a clash that inference over all three never sees.
    formulas = [parse_fol("∀x (x = a)"), parse_fol("P(1)"), parse_fol("P(a)")]
    inference = SortInference()
    for formula in formulas:
        inference.add([formula])
    assert inference.signature() == infer_signature(formulas)
    assert inference.signature().constants["a"] is Sort.NUMBER


def test_incremental_inference_refuses_a_clash_and_stays_as_it_was() -> None:
    inference = SortInference()
    inference.add([parse_fol("P(a)")])
    before = inference.signature()
    with pytest.raises(SortError) as caught:
        inference.add([parse_fol("Q(b)"), parse_fol("P(a, b)")])
    assert "formula 1" in str(caught.value)
    assert "P(a, b)" in str(caught.value)
    assert inference.signature() == before  # nothing of the refused batch was kept


def test_problems_sharing_premises_get_the_signature_of_an_inference_from_scratch() -> None:
    # `veridot eval`: one story's premise objects, then each problem's claim. The inference
    # over the premises is remembered; one claim's sorts must not leak into the next.
    premises = [parse_fol("∀x (x = a → P(x))"), parse_fol("Q(b)")]
    as_number = infer_signature([*premises, parse_fol("a = 3")])
    as_object = infer_signature([*premises, parse_fol("R(a)")])
    assert as_number.constants["a"] is Sort.NUMBER
    assert as_object.constants["a"] is Sort.OBJECT
    assert "R" not in as_number.predicates
    for claim in ("a = 3", "R(a)", "b > 1"):
        batch = [*premises, parse_fol(claim)]
        fresh = infer_signature(batch, base=Signature())  # with a base: never remembered
        again = infer_signature(batch)
        assert again == fresh


def test_a_clash_among_shared_premises_is_reported_every_time() -> None:
    premises = [parse_fol("P(a)"), parse_fol("P(a, b)")]
    messages = []
    for claim in ("Q(a)", "R(b)"):
        with pytest.raises(SortError) as err:
            infer_signature([*premises, parse_fol(claim)])
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "arity" in messages[0]
