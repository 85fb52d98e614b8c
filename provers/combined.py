"""Two provers on every question: `both` (cross-check) and `portfolio` (race).

Each backend (z3, cvc5) runs in its own child process (`veridot.provers.worker_process`), so the
two really run in parallel and a solver that overruns its deadline is killed, not waited for.
A session keeps the diagram's formulas in the parent and sends each child only what it has
not seen yet; a child that was restarted gets the whole session replayed (both done by
`veridot.provers.worker_process.RemoteSession`, as for Z3's nonlinear checks).

The verdict policies (`both`: a verdict only when the backends agree or one gives up;
`portfolio`: the first definite answer) are in `veridot.provers.combined_policy`.

A child gets the session's deadline plus `GRACE_S` (plus a start-up allowance the first time
it starts: importing a solver takes a while); one that overruns is killed (SIGKILL, as every
worker: `veridot.provers.supervisor_worker.stop`) and restarted by the next check.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature, infer_signature
from veridot.provers.base import (
    DEFAULT_TIMEOUT_S,
    Cause,
    ProofResult,
    ProverError,
    ProverNotInstalledError,
    Verdict,
    prove_in,
)
from veridot.provers.combined_policy import BACKENDS, combine_both, first_definite
from veridot.provers.signatures import covers, settle
from veridot.provers.translation import check_depth
from veridot.provers.worker_process import (
    ProverProcess,
    RemoteSession,
    WorkerDied,
    prover_process,
)

# How long past the session's timeout a child is waited for before it is killed. Not the
# prover's kill grace (`veridot.provers.deadline.grace_s`, 5 %), as for Z3's nonlinear child:
# a child's solver gets the whole timeout for its check *after* it has replayed the
# session's formulas (a restarted child converts them all again), so the grace covers that.
GRACE_S = 1.0
STARTUP_S = 20.0  # allowance for a child's first start (imports), beyond the deadline
Mode = Literal["both", "portfolio"]
_LOCK = threading.Lock()  # one combined check at a time per process: the children are shared


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # e.g. a module set to None in sys.modules
        return False


for _module in ("z3", "cvc5"):  # both backends must be installed (not imported here)
    if not _installed(_module):
        raise ProverNotInstalledError(
            f"'both' and 'portfolio' need z3 and cvc5; {_module} is missing: "
            "pip install 'veridot[cvc5]'"
        )


class _Remote:
    """One backend's side of a combined session: its copy of the session in the backend's
    process (`worker_process.RemoteSession`) and the current check's deadline and result."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.session = RemoteSession(prover_process(name))
        self.process: ProverProcess = self.session.process
        self.budget_at = 0.0
        self.result: ProofResult | None = None

    def dispatch(self, session: CombinedSession, premise_ids: list[int], claim: Formula) -> None:
        """Send the check without waiting; answers are read by `take`."""
        self.result = None
        self.session.dispatch(
            session.formulas, session.signature, session.timeout, premise_ids, claim
        )
        fresh = time.monotonic() - self.process.started_at < 1.0
        self.budget_at = time.monotonic() + session.timeout + GRACE_S + (STARTUP_S if fresh else 0)

    def take(self) -> None:
        """Read one answer (the check's result when it is the last one due)."""
        answer = self.session.take()
        if answer is not None:
            status, value = answer
            if status == "ok" and isinstance(value, ProofResult):
                self.result = value
            else:
                self.result = ProofResult(
                    Verdict.UNKNOWN, reason=f"prover error: {value}", cause=Cause.PROVER_ERROR
                )

    def fail(self, reason: str, cause: Cause = Cause.SOLVER_ERROR) -> None:
        self.session.forget()  # the child is gone or was killed: replay next time
        self.result = ProofResult(Verdict.UNKNOWN, reason=reason, prover=self.name, cause=cause)


