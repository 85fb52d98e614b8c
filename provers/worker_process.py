"""One prover backend in a child process, driven over pipes: what `both` and `portfolio` run on.

`ProverProcess(name)` forks this process (POSIX only) and runs `serve(name)` in the child,
talking to it with length-prefixed pickles over two pipes. The child keeps prover sessions
by id, so a diagram's formulas are converted once, and answers one request at a time.
Why a fork of this process and not a worker of `veridot.provers.supervisor`: the child is needed
inside supervisor workers (and Ray's), where multiprocessing refuses to start children and
a fork server of their own would cost an interpreter start inside a check's budget; a fork
costs a few ms and no imports, which is what the Z3 watchdog (`veridot.provers.z3_guard`) needs to
restart a killed child at once. `IN_WORKER` is true inside the child.

The parent owns the hard deadline: a request not answered within its budget plus `GRACE_S`
gets the child killed (a solver that ignores its own timeout cannot outlive the deadline by
more than that), and the next request restarts it. `generation` counts restarts, so callers
know their remote sessions are gone and must be replayed. A request may be abandoned
(`portfolio` takes the first answer); its late answer is drained before the next request,
and a child still busy by then is killed rather than waited for.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pickle
import select
import struct
import time
import warnings
from typing import IO, Any

GRACE_S = 1.0  # beyond the solver's own deadline, before the child is killed
DRAIN_S = 0.25  # how long a late answer to an abandoned request is waited for
_HEADER = struct.Struct(">I")
IN_WORKER = False  # True in a child: its provers must not start children of their own


class WorkerDied(Exception):
    """The child exited or was killed (its sessions are lost)."""


def write_message(stream: IO[bytes], message: object) -> None:
    """Send one pickled message, length first."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    """Receive one message; raises EOFError when the other side is gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def read_answer(fd: int) -> Any:
    """Receive one message straight from descriptor `fd` (EOFError when the other side is
    gone). Unbuffered on purpose: a buffered reader can pull the next answer into its buffer
    along with this one, where `select` cannot see it, and the caller would wait for that
    answer until its deadline and then kill a child that had long replied."""
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size))
    return pickle.loads(_read_exact(fd, size))


def _read_exact(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class _Forked:
    """A forked copy of this process answering `serve(name)` on two pipes (Popen's interface).

    The child keeps only the two pipes and the standard streams open: a copy of some other
    pipe's write end would stop that pipe's reader from ever seeing end-of-file. It leaves
    with `os._exit`, so no exit handler of the parent (closing shared children) runs twice.
    """

    def __init__(self, name: str) -> None:
        requests_r, requests_w = os.pipe()
        answers_r, answers_w = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12 warns when a process with threads forks; the child uses no lock
            # another thread could hold (the deadline watchdog resets itself after a fork).
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child (coverage cannot see it)
            _forked_child(name, requests_r, answers_w)
        os.close(requests_r)
        os.close(answers_w)
        self.pid = pid
        self.returncode: int | None = None
        self.stdin: IO[bytes] | None = os.fdopen(requests_w, "wb")
        self.stdout: IO[bytes] | None = os.fdopen(answers_r, "rb")

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                self.returncode = -1
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, 9)  # SIGKILL (a literal: `signal` has no SIGKILL on Windows)

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() >= end:
                raise TimeoutError(f"fork {self.pid} still running after {timeout} s")
            time.sleep(0.002)
        assert self.returncode is not None
        return self.returncode


def _forked_child(name: str, requests_fd: int, answers_fd: int) -> None:  # pragma: no cover
    global IN_WORKER
    code = 0
    parent = os.getppid()
    try:
        IN_WORKER = True
        _die_with_parent(parent)
        keep = sorted({0, 1, 2, requests_fd, answers_fd})
        for low, high in itertools.pairwise([*keep, _max_fd()]):
            os.closerange(low + 1, high)
        serve(name, os.fdopen(requests_fd, "rb"), os.fdopen(answers_fd, "wb"))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


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


