"""Z3 verdicts with their evidence: cores, countermodels, witnesses, numbers, determinism."""

from __future__ import annotations

import re
import threading
from fractions import Fraction

import pytest

from veridot.parser.ast import And, Const, Eq, Not, Pred, Var
from veridot.parser.errors import NestingError, ParseError, SortError
from veridot.parser.fol import MAX_DEPTH, parse_fol
from veridot.provers.base import Model, ProverError, Verdict
from veridot.provers.world_layout import MAX_ATOMS, MAX_DOMAIN
from veridot.provers.z3_prover import Z3Prover
from veridot.verifier import prove

ATOM = re.compile(r"^\w+(\(\w+(, \w+)*\))?( = \w+)?$")


def _names(model: Model) -> set[str]:
    return set(model.domain) | set(model.constants)


def test_entailed_core_leaves_out_irrelevant_premises() -> None:
    result = prove(["Cat(tom)", "Dog(rex)", "∀x (Dog(x) → Barks(x))", "Cat(felix)"], "Barks(rex)")
    assert result.verdict is Verdict.ENTAILED
    assert result.used_premises == (1, 2)
    assert result.countermodel is None
    assert result.witness is None
    assert result.prover == "z3"
    assert result.elapsed_ms > 0


def test_contradicted_core() -> None:
    result = prove(["Wet(road)", "∀x (Wet(x) → ¬Dry(x))", "Sunny"], "Dry(road)")
    assert result.verdict is Verdict.CONTRADICTED
    assert result.used_premises == (0, 1)


def test_inconsistent_instead_of_vacuous_entailment() -> None:
    result = prove(["P(a)", "Q(b)", "¬P(a)"], "R(c)")
    assert result.verdict is Verdict.INCONSISTENT
    assert result.used_premises == (0, 2)


def test_inconsistent_even_when_claim_is_valid_or_refuted() -> None:
    assert prove(["P(a)", "¬P(a)"], "Q(a) ∨ ¬Q(a)").verdict is Verdict.INCONSISTENT
    assert prove(["P(a)", "¬P(a)"], "Q(a) ∧ ¬Q(a)").verdict is Verdict.INCONSISTENT


def test_unsupported_countermodel_and_witness() -> None:
    result = prove(["∀x (Dog(x) → Animal(x))", "Cat(tom)"], "Animal(tom)")
    assert result.verdict is Verdict.UNSUPPORTED
    assert result.used_premises == ()
    counter, witness = result.countermodel, result.witness
    assert counter is not None
    assert witness is not None
    assert "Cat(tom)" in counter.true_atoms
    assert "Animal(tom)" not in counter.true_atoms
    assert "Animal(tom)" in witness.true_atoms
    assert "Cat(tom)" in witness.true_atoms
    assert counter.constants["tom"] in counter.domain
    assert all(ATOM.match(atom) for atom in counter.true_atoms + witness.true_atoms)


def test_countermodel_names_unnamed_elements() -> None:
    result = prove(["∃x ¬Likes(tom, x)", "Likes(tom, tom)"], "Likes(tom, jerry)")
    assert result.verdict is Verdict.UNSUPPORTED
    counter = result.countermodel
    assert counter is not None
    assert len(counter.domain) >= 2
    assert counter.domain == tuple(f"e{i}" for i in range(len(counter.domain)))
    assert "Likes(tom, tom)" in counter.true_atoms
    assert "Likes(tom, jerry)" not in counter.true_atoms
    for atom in counter.true_atoms:
        assert ATOM.match(atom)
        args = re.findall(r"\w+", atom)[1:]
        assert set(args) <= _names(counter)
    # constants are named by their own name in atoms, not by an element
    assert not any(f"({counter.constants['tom']}," in atom for atom in counter.true_atoms)


