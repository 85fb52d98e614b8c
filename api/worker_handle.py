"""The server's handle on one solver worker process: its pipe, state and CPU priority.

`api.pool` owns the scheduling (which request gets which worker, when a worker is killed or
replaced); this module holds what it needs to know about each worker and the few operations
on its process that do not depend on the pool: waiting for its "ready" message, and lowering
or restoring its CPU priority while a long job runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

# Niceness of a worker whose job has run longer than the pool's `demote_after_s` (19 is the
# lowest priority).
DEMOTED_NICE = 15


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