class CombinedSession:
    """A `ProverSession` over z3 and cvc5 in child processes (`both` or `portfolio`)."""

    def __init__(
        self, mode: Mode, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> None:
        self.mode = mode
        self.timeout = timeout
        self._given = signature is not None  # trusted for the formulas it covers
        self.signature = signature or Signature(constants={}, functions={}, predicates={})
        self.formulas: list[Formula] = []
        self._remotes = [_Remote(name) for name in BACKENDS]
        self._closed = False

    def add(self, formula: Formula) -> int:
        """Register `formula` (sorts checked here, as the backends would); returns its id."""
        self._typed(formula)
        self.formulas.append(formula)
        return len(self.formulas) - 1

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Decide `claim` from `premise_ids` with both backends; see the module docstring."""
        if self._closed:
            raise ProverError("session is closed")
        ids = list(premise_ids)
        for premise_id in ids:
            if not 0 <= premise_id < len(self.formulas):
                raise ProverError(f"no formula with id {premise_id} in this session")
        self._typed(claim)
        started = time.monotonic()
        with _LOCK:
            results = self._race(ids, claim)
        elapsed = (time.monotonic() - started) * 1000.0
        combined = combine_both(results) if self.mode == "both" else first_definite(results)
        return replace(combined, elapsed_ms=elapsed)

    def close(self) -> None:
        """Drop the session in both children (without waiting for them)."""
        if not self._closed:
            self._closed = True
            with _LOCK:
                for remote in self._remotes:
                    remote.session.close()

    def _typed(self, formula: Formula) -> None:
        check_depth(formula)
        if self._given and covers(self.signature, formula):
            return  # sorts inferred by the caller
        self.signature, _ = settle(self.signature, self.formulas, formula)

    def _race(self, premise_ids: list[int], claim: Formula) -> dict[str, ProofResult]:
        waiting: list[_Remote] = []
        remotes = self._remotes
        if self.mode == "portfolio":
            # A child still finishing a race it lost sits this one out rather than being
            # killed and restarted (which costs a second); if all are busy, wait for them.
            free = [remote for remote in remotes if not remote.process.busy()]
            remotes = free or remotes
        for remote in remotes:
            try:
                remote.dispatch(self, premise_ids, claim)
                waiting.append(remote)
            except WorkerDied:
                remote.fail(f"the {remote.name} process died")
        finished: dict[str, ProofResult] = {}
        while waiting:
            now = time.monotonic()
            overdue = [r for r in waiting if now >= r.budget_at]
            for remote in overdue:
                remote.process.kill()
                remote.fail(
                    f"timeout: the {remote.name} process overran its deadline, stopped",
                    Cause.TIMEOUT,
                )
                finished[remote.name] = remote.result  # type: ignore[assignment]
                waiting.remove(remote)
            if not waiting:
                break
            ready = _select(waiting, min(r.budget_at for r in waiting) - now)
            for remote in ready:
                try:
                    remote.take()
                except WorkerDied:
                    remote.fail(f"the {remote.name} process died")
                if remote.result is not None:
                    finished[remote.name] = remote.result
                    waiting.remove(remote)
            if self.mode == "portfolio" and any(
                r.verdict is not Verdict.UNKNOWN for r in finished.values()
            ):
                for remote in waiting:  # the race is won: leave the loser to finish alone
                    remote.session.abandon()
                break
        return finished


def _select(remotes: list[_Remote], timeout: float) -> list[_Remote]:
    import select

    by_fd: dict[int, _Remote] = {}
    for remote in remotes:
        try:
            by_fd[remote.process.fileno()] = remote
        except WorkerDied:
            remote.fail(f"the {remote.name} process died")
            return [remote]
    readable, _, _ = select.select(list(by_fd), [], [], max(0.0, timeout))
    return [by_fd[fd] for fd in readable]


class _CombinedProver:
    mode: Mode
    name: str

    def prove(
        self, premises: Sequence[Formula], claim: Formula, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ProofResult:
        """Decide `claim` from `premises` with both backends within `timeout` (+ grace)."""
        session = self.session(timeout=timeout, signature=infer_signature([*premises, claim]))
        return prove_in(session, premises, claim)

    def session(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> CombinedSession:
        """A session whose checks go to both backends."""
        return CombinedSession(self.mode, timeout=timeout, signature=signature)


class BothProver(_CombinedProver):
    """z3 and cvc5 in parallel; a verdict only when they agree (or one gives up)."""

    mode: Mode = "both"
    name = "both"


class PortfolioProver(_CombinedProver):
    """z3 and cvc5 raced; the first definite answer wins."""

    mode: Mode = "portfolio"
    name = "portfolio"
