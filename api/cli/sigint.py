"""Ctrl-C for long CLI runs (`check`, `eval`): stop within about a second and exit 130.

Z3 installs its own SIGINT handler while it solves and swallows the signal (the check just
ends as `canceled` and the run goes on, then exits 0), so `sigint_guard(cleanup)` blocks
SIGINT in every thread and takes it in a waiter thread instead: it raises KeyboardInterrupt
in the main thread, kills pool workers (a main thread waiting on them wakes up), and if the
main thread has not unwound within `GRACE_S` (it is inside a solver call that ignores
interrupts), runs the cleanup callbacks and exits 130 itself.
The SQLite cache needs no cleanup: each stored report is one committed transaction.

Nothing here imports typer or multiprocessing: `veridot eval`'s plain path stays light.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator

GRACE_S = 0.75  # after Ctrl-C, how long the main thread may take to unwind by itself
EXIT_INTERRUPTED = 130


@contextlib.contextmanager
def sigint_guard(cleanup: list[Callable[[], None]], *, subprocesses: bool = True) -> Iterator[None]:
    """Make Ctrl-C stop the body promptly (see the module docstring).

    `cleanup` callbacks (e.g. discarding an unfinished report) run only when the main
    thread does not unwind within GRACE_S and the process is ended from the waiter thread.
    `subprocesses=False` promises that the body starts no multiprocessing process, so the
    resource tracker (a Python process of its own, ~0.05 s) is not started here.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "pthread_sigmask")
        or signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # nohup, a background job
    ):
        yield
        return
    if subprocesses:
        # multiprocessing starts its resource tracker with SIGINT blocked, then *unblocks*
        # it in the calling thread; started now, it cannot undo the block below mid-run.
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    finished = threading.Event()
    stopping = threading.Event()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def wait() -> None:
        signal.sigwait({signal.SIGINT})
        if stopping.is_set():
            return
        _thread.interrupt_main()  # KeyboardInterrupt at the main thread's next bytecode
        # Pool workers mid-check are killed now: a main thread waiting on their results
        # wakes up (broken pool) and unwinds normally instead of waiting for a deadline.
        processes = sys.modules.get("multiprocessing")  # none started if never imported
        for child in processes.active_children() if processes is not None else ():
            with contextlib.suppress(Exception):
                child.kill()
        if finished.wait(GRACE_S):
            return
        for callback in cleanup:
            with contextlib.suppress(Exception):
                callback()
        with contextlib.suppress(Exception):
            os.write(2, b"interrupted\n")
        os._exit(EXIT_INTERRUPTED)

    waiter = threading.Thread(target=wait, name="veridot-sigint", daemon=True)
    waiter.start()  # it inherits the blocked SIGINT, as sigwait requires
    try:
        yield
    finally:
        finished.set()
        stopping.set()
        with contextlib.suppress(Exception):
            signal.pthread_kill(waiter.ident or 0, signal.SIGINT)
            waiter.join(1.0)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