def test_zero_ary_atoms_and_object_functions_are_rendered() -> None:
    result = prove(["Raining ∨ Snowing", "fatherOf(ann) = bob"], "Raining")
    counter = result.countermodel
    assert result.verdict is Verdict.UNSUPPORTED
    assert counter is not None
    assert "Snowing" in counter.true_atoms
    assert "Raining" not in counter.true_atoms
    assert "fatherOf(ann) = bob" in counter.true_atoms


def test_numbers_are_exact_text() -> None:
    result = prove(["x > 2", "x < 3", "age(tom) ≥ 18"], "x = 5 / 2 ∧ age(tom) = 20")
    assert result.verdict is Verdict.UNSUPPORTED
    witness, counter = result.witness, result.countermodel
    assert witness is not None
    assert counter is not None
    assert witness.numbers["x"] == "5/2"
    assert witness.numbers["age(tom)"] == "20"
    assert 2 < Fraction(counter.numbers["x"]) < 3
    assert Fraction(counter.numbers["age(tom)"]) >= 18
    assert (counter.numbers["x"], counter.numbers["age(tom)"]) != ("5/2", "20")


def test_rational_arithmetic_is_exact() -> None:
    assert prove(["price = 48 / 2"], "price = 24").verdict is Verdict.ENTAILED
    assert prove(["third = 1 / 3"], "third * 3 = 1").verdict is Verdict.ENTAILED
    assert prove(["third = 1 / 3"], "third = 0.333").verdict is Verdict.CONTRADICTED


def test_results_are_deterministic() -> None:
    premises = ["∀x (Dog(x) → Animal(x))", "∃x (Cat(x) ∧ ¬Dog(x))", "Likes(tom, jerry)"]
    first = prove(premises, "Animal(tom)").to_dict()
    for _ in range(3):
        again = prove(premises, "Animal(tom)").to_dict()
        first["elapsed_ms"] = again["elapsed_ms"] = 0
        assert again == first


def test_division_by_literal_zero_is_unknown() -> None:
    result = prove(["z = 5 / (2 - 2)"], "z = z")
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("division_by_zero")


def test_possible_zero_divisor_downgrades_unsat_verdicts() -> None:
    # SMT-LIB makes 1/0 one unspecified number, so Z3 alone would call this entailed.
    result = prove(["y = 0", "z = 1 / y", "w = 1 / y"], "z = w")
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("division_by_zero")
    # premises that can only hold by dividing by zero decide nothing, not even `y = 0`
    undefined = prove(["y = 0", "z = 1 / y"], "y = 0")
    assert undefined.verdict is Verdict.UNKNOWN
    assert undefined.reason.startswith("division_by_zero")
    # a verdict that does not rest on the division stands
    assert prove(["y = 1", "z = 1 / y"], "y = 1").verdict is Verdict.ENTAILED
    # premises that rule out a zero divisor keep the verdict
    assert prove(["n = 4", "avg = 10 / n"], "avg = 5 / 2").verdict is Verdict.ENTAILED


def test_too_deep_ast_is_refused_without_recursion_error() -> None:
    formula = Pred("P", (Const("a"),))
    for _ in range(MAX_DEPTH + 5):
        formula = Not(formula)
    with pytest.raises(NestingError):
        Z3Prover().prove([formula], Pred("Q"))
    wide = Pred("P", (Const("a"),))
    for i in range(20000):  # far past Python's recursion limit
        wide = And((wide, Pred(f"Q{i % 3}")))
    with pytest.raises(NestingError):
        Z3Prover().prove([], wide)


def test_deep_but_allowed_ast_is_proved() -> None:
    formula = Pred("P", (Const("a"),))
    for _ in range(MAX_DEPTH - 2):
        formula = Not(formula)
    even = (MAX_DEPTH - 2) % 2 == 0
    result = Z3Prover().prove([Pred("P", (Const("a"),))], formula)
    assert result.verdict is (Verdict.ENTAILED if even else Verdict.CONTRADICTED)


