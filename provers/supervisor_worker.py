"""One worker process: the child's loop, the parent's handle on it, how a job can end.

Every worker veridot runs is one of these: a `veridot.provers.supervisor.Supervisor`'s pool
workers, and the pinned prover children of `veridot.provers.worker_process`; both start in
`veridot.provers.processes`.

The child (`serve`) sends `("ready", None)`, then takes `(fn, args)` messages over its pipe,
runs `fn(*args)` and answers `("ok", result)` or `("error", dict)`; `None` asks it to exit.
A job streams events to its caller with `emit(event)` (`("event", e)`). Given a check slot
(two shared doubles), the child writes there when the solver check running in it must have
ended (its timeout, the prover's own kill grace, `veridot.provers.deadline.grace_s`, and the
parent's slack) and the check's timeout, or 0 when none runs, so that the parent can kill a
worker whose check overruns. Shared memory rather than a message per check start and end:
a 10-node record makes ten of them, and each message woke the waiting server thread.

The parent's `Worker` holds the process, its pipe and its state; `stop` ends it (politely or
with SIGKILL); `await_message` waits for the next message while watching the job's limits
(its deadline, the running check's deadline, the cancel event); `demote`/`restore` lower and
restore the CPU priority of a worker whose job runs long. The exceptions say how a job ended
other than with its result; `veridot.provers.supervisor` raises them and the service maps
each to an HTTP answer.
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
from typing import Any, Protocol

from veridot.provers.deadline import grace_s as prover_grace_s
from veridot.provers.deadline import observe_deadlines

log = logging.getLogger("veridot.worker")

# Niceness of a worker whose job has run longer than the pool's `demote_after_s` (19 is the
# lowest priority).
DEMOTED_NICE = 15

# How often a thread waiting on a running job looks at its request's cancel event and at the
# worker's check slot: short enough that a client that leaves frees its worker "at once" and
# that a check is seen long before it could overrun; each look is one poll.
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


class _OwnerGone(Exception):
    """The owner closed its end of the pipe (it exited, e.g. after Ctrl-C): nobody listens."""


def _send(conn: Connection, message: tuple[str, Any]) -> None:
    try:
        conn.send(message)
    except OSError as exc:  # BrokenPipeError, ConnectionResetError
        raise _OwnerGone from exc


def serve(conn: Connection, checks: Any = None, check_grace_s: float = 0.0) -> None:
    """The worker's loop: run jobs from `conn` until it closes or a `None` arrives.

    `checks` is the check slot (a shared array of two doubles; None: checks not reported)
    and `check_grace_s` the parent's slack past a check's timeout and the prover's grace.
    A job that raises `JobFailed` (its own error, e.g. bad input) is answered with its dict;
    any other exception is a bug: logged, answered as `internal_error`, and the worker lives
    on. An owner that is gone (its end closed: it exited) ends the loop quietly, whether the
    worker finds out reading, answering or emitting an event.
    """
    global _CONN
    # Ctrl-C reaches the whole process group; the owner of the pool stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CONN = conn
    try:
        _send(conn, ("ready", None))  # the parent times jobs only from here on
        if checks is not None:
            observe_deadlines(_CheckReporter(checks, check_grace_s))
        _run_jobs(conn)
    except _OwnerGone:
        return  # no traceback: a worker outliving its owner by a moment is expected


def _run_jobs(conn: Connection) -> None:
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
        except _OwnerGone:
            raise
        except JobFailed as exc:
            _send(conn, ("error", exc.error))
        except Exception as exc:
            log.error("job %s failed:\n%s", getattr(fn, "__name__", fn), traceback.format_exc())
            message = f"internal error ({type(exc).__name__})"
            _send(conn, ("error", {"code": "internal_error", "message": message}))
        else:
            _send(conn, ("ok", result))


def emit(event: Any) -> None:
    """Stream `event` to the running job's caller (a no-op outside a supervised worker)."""
    if _CONN is not None:
        _send(_CONN, ("event", event))


