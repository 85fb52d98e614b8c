"""Other pipelines' readings in `veridot.verifier.evaluate` (issue 11 item 11): ProofWriter's "not"
and NLTK's free variables, against the classical default, with the real parsers and Z3."""

from __future__ import annotations

import pytest

from veridot.parser.fol import parse_fol
from veridot.verifier.datasets import Problem, Sample
from veridot.verifier.evaluate import evaluate
from veridot.verifier.readings import Reading, close_universally, free_variables


def fol_problem(premises: list[str], conclusion: str, label: str = "True") -> Problem:
    return Problem(id="p", label=label, samples=(Sample(tuple(premises), conclusion),))  # type: ignore[arg-type]


def text_problem(context: list[str], statement: str, label: str) -> Problem:
    return Problem(id="t", label=label, text=Sample(tuple(context), statement))  # type: ignore[arg-type]


def answer(problem: Problem, parser: str = "fol", **reading: str) -> str:
    summary = evaluate([problem], parser=parser, **reading)  # type: ignore[arg-type]
    return summary.results[0].predicted


def test_free_variables_are_constants_by_default_and_universal_on_request() -> None:
    # Logic-LM's GPT-4 programs often leave x free; NLTK and Prover9 close it universally.
    problem = fol_problem(["Dog(x) → Animal(x)", "Dog(rex)"], "Animal(rex)")
    assert answer(problem) == "Uncertain"
    assert answer(problem, free_variables="universal") == "True"


def test_universal_closure_follows_nltk_variable_names() -> None:
    formula = parse_fol("Likes(x, y2) ∧ Knows(xavier, e) ∧ ∀x Q(x)")
    assert free_variables(formula) == ["x", "y2", "e"]
    closed = close_universally(formula)
    assert closed == parse_fol("∀x ∀y2 ∀e (Likes(x, y2) ∧ Knows(xavier, e) ∧ ∀x Q(x))")
    assert close_universally(parse_fol("Cat(tom)")) == parse_fol("Cat(tom)")


RULES = ["If something is rough then it is cold.", "Harry is not cold."]


@pytest.mark.parametrize(
    ("context", "statement", "classical", "proofwriter"),
    [
        # Contraposition: classically True; ProofWriter's reasoner cannot derive it.
        (RULES, "Harry is not rough.", "True", "Uncertain"),
        # A negated fact is a fact of its own, and its complement is refuted.
        (["Bob is not red."], "Bob is red.", "False", "False"),
        (["Bob is not red.", "If something is not red then it is kind."], "Bob is kind.",
         "True", "True"),
        (["Bob is big."], "Bob is red.", "Uncertain", "Uncertain"),
    ],
)  # fmt: skip
def test_proofwriter_semantics_reads_not_as_a_literal(
    context: list[str], statement: str, classical: str, proofwriter: str
) -> None:
    problem = text_problem(context, statement, "Uncertain")
    assert answer(problem, parser="english") == classical
    assert answer(problem, parser="english", semantics="proofwriter") == proofwriter


def test_the_reading_is_part_of_the_summary_and_checked() -> None:
    summary = evaluate([fol_problem(["P(a)"], "P(a)")], semantics="proofwriter")
    assert summary.to_dict()["semantics"] == "proofwriter"
    assert summary.to_dict()["free_variables"] == "constants"
    with pytest.raises(ValueError, match="unknown semantics 'closed'"):
        Reading("closed")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="free-variable reading 'free'"):
        evaluate([], free_variables="free")
