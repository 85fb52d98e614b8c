"""`evaluate` end to end with the real FOL parser and Z3: callbacks, worker processes, views."""

from __future__ import annotations

from pathlib import Path

from veridot.verifier.datasets import load_problems
from veridot.verifier.evaluate import ProblemResult, evaluate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"


def test_on_result_sees_every_problem_in_order() -> None:
    problems = load_problems(FIXTURES / "folio_small.jsonl", "folio")
    seen: list[ProblemResult] = []
    summary = evaluate(problems, on_result=seen.append)
    assert [r.id for r in seen] == [p.id for p in problems]
    assert tuple(seen) == summary.results
    assert [r.predicted for r in seen] == ["True", "False", "Uncertain", "True", "untranslated"]


def test_worker_processes_agree_with_one_process() -> None:
    problems = load_problems(FIXTURES / "toy-folio-neurosymbolic_generations_raw.json", "linc")
    problems = problems * 2  # enough problems for two workers
    seen: list[ProblemResult] = []
    parallel = evaluate(problems, jobs=2, on_result=seen.append)
    serial = evaluate(problems)
    assert [r.predicted for r in parallel.results] == [r.predicted for r in serial.results]

    def outcomes(results: tuple[ProblemResult, ...]) -> list[list[tuple[str, str]]]:
        return [[(s.outcome, s.reason) for s in r.samples] for r in results]

    assert outcomes(parallel.results) == outcomes(serial.results)
    assert len(seen) == len(problems)
    assert parallel.to_dict()["samples"] == 20
