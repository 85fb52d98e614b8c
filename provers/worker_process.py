"""One prover backend in a killable child process: what `both`, `portfolio` and Z3's nonlinear
checks run on.

`ProverProcess(name)` is a worker of the same kind as a supervisor's
(`veridot.provers.supervisor_worker`: the same loop, messages, ready handshake, stop and kill),
started by a plain fork of this process (`veridot.provers.processes.fork_worker`, which says why
not from the supervisor's fork server) and pinned to its caller: the child keeps prover
sessions by id, so a diagram's formulas are converted once, and answers one request at a time.
`IN_WORKER` is true inside the child, whose provers start no children of their own.

Requests are `("open", sid, timeout, signature)`, `("extend", sid, first_id, formulas)`,
`("check", sid, premise_ids, claim[, until])` and `("close", sid)` (see `_HOST`); answers are
`("ok", value)` or `("error", "TypeName: message")`.

The caller owns the hard deadline: it waits for an answer (`poll`) until its budget plus a
grace has passed, then `kill`s the child, and the next request restarts it. `generation`
counts restarts, so callers know their remote sessions are gone and must be replayed:
`RemoteSession` is that bookkeeping, for every caller (the combined provers' backends, Z3's
nonlinear checks): it sends the child only the formulas it has not seen yet, and replays the
whole session into a child that was restarted. A request may be abandoned (`portfolio`
takes the first answer); its late answer is drained before the next request, and a child
still busy by then is killed rather than waited for.
"""

from __future__ import annotations

import atexit
import itertools
import pickle
import select
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from veridot.provers.processes import fork_worker
from veridot.provers.supervisor_worker import JobFailed, Worker, await_ready, stop

DRAIN_S = 0.25  # how long a late answer to an abandoned request is waited for
READY_S = 10.0  # a fork is ready in milliseconds; this only bounds a broken start
IN_WORKER = False  # True in a child: its provers must not start children of their own


class WorkerDied(Exception):
    """The child exited or was killed (its sessions are lost)."""


def _enter_child(name: str) -> None:  # pragma: no cover - runs in the child
    global IN_WORKER, _BACKEND
    IN_WORKER = True
    _BACKEND = name


