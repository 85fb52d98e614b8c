"""Output and Ctrl-C for CLI commands that write reports: nothing the user gave is lost.

- `check_output(path, inputs)` refuses an `--output` that is one of the inputs (the same
  file, also through links or `/dev/stdin`) before anything is opened for writing.
- `ReportFile(path)` writes to a temporary file in the target's directory and renames it
  into place on `commit()`; on an error or Ctrl-C it is removed and the old file stays
  whole. A target that is not a regular file (a terminal, `/dev/null`, a FIFO) is written
  directly: there is nothing there to lose.
- `stdout_stream()` is stdout, or a clear error when it is closed (`require_stdout()`: the
  same as one line on stderr and exit 2, for commands that print their answer);
  `describe_error(exc)` says in one line what ended a command, without Python internals.
- `sigint_guard(cleanup)`, `EXIT_INTERRUPTED`: Ctrl-C handling, from `veridot.api.cli.sigint`
  (re-exported).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO

import typer

from veridot.api.cli.sigint import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from veridot.api.cli.sigint import GRACE_S as GRACE_S
from veridot.api.cli.sigint import sigint_guard as sigint_guard


class OutputError(Exception):
    """The report cannot be written where the user asked (one line for the CLI)."""


def check_output(path: str, inputs: Sequence[str]) -> None:
    """Raise OutputError when `path` is one of `inputs` (same file by device and inode)."""
    try:
        target = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from None
    for item in inputs:
        try:
            source = os.fstat(sys.stdin.fileno()) if item == "-" else os.stat(item)
        except (OSError, AttributeError, ValueError):
            continue  # an unreadable input is reported by the run; a closed stdin is no file
        if stat.S_ISREG(target.st_mode) and os.path.samestat(target, source):
            shown = "stdin" if item == "-" else item
            raise OutputError(
                f"--output {path} is the input {shown}: refusing to overwrite an input"
            )


class ReportFile:
    """A report written to a temporary file and renamed over `path` on `commit()`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._temp: str | None = None
        self._target = path
        try:
            info: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            info = None
        except OSError as err:
            raise OutputError(f"cannot write {path}: {err.strerror}") from None
        try:
            if info is not None and not stat.S_ISREG(info.st_mode):
                if stat.S_ISDIR(info.st_mode):
                    raise OutputError(f"cannot write {path}: it is a directory")
                self.stream: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115
                return
            # Follow a link so that the link stays and its target gets the report.
            self._target = os.path.realpath(path)
            if info is not None and not os.access(self._target, os.W_OK):
                raise OutputError(f"cannot write {path}: Permission denied")
            folder, name = os.path.split(self._target)
            try:
                fd, self._temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            except OSError as err:
                raise OutputError(
                    f"cannot write {path}: cannot create a file in {folder or '.'} "
                    f"({err.strerror or err})"
                ) from None
            os.chmod(self._temp, _mode(info))
            self.stream = os.fdopen(fd, "w", encoding="utf-8")
        except OSError as err:
            self.discard()
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None

    def commit(self) -> None:
        """Flush and move the report into place (the old file is replaced in one step)."""
        try:
            self.stream.flush()
            if self._temp is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self._temp is not None:
                os.replace(self._temp, self._target)
                self._temp = None
        except OSError as err:
            self.discard()
            raise OutputError(f"cannot write {self.path}: {err.strerror or err}") from None

    def discard(self) -> None:
        """Drop the unfinished report; the file at `path` is left as it was."""
        with contextlib.suppress(Exception):
            if not self.stream.closed:
                self.stream.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temp)
            self._temp = None


def usage_error(message: str) -> typer.Exit:
    """Print `error: message` on stderr; the exit (code 2) for the caller to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@contextlib.contextmanager
def one_line_errors() -> Iterator[None]:
    """A command's body: Ctrl-C exits 130 with "interrupted", any other error is one line
    (`describe_error`) and exit 2, never a traceback; a `typer.Exit` passes through."""
    try:
        yield
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:  # the CLI promise: one line, never a traceback
        raise usage_error(describe_error(exc)) from None


def describe_error(exc: BaseException) -> str:
    """One line for an error that ended a command: what happened, without Python internals."""
    if isinstance(exc, OutputError):
        return str(exc)
    if isinstance(exc, BrokenPipeError):
        silence_stdout()
        return "cannot write the report: the reader of the output pipe has gone"
    if isinstance(exc, MemoryError):
        return "out of memory; check fewer or smaller records (see --max-record-bytes)"
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"input/output error{where}: {exc.strerror}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to check"
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return (
        f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); please report it"
    )


def _mode(info: os.stat_result | None) -> int:
    """The permissions `open(path, "w")` would give: the old file's, else 0o666 - umask."""
    if info is not None:
        return stat.S_IMODE(info.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def stdout_stream() -> IO[str]:
    """sys.stdout, or OutputError when it is closed (the report would be lost)."""
    stream = sys.stdout
    if stream is None or stream.closed:
        raise OutputError("stdout is closed; write the report to a file with --output")
    return stream


def require_stdout() -> None:
    """Exit 2 with one line on stderr when stdout is closed (checked before any work).

    Click's `echo` silently drops text when stdout is closed, so a command whose answer goes
    to stdout would otherwise exit 0 having said nothing.
    """
    stream = sys.stdout
    if stream is None or stream.closed:
        typer.echo("error: stdout is closed; there is nowhere to print the answer", err=True)
        raise typer.Exit(2)


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the exit-time flush stays quiet."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
