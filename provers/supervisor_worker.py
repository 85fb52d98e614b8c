"""One supervised worker: the child's loop, the parent's handle on it, how a job can end.

The child (`serve`) sends `("ready", None)`, then takes `(fn, args)` messages over its pipe,
runs `fn(*args)` and answers `("ok", result)` or `("error", dict)`; `None` asks it to exit.
A job streams events to its caller with `emit(event)` (`("event", e)`). With
`report_checks`, the child also says when each solver check starts (`("check", timeout)`)
and ends (`("check", None)`), so that the parent can kill a worker whose check overruns.

The parent's `Worker` holds the process, its pipe and its state; `await_message` waits for
the next message while watching the job's limits (its deadline, the running check's
deadline, the cancel event); `demote`/`restore` lower and restore the CPU priority of a
worker whose job runs long. The exceptions say how a job ended other than with its result;
`provers.supervisor` raises them and the service maps each to an HTTP answer.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from provers.deadline import grace_s as prover_grace_s
from provers.deadline import observe_deadlines

log = logging.getLogger("veridot.worker")

# Niceness of a worker whose job has run longer than the pool's `demote_after_s` (19 is the
# lowest priority).
DEMOTED_NICE = 15

# How often a thread waiting on a running job looks at its request's cancel event: short
# enough that a client that leaves frees its worker "at once"; each look is one poll.
CANCEL_POLL_S = 0.05


class PoolSaturated(Exception):
    """No worker became free in time, or too many requests are already waiting."""


class DeadlineExceeded(Exception):
    """The job ran past its deadline; its worker was killed and replaced."""


class JobCancelled(Exception):
    """The request's cancel event was set (its client left); its worker was replaced."""


class WorkerCrashed(Exception):
    """The worker died while running the job (a crash in native code, out of memory)."""


class JobFailed(Exception):
    """The job itself reported an error (bad input); `error` is the worker's error dict."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message", "job failed"))
        self.error = error


# --- the child ------------------------------------------------------------------------------

_CONN: Connection | None = None  # the running job's pipe, for `emit`


def serve(conn: Connection, report_checks: bool) -> None:
    """The worker's loop: run jobs from `conn` until it closes or a `None` arrives.

    A job that raises `JobFailed` (its own error, e.g. bad input) is answered with its dict;
    any other exception is a bug: logged, answered as `internal_error`, and the worker lives
    on.
    """
    global _CONN
    # Ctrl-C reaches the whole process group; the owner of the pool stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CONN = conn
    conn.send(("ready", None))  # the parent times jobs only from here on
    if report_checks:
        observe_deadlines(_CheckReporter(conn))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args = message
        try:
            result = fn(*args)
        except JobFailed as exc:
            conn.send(("error", exc.error))
        except Exception as exc:
            log.error("job %s failed:\n%s", getattr(fn, "__name__", fn), traceback.format_exc())
            message = f"internal error ({type(exc).__name__})"
            conn.send(("error", {"code": "internal_error", "message": message}))
        else:
            conn.send(("ok", result))


def emit(event: Any) -> None:
    """Stream `event` to the running job's caller (a no-op outside a supervised worker)."""
    if _CONN is not None:
        _CONN.send(("event", event))


class _CheckReporter:
    """Tells the parent when solver checks start and end (innermost deadline first)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._open: list[float] = []  # timeouts of the deadlines entered and not yet left
        self._thread = threading.get_ident()

    def __call__(self, seconds: float | None) -> None:
        if threading.get_ident() != self._thread:
            return  # the pipe is the job thread's; a helper thread's deadline is not a check
        if seconds is not None:
            self._open.append(seconds)
            self._conn.send(("check", seconds))
        elif self._open:
            self._open.pop()
            # A check inside another budget: the outer one, now restarted, bounds what is left.
            self._conn.send(("check", self._open[-1] if self._open else None))


# --- the parent's handle --------------------------------------------------------------------


@dataclass(eq=False)  # identity equality and hashing: workers live in a set
class Worker:
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
    worker: Worker,
    deadline: float,
    deadline_message: str,
    grace_s: float,
    cancel: threading.Event | None,
    *,
    on_demote: Callable[[Worker], None],
    on_kill: Callable[[str], None],
) -> None:
    """Wait for the worker's next message; raise when a limit ends the job first.

    `DeadlineExceeded` at `deadline` or when the running check overruns its timeout by
    `grace_s` (`on_kill` is told which: `check_kill`, `deadline_kill`), `JobCancelled` once
    `cancel` is set. At `worker.demote_at` a job still running is handed to `on_demote`,
    once. The caller kills the worker when this raises.
    """
    while True:
        now = time.monotonic()
        if now >= worker.demote_at:
            worker.demote_at = float("inf")
            on_demote(worker)
        if cancel is not None and cancel.is_set():
            raise JobCancelled("the client left; the job was stopped")
        if now >= worker.check_until:
            on_kill("check_kill")
            raise DeadlineExceeded(
                f"a solver check ran past its {worker.check_s:g} s timeout and did not"
                f" stop within {prover_grace_s(worker.check_s) + grace_s:.3g} s;"
                " its worker was stopped"
            )
        if now >= deadline:
            on_kill("deadline_kill")
            raise DeadlineExceeded(deadline_message)
        until = min(deadline, worker.demote_at, worker.check_until)
        if cancel is not None:
            until = min(until, now + CANCEL_POLL_S)
        if worker.conn.poll(min(max(0.0, until - now), 3600.0)):
            return


def await_ready(worker: Worker, timeout_s: float) -> bool:
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


def demote(worker: Worker) -> None:
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


def restore(worker: Worker) -> bool:
    """Undo `demote`; False when not permitted (raising priority needs privileges)."""
    pid = worker.process.pid
    try:
        if pid is not None:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0))
    except OSError:
        return False
    worker.demoted = False
    return True
