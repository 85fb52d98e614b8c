"""One worker supervisor: every pool of worker processes in veridot, and how it starts them.

`veridot check --workers`, `veridot eval --workers` and the REST service's solver pool all
run jobs in a `Supervisor`: a fixed number of worker processes (`veridot.provers.supervisor_worker`)
started with the one `START_METHOD` and sized from the one `cpu_count()` (both in
`veridot.provers.processes`; `veridot.provers.worker_set` starts, stops and replaces them).
A job takes one idle worker, is sent to it over a pipe, and its caller waits for the answer;
`map` runs a function over many tasks that way and yields the results in input order.

Killable per job: three limits end a job by killing its worker alone (SIGKILL: a solver deep
in C code ignores everything else) and starting a replacement: the job's deadline; with
`report_checks`, the deadline of the solver check running in it (a check still running
`check_grace_s` after its timeout and the prover's own kill grace,
`veridot.provers.deadline.grace_s`, is stuck); and the caller's `cancel` event (which also takes a
job out of the queue). Workers are recycled after `max_jobs` jobs, so that slow leaks in
solver libraries cannot accumulate. A job still running after `demote_after_s` (a solver
heading for its timeout) is demoted to a low CPU priority and a stand-in worker joins the
pool until it ends. Jobs marked `long_job` may hold at most `max_long` workers at once, so
ordinary jobs always find capacity; more long jobs wait in a short queue of their own. When
every worker is busy, up to `max_queue` callers wait at most `queue_wait_s` for one; beyond
that they get `PoolSaturated`.

Not `concurrent.futures.ProcessPoolExecutor` nor `pebble.ProcessPool`: the first cannot kill
one stuck task (only the whole pool); neither streams a job's events, reports its solver
checks, demotes a long job or keeps lanes for long ones, which the service needs.

The other owner of workers is `veridot.provers.worker_process`: one prover backend pinned to
its caller, for `both`/`portfolio` and Z3's nonlinear checks, which must run inside the
supervisor's workers too. It is the same kind of worker (`supervisor_worker`: one loop, one
message format, one `stop`), started by a plain fork (`veridot.provers.processes.fork_worker`
says why), not a pool: each child holds its caller's sessions, so it is not shared.
It lives in `provers/` because that is the lowest layer that runs workers, and every layer
above may import it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from veridot.provers.processes import START_METHOD, cpu_count, mp_context, prestart
from veridot.provers.supervisor_worker import (
    CANCEL_POLL_S,
    DeadlineExceeded,
    JobCancelled,
    JobFailed,
    PoolSaturated,
    Worker,
    WorkerCrashed,
    await_message,
    await_ready,
)
from veridot.provers.worker_set import PoolEvents, WorkerSet

__all__ = [
    "LOOK_AHEAD_PER_WORKER",
    "START_METHOD",
    "DeadlineExceeded",
    "JobCancelled",
    "JobFailed",
    "PoolEvents",
    "PoolSaturated",
    "Supervisor",
    "WorkerCrashed",
    "cpu_count",
    "mp_context",
    "prestart",
]

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per worker in `map` (taken from the input, running, or done and waiting for
# an earlier one): results leave in input order, so while one task runs long the window must
# hold everything the other workers get through meanwhile, or they run out of work and sit
# idle. Check times are heavy-tailed (ProcessBench: median 20 ms, a few records several
# seconds of solver timeouts); with 4 per worker every worker but the slow record's waited
# (two workers kept ~1.2 cores busy). 128 (a few MB of reports per worker) keeps them busy
# through a task ~100x the median. Every run that yields in input order uses it: `map`
# (`check --workers`, `eval --workers`) and Ray's executor (`veridot.verifier.executors`).
LOOK_AHEAD_PER_WORKER = 128


class Supervisor(WorkerSet):
    """A fixed number of worker processes shared by all callers (thread-safe); see
    `WorkerSet` for the constructor's knobs."""

    # -- running jobs --------------------------------------------------------------------
    def run(
        self,
        fn: Callable[..., R],
        args: tuple[Any, ...],
        *,
        deadline_s: float | None = None,
        cancel: threading.Event | None = None,
        long_job: bool = False,
        name: str | None = None,
    ) -> R:
        """`fn(*args)` in a worker; its events, if any, are discarded (see `stream`)."""
        result: Any = None
        events = self.stream(
            fn, args, deadline_s=deadline_s, cancel=cancel, long_job=long_job, name=name
        )
        for tag, body in events:
            if tag == "ok":
                result = body
        return result  # type: ignore[no-any-return]

    def stream(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        *,
        deadline_s: float | None = None,
        cancel: threading.Event | None = None,
        long_job: bool = False,
        name: str | None = None,
    ) -> Generator[tuple[str, Any], None, None]:
        """Run `fn(*args)` in a worker, yielding `("event", e)` for each event it emits
        (`veridot.provers.supervisor_worker.emit`) and finally `("ok", result)`.

        Raises `PoolSaturated` before the first item when no worker frees up in time,
        `JobFailed` for an error the job reported, `DeadlineExceeded` when `deadline_s`
        passes or a solver check overruns (the worker is killed), `JobCancelled` once
        `cancel` is set (waiting or running), `WorkerCrashed` if the worker died. Closing
        the iterator early also kills the worker, since it would otherwise keep computing a
        result nobody reads. `long_job` jobs share the pool's `max_long` slots. `name` says
        what the job is in the deadline's message (default: `fn`'s name).
        """
        worker = self._acquire(long_job, cancel)
        healthy = False
        reason = "killed"  # why the worker is replaced if the job does not end well
        name = name or getattr(fn, "__name__", "job")
        try:
            if not await_ready(worker, self.startup_timeout_s):
                raise WorkerCrashed("worker did not start")
            budget = float("inf") if deadline_s is None else deadline_s
            deadline = time.monotonic() + budget  # the job's time starts now
            try:
                worker.conn.send((fn, args))
            except (OSError, ValueError) as exc:
                raise WorkerCrashed("worker is gone") from exc
            worker.jobs += 1
            worker.demote_at = time.monotonic() + (self.demote_after_s or float("inf"))
            while True:
                await_message(
                    worker, deadline, f"{name} exceeded its {budget:g} s deadline",
                    self.check_grace_s, cancel,
                    on_demote=self._on_long_job, on_kill=self.events.killed,
                )  # fmt: skip
                try:
                    tag, body = worker.conn.recv()
                except (EOFError, OSError) as exc:
                    raise WorkerCrashed("worker died while running the job") from exc
                if tag == "event":
                    yield tag, body
                    continue
                healthy = True
                if tag == "error":
                    raise JobFailed(body)
                yield tag, body
                return
        except JobCancelled:
            reason = "cancelled"
            raise
        finally:
            self._release(worker, healthy=healthy, reason=reason)

    def map(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T | None],
        *,
        window: int | None = None,
        on_error: Callable[[Exception], R] | None = None,
    ) -> Iterator[R | None]:
        """`fn(task)` for every task, in workers, yielded in input order (a `None` task yields
        `None` at once, keeping its place: an item that needs no work).

        At most `window` tasks (default: `LOOK_AHEAD_PER_WORKER` per worker) are taken from
        `tasks` ahead of the one yielded, so a long input is never all in memory. A job that
        fails (its worker died, it reported an error) is given to `on_error`, whose value
        stands for its result; without it, the error is raised. Stopping early, or an error,
        kills the running jobs' workers. Ray's executor (`veridot.verifier.executors`) has
        the same `map`.
        """
        cancel = threading.Event()  # set when the caller stops: running jobs end at once
        threads = ThreadPoolExecutor(self.size, thread_name_prefix="veridot-map")
        pending: deque[Future[R] | None] = deque()
        limit = max(1, window or LOOK_AHEAD_PER_WORKER * self.size)

        def one(task: T) -> R:
            try:
                return self.run(fn, (task,), cancel=cancel)
            except (JobFailed, WorkerCrashed, DeadlineExceeded, PoolSaturated) as exc:
                if on_error is None:
                    raise
                return on_error(exc)

        try:
            for task in tasks:
                pending.append(None if task is None else threads.submit(one, task))
                while pending and (pending[0] is None or len(pending) >= limit):
                    head = pending.popleft()
                    yield None if head is None else head.result()
            while pending:
                head = pending.popleft()
                yield None if head is None else head.result()
        finally:
            cancel.set()
            threads.shutdown(wait=True, cancel_futures=True)

    def _can_take(self, long_job: bool) -> bool:
        # Called with the lock held.
        return bool(self._idle) and (not long_job or self._long_running < self.max_long)

    def _queue_full(self, long_job: bool) -> bool:
        # Called with the lock held. Long jobs queue only as many as may run, so that they
        # cannot fill the queue ordinary requests wait in.
        if long_job and self._long_waiting >= self.max_long:
            return True
        return self._waiting >= self.max_queue

    def _busy_message(self, why: str) -> str:
        return (
            f"all {self.max_long} long-job slots are busy {why}; requests with a shorter"
            " solver timeout are still served"
        )

    def _acquire(self, long_job: bool, cancel: threading.Event | None) -> Worker:
        give_up = time.monotonic() + self.queue_wait_s
        with self._cond:
            if not self._started:
                raise PoolSaturated("solver pool is not started")
            if not self._all and not self._closed:  # every worker failed to start
                raise WorkerCrashed("no worker process could start")
            if not self._can_take(long_job) and self._queue_full(long_job):
                self.events.rejected()
                raise PoolSaturated(
                    self._busy_message("and as many are waiting")
                    if long_job
                    else "too many requests are waiting for a solver worker"
                )
            self._waiting += 1
            self._long_waiting += long_job
            self._update_gauges()
            try:
                while not self._can_take(long_job):
                    remaining = give_up - time.monotonic()
                    if cancel is not None and cancel.is_set():
                        raise JobCancelled("the client left while waiting for a worker")
                    if self._closed or remaining <= 0:
                        self.events.rejected()
                        raise PoolSaturated(
                            self._busy_message("and none became free in time")
                            if long_job
                            else "no solver worker became free in time"
                        )
                    self._cond.wait(remaining if cancel is None else min(remaining, CANCEL_POLL_S))
                worker = self._idle.pop()
                worker.long_job = long_job
                self._long_running += long_job
            finally:
                self._waiting -= 1
                self._long_waiting -= long_job
                if self._idle and self._waiting:
                    # A release wakes one waiter (`_wake_for_one`): one that leaves without
                    # a worker (cancelled, timed out), or more idle workers than were woken
                    # for, hands the wake-up on so that no idle worker waits for a poll.
                    self._cond.notify()
                self._update_gauges()
        if not worker.process.is_alive():  # died while idle: replace it, take another
            self._release(worker, healthy=False, reason="dead")
            return self._acquire(long_job, cancel)
        return worker
