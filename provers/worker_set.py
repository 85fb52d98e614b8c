"""The workers of a `veridot.provers.supervisor.Supervisor`: how they start, stop and are replaced.

`WorkerSet` keeps the supervisor's worker processes: it starts them (with the one
`START_METHOD`, through `mp_context`, both in `veridot.provers.processes`), hands idle ones out
(`veridot.provers.supervisor` decides to whom), takes them back after a job, replaces one that
was killed or has served `max_jobs` jobs, and gives a demoted long job a stand-in. Starting
and stopping never delay the job that caused them: replacements join the idle set from a
background thread once ready.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from veridot.provers.processes import mp_context
from veridot.provers.supervisor_worker import Worker, await_ready, demote, restore, serve, stop

log = logging.getLogger("veridot.pool")


class PoolEvents(Protocol):
    """What a supervisor tells its owner (the service counts them as metrics)."""

    def rejected(self) -> None: ...  # a caller got PoolSaturated
    def restarted(self, reason: str) -> None: ...  # a worker was replaced (killed, recycled...)
    def killed(self, kind: str) -> None: ...  # a limit ended a job: check_kill, deadline_kill
    def gauges(self, busy: int, waiting: int) -> None: ...  # after every change


class _Quiet:
    def rejected(self) -> None:
        pass

    def restarted(self, reason: str) -> None:
        pass

    def killed(self, kind: str) -> None:
        pass

    def gauges(self, busy: int, waiting: int) -> None:
        pass


class WorkerSet:
    """A fixed number of worker processes, with their stand-ins and replacements."""

    def __init__(
        self,
        size: int,
        *,
        preload: Sequence[str] = (),
        queue_wait_s: float = 10.0,
        max_queue: int = 256,
        max_jobs: int | None = 500,
        demote_after_s: float | None = 0.3,
        max_long: int | None = None,
        report_checks: bool = False,
        check_grace_s: float = 0.05,
        startup_timeout_s: float = 60.0,
        events: PoolEvents | None = None,
    ) -> None:
        self.size = size
        self.demote_after_s = demote_after_s
        # Long jobs leave at least one worker to the others (a pool of one has stand-ins).
        self.max_long = max(1, size - 1) if max_long is None else max(1, max_long)
        self.report_checks = report_checks
        self.check_grace_s = check_grace_s
        self.startup_timeout_s = startup_timeout_s
        self.queue_wait_s = queue_wait_s
        self.max_queue = max_queue
        self.max_jobs = max_jobs
        self.events: PoolEvents = events or _Quiet()
        self._ctx: Any = mp_context(preload)
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
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
        # busy machine. Jobs arriving meanwhile wait in the queue as for busy workers.
        for worker in fresh:
            if not await_ready(worker, self.startup_timeout_s):
                log.warning("worker not ready after %.0f s", self.startup_timeout_s)
        with self._cond:
            self._idle.extend(fresh)
            self._cond.notify_all()
            self._update_gauges()

    def close(self) -> None:
        """Stop every worker; callers still waiting get `PoolSaturated`."""
        with self._cond:
            self._closed = True
            workers = list(self._all)
            self._idle.clear()
            self._all.clear()
            self._cond.notify_all()
        for worker in workers:
            self._stop(worker)

    def __enter__(self) -> WorkerSet:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ready(self) -> bool:
        """True when a job sent now would start at once: an idle, live worker exists."""
        with self._cond:
            return (
                self._started and not self._closed and any(w.process.is_alive() for w in self._idle)
            )

    def worker_pids(self) -> list[int]:
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

    # -- internals -----------------------------------------------------------------------
    def _spawn(self) -> Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        checks = self._ctx.RawArray("d", 2) if self.report_checks else None
        process = self._ctx.Process(
            target=serve,
            args=(child, checks, self.check_grace_s),
            name="veridot-worker",
            daemon=True,
        )
        process.start()
        child.close()  # the worker holds its end; ours would keep EOF from ever arriving
        worker = Worker(process, parent, checks=checks)
        self._all.add(worker)
        return worker

    def _stop(self, worker: Worker, *, kill: bool = False) -> None:
        """Stop a worker's process (idempotent: a second stop of the same worker is a no-op)."""
        # Two threads can stop one worker at once (close() and a background admit or replace);
        # closing its pipe from both raced into EBADF, so only the first stop proceeds.
        with self._cond:
            if worker.stopping:
                return
            worker.stopping = True
        stop(worker, kill=kill)

    def _on_long_job(self, worker: Worker) -> None:
        """A job heading for its timeout must not cost the other requests a worker or a core.

        Its worker drops to a low CPU priority, and a stand-in worker joins the idle set
        while it runs (up to `size` stand-ins); when the long job ends, the pool shrinks
        back by retiring the demoted worker.
        """
        demote(worker)
        with self._cond:
            if self._closed or len(self._all) >= 2 * self.size:
                return
            standin = self._spawn()
        self._admit_when_ready(standin)

    def _release(self, worker: Worker, *, healthy: bool, reason: str = "killed") -> None:
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
        worn = self.max_jobs is not None and worker.jobs >= self.max_jobs
        if worn or (worker.demoted and not restore(worker)):
            self._replace(worker, reason="recycled", kill=False)
            return
        with self._cond:
            if self._closed:
                stray: Worker | None = worker
            else:
                stray = None
                self._idle.append(worker)
                self._wake_for_one()
            self._update_gauges()
        if stray is not None:
            self._stop(stray, kill=True)

    def _replace(self, worker: Worker, *, reason: str, kill: bool = True) -> None:
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
        self.events.restarted(reason)
        log.info("worker replaced", extra={"reason": reason})
        with self._cond:
            replacement = self._spawn()
        self._admit_when_ready(replacement)

    def _admit_when_ready(self, worker: Worker) -> None:
        """Add a new worker to the idle set once it is ready (in a background thread)."""

        def admit() -> None:
            try:
                admit_or_drop()
            except Exception:  # a background thread: never a traceback over the output
                if not self._closed:
                    log.warning("worker admission failed", exc_info=True)

        def admit_or_drop() -> None:
            ready = await_ready(worker, self.startup_timeout_s)
            with self._cond:
                keep = ready and not self._closed and worker in self._all
                if keep:
                    self._idle.append(worker)
                    self._cond.notify_all()
                else:
                    self._all.discard(worker)
                self._update_gauges()
            if not keep:
                if not ready and not self._closed:  # a closing pool drops them quietly
                    log.warning("worker dropped: not ready in %.0f s", self.startup_timeout_s)
                self._stop(worker, kill=True)

        threading.Thread(target=admit, name="veridot-admit", daemon=True).start()

    def _wake_for_one(self) -> None:
        """One worker went idle: wake a waiter that can take it. Called with the lock held.

        Every waiting request may take any idle worker unless a long job waits (long jobs
        have a lane limit), so one wake-up suffices then; waking them all made each of up
        to `max_queue` threads take the lock only to wait again, on every job. A waiter that
        leaves without taking a worker passes the wake-up on (`Supervisor._acquire`).
        """
        if self._long_waiting:
            self._cond.notify_all()  # waiters differ in what they may take (lanes)
        else:
            self._cond.notify()

    def _update_gauges(self) -> None:
        # Called with the lock held.
        self.events.gauges(len(self._all) - len(self._idle), self._waiting)
