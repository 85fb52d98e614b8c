"""Evaluate benchmark problems in several worker processes (`veridot eval --jobs N`).

Problems are independent, so a pool of workers (started as `provers.supervisor` says, with
the evaluator preloaded) decides them in parallel; each worker builds its own parser and
prover once (a Z3 context must never cross a process boundary) and results come back in
input order. The function that
decides one problem is handed in by `verifier.evaluate` (which imports this module), so the
two modules do not import each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from parser.semantic import SemanticParser
from provers.base import Prover
from provers.supervisor import mp_context
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


_WORKER: tuple[SemanticParser, Prover, _Options] | None = None


def _start_worker(options: _Options) -> None:
    global _WORKER
    from parser.registry import get_semantic_parser
    from provers.registry import get_prover

    _WORKER = (get_semantic_parser(options.parser), get_prover(options.prover), options)


def _decide(problem: Problem) -> ProblemResult:
    assert _WORKER is not None, "worker not initialised"
    parser, prover, options = _WORKER
    return options.decide(
        problem,
        parser,
        prover,
        timeout=options.timeout,
        overloading=options.overloading,
        reading=options.reading,
    )


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
    context = mp_context(("verifier.evaluate",))
    # Small chunks keep both workers busy when a few problems are much slower than the rest.
    chunk = max(1, len(problems) // (jobs * 16))
    with context.Pool(jobs, initializer=_start_worker, initargs=(options,)) as pool:
        yield from pool.imap(_decide, problems, chunksize=chunk)