class ProverProcess:
    """A child process running backend `name`; one request at a time (callers lock)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.generation = 0
        self.abandoned = 0  # answers still to come for requests nobody waits for
        self.started_at = 0.0  # monotonic time of the last start
        self._worker: Worker | None = None

    def _start(self) -> Worker:
        worker = fork_worker(lambda: _enter_child(self.name))
        if not await_ready(worker, READY_S):
            stop(worker, kill=True)
            raise WorkerDied(self.name)
        self._worker = worker
        self.started_at = time.monotonic()
        self.generation += 1
        self.abandoned = 0
        return worker

    def kill(self) -> None:
        """Stop the child now (its sessions are lost; the next request restarts it)."""
        worker, self._worker = self._worker, None
        if worker is not None:
            stop(worker, kill=True)

    def disown(self) -> None:
        """In a fork of the process that started the child: drop this copy's pipe end.

        The child belongs to the parent (a pool worker forked from it must neither talk to
        nor kill it); `generation` keeps counting, so sessions made before the fork replay
        themselves into this process's own child when it starts.
        """
        worker, self._worker = self._worker, None
        self.abandoned = 0
        if worker is not None:
            worker.conn.close()  # every message is flushed when sent: nothing to write

    def close(self) -> None:
        """Let the child exit (it leaves its loop), killing it if it lingers."""
        worker, self._worker = self._worker, None
        if worker is not None:
            stop(worker, wait_s=1.0)

    def _ready(self) -> Worker:
        worker = self._worker
        if worker is not None and not worker.process.is_alive():
            self.kill()  # exited: release its pipe
            worker = None
        if worker is not None and self.abandoned:
            try:
                while self.abandoned and self.poll(DRAIN_S):
                    self.receive()
                    self.abandoned -= 1
            except WorkerDied:
                worker = None
            if self.abandoned:
                self.kill()
                worker = None
        return worker if worker is not None else self._start()

    def ensure(self) -> int:
        """Start the child if needed (draining abandoned answers); returns its generation."""
        self._ready()
        return self.generation

    def busy(self) -> bool:
        """True while the child still works on an abandoned request (drains what has come)."""
        try:
            # A few ms: an abandoned `close` is answered at once by an idle child.
            while self.abandoned and self._worker is not None and self.poll(0.005):
                self.receive()
                self.abandoned -= 1
        except WorkerDied:
            return False  # gone: the next request restarts it
        return bool(self.abandoned) and self._worker is not None

    def send(self, message: tuple[Any, ...]) -> int:
        """Send a request, starting the child if needed; returns the child's generation."""
        worker = self._ready()
        op, *args = message
        try:
            # `Connection.send` pickles with a fresh `ForkingPickler` each time (for handles
            # and sockets, which requests never hold); the child's `recv` reads either.
            request = pickle.dumps((_HOST[op], tuple(args)), protocol=pickle.HIGHEST_PROTOCOL)
            worker.conn.send_bytes(request)
        except OSError as exc:  # the child died: its sessions are gone
            self.kill()
            raise WorkerDied(self.name) from exc
        return self.generation

    def fileno(self) -> int:
        """The descriptor an answer arrives on (for `select`)."""
        if self._worker is None:
            raise WorkerDied(self.name)
        return self._worker.conn.fileno()

    def poll(self, timeout: float) -> bool:
        """True when an answer (or EOF) is readable within `timeout` seconds."""
        # `select` on the descriptor, not `Connection.poll`, which builds a selector per
        # call: portfolio polls each child for a late answer before every check.
        readable, _, _ = select.select([self.fileno()], [], [], max(0.0, timeout))
        return bool(readable)

    def receive(self) -> Any:
        """Read one answer; `WorkerDied` if the child is gone."""
        if self._worker is None:
            raise WorkerDied(self.name)
        try:
            status, value = self._worker.conn.recv()
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self.kill()
            raise WorkerDied(self.name) from exc
        if status == "error":  # the child's error dict (`JobFailed`, or a bug it logged)
            return "error", value.get("message", "error")
        return status, value


_SIDS = itertools.count(1)  # session ids, unique in this process (children are shared)


class RemoteSession:
    """One prover session's copy in a `ProverProcess` child; callers lock the process.

    The caller keeps the session's formulas (ids are their positions) and passes them all on
    each check: the copy is sent only those it has not seen yet, and a child restarted since
    (a new `generation`: killed past a deadline, or dead) gets the whole session replayed.
    """

    def __init__(self, process: ProverProcess) -> None:
        self.process = process
        self.sid = next(_SIDS)
        self.generation = -1  # the child generation the copy was opened in (-1: none)
        self.sent = 0  # formulas the copy has
        self.expect = 0  # answers still due for the current check (its own is the last)

    def dispatch(
        self,
        formulas: Sequence[Any],
        signature: Any,
        timeout: float,
        premise_ids: list[int],
        claim: Any,
        *until: float,
    ) -> None:
        """Send (open,) (extend,) check without waiting; `take` reads the answers."""
        self.expect = 0
        if self.process.ensure() != self.generation:
            self.generation = self.process.send(("open", self.sid, timeout, signature))
            self.sent = 0
            self.expect += 1
        if self.sent < len(formulas):
            sent = self.process.send(("extend", self.sid, self.sent, list(formulas[self.sent :])))
            self._same_child(sent)
            self.sent = len(formulas)
            self.expect += 1
        self._same_child(self.process.send(("check", self.sid, premise_ids, claim, *until)))
        self.expect += 1

    def _same_child(self, generation: int) -> None:
        # A child that died between two of one check's requests was restarted by `send`
        # without this session: its check could only fail ("no session"), so say it died.
        if generation != self.generation:
            self.forget()
            raise WorkerDied(self.process.name)

    def take(self) -> tuple[str, Any] | None:
        """Read one answer: the check's `(status, value)` when it is the last one due, else
        None; `WorkerDied` if the child is gone (the copy is then forgotten)."""
        try:
            answer: tuple[str, Any] = self.process.receive()
        except WorkerDied:
            self.forget()
            raise
        self.expect -= 1
        return answer if self.expect == 0 else None

    def forget(self) -> None:
        """The child was killed or died: the copy is gone, the next check replays it."""
        self.generation = -1
        self.expect = 0

    def abandon(self) -> None:
        """Leave the current check's answers to the process, which drains them later."""
        self.process.abandoned += self.expect
        self.expect = 0

    def close(self) -> None:
        """Drop the copy in the child (without waiting for the child's answer)."""
        process = self.process
        # Not to a child that is gone (killed for another session): that would start one.
        running = process._worker is not None
        if running and self.generation == process.generation and process.abandoned == 0:
            try:
                process.send(("close", self.sid))
                process.abandoned += 1
            except WorkerDied:
                pass
        self.generation = -1


