"""Where a dataset run's checks execute: in-process, in a supervisor's workers, or on Ray.

`check_results(fn, tasks, workers, executor)` gives `fn(task)` for every task of a run, in
input order, with `None` for a `None` task (a record that needs no check: a cache hit, an
unreadable record). With `workers <= 1` every check runs in this process; otherwise in the
workers of a `veridot.provers.supervisor.Supervisor`, started only once a second record needs a
check (a run of one miss, or of cache hits, starts no process); an `executor`
(`veridot.verifier.executors.RayExecutor`) gets the checks instead. `veridot.verifier.runner`
decides what to check and what to do with the results.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from veridot.verifier.executors import Executor

__all__ = ["check_results"]

T = TypeVar("T")
Result = dict[str, Any]

PRELOAD = (
    "veridot.verifier.check",
    "veridot.verifier.readers",
)  # what every record's check imports
# Records a worker checks before it is replaced: rarely enough that re-warming its parsers is
# lost in the noise, often enough that a slow leak in a solver library cannot grow for a
# million records.
RECYCLE_AFTER = 2000
HOLD_LIMIT = 256  # records read past one to check before it is checked in-process after all


def check_results(
    fn: Callable[[T], Result],
    tasks: Iterator[T | None],
    workers: int,
    executor: Executor | None = None,
) -> Iterator[Result | None]:
    """`fn(task)` for `tasks` in order (None for a None task), in-process, from the workers
    of a supervisor, or from an executor.

    `fn` is a module-level function (workers receive it by name) that never raises.
    `tasks` is consumed lazily with a bounded look-ahead, so the records of a large input
    are never all in memory at once. The pool starts only when a second record needs a
    check; an executor (Ray) gets the checks only, and reports what needs none with the
    next check's result.
    """
    if executor is not None:
        yield from executor.map(fn, (task for task in tasks if task is not None))
        return
    held: T | None = None  # one check waiting to see whether a pool is worth starting
    skipped = 0
    for task in tasks:
        if task is None:
            yield None
            skipped += 1
            if held is not None and skipped > HOLD_LIMIT:
                yield fn(held)
                held = None
            continue
        if workers <= 1:
            yield fn(task)
        elif held is None:
            held, skipped = task, 0
        else:
            yield from _pool_results(fn, itertools.chain((held, task), tasks), workers)
            return
    if held is not None:
        yield fn(held)


def _pool_results(
    fn: Callable[[T], Result], tasks: Iterator[T | None], workers: int
) -> Iterator[Result | None]:
    # A worker that dies (or cannot start) fails its record, not the run: it is replaced.
    from veridot.provers.supervisor import Supervisor, cpu_count

    size = min(workers, cpu_count())
    supervisor = Supervisor(
        size,
        preload=PRELOAD,
        max_jobs=RECYCLE_AFTER,
        demote_after_s=None,
        queue_wait_s=3600.0,  # map never has more jobs than workers: nothing waits long
    )
    with supervisor:
        # The default window, `LOOK_AHEAD_PER_WORKER` records per worker: a slow record
        # must not leave the other workers idle while results leave in input order.
        yield from supervisor.map(fn, tasks, on_error=_worker_died)


def _worker_died(err: Exception) -> Result:
    return {"failure": {"code": "worker_died", "message": f"a worker process died: {err}"}}
