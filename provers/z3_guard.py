"""The Z3 checks that need more than an interrupt: size limits, and a killable child process.

The watchdog (`veridot.provers.deadline`) interrupts Z3 when a check's deadline passes, and Z3 stops
within milliseconds on propositional, quantifier and linear problems. Its nonlinear
arithmetic does not: multiplying huge numbers or polynomials it checks for an interrupt
rarely or never (a product of 8 factors of a 3,000-digit number ran 96 s past a 2 s
deadline). So a Z3 session sends each *nonlinear* check (a product or quotient of two
non-numeric terms, e.g. `price * count`, `x / y`) to a child process, a fork of this one that
keeps a copy of the session's formulas (`veridot.provers.worker_process`: a restart costs
milliseconds, not an interpreter start). The parent waits for the answer until the deadline
plus `veridot.provers.deadline.grace_s`, then kills the child (the verdict is `unknown`, reason
`timeout`) and forks a new one for the next such check. Every other check stays in-process,
where a check costs a fraction of a millisecond rather than a round trip.

Before any of that, `veridot.provers.sizes.too_complex` decides, without the solver, that a check is
`unknown` when a numeral or a product exceeds the limits of `veridot.parser.limits`.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import threading
import time
from collections.abc import Sequence

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature
from veridot.provers import worker_process
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.provers.deadline import grace_s
from veridot.provers.worker_process import ProverProcess, RemoteSession, WorkerDied

_LOCK = threading.Lock()  # one request at a time to the shared child
_PROCESS: ProverProcess | None = None


def killable() -> bool:
    """Whether nonlinear checks go to a child here: not inside a child, and fork exists."""
    return not worker_process.IN_WORKER and hasattr(os, "fork")


def _process() -> ProverProcess:
    global _PROCESS
    if _PROCESS is None:
        _PROCESS = ProverProcess("z3")
    return _PROCESS


def _after_fork() -> None:
    # A fork of this process (a pool worker) starts its own child when it needs one, and
    # must not inherit a lock some other thread held at the time of the fork.
    global _LOCK
    _LOCK = threading.Lock()
    if _PROCESS is not None:
        _PROCESS.disown()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


@atexit.register
def _stop_child() -> None:
    # Killed, not closed: it holds nothing worth a goodbye, and exit should not wait for it.
    if _PROCESS is not None and not worker_process.IN_WORKER:
        _PROCESS.kill()


class ChildSession:
    """One Z3 session's copy in the killable child (`worker_process.RemoteSession`: formulas
    sent once, the session replayed into a restarted child)."""

    def __init__(self) -> None:
        self._remote: RemoteSession | None = None  # made under the lock, with the child

    def check(
        self,
        formulas: Sequence[Formula],
        signature: Signature,
        ids: list[int],
        claim: Formula,
        budget: float,
    ) -> ProofResult:
        """Decide `claim` from formula `ids` in the child within `budget` seconds.

        `used_premises` are formula ids, as in the parent. A child that has not answered by
        `budget + grace_s(budget)` is killed: the verdict is `unknown`, reason `timeout`.
        """
        until = time.monotonic() + budget  # waiting for another thread's check counts too
        with _LOCK:
            if self._remote is None:
                self._remote = RemoteSession(_process())
            try:
                answer = self._request(self._remote, formulas, signature, ids, claim, budget, until)
            except WorkerDied:
                self._remote.forget()
                return ProofResult(
                    Verdict.UNKNOWN,
                    reason="solver error: the Z3 process died",
                    cause=Cause.SOLVER_ERROR,
                )
        if answer is None:
            return ProofResult(
                Verdict.UNKNOWN,
                reason="timeout: Z3 ignored its interrupt; its process was stopped",
                cause=Cause.TIMEOUT,
            )
        status, value = answer
        if status != "ok" or not isinstance(value, ProofResult):
            return ProofResult(
                Verdict.UNKNOWN, reason=f"solver error: {value}", cause=Cause.SOLVER_ERROR
            )
        used = tuple(sorted(ids[position] for position in value.used_premises))
        return dataclasses.replace(value, used_premises=used)  # (the session times and names)

    @staticmethod
    def _request(
        remote: RemoteSession,
        formulas: Sequence[Formula],
        signature: Signature,
        ids: list[int],
        claim: Formula,
        budget: float,
        until: float,
    ) -> tuple[str, object] | None:
        # The child stops Z3 at `until` (CLOCK_MONOTONIC is system-wide), starting up and
        # replaying formulas included; the kill comes `grace_s` after.
        due = until + grace_s(budget)
        remote.dispatch(formulas, signature, budget, ids, claim, until)
        while True:
            if not remote.process.poll(due - time.monotonic()):
                remote.process.kill()  # the interrupt was not honoured: stop Z3 the hard way
                remote.forget()
                return None
            answer = remote.take()
            if answer is not None:
                return answer

    def close(self) -> None:
        """Drop the copy in the child (without waiting for the child's answer)."""
        remote = self._remote
        if remote is None or remote.generation != remote.process.generation:
            return
        with _LOCK:
            remote.close()
