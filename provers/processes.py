"""How veridot starts a worker process: the one start method, the one fork, the one CPU count.

Every process veridot runs work in is a `veridot.provers.supervisor_worker.Worker` running
`supervisor_worker.serve` (one loop, one message format, one ready handshake, one way to stop
or kill it). It starts in one of two ways, for two kinds of owner:

- `mp_context().Process`: the workers of a `veridot.provers.supervisor.Supervisor` (`check
  --workers`, `eval --workers`, the service's pool), forked from a fork server
  (`START_METHOD`), started by `veridot.provers.worker_set`.
- `fork_worker()`: a plain fork of this process, pinned to its caller: the killable prover
  children of `veridot.provers.worker_process` (`both`/`portfolio`'s backends, Z3's nonlinear
  checks). They are needed *inside* supervisor workers (and Ray's), where multiprocessing
  refuses to start children (its workers are daemonic), and a fork server of their own would
  cost an interpreter start and every import inside a check's budget; a fork costs a few ms
  and no import, so a child killed past its deadline is back at once.

`cpu_count()` is the one count of CPUs every pool is sized from.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import time
import warnings
from collections.abc import Callable, Sequence
from multiprocessing.context import BaseContext

from veridot.provers.supervisor_worker import Worker, serve

# forkserver: each worker is forked from a server process that is single-threaded and has
# imported the solver stack once (`preload`), so a worker, or the replacement of one killed
# past its deadline, starts in milliseconds as with `fork`, without inheriting the threads
# and half-held locks of the process that asks for it (z3, spaCy, the HTTP server's threads,
# the deadline watchdog), as `fork` would; `spawn` would pay an interpreter start and every
# import once per worker. (The pinned prover children are forked directly: see above.)
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
    in memory. The fork server is one per process and imports what was last asked for
    before it started; later pools share it (a module it lacks is imported by each worker
    on first use, as it would be anyway).
    """
    if START_METHOD not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")  # Windows: no fork of any kind
    context = multiprocessing.get_context(START_METHOD)
    if preload:
        context.set_forkserver_preload(list(preload))
    return context


def prestart(preload: Sequence[str] = ()) -> None:
    """Start the fork server now, in the background: it imports `preload` while this process
    goes on with its own start-up, so that a pool started later forks its workers at once."""
    if START_METHOD not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return
    mp_context(preload)
    from multiprocessing import forkserver

    forkserver.ensure_running()


# --- the pinned child: a plain fork ---------------------------------------------------------


class ForkedProcess:
    """A process forked by `fork_worker`, with the part of `multiprocessing.Process`'s interface
    a `Worker`'s owner uses (pid, is_alive, kill, join, close)."""

    def __init__(self, pid: int) -> None:
        self.pid: int | None = pid
        self.exitcode: int | None = None

    def is_alive(self) -> bool:
        if self.exitcode is None and self.pid is not None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                self.exitcode = -1
            else:
                if pid:
                    self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode is None

    def kill(self) -> None:
        if self.pid is not None and self.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, 9)  # SIGKILL (a literal: `signal` has no SIGKILL on Windows)

    def join(self, timeout: float | None = None) -> None:
        end = None if timeout is None else time.monotonic() + timeout
        while self.is_alive() and (end is None or time.monotonic() < end):
            time.sleep(0.002)

    def close(self) -> None:
        self.pid = None


def fork_worker(in_child: Callable[[], None] = lambda: None) -> Worker:
    """A worker that is a fork of this process (POSIX), running `serve`; `in_child` runs first
    in the child (a module marks itself as running in a child).

    The child keeps only its end of the pipe and the standard streams open: a copy of some
    other pipe's end would stop that pipe's reader from ever seeing end-of-file. The kernel
    kills it when this process dies (Linux), and it leaves with `os._exit`, so no exit
    handler of this process (closing shared children) runs twice.
    """
    ours, theirs = multiprocessing.Pipe(duplex=True)
    parent = os.getpid()
    with warnings.catch_warnings():
        # Python 3.12 warns when a process with threads forks; the child uses no lock
        # another thread could hold (the deadline watchdog resets itself after a fork).
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child (coverage cannot see it)
        code = 0
        try:
            _die_with_parent(parent)
            keep = sorted({0, 1, 2, theirs.fileno()})
            for low, high in itertools.pairwise([*keep, _max_fd()]):
                os.closerange(low + 1, high)
            in_child()
            serve(theirs)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    return Worker(ForkedProcess(pid), ours)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """Have the kernel kill this child when its parent dies (Linux), e.g. a service worker
    killed past its deadline: Z3 deaf to its interrupt would otherwise run on, orphaned."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):  # not Linux: the child still exits at end-of-file
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (ValueError, OSError):
        return 1024
