"""Problem-level evaluation with stand-in parser and prover: answers, votes, outcomes, scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from veridot.parser.ast import Formula, Pred
from veridot.parser.semantic import Role, Translation
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.base import ProofResult, ProverError, ProverSession, Verdict
from veridot.verifier.datasets import Problem, Sample
from veridot.verifier.evaluate import (
    EvalSummary,
    ProblemResult,
    SampleResult,
    answer_of,
    evaluate_problem,
    majority,
    view_of,
)


@dataclass
class FakeParser:
    """Text `P` becomes atom `P`; text starting with `!` is untranslated; `-` is no claim."""

    name: str = "fol"
    seen: list[tuple[str, Role]] = field(default_factory=list)

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        self.seen.append((text, role))
        if text.startswith("!"):
            return Translation.untranslated(f"cannot read {text}", parser=self.name)
        if text == "-":
            return Translation.no_claim(parser=self.name)
        formula = Pred(text)
        vocabulary.observe(formula)
        return Translation.of(formula, parser=self.name)


@dataclass
class FakeProver:
    """The verdict is looked up by the claim's predicate name."""

    verdicts: dict[str, Verdict]
    name: str = "fake"
    calls: list[tuple[tuple[Formula, ...], Formula]] = field(default_factory=list)

    def prove(
        self, premises: Sequence[Formula], claim: Formula, *, timeout: float = 2.0
    ) -> ProofResult:
        self.calls.append((tuple(premises), claim))
        assert isinstance(claim, Pred)
        if claim.name == "Boom":
            raise ProverError("backend exploded")
        if claim.name == "Bug":
            raise ZeroDivisionError("division by zero")
        verdict = self.verdicts[claim.name]
        reason = "deadline passed" if verdict is Verdict.UNKNOWN else ""
        return ProofResult(verdict, reason=reason, prover=self.name)

    def session(self, *, timeout: float = 2.0) -> ProverSession:
        raise NotImplementedError


VERDICTS = {
    "Yes": Verdict.ENTAILED,
    "No": Verdict.CONTRADICTED,
    "Open": Verdict.UNSUPPORTED,
    "Absurd": Verdict.INCONSISTENT,
    "Slow": Verdict.UNKNOWN,
}


def one(conclusion: str, label: str = "True", *premises: str) -> Problem:
    return Problem("p", label, samples=(Sample(premises or ("A",), conclusion),))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("verdict", "outcome"),
    [
        (Verdict.ENTAILED, "True"),
        (Verdict.CONTRADICTED, "False"),
        (Verdict.UNSUPPORTED, "Uncertain"),
        (Verdict.INCONSISTENT, "inconsistent"),
        (Verdict.UNKNOWN, "unknown"),
    ],
)
def test_answer_of_each_verdict(verdict: Verdict, outcome: str) -> None:
    assert answer_of(verdict) == outcome


@pytest.mark.parametrize(
    ("claim", "label", "predicted", "correct"),
    [
        ("Yes", "True", "True", True),
        ("No", "False", "False", True),
        ("Open", "Uncertain", "Uncertain", True),
        ("Open", "True", "Uncertain", False),
        ("Absurd", "True", "inconsistent", False),
        ("Slow", "Uncertain", "unknown", False),
    ],
)
def test_problem_answer_from_verdict(claim: str, label: str, predicted: str, correct: bool) -> None:
    result = evaluate_problem(one(claim, label), FakeParser(), FakeProver(VERDICTS))
    assert result.predicted == predicted
    assert result.correct is correct


def test_premises_and_conclusion_are_translated_with_roles() -> None:
    parser, prover = FakeParser(), FakeProver(VERDICTS)
    evaluate_problem(one("Yes", "True", "A", "-", "B"), parser, prover)
    assert parser.seen == [("A", "premise"), ("-", "premise"), ("B", "premise"), ("Yes", "claim")]
    # the no-claim premise adds nothing
    assert prover.calls == [((Pred("A"), Pred("B")), Pred("Yes"))]


def test_one_untranslated_premise_makes_the_sample_untranslated() -> None:
    prover = FakeProver(VERDICTS)
    result = evaluate_problem(one("Yes", "True", "A", "!bad"), FakeParser(), prover)
    assert result.predicted == "untranslated"
    assert "premise 2" in result.reason
    assert "cannot read !bad" in result.reason
    assert prover.calls == []  # never decided on a weakened premise set