class ProverProcess:
    """A child process running backend `name`; one request at a time (callers lock)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.generation = 0
        self.abandoned = 0  # answers still to come for requests nobody waits for
        self.started_at = 0.0  # monotonic time of the last start
        self._proc: _Forked | None = None

    def _start(self) -> _Forked:
        forked = _Forked(self.name)
        self._proc = forked
        self.started_at = time.monotonic()
        self.generation += 1
        self.abandoned = 0
        return forked

    def kill(self) -> None:
        """Stop the child now (its sessions are lost; the next request restarts it)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def disown(self) -> None:
        """In a fork of the process that started the child: drop this copy's pipe ends.

        The child belongs to the parent (a pool worker forked from it must neither talk to
        nor kill it); `generation` keeps counting, so sessions made before the fork replay
        themselves into this process's own child when it starts.
        """
        proc, self._proc = self._proc, None
        self.abandoned = 0
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()  # every message is flushed when sent: nothing to write

    def close(self) -> None:
        """Let the child exit (EOF on its stdin), killing it if it lingers."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=1.0)
        except (OSError, TimeoutError):
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def _ready(self) -> _Forked:
        proc = self._proc
        if proc is not None and proc.poll() is not None:
            self.kill()  # exited: release its pipes
            proc = None
        if proc is not None and self.abandoned:
            try:
                while self.abandoned and self.poll(DRAIN_S):
                    self.receive()
                    self.abandoned -= 1
            except WorkerDied:
                proc = None
            if self.abandoned:
                self.kill()
                proc = None
        return proc if proc is not None else self._start()

    def ensure(self) -> int:
        """Start the child if needed (draining abandoned answers); returns its generation."""
        self._ready()
        return self.generation

    def busy(self) -> bool:
        """True while the child still works on an abandoned request (drains what has come)."""
        try:
            # A few ms: an abandoned `close` is answered at once by an idle child.
            while self.abandoned and self._proc is not None and self.poll(0.005):
                self.receive()
                self.abandoned -= 1
        except WorkerDied:
            return False  # gone: the next request restarts it
        return bool(self.abandoned) and self._proc is not None

    def send(self, message: tuple[Any, ...]) -> int:
        """Send a request, starting the child if needed; returns the child's generation."""
        proc = self._ready()
        assert proc.stdin is not None
        try:
            write_message(proc.stdin, message)
        except OSError as exc:  # the child died: its sessions are gone
            self.kill()
            raise WorkerDied(self.name) from exc
        return self.generation

    def fileno(self) -> int:
        """The descriptor an answer arrives on (for `select`)."""
        if self._proc is None or self._proc.stdout is None:
            raise WorkerDied(self.name)
        return self._proc.stdout.fileno()

    def poll(self, timeout: float) -> bool:
        """True when an answer (or EOF) is readable within `timeout` seconds."""
        readable, _, _ = select.select([self.fileno()], [], [], max(0.0, timeout))
        return bool(readable)

    def receive(self) -> Any:
        """Read one answer; `WorkerDied` if the child is gone."""
        if self._proc is None or self._proc.stdout is None:
            raise WorkerDied(self.name)
        try:
            return read_answer(self._proc.stdout.fileno())
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self.kill()
            raise WorkerDied(self.name) from exc


_PROCESSES: dict[str, ProverProcess] = {}


def prover_process(name: str) -> ProverProcess:
    """The shared child process for backend `name` in this process (created on first use)."""
    process = _PROCESSES.get(name)
    if process is None:
        process = _PROCESSES[name] = ProverProcess(name)
    return process


@atexit.register
def _close_all() -> None:
    for process in _PROCESSES.values():
        process.close()


# --- the child ---------------------------------------------------------------------------


def serve(name: str, stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The child's loop: answer requests until stdin closes.

    Requests: `("open", sid, timeout, signature)`, `("extend", sid, first_id, formulas)`
    (the formulas get the caller's premise ids `first_id`, `first_id + 1`, ...; one the
    backend refuses is left out of later checks), `("check", sid, premise_ids, claim[, until])`
    (answers a `ProofResult` whose `used_premises` are positions in `premise_ids`; `until`, a
    `time.monotonic()` value of the caller's, ends the check's time), `("close", sid)`. Answers:
    `("ok", value)` or `("error", "TypeName: message")`.
    """
    from veridot.provers.registry import get_prover

    prover: Any = get_prover(name)
    sessions: dict[int, _Hosted] = {}
    while True:
        try:
            request = read_message(stdin)
        except EOFError:
            return
        op = request[0]
        try:
            if op == "open":
                _, sid, timeout, signature = request
                sessions[sid] = _Hosted(prover.session(timeout=timeout, signature=signature))
                answer: tuple[str, object] = ("ok", None)
            elif op == "extend":
                _, sid, first, formulas = request
                answer = ("ok", sessions[sid].extend(first, formulas))
            elif op == "check":
                _, sid, premise_ids, claim, *until = request
                checked = sessions[sid]
                if until:  # the caller's deadline (monotonic clocks are system-wide)
                    checked.session.timeout = max(0.0, until[0] - time.monotonic())
                answer = ("ok", checked.check(premise_ids, claim))
            elif op == "close":
                hosted = sessions.pop(request[1], None)
                if hosted is not None:
                    hosted.session.close()
                answer = ("ok", None)
            else:
                answer = ("error", f"ValueError: unknown request {op!r}")
        except Exception as exc:  # reported to the parent, never fatal to the child
            answer = ("error", f"{type(exc).__name__}: {exc}")
        write_message(stdout, answer)


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
        from dataclasses import replace

        kept = [
            (position, self.local[i]) for position, i in enumerate(premise_ids) if i in self.local
        ]
        result = self.session.check([local for _, local in kept], claim)
        used = tuple(sorted({kept[i][0] for i in result.used_premises}))
        return replace(result, used_premises=used)
