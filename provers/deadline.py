"""Hard wall-clock deadlines for solver calls, independent of any solver library.

A solver's own timeout is advisory: some procedures (quantifier instantiation, nonlinear
arithmetic, model construction) check it rarely or not at all. So every prover call also arms
a `Deadline` whose expiry runs a callback that interrupts the solver from another thread
(`z3.Context.interrupt`, `cvc5`'s equivalent). One daemon watchdog thread serves every
deadline in the process; arming and cancelling cost microseconds, unlike a `threading.Timer`
per call, which starts a thread each time.

The interrupt is only a request: Z3's nonlinear arithmetic can ignore it for minutes. Where
that can happen the check runs in a child process that is killed `grace_s(seconds)` after
the deadline (`veridot.provers.z3_guard`), so no call outlives its deadline by more than that.

Usage::

    with Deadline(2.0, on_expire=ctx.interrupt) as deadline:
        solver.set("timeout", deadline.remaining_ms())
        solver.check()
        if deadline.expired: ...
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable
from types import TracebackType

GRACE_FRACTION = 0.05  # of the deadline, granted past it before a child process is killed
MIN_GRACE_S = 0.05  # scheduling noise on a busy machine; below it a kill would be a lottery


def grace_s(seconds: float) -> float:
    """How long past a deadline of `seconds` a solver process is waited for before a kill.

    5 % of the deadline (at least 50 ms): an interrupted solver answers within milliseconds,
    so a process still silent by then is not coming back, and the 10 % bound holds.
    """
    return max(MIN_GRACE_S, GRACE_FRACTION * seconds)


class _Watchdog:
    """One thread that runs callbacks when their deadlines pass (earliest first)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, at: float, callback: Callable[[], None]) -> int:
        """Run `callback` at monotonic time `at` unless cancelled first; returns a handle."""
        with self._cond:
            handle = next(self._seq)
            self._callbacks[handle] = callback
            heapq.heappush(self._heap, (at, handle))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="veridot-deadline", daemon=True
                )
                self._thread.start()
            elif self._heap[0][1] == handle:
                # Wake the watchdog only when it must wait less than it planned: waking
                # it on every call costs a thread switch per solver call.
                self._cond.notify()
            return handle

    def cancel(self, handle: int) -> None:
        """Forget `handle`; once this returns its callback will not start (it may have run)."""
        with self._cond:
            self._callbacks.pop(handle, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][1] not in self._callbacks:
                    heapq.heappop(self._heap)  # cancelled entries
                if not self._heap:
                    self._cond.wait()
                    continue
                at, handle = self._heap[0]
                delay = at - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                heapq.heappop(self._heap)
                callback = self._callbacks.pop(handle)
                # Run under the lock so that `cancel` returning means "will not run now";
                # an interrupt that fails must not kill the watchdog.
                with contextlib.suppress(Exception):
                    callback()

    def reset_after_fork(self) -> None:
        """A forked child has no watchdog thread: start clean (its deadlines were the parent's)."""
        self._cond = threading.Condition()
        self._heap = []
        self._callbacks = {}
        self._thread = None


_WATCHDOG = _Watchdog()

# One observer per process, told `seconds` when a deadline is entered and None when it is left.
# A supervisor outside the process uses it to enforce the same budget by killing the process
# (the REST service's solver pool does: a solver deep in C code can ignore the interrupt).
DeadlineObserver = Callable[[float | None], None]
_observer: DeadlineObserver | None = None


def observe_deadlines(observer: DeadlineObserver | None) -> None:
    """Install (or, with None, remove) this process's deadline observer; forks drop it."""
    global _observer
    _observer = observer


def _after_fork_in_child() -> None:
    global _observer
    _WATCHDOG.reset_after_fork()
    _observer = None  # the observer reports for its own process, not for children


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class Deadline:
    """A wall-clock budget of `seconds`, enforced by calling `on_expire` when it runs out.

    Use as a context manager: entering arms the watchdog, leaving cancels it. `remaining()`
    and `remaining_ms()` give what is left (never negative) for a solver's own timeout
    parameter, `expired` tells whether the budget is spent; `fire()` spends it at once.
    """

    def __init__(self, seconds: float, on_expire: Callable[[], None] | None = None) -> None:
        self.seconds = max(0.0, float(seconds))
        self.start = time.monotonic()
        self.at = self.start + self.seconds
        self._on_expire = on_expire
        self._handle: int | None = None
        self.fired = False

    def __enter__(self) -> Deadline:
        if self._on_expire is not None:
            self._handle = _WATCHDOG.arm(self.at, self.fire)
        if _observer is not None:
            _observer(self.seconds)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            _WATCHDOG.cancel(self._handle)
            self._handle = None
        if _observer is not None:
            _observer(None)

    def fire(self) -> None:
        """Spend the budget now: what the watchdog calls at the deadline (runs `on_expire`)."""
        self.fired = True
        if self._on_expire is not None:
            self._on_expire()

    def remaining(self) -> float:
        """Seconds left before the deadline (0.0 once it has passed)."""
        return max(0.0, self.at - time.monotonic())

    def remaining_ms(self) -> int:
        """Milliseconds left, at least 1 (a solver timeout of 0 often means "no limit")."""
        return max(1, int(self.remaining() * 1000))

    @property
    def expired(self) -> bool:
        """True once the deadline has passed or its interrupt has fired."""
        return self.fired or time.monotonic() >= self.at

    def elapsed_ms(self) -> float:
        """Milliseconds since the deadline was created."""
        return (time.monotonic() - self.start) * 1000.0
