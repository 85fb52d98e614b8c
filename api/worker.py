"""The solver worker's main loop (runs in a child process; never imports FastAPI).

A worker first sends `("ready", None)`; then it receives `(kind, payload)` tuples over its
pipe, runs `api.jobs.run_job`, and sends back zero or more `("event", e)` messages followed
by `("ok", result)` or `("error", dict)`. `None` asks it to exit. While a job runs, the worker
also reports each solver check: `("check", seconds)` when one starts with that timeout and
`("check", None)` when it ends, so that the pool can kill a worker whose check overruns. The
pool's fork server imports `api.worker_preload`, which warms the verifier once so each new
worker starts ready.
"""

from __future__ import annotations

import logging
import signal
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Any

from api import jobs
from provers.deadline import observe_deadlines

log = logging.getLogger("veridot.worker")


def worker_main(conn: Connection) -> None:
    """Serve jobs from `conn` until it closes or a `None` arrives."""
    # Ctrl-C reaches the whole process group; the server shuts the pool down itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn.send(("ready", None))  # the server times jobs only from here on

    def emit(event: Any) -> None:
        conn.send(("event", event))

    observe_deadlines(_CheckReporter(conn))

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, payload = message
        try:
            result = jobs.run_job(kind, payload, emit)
        except jobs.JobError as exc:
            conn.send(("error", exc.to_dict()))
        except Exception as exc:  # a bug, not bad input: keep the worker, report a 500
            log.error("job %s failed:\n%s", kind, traceback.format_exc())
            conn.send(
                (
                    "error",
                    {
                        "code": "internal_error",
                        "message": f"internal error ({type(exc).__name__})",
                    },
                )
            )
        else:
            conn.send(("ok", result))


class _CheckReporter:
    """Tells the pool when solver checks start and end (innermost deadline first)."""

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