class _CheckReporter:
    """Writes the running solver check's limit to the check slot (innermost deadline first).

    Slot: `[until, seconds]`, `until` a `time.monotonic()` value (CLOCK_MONOTONIC is
    system-wide, so the parent reads it on its own clock), 0 when no check runs.
    """

    def __init__(self, slot: Any, grace_s: float) -> None:
        self._slot = slot
        self._grace_s = grace_s
        self._open: list[float] = []  # timeouts of the deadlines entered and not yet left
        self._thread = threading.get_ident()

    def __call__(self, seconds: float | None) -> None:
        if threading.get_ident() != self._thread:
            return  # the job thread's checks; a helper thread's deadline is not a check
        if seconds is not None:
            self._open.append(seconds)
        elif self._open:
            self._open.pop()
        if not self._open:
            self._slot[0] = 0.0
            return
        # A check inside another budget: the outer one, now restarted, bounds what is left.
        current = self._open[-1]
        self._slot[1] = current  # the timeout first: a torn read only blurs the message
        self._slot[0] = time.monotonic() + current + prover_grace_s(current) + self._grace_s


# --- the parent's handle --------------------------------------------------------------------


class Process(Protocol):
    """What an owner needs of a worker's process: `multiprocessing.Process` (a supervisor's
    workers) or `veridot.provers.processes.ForkedProcess` (a pinned prover child)."""

    @property
    def pid(self) -> int | None: ...
    def is_alive(self) -> bool: ...
    def kill(self) -> None: ...
    def join(self, timeout: float | None = None) -> None: ...
    def close(self) -> None: ...


@dataclass(eq=False)  # identity equality and hashing: workers live in a set
class Worker:
    process: Process
    conn: Connection
    jobs: int = 0
    demoted: bool = False
    demote_at: float = float("inf")  # when the running job gets demoted
    checks: Any = None  # the check slot the worker writes (None: checks not reported)
    long_job: bool = False  # the running job counts against the pool's long-job slots
    ready: bool = False  # the worker has sent its "ready" message
    stopping: bool = False  # a stop has begun (set under the pool lock)

    def check_limit(self) -> tuple[float, float]:
        """When the running solver check must have ended (inf: none runs), and its timeout."""
        if self.checks is None:
            return float("inf"), 0.0
        until, seconds = self.checks[0], self.checks[1]
        return (until or float("inf")), seconds


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
    `grace_s` (`on_kill` is told which: `check_kill`, `deadline_kill`); the worker's check
    slot says when, and is read at least every `CANCEL_POLL_S`, so a check that starts
    while this waits is seen. `JobCancelled` once `cancel` is set. At `worker.demote_at` a
    job still running is handed to `on_demote`, once. The caller kills the worker when this
    raises.
    """
    while True:
        now = time.monotonic()
        if now >= worker.demote_at:
            worker.demote_at = float("inf")
            on_demote(worker)
        if cancel is not None and cancel.is_set():
            raise JobCancelled("the client left; the job was stopped")
        check_until, check_s = worker.check_limit()
        if now >= check_until:
            on_kill("check_kill")
            raise DeadlineExceeded(
                f"a solver check ran past its {check_s:g} s timeout and did not"
                f" stop within {prover_grace_s(check_s) + grace_s:.3g} s;"
                " its worker was stopped"
            )
        if now >= deadline:
            on_kill("deadline_kill")
            raise DeadlineExceeded(deadline_message)
        until = min(deadline, worker.demote_at, check_until)
        if cancel is not None or worker.checks is not None:
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
    except Exception:
        # The worker died, the pool closed its pipe, or a worker killed mid-message (Ctrl-C
        # kills every child) left a truncated pickle: any failure to read "ready" means the
        # worker is not usable, and this runs in a background thread where an exception
        # would print a traceback over the CLI's output.
        return False
    return worker.ready


def stop(worker: Worker, *, kill: bool = False, wait_s: float = 2.0) -> None:
    """Stop a worker's process: politely (`None` ends its loop) or with SIGKILL, and killed
    anyway if it has not exited `wait_s` after; then its pipe is closed. Callers make sure a
    worker is stopped once (a second stop of a closed process is a no-op)."""
    try:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)  # polite shutdown: the worker leaves its loop
            except (OSError, ValueError):
                worker.process.kill()
        worker.process.join(timeout=wait_s)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=wait_s)
        worker.conn.close()
        worker.process.close()
    except ValueError:  # the process object was already closed by another stop
        return


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