def test_untranslated_conclusion_and_broken_sample() -> None:
    result = evaluate_problem(one("!x"), FakeParser(), FakeProver(VERDICTS))
    assert result.predicted == "untranslated"
    assert "conclusion" in result.reason
    broken = Problem("b", "True", samples=(Sample((), "", error="no 'FOL:' line"),))
    result = evaluate_problem(broken, FakeParser(), FakeProver(VERDICTS))
    assert (result.predicted, result.reason) == ("untranslated", "no 'FOL:' line")


def test_prover_errors_become_unknown_with_reason() -> None:
    for claim, text in [("Boom", "backend exploded"), ("Bug", "ZeroDivisionError")]:
        result = evaluate_problem(one(claim), FakeParser(), FakeProver(VERDICTS))
        assert result.predicted == "unknown"
        assert text in result.reason
    slow = evaluate_problem(one("Slow"), FakeParser(), FakeProver(VERDICTS))
    assert slow.reason == "deadline passed"


def test_majority_vote_over_translatable_samples() -> None:
    assert majority(["untranslated", "True", "Uncertain", "True"]) == "True"
    assert majority(["untranslated", "untranslated"]) == "untranslated"
    assert majority([]) == "untranslated"
    # a tie goes to the outcome seen first, as Counter.most_common does in LINC
    assert majority(["Uncertain", "True", "True", "Uncertain"]) == "Uncertain"
    assert majority(["untranslated", "untranslated", "False"]) == "False"


def test_problem_with_many_samples_votes() -> None:
    samples = (
        Sample(("A",), "Yes"),
        Sample(("A",), "Open"),
        Sample(("!x",), "Yes"),
        Sample(("A",), "Yes"),
    )
    result = evaluate_problem(
        Problem("v", "True", samples=samples), FakeParser(), FakeProver(VERDICTS)
    )
    assert [s.outcome for s in result.samples] == ["True", "Uncertain", "untranslated", "True"]
    assert result.predicted == "True"
    assert result.correct


def test_views_follow_the_parser() -> None:
    fol = Sample(("A",), "Yes")
    text = Sample((), "Yes", context="A.")
    both = Problem("x", "True", samples=(fol,), text=text)
    only_text = Problem("y", "True", text=text)
    assert view_of(both, "fol") == (fol,)
    assert view_of(both, "english") == (text,)
    assert view_of(both, "auto") == (fol,)
    assert view_of(only_text, "auto") == (text,)
    assert view_of(only_text, "fol") == ()
    missing = evaluate_problem(only_text, FakeParser(), FakeProver(VERDICTS))
    assert missing.predicted == "untranslated"
    assert "no FOL" in missing.reason


def _result(gold: str, predicted: str) -> ProblemResult:
    return ProblemResult("r", gold, predicted, (SampleResult(predicted),))  # type: ignore[arg-type]


def test_summary_figures_and_json_keys() -> None:
    results = (
        _result("True", "True"),
        _result("True", "untranslated"),
        _result("False", "False"),
        _result("Uncertain", "True"),
        _result("Uncertain", "Uncertain"),
        _result("False", "inconsistent"),
    )
    summary = EvalSummary(results, elapsed_s=1.5, parser="fol", prover="z3")
    data = summary.to_dict()
    assert {"n", "accuracy", "untranslated", "by_label", "elapsed_s"} <= data.keys()
    assert data["n"] == 6
    assert data["correct"] == 3
    assert data["accuracy"] == pytest.approx(0.5)
    assert data["untranslated"] == 1
    assert data["accuracy_translated"] == pytest.approx(3 / 5)
    assert data["by_label"] == {
        "True": {"n": 2, "correct": 1, "accuracy": 0.5},
        "False": {"n": 2, "correct": 1, "accuracy": 0.5},
        "Uncertain": {"n": 2, "correct": 1, "accuracy": 0.5},
    }
    assert data["confusion"]["Uncertain"]["True"] == 1  # type: ignore[index]
    assert data["outcomes"]["inconsistent"] == 1  # type: ignore[index]
    assert "problems" not in data
    assert len(summary.to_dict(problems=True)["problems"]) == 6  # type: ignore[arg-type]


def test_empty_summary() -> None:
    data = EvalSummary((), elapsed_s=0.0).to_dict()
    assert (data["n"], data["accuracy"], data["untranslated"]) == (0, 0.0, 0)
