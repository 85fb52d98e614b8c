"""The solver pool: worker processes with a hard per-request deadline.

Solver calls run in a small set of worker processes (started through a fork server that has
already imported the verifier, so a replacement costs a `fork`, not an interpreter start).
Each request takes one idle worker, sends it one job over a pipe, and waits for the answer
with a deadline. When the deadline passes the worker is killed (SIGKILL: a solver deep in C
code ignores everything else) and replaced, so a pathological formula costs one worker for at
most one deadline and can never hang the service. A job still running after `demote_after_s`
(a solver heading for its timeout) is demoted to a low CPU priority and a stand-in worker
joins the pool until it ends, so it costs the other requests neither a worker nor a core.
A job may stream events before its result (`/v1/verify/stream`). When every worker is busy,
up to `max_queue` requests wait at most `queue_wait_s` for one; beyond that the caller gets
`PoolSaturated` (HTTP 503). Workers are recycled after `max_jobs` jobs so that slow leaks in
solver libraries cannot accumulate.

We use our own workers rather than `concurrent.futures.ProcessPoolExecutor` because the
executor cannot kill one stuck task (only the whole pool, breaking every other request in
flight) and cannot stream partial results.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from api import metrics
from api.worker import worker_main

log = logging.getLogger("veridot.pool")

# Niceness of a worker whose job has run longer than `demote_after_s` (19 is the lowest).
_DEMOTED_NICE = 15

# Imported once by the fork server, so every worker starts with the verifier warm.
PRELOAD = ("__main__", "api.worker_preload")


class PoolSaturated(Exception):
    """No worker became free in time, or too many requests are already waiting."""


class DeadlineExceeded(Exception):
    """The job ran past its deadline; its worker was killed and replaced."""


class WorkerCrashed(Exception):
    """The worker died while running the job (a crash in native code, out of memory)."""


class JobFailed(Exception):
    """The job itself reported an error (bad input); `error` is the worker's error dict."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message", "job failed"))
        self.error = error


@dataclass(eq=False)  # identity equality and hashing: workers live in a set
class _Worker:
    process: BaseProcess
    conn: Connection
    jobs: int = 0
    demoted: bool = False
    demote_at: float = float("inf")  # when the running job gets demoted (see `_demote`)
    ready: bool = False  # the worker has sent its "ready" message
    stopping: bool = False  # a stop has begun (set under the pool lock; see `_stop`)


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
        startup_timeout_s: float = 60.0,
        start_method: str = "forkserver",
    ) -> None:
        self.size = size
        self.demote_after_s = demote_after_s
        self.startup_timeout_s = startup_timeout_s
        self.queue_wait_s = queue_wait_s
        self.max_queue = max_queue
        self.max_jobs = max_jobs
        self._ctx: Any = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            # Only takes effect before the fork server first starts; harmless afterwards.
            self._ctx.set_forkserver_preload(list(PRELOAD))
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._waiting = 0
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
        """True when the pool is started and not closed, with at least one live worker."""
        with self._cond:
            return (
                self._started and not self._closed and any(w.process.is_alive() for w in self._all)
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
            }

    # -- running jobs --------------------------------------------------------------------
    def run(self, kind: str, payload: dict[str, Any], *, deadline_s: float) -> Any:
        """Run one job and return its result (events, if any, are discarded)."""
        result: Any = None
        for tag, body in self.stream(kind, payload, deadline_s=deadline_s):
            if tag == "ok":
                result = body
        return result

    def stream(
        self, kind: str, payload: dict[str, Any], *, deadline_s: float
    ) -> Generator[tuple[str, Any], None, None]:
        """Run one job, yielding `("event", e)` for each event and finally `("ok", result)`.

        Raises `PoolSaturated` before the first item when no worker frees up in time,
        `JobFailed` for an error the job reported, `DeadlineExceeded` when `deadline_s`
        passes (the worker is killed), `WorkerCrashed` if the worker died. Closing the
        iterator early (a client that disconnects) also kills the worker, since it would
        otherwise keep computing a result nobody reads.
        """
        worker = self._acquire()
        healthy = False
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
            while True:
                if not self._wait(worker, deadline):
                    metrics.SOLVER_TIMEOUTS.labels(kind="deadline_kill").inc()
                    raise DeadlineExceeded(f"{kind} exceeded its {deadline_s:g} s deadline")
                try:
                    tag, body = worker.conn.recv()
                except (EOFError, OSError) as exc:
                    raise WorkerCrashed("solver worker died while running the job") from exc
                if tag == "event":
                    yield tag, body
                    continue
                healthy = True
                if tag == "error":
                    raise JobFailed(body)
                yield tag, body
                return
        finally:
            self._release(worker, healthy=healthy)

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

    def _acquire(self) -> _Worker:
        give_up = time.monotonic() + self.queue_wait_s
        with self._cond:
            if not self._started:
                raise PoolSaturated("solver pool is not started")
            if not self._idle and self._waiting >= self.max_queue:
                metrics.POOL_REJECTED.inc()
                raise PoolSaturated("too many requests waiting for a solver worker")
            self._waiting += 1
            self._update_gauges()
            try:
                while not self._idle:
                    remaining = give_up - time.monotonic()
                    if self._closed or remaining <= 0:
                        metrics.POOL_REJECTED.inc()
                        raise PoolSaturated("no solver worker became free in time")
                    self._cond.wait(remaining)
                worker = self._idle.pop()
            finally:
                self._waiting -= 1
                self._update_gauges()
        if not worker.process.is_alive():  # died while idle: replace it, take another
            self._replace(worker, reason="dead")
            return self._acquire()
        return worker

    def _wait(self, worker: _Worker, deadline: float) -> bool:
        """Wait for the worker's next message until `deadline` (False if none came).

        At `worker.demote_at` a job still running is demoted, once: see `_on_long_job`.
        """
        while True:
            now = time.monotonic()
            if now >= worker.demote_at:
                worker.demote_at = float("inf")
                self._on_long_job(worker)
            until = min(deadline, worker.demote_at)
            if worker.conn.poll(max(0.0, until - now)):
                return True
            if until >= deadline:
                return False

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

    def _release(self, worker: _Worker, *, healthy: bool) -> None:
        with self._cond:
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
            self._replace(worker, reason="killed")
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
                self._cond.notify()
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
                    self._cond.notify()
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


def _await_ready(worker: _Worker, timeout_s: float) -> bool:
    """Wait for a new worker's "ready" message (True at once for a worker already ready)."""
    if worker.ready:
        return True
    try:
        if worker.conn.poll(timeout_s):
            tag, _ = worker.conn.recv()
            worker.ready = tag == "ready"
    except (EOFError, OSError, ValueError):  # the worker died, or the pool closed its pipe
        return False
    return worker.ready


def _demote(worker: _Worker) -> None:
    """Lower the priority of a worker whose job runs long, so short jobs keep their CPU.

    A long job (a solver heading for its timeout) then competes for CPU only with spare
    cycles; it still ends by its own timeout or the deadline, both measured in wall time.
    """
    pid = worker.process.pid
    if pid is None:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, pid, _DEMOTED_NICE)
    except OSError:
        return
    worker.demoted = True


def _restore(worker: _Worker) -> bool:
    """Undo `_demote`; False when not permitted (raising priority needs privileges)."""
    pid = worker.process.pid
    try:
        if pid is not None:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0))
    except OSError:
        return False
    worker.demoted = False
    return True
