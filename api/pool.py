"""The solver pool: worker processes with hard deadlines, lanes for long jobs, cancellation.

Solver calls run in a small set of worker processes (started as `provers.supervisor` says:
through a fork server that has already imported the verifier, so a replacement costs a
`fork`, not an interpreter start).
Each request takes one idle worker, sends it one job over a pipe, and waits for the answer.
Three limits end a job by killing its worker (SIGKILL: a solver deep in C code ignores
everything else) and starting a replacement: the request's deadline; the deadline of the
solver check running in it (the worker reports each check's start and timeout, and a check
still running `check_grace_s` after its timeout and the prover's own kill grace,
`provers.deadline.grace_s`, is stuck); and the client leaving (a
`cancel` event, set when the connection closes, also takes a request out of the queue).
A job still running after `demote_after_s` (a solver heading for its timeout) is demoted to
a low CPU priority and a stand-in worker joins the pool until it ends.

Jobs that ask for a long solver timeout (`long_job=True`) may hold at most `max_long`
workers at once, so ordinary requests always find capacity while long ones run; more long
jobs wait in a short queue of their own. When every worker is busy, up to `max_queue`
requests wait at most `queue_wait_s` for one; beyond that the caller gets `PoolSaturated`
(HTTP 503). Workers are recycled after `max_jobs` jobs so that slow leaks in solver
libraries cannot accumulate.

We use our own workers rather than `concurrent.futures.ProcessPoolExecutor` because the
executor cannot kill one stuck task (only the whole pool, breaking every other request in
flight) and cannot stream partial results.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Generator
from typing import Any

from api import metrics
from api.pool_errors import (
    DeadlineExceeded,
    JobCancelled,
    JobFailed,
    PoolSaturated,
    WorkerCrashed,
)
from api.worker import worker_main
from api.worker_handle import CANCEL_POLL_S as _CANCEL_POLL_S
from api.worker_handle import WorkerHandle as _Worker
from api.worker_handle import await_message as _await_message
from api.worker_handle import await_ready as _await_ready
from api.worker_handle import demote as _demote
from api.worker_handle import restore as _restore
from provers.supervisor import mp_context

__all__ = [
    "DeadlineExceeded",
    "JobCancelled",
    "JobFailed",
    "PoolSaturated",
    "SolverPool",
    "WorkerCrashed",
]

log = logging.getLogger("veridot.pool")


# Imported once by the fork server, so every worker starts with the verifier warm.
PRELOAD = ("__main__", "api.worker_preload")


class SolverPool:
    """A fixed number of solver worker processes shared by all requests (thread-safe)."""

    def __init__(
        self,
        size: int,
        *,
        queue_wait_s: float = 10.0,
        max_queue: int = 256,
        max_jobs: int = 500,
        demote_after_s: float | None = 1.0,
        max_long: int | None = None,
        check_grace_s: float = 0.05,
        startup_timeout_s: float = 60.0,
    ) -> None:
        self.size = size
        self.demote_after_s = demote_after_s
        # Long jobs leave at least one worker to the others (a pool of one has stand-ins).
        self.max_long = max(1, size - 1) if max_long is None else max(1, max_long)
        self.check_grace_s = check_grace_s
        self.startup_timeout_s = startup_timeout_s
        self.queue_wait_s = queue_wait_s
        self.max_queue = max_queue
        self.max_jobs = max_jobs
        self._ctx: Any = mp_context(PRELOAD)
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._long_running = 0
        self._long_waiting = 0
        self._started = False
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Start the workers and wait until they are ready (idempotent; reopens a closed pool)."""
        with self._cond:
            if self._started and not self._closed:
                return
            self._started = True
            self._closed = False
            fresh = [self._spawn() for _ in range(self.size)]
        # Outside the lock: a cold start imports the solver stack and may take seconds on a
        # busy machine. Requests arriving meanwhile wait in the queue as for busy workers.
        for worker in fresh:
            if not _await_ready(worker, self.startup_timeout_s):
                log.warning("solver worker not ready after %.0f s", self.startup_timeout_s)
        with self._cond:
            self._idle.extend(fresh)
            self._cond.notify_all()
            self._update_gauges()

    def close(self) -> None:
        """Stop every worker; requests still waiting get `PoolSaturated`."""
        with self._cond:
            self._closed = True
            workers = list(self._all)
            self._idle.clear()
            self._all.clear()
            self._cond.notify_all()
        for worker in workers:
            self._stop(worker)

    def ready(self) -> bool:
        """True when a job sent now would start at once: an idle, live worker exists.

        A pool whose workers are all busy (or all starting) is up but cannot take work, and
        a load balancer should send requests elsewhere until it can.
        """
        with self._cond:
            return (
                self._started and not self._closed and any(w.process.is_alive() for w in self._idle)
            )

    def pids(self) -> list[int]:
        """Process ids of the current workers (for tests and memory accounting)."""
        with self._cond:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def stats(self) -> dict[str, int]:
        with self._cond:
            return {
                "size": self.size,
                "idle": len(self._idle),
                "busy": len(self._all) - len(self._idle),
                "waiting": self._waiting,
                "long_running": self._long_running,
                "long_max": self.max_long,
            }

    # -- running jobs --------------------------------------------------------------------
    def run(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        deadline_s: float,
        cancel: threading.Event | None = None,
        long_job: bool = False,
    ) -> Any:
        """Run one job and return its result (events, if any, are discarded)."""
        result: Any = None
        events = self.stream(kind, payload, deadline_s=deadline_s, cancel=cancel, long_job=long_job)
        for tag, body in events:
            if tag == "ok":
                result = body
        return result

    def stream(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        deadline_s: float,
        cancel: threading.Event | None = None,
        long_job: bool = False,
    ) -> Generator[tuple[str, Any], None, None]:
        """Run one job, yielding `("event", e)` for each event and finally `("ok", result)`.

        Raises `PoolSaturated` before the first item when no worker frees up in time,
        `JobFailed` for an error the job reported, `DeadlineExceeded` when `deadline_s`
        passes or a solver check overruns (the worker is killed), `JobCancelled` once
        `cancel` is set (waiting or running), `WorkerCrashed` if the worker died. Closing
        the iterator early also kills the worker, since it would otherwise keep computing a
        result nobody reads. `long_job` jobs share the pool's `max_long` slots.
        """
        worker = self._acquire(long_job, cancel)
        healthy = False
        reason = "killed"  # why the worker is replaced if the job does not end well
        try:
            if not _await_ready(worker, self.startup_timeout_s):
                raise WorkerCrashed("solver worker did not start")
            deadline = time.monotonic() + deadline_s  # the job's time starts now
            try:
                worker.conn.send((kind, payload))
            except (OSError, ValueError) as exc:
                raise WorkerCrashed("solver worker is gone") from exc
            worker.jobs += 1
            worker.demote_at = time.monotonic() + (self.demote_after_s or float("inf"))
            worker.check_until = float("inf")
            while True:
                _await_message(
                    worker, deadline, f"{kind} exceeded its {deadline_s:g} s deadline",
                    self.check_grace_s, cancel, on_demote=self._on_long_job,
                )  # fmt: skip
                try:
                    tag, body = worker.conn.recv()
                except (EOFError, OSError) as exc:
                    raise WorkerCrashed("solver worker died while running the job") from exc
                if tag == "check":  # a solver check starts (its timeout) or ends (None)
                    worker.on_check(body, self.check_grace_s)
                    continue
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

    # -- internals -----------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=worker_main, args=(child,), name="veridot-solver", daemon=True
        )
        process.start()
        child.close()  # the worker holds its end; ours would keep EOF from ever arriving
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    def _stop(self, worker: _Worker, *, kill: bool = False) -> None:
        """Stop a worker's process (idempotent: a second stop of the same worker is a no-op)."""
        # Two threads can stop one worker at once (close() and a background admit or replace);
        # closing its pipe from both raced into EBADF, so only the first stop proceeds.
        with self._cond:
            if worker.stopping:
                return
            worker.stopping = True
        try:
            if kill:
                worker.process.kill()
            else:
                try:
                    worker.conn.send(None)  # polite shutdown: the worker leaves its loop
                except (OSError, ValueError):
                    worker.process.kill()
            worker.process.join(timeout=2.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=2.0)
            worker.conn.close()
            worker.process.close()
        except ValueError:  # the process object was already closed by another stop
            return

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

    def _acquire(self, long_job: bool, cancel: threading.Event | None) -> _Worker:
        give_up = time.monotonic() + self.queue_wait_s
        with self._cond:
            if not self._started:
                raise PoolSaturated("solver pool is not started")
            if not self._can_take(long_job) and self._queue_full(long_job):
                metrics.POOL_REJECTED.inc()
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
                        metrics.POOL_REJECTED.inc()
                        raise PoolSaturated(
                            self._busy_message("and none became free in time")
                            if long_job
                            else "no solver worker became free in time"
                        )
                    self._cond.wait(remaining if cancel is None else min(remaining, _CANCEL_POLL_S))
                worker = self._idle.pop()
                worker.long_job = long_job
                self._long_running += long_job
            finally:
                self._waiting -= 1
                self._long_waiting -= long_job
                self._update_gauges()
        if not worker.process.is_alive():  # died while idle: replace it, take another
            self._release(worker, healthy=False, reason="dead")
            return self._acquire(long_job, cancel)
        return worker

    def _on_long_job(self, worker: _Worker) -> None:
        """A job heading for its timeout must not cost the other requests a worker or a core.

        Its worker drops to a low CPU priority, and a stand-in worker joins the idle set
        while it runs (up to `size` stand-ins); when the long job ends, the pool shrinks
        back by retiring the demoted worker.
        """
        _demote(worker)
        with self._cond:
            if self._closed or len(self._all) >= 2 * self.size:
                return
            standin = self._spawn()
        self._admit_when_ready(standin)

    def _release(self, worker: _Worker, *, healthy: bool, reason: str = "killed") -> None:
        with self._cond:
            self._long_running -= worker.long_job
            worker.long_job = False
            surplus = len(self._all) > self.size
        if worker.demoted and surplus:  # its stand-in stays in the pool
            with self._cond:
                self._all.discard(worker)
                self._update_gauges()
            if not healthy:
                worker.process.kill()
            threading.Thread(
                target=self._stop, args=(worker,), kwargs={"kill": not healthy}, daemon=True
            ).start()
            return
        if not healthy:
            self._replace(worker, reason=reason)
            return
        if worker.jobs >= self.max_jobs or (worker.demoted and not _restore(worker)):
            self._replace(worker, reason="recycled", kill=False)
            return
        with self._cond:
            if self._closed:
                stray: _Worker | None = worker
            else:
                stray = None
                self._idle.append(worker)
                self._cond.notify_all()  # waiters differ in what they may take (lanes)
            self._update_gauges()
        if stray is not None:
            self._stop(stray, kill=True)

    def _replace(self, worker: _Worker, *, reason: str, kill: bool = True) -> None:
        """Start a fresh worker in place of `worker`, which stops in the background.

        Neither the stop (waiting for the process to exit) nor the start (the fresh worker
        joins the idle set once it is ready) delays the request that triggered it.
        """
        with self._cond:
            self._all.discard(worker)
        if kill:
            worker.process.kill()  # at once: the deadline has passed
        threading.Thread(
            target=self._stop, args=(worker,), kwargs={"kill": kill}, daemon=True
        ).start()
        metrics.WORKER_RESTARTS.labels(reason=reason).inc()
        log.info("solver worker replaced", extra={"reason": reason})
        with self._cond:
            replacement = self._spawn()
        self._admit_when_ready(replacement)

    def _admit_when_ready(self, worker: _Worker) -> None:
        """Add a new worker to the idle set once it is ready (in a background thread)."""

        def admit() -> None:
            ready = _await_ready(worker, self.startup_timeout_s)
            with self._cond:
                keep = ready and not self._closed and worker in self._all
                if keep:
                    self._idle.append(worker)
                    self._cond.notify_all()
                else:
                    self._all.discard(worker)
                self._update_gauges()
            if not keep:
                log.warning("solver worker dropped (not ready, or the pool closed)")
                self._stop(worker, kill=True)

        threading.Thread(target=admit, name="veridot-admit", daemon=True).start()

    def _update_gauges(self) -> None:
        # Called with the lock held.
        metrics.POOL_BUSY.set(len(self._all) - len(self._idle))
        metrics.POOL_WAITING.set(self._waiting)