def test_free_variable_is_a_prover_error() -> None:
    with pytest.raises((ProverError, SortError)):
        Z3Prover().prove([], Pred("P", (Var("x"),)))


def test_hand_built_ast_equality() -> None:
    result = Z3Prover().prove(
        [Eq(Const("a"), Const("b")), Pred("P", (Const("a"),))], Pred("P", (Const("b"),))
    )
    assert result.verdict is Verdict.ENTAILED


def test_prove_parse_and_sort_errors_are_parse_errors() -> None:
    with pytest.raises(ParseError) as syntax:
        prove(["P(a"], "Q(a)")
    assert syntax.value.line == 1
    with pytest.raises(SortError):
        prove(["P(a)"], "P(a, b)")
    with pytest.raises(TypeError):
        prove("P(a)", "P(a)")  # type: ignore[arg-type]


def test_prove_accepts_asts_and_sorts_inferred_over_all_inputs() -> None:
    # `a = b` alone says nothing about sorts; the conclusion makes both numbers.
    result = prove(["a = b", parse_fol("b = 3")], "a = 3")
    assert result.verdict is Verdict.ENTAILED


def test_results_do_not_depend_on_what_the_thread_proved_before() -> None:
    # Contexts and solvers are reused per thread; the evidence must not depend on history.
    target = (["∀x (Dog(x) → Animal(x))", "∃x (Cat(x) ∧ ¬Dog(x))", "Likes(tom, jerry)"], "Dog(tom)")
    others = [
        (["∀x (A(x) → B(x))", "A(a)", "∃x (D(x) ∧ ¬A(x))"], "B(b)"),
        (["Likes(tom, jerry) ∨ Likes(jerry, tom)", "∀x (Cat(x) → ¬Dog(x))"], "Dog(jerry)"),
    ]
    outputs: list[dict[str, object]] = []

    def run(history: list[tuple[list[str], str]]) -> None:
        for premises, claim in history:
            prove(premises, claim)
        result = prove(*target).to_dict()
        result["elapsed_ms"] = 0
        outputs.append(result)

    for history in ([], others, others[::-1] * 2):
        worker = threading.Thread(target=run, args=(history,))
        worker.start()
        worker.join()
    assert outputs[0]["verdict"] == "unsupported"
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


def test_model_rendering_is_capped() -> None:
    names = [f"c{i}" for i in range(MAX_DOMAIN + 6)]
    distinct = " ∧ ".join(f"{a} ≠ {b}" for i, a in enumerate(names) for b in names[i + 1 :])
    premises = [distinct, "∀x ∀y R(x, y)", "∀x ∀y ∀z S(x, y, z)"]
    result = prove(premises, "P(c0)")
    assert result.verdict is Verdict.UNSUPPORTED
    counter = result.countermodel
    assert counter is not None
    assert len(counter.domain) == MAX_DOMAIN
    assert len(counter.true_atoms) <= MAX_ATOMS
    assert len(counter.constants) == len(names)  # every constant still says what it denotes
    # the claim's symbols come first, so the cap never hides the atom that matters
    assert "P(c0)" not in counter.true_atoms
    assert result.witness is not None
    assert "P(c0)" in result.witness.true_atoms


def test_a_variable_equated_with_an_outer_number_is_a_number() -> None:
    # `y = x` with `x > 0`: `y` is a number; read one quantifier at a time it was an object,
    # and Z3 refused the translation ("Sorts Real and Obj are incompatible").
    premises = [parse_fol("∀x (x > 0 → ∀y (y = x))")]  # false over the numbers
    for evidence in (True, False):
        result = Z3Prover().prove(premises, parse_fol("1 = 2"), evidence=evidence)
        assert result.verdict is Verdict.INCONSISTENT
    consistent = [parse_fol("∀x (x > 0 → ∃y (y = x ∧ Big(y)))")]
    assert Z3Prover().prove(consistent, parse_fol("Big(2)")).verdict is Verdict.ENTAILED
