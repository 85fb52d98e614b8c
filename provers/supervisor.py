"""How veridot runs work in worker processes: the one start method and the one CPU count.

Every pool of worker processes (`veridot check --workers`, `veridot eval --workers`, the REST
service's solver pool) starts its workers with `START_METHOD` through `mp_context()`, and
sizes itself from `cpu_count()`. It lives in `provers/` because that is the lowest layer
that runs workers (the killable Z3 child, `provers.worker_process`), and every layer above
may import it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.context import BaseContext

__all__ = ["START_METHOD", "cpu_count", "mp_context"]

# forkserver: each worker is forked from a server process that is single-threaded and has
# imported the solver stack once (`preload`), so a worker, or the replacement of one killed
# past its deadline, starts in milliseconds as with `fork`, without inheriting the threads
# and half-held locks of the process that asks for it (z3, spaCy, the HTTP server's threads,
# the deadline watchdog), as `fork` would; `spawn` would pay an interpreter start and every
# import once per worker.
START_METHOD = "forkserver"


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's core count:
    a container or `taskset` limited to 2 of 64 cores gets 2)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def mp_context(preload: Sequence[str] = ()) -> BaseContext:
    """The multiprocessing context every pool starts its workers with.

    `preload` names modules the fork server imports once, so that workers start with them
    in memory. The fork server is one per process: only the first pool to start it chooses
    what it preloads (later pools get the same server; a module it lacks is imported by each
    worker on first use, as it would be anyway).
    """
    if START_METHOD not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")  # Windows: no fork of any kind
    context = multiprocessing.get_context(START_METHOD)
    if preload:
        context.set_forkserver_preload(list(preload))
    return context
