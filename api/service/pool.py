"""The service's solver pool: a `veridot.provers.supervisor.Supervisor` that runs
`veridot.api.service.jobs` by kind.

Solver calls run in the supervisor's worker processes (forked from a fork server that has
imported and warmed the verifier, `veridot.api.service.worker_preload`, so a replacement costs a
`fork`, not an interpreter start). `SolverPool.run(kind, payload, ...)` and `stream(...)` send one
job to a worker and wait for it; the supervisor kills that worker alone when the request's
deadline passes, a solver check in it overruns its timeout by `check_grace_s`, or the client
leaves (the `cancel` event); long jobs get lanes, and a job heading for its timeout is
demoted and given a stand-in (see `veridot.provers.supervisor`). The pool's counts go to
`veridot.api.service.metrics`. How a job can end other than with its result: the exceptions
re-exported here, which `veridot.api.service.handlers` maps to HTTP answers.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from typing import Any

from veridot.api.service import metrics
from veridot.api.service.worker import run_job
from veridot.provers.supervisor import (
    DeadlineExceeded,
    JobCancelled,
    JobFailed,
    PoolSaturated,
    Supervisor,
    WorkerCrashed,
)

__all__ = [
    "DeadlineExceeded",
    "JobCancelled",
    "JobFailed",
    "PoolSaturated",
    "SolverPool",
    "WorkerCrashed",
]

# Imported once by the fork server, so every worker starts with the verifier warm.
PRELOAD = ("__main__", "veridot.api.service.worker_preload")


class _Metrics:
    """The supervisor's events as Prometheus metrics."""

    def rejected(self) -> None:
        metrics.POOL_REJECTED.inc()

    def restarted(self, reason: str) -> None:
        metrics.WORKER_RESTARTS.labels(reason=reason).inc()

    def killed(self, kind: str) -> None:
        metrics.SOLVER_TIMEOUTS.labels(kind=kind).inc()

    def gauges(self, busy: int, waiting: int) -> None:
        metrics.POOL_BUSY.set(busy)
        metrics.POOL_WAITING.set(waiting)


class SolverPool:
    """The supervisor the service runs its jobs in (thread-safe); jobs go by
    `veridot.api.service.jobs` kind."""

    def __init__(
        self,
        size: int,
        *,
        queue_wait_s: float = 10.0,
        max_queue: int = 256,
        max_jobs: int = 500,
        demote_after_s: float | None = 0.3,
        max_long: int | None = None,
        check_grace_s: float = 0.05,
        startup_timeout_s: float = 60.0,
    ) -> None:
        self.supervisor = Supervisor(
            size,
            preload=PRELOAD,
            queue_wait_s=queue_wait_s,
            max_queue=max_queue,
            max_jobs=max_jobs,
            demote_after_s=demote_after_s,
            max_long=max_long,
            report_checks=True,  # so that a check overrunning its timeout kills its worker
            check_grace_s=check_grace_s,
            startup_timeout_s=startup_timeout_s,
            events=_Metrics(),
        )
        self.size = size
        self.max_long = self.supervisor.max_long
        # Read without a lock by each request (`veridot.api.service.routes.deps.get_pool`): a
        # started pool needs no call into the supervisor, so the dependency can run on the event
        # loop.
        self.started = False

    def start(self) -> None:
        """Start the workers and wait until they are ready (idempotent; reopens a closed pool)."""
        self.supervisor.start()
        self.started = True

    def close(self) -> None:
        """Stop every worker; requests still waiting get `PoolSaturated`."""
        self.started = False
        self.supervisor.close()

    def ready(self) -> bool:
        """True when a job sent now would start at once (a load balancer's readiness)."""
        return self.supervisor.ready()

    def worker_pids(self) -> list[int]:
        """Process ids of the current workers (for tests and memory accounting)."""
        return self.supervisor.worker_pids()

    def stats(self) -> dict[str, int]:
        return self.supervisor.stats()

    def run(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        deadline_s: float,
        cancel: threading.Event | None = None,
        long_job: bool = False,
    ) -> Any:
        """Run the job `kind` and return its result (events, if any, are discarded)."""
        return self.supervisor.run(
            run_job, (kind, payload), deadline_s=deadline_s, cancel=cancel, long_job=long_job,
            name=kind,
        )  # fmt: skip

    def stream(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        deadline_s: float,
        cancel: threading.Event | None = None,
        long_job: bool = False,
    ) -> Generator[tuple[str, Any], None, None]:
        """Run the job `kind`, yielding `("event", e)` for each event, then `("ok", result)`;
        `Supervisor.stream` says how it can end otherwise."""
        return self.supervisor.stream(
            run_job, (kind, payload), deadline_s=deadline_s, cancel=cancel, long_job=long_job,
            name=kind,
        )  # fmt: skip
