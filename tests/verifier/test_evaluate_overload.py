"""Prover9-style reading of overloaded names (`veridot.verifier.overload`) and `eval
--overloading`."""

from __future__ import annotations

from veridot.parser.ast import Const, Forall, Func, Implies, Pred, Var, walk
from veridot.parser.fol import parse_fol
from veridot.verifier.datasets import Problem, Sample
from veridot.verifier.evaluate import evaluate, evaluate_problem
from veridot.verifier.overload import separate_overloads


def names(formulas: list) -> set[tuple[str, str, int]]:  # type: ignore[type-arg]
    found = set()
    for f in formulas:
        for node in walk(f):
            if isinstance(node, Pred):
                found.add(("pred", node.name, len(node.args)))
            elif isinstance(node, Func):
                found.add(("func", node.name, len(node.args)))
            elif isinstance(node, Const):
                found.add(("const", node.name, 0))
    return found


def test_no_clash_is_left_alone() -> None:
    formulas = [parse_fol("all x. (Cat(x) -> Pet(x))"), parse_fol("Cat(tom)")]
    assert separate_overloads(formulas) == formulas


def test_constant_and_predicate_with_one_name_become_two_symbols() -> None:
    formulas = [parse_fol("Severe(BileDuct)"), parse_fol("all x. (BileDuct(x) -> Severe(x))")]
    renamed = separate_overloads(formulas)
    assert renamed[0] == formulas[0]  # the first use keeps its name
    x = Var("x")
    assert renamed[1] == Forall(x, Implies(Pred("BileDuct_p1", (x,)), Pred("Severe", (x,))))


def test_two_arities_and_fresh_names_never_collide() -> None:
    formulas = [parse_fol("Piloted(a, b, c)"), parse_fol("Piloted(a, b) & Piloted_p2(a)")]
    renamed = separate_overloads(formulas)
    found = names(renamed)
    assert ("pred", "Piloted", 3) in found
    assert ("pred", "Piloted_p2", 1) in found  # the user's own symbol keeps its name
    two_place = {n for k, n, a in found if k == "pred" and a == 2}
    assert len(two_place) == 1
    assert two_place.isdisjoint({"Piloted", "Piloted_p2"})


def test_function_and_predicate_clash_inside_terms() -> None:
    formulas = [parse_fol("Popular(Show(st))"), parse_fol("Show(bm)")]
    renamed = separate_overloads(formulas)
    assert ("func", "Show", 1) in names(renamed)
    assert ("pred", "Show", 1) not in names(renamed)


def test_eval_overloading_turns_a_clash_into_an_answer() -> None:
    sample = Sample(("Severe(BileDuct)", "all x. (BileDuct(x) -> Severe(x))"), "Severe(BileDuct)")
    problems = [Problem("o", "True", samples=(sample,))]
    strict = evaluate(problems)
    assert strict.results[0].predicted == "untranslated"
    assert "BileDuct" in strict.results[0].reason
    lenient = evaluate(problems, overloading=True)
    assert lenient.results[0].predicted == "True"


def test_overloading_never_merges_symbols() -> None:
    # Q as a 0-place and a 1-place predicate: Q must not follow from Q(a).
    from veridot.parser.registry import get_semantic_parser
    from veridot.provers.registry import get_prover

    problem = Problem("m", "Uncertain", samples=(Sample(("Q(a)",), "Q"),))
    result = evaluate_problem(
        problem, get_semantic_parser("fol"), get_prover("z3"), overloading=True
    )
    assert result.predicted == "Uncertain"
