"""Evaluate benchmark problems in several worker processes (`veridot eval --jobs N`).

Problems are independent, so the workers of a `provers.supervisor.Supervisor` (the evaluator
preloaded) decide them in parallel; each worker builds its own parser and prover once (a Z3
context must never cross a process boundary) and results come back in input order. The
function that decides one problem is handed in by `verifier.evaluate` (which imports this
module), so the two modules do not import each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from parser.semantic import SemanticParser
from provers.base import Prover
from provers.supervisor import Supervisor, prestart
from verifier.datasets import Problem
from verifier.readings import CLASSICAL, Reading

if TYPE_CHECKING:
    from verifier.evaluate import ProblemResult


class DecideProblem(Protocol):
    """The signature of `verifier.evaluate.evaluate_problem`."""

    def __call__(
        self,
        problem: Problem,
        parser: SemanticParser,
        prover: Prover,
        *,
        timeout: float,
        overloading: bool,
        reading: Reading,
    ) -> ProblemResult: ...


@dataclass(frozen=True, slots=True)
class _Options:
    decide: DecideProblem  # a module-level function: pickled by name where workers spawn
    parser: str
    prover: str
    timeout: float
    overloading: bool
    reading: Reading


_WORKER: dict[_Options, tuple[SemanticParser, Prover]] = {}  # per worker process


def _decide(task: tuple[_Options, Problem]) -> ProblemResult:
    """Decide one problem in a worker, with the parser and prover it built for `options`."""
    options, problem = task
    if options not in _WORKER:
        from parser.registry import get_semantic_parser
        from provers.registry import get_prover

        _WORKER[options] = (get_semantic_parser(options.parser), get_prover(options.prover))
    parser, prover = _WORKER[options]
    return options.decide(
        problem,
        parser,
        prover,
        timeout=options.timeout,
        overloading=options.overloading,
        reading=options.reading,
    )


PRELOAD = ("verifier.evaluate",)  # what the workers' fork server imports


def prestart_workers() -> None:
    """Have the workers' fork server import the evaluator now, while this process starts up
    (`veridot eval --workers N` calls it first thing), so the pool starts at once later."""
    prestart(PRELOAD)


def evaluate_in_processes(
    problems: Sequence[Problem],
    *,
    decide: DecideProblem,
    jobs: int,
    parser: str,
    prover: str,
    timeout: float,
    overloading: bool,
    reading: Reading = CLASSICAL,
) -> Iterator[ProblemResult]:
    """`decide` (`evaluate_problem`) over `problems` in `jobs` processes, in input order."""
    options = _Options(decide, parser, prover, timeout, overloading, reading)
    supervisor = Supervisor(
        jobs, preload=PRELOAD, max_jobs=None, demote_after_s=None,
        queue_wait_s=3600.0,
    )  # fmt: skip
    with supervisor:
        for result in supervisor.map(_decide, ((options, problem) for problem in problems)):
            assert result is not None  # no task is None
            yield result