_PROCESSES: dict[str, ProverProcess] = {}


def prover_process(name: str) -> ProverProcess:
    """The shared child process for backend `name` in this process (created on first use)."""
    process = _PROCESSES.get(name)
    if process is None:
        process = _PROCESSES[name] = ProverProcess(name)
    return process


@atexit.register
def _kill_all() -> None:
    # Killed, not closed: a child holds nothing worth a goodbye, and exit (Ctrl-C included:
    # children ignore SIGINT, as every worker does) must not wait for a solver to finish.
    for process in _PROCESSES.values():
        process.kill()


# --- the child: the jobs a request runs -----------------------------------------------------

_BACKEND = ""  # in the child: the backend it runs
_SESSIONS: dict[int, _Hosted] = {}  # in the child: the sessions by the caller's id


def _failing(exc: Exception) -> JobFailed:
    # Reported to the parent, never fatal to the child.
    return JobFailed({"code": "prover_error", "message": f"{type(exc).__name__}: {exc}"})


def _open(sid: int, timeout: float, signature: Any) -> None:
    from veridot.provers.registry import get_prover

    try:
        prover: Any = get_prover(_BACKEND)
        _SESSIONS[sid] = _Hosted(prover.session(timeout=timeout, signature=signature))
    except Exception as exc:
        raise _failing(exc) from exc


def _extend(sid: int, first: int, formulas: list[Any]) -> int:
    try:
        return _SESSIONS[sid].extend(first, formulas)
    except Exception as exc:
        raise _failing(exc) from exc


def _check(sid: int, premise_ids: list[int], claim: Any, *until: float) -> Any:
    """`used_premises` of the answer are positions in `premise_ids`; `until`, a
    `time.monotonic()` value of the caller's (the clock is system-wide), ends the check."""
    try:
        hosted = _SESSIONS[sid]
        if until:
            hosted.session.timeout = max(0.0, until[0] - time.monotonic())
        return hosted.check(premise_ids, claim)
    except Exception as exc:
        raise _failing(exc) from exc


def _close(sid: int) -> None:
    hosted = _SESSIONS.pop(sid, None)
    try:
        if hosted is not None:
            hosted.session.close()
    except Exception as exc:
        raise _failing(exc) from exc


_HOST = {"open": _open, "extend": _extend, "check": _check, "close": _close}


class _Hosted:
    """A session in the child, addressed by the parent's formula ids."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.local: dict[int, int] = {}  # parent id -> this session's id

    def extend(self, first: int, formulas: list[Any]) -> int:
        for offset, formula in enumerate(formulas):
            try:
                self.local[first + offset] = self.session.add(formula)
            except Exception:  # refused (sort clash, too deep): not assumed by later checks
                continue
        return len(self.local)

    def check(self, premise_ids: list[int], claim: Any) -> Any:
        kept = [
            (position, self.local[i]) for position, i in enumerate(premise_ids) if i in self.local
        ]
        result = self.session.check([local for _, local in kept], claim)
        used = tuple(sorted({kept[i][0] for i in result.used_premises}))
        return replace(result, used_premises=used)
