"""The server's handle on one solver worker process: its pipe, state and CPU priority.

`api.pool` owns the scheduling (which request gets which worker, when a worker is killed or
replaced); this module holds what it needs to know about each worker and the operations that
do not depend on the pool: waiting for its "ready" message, waiting for its next message
while watching the job's limits (deadline, the running check's deadline, the cancel event),
and lowering or restoring its CPU priority while a long job runs.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from api import metrics
from api.pool_errors import DeadlineExceeded, JobCancelled
from provers.deadline import grace_s as prover_grace_s

# Niceness of a worker whose job has run longer than the pool's `demote_after_s` (19 is the
# lowest priority).
DEMOTED_NICE = 15

# How often a thread waiting on a running job looks at its request's cancel event: short
# enough that a client that leaves frees its worker "at once"; each look is one poll.
CANCEL_POLL_S = 0.05


@dataclass(eq=False)  # identity equality and hashing: workers live in a set
class WorkerHandle:
    process: BaseProcess
    conn: Connection
    jobs: int = 0
    demoted: bool = False
    demote_at: float = float("inf")  # when the running job gets demoted
    check_until: float = float("inf")  # when the running solver check must have ended
    check_s: float = 0.0  # that check's own timeout (for the message when it overruns)
    long_job: bool = False  # the running job counts against the pool's long-job slots
    ready: bool = False  # the worker has sent its "ready" message
    stopping: bool = False  # a stop has begun (set under the pool lock)

    def on_check(self, timeout_s: Any, grace_s: float) -> None:
        """The worker says a solver check started with `timeout_s` or (None) ended.

        The check must end by its timeout plus the prover's own grace (within which it kills
        a solver deaf to its interrupt, `provers.deadline.grace_s`) plus `grace_s`.
        """
        if isinstance(timeout_s, int | float):
            self.check_s = float(timeout_s)
            self.check_until = (
                time.monotonic() + self.check_s + prover_grace_s(self.check_s) + grace_s
            )
        else:
            self.check_until = float("inf")


def await_message(
    worker: WorkerHandle,
    deadline: float,
    deadline_message: str,
    grace_s: float,
    cancel: threading.Event | None,
    *,
    on_demote: Callable[[WorkerHandle], None],
) -> None:
    """Wait for the worker's next message; raise when a limit ends the job first.

    `DeadlineExceeded` at `deadline` or when the running check overruns its timeout by
    `grace_s`, `JobCancelled` once `cancel` is set. At `worker.demote_at` a job still running
    is handed to `on_demote`, once. The caller kills the worker when this raises.
    """
    while True:
        now = time.monotonic()
        if now >= worker.demote_at:
            worker.demote_at = float("inf")
            on_demote(worker)
        if cancel is not None and cancel.is_set():
            raise JobCancelled("the client left; the job was stopped")
        if now >= worker.check_until:
            metrics.SOLVER_TIMEOUTS.labels(kind="check_kill").inc()
            raise DeadlineExceeded(
                f"a solver check ran past its {worker.check_s:g} s timeout and did not"
                f" stop within {prover_grace_s(worker.check_s) + grace_s:.3g} s;"
                " its worker was stopped"
            )
        if now >= deadline:
            metrics.SOLVER_TIMEOUTS.labels(kind="deadline_kill").inc()
            raise DeadlineExceeded(deadline_message)
        until = min(deadline, worker.demote_at, worker.check_until)
        if cancel is not None:
            until = min(until, now + CANCEL_POLL_S)
        if worker.conn.poll(max(0.0, until - now)):
            return


def await_ready(worker: WorkerHandle, timeout_s: float) -> bool:
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


def demote(worker: WorkerHandle) -> None:
    """Lower the priority of a worker whose job runs long, so short jobs keep their CPU.

    A long job (a solver heading for its timeout) then competes for CPU only with spare
    cycles; it still ends by its own timeout or the deadline, both measured in wall time.
    """
    pid = worker.process.pid
    if pid is None:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, pid, DEMOTED_NICE)
    except OSError:
        return
    worker.demoted = True


def restore(worker: WorkerHandle) -> bool:
    """Undo `demote`; False when not permitted (raising priority needs privileges)."""
    pid = worker.process.pid
    try:
        if pid is not None:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0))
    except OSError:
        return False
    worker.demoted = False
    return True
