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
import itertools
import os
import threading
import time
from collections.abc import Sequence

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature
from veridot.provers import worker_process
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.provers.deadline import grace_s
from veridot.provers.worker_process import ProverProcess, WorkerDied

_SIDS = itertools.count(1)
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
    """One Z3 session's copy in the killable child: formulas sent once, replayed on restart."""

    def __init__(self) -> None:
        self.sid = next(_SIDS)
        self.generation = -1  # the child generation the copy was opened in
        self.sent = 0  # formulas the copy has

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
            process = _process()
            try:
                answer = self._request(process, formulas, signature, ids, claim, budget, until)
            except WorkerDied:
                self.generation = -1
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

    def _request(
        self,
        process: ProverProcess,
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
        expect = 0
        if process.ensure() != self.generation:
            self.generation = process.send(("open", self.sid, budget, signature))
            self.sent = 0
            expect += 1
        if self.sent < len(formulas):
            process.send(("extend", self.sid, self.sent, list(formulas[self.sent :])))
            self.sent = len(formulas)
            expect += 1
        process.send(("check", self.sid, ids, claim, until))
        expect += 1
        answer: tuple[str, object] = ("error", "no answer")
        while expect:
            if not process.poll(due - time.monotonic()):
                process.kill()  # the interrupt was not honoured: stop Z3 the hard way
                self.generation = -1
                return None
            answer = process.receive()
            expect -= 1
        return answer

    def close(self) -> None:
        """Drop the copy in the child (without waiting for the child's answer)."""
        process = _PROCESS
        if process is None or self.generation != process.generation:
            return
        with _LOCK:
            if self.generation == process.generation and process.abandoned == 0:
                try:
                    process.send(("close", self.sid))
                    process.abandoned += 1
                except WorkerDied:
                    pass
        self.generation = -1
