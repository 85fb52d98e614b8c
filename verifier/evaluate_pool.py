"""Evaluate benchmark problems in several worker processes (`veridot eval --jobs N`).

Problems are independent, so the workers of a `veridot.provers.supervisor.Supervisor` (the evaluator
preloaded) decide them in parallel; each worker builds its own parser and prover once (a Z3
context must never cross a process boundary) and results come back in input order. The
function that decides one problem is handed in by `veridot.verifier.evaluate` (which imports this
module), so the two modules do not import each other; the parser, prover and timeout come as
`CheckOptions`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

from veridot.parser.semantic import SemanticParser
from veridot.provers.base import Prover
from veridot.provers.supervisor import Supervisor, prestart
from veridot.verifier.datasets import Problem
from veridot.verifier.options import CheckOptions

Result = TypeVar("Result", covariant=True)


class DecideProblem(Protocol[Result]):
    """How one problem is decided: `veridot.verifier.evaluate.evaluate_problem` with its reading
    bound (`functools.partial`); it travels to the workers with each task."""

    def __call__(
        self, problem: Problem, parser: SemanticParser, prover: Prover, *, timeout: float
    ) -> Result: ...


_WORKER: dict[CheckOptions, tuple[SemanticParser, Prover]] = {}  # per worker process

Task = tuple[DecideProblem[object], CheckOptions, Problem]


def _decide(task: Task) -> object:
    """Decide one problem in a worker, with the parser and prover it built for `options`."""
    decide, options, problem = task
    if options not in _WORKER:
        from veridot.parser.registry import get_semantic_parser
        from veridot.provers.registry import get_prover

        parser = get_semantic_parser(options.parser_name)
        _WORKER[options] = (parser, get_prover(options.prover))
    parser, prover = _WORKER[options]
    return decide(problem, parser, prover, timeout=options.timeout)


PRELOAD = ("veridot.verifier.evaluate",)  # what the workers' fork server imports


def prestart_workers() -> None:
    """Have the workers' fork server import the evaluator now, while this process starts up
    (`veridot eval --workers N` calls it first thing), so the pool starts at once later."""
    prestart(PRELOAD)


def evaluate_in_processes(
    problems: Sequence[Problem],
    *,
    decide: DecideProblem[Result],
    jobs: int,
    options: CheckOptions,
) -> Iterator[Result]:
    """`decide` over `problems` in `jobs` processes, in input order, each worker with the
    parser and prover `options` name."""
    supervisor = Supervisor(
        jobs, preload=PRELOAD, max_jobs=None, demote_after_s=None,
        queue_wait_s=3600.0,
    )  # fmt: skip
    with supervisor:
        # The default window, `LOOK_AHEAD_PER_WORKER` problems per worker: a problem slow to
        # decide must not leave the other workers idle while results leave in input order.
        for result in supervisor.map(_decide, ((decide, options, problem) for problem in problems)):
            assert result is not None  # no task is None
            yield result  # type: ignore[misc]  # what `decide` returns, through a worker
