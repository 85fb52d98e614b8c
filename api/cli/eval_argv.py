"""A fast reader of `veridot eval`'s arguments, so that a plain run needs no typer.

Typer 0.29 reads every parameter through a pydantic `TypeAdapter`: importing typer and
pydantic and building the app cost ~0.09 s CPU, an eighth of `veridot eval` on FOLIO gold.
`read(argv)` takes only the plain forms of eval's options (`--name value`, `--name=value`,
`-f value`, flags, one FILE) with values that typer reads the same way (decimal numbers in
range, text not starting with `-`). Anything else (help, an unknown, repeated-flag-with-value
or clustered option, a value typer would reject or coerce, a missing FILE or `--format`)
returns None, and the typer app reads the arguments with its own messages.

`OPTIONS` mirrors the parameters of `veridot.api.cli.cmd_eval.eval_command`;
tests/api/test_eval_argv.py checks that they agree, so an option added there and not here fails the
tests.
"""

from __future__ import annotations

import errno
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from veridot.api.cli.eval_run import EvalArgs, run_eval

Kind = Literal["text", "path", "flag", "float", "int"]


@dataclass(frozen=True, slots=True)
class Spec:
    """One option: the `EvalArgs` field it sets, its kind and its smallest value."""

    dest: str
    kind: Kind
    minimum: float | None = None


OPTIONS: dict[str, Spec] = {
    "--format": Spec("fmt", "text"),
    "-f": Spec("fmt", "text"),
    "--parser": Spec("parser", "text"),
    "--json": Spec("json_output", "flag"),
    "--timeout": Spec("timeout", "float", 0.001),
    "--limit": Spec("limit", "int", 0),
    "--references": Spec("references", "path"),
    "--prover": Spec("prover", "text"),
    "--overloading": Spec("overloading", "flag"),
    "--workers": Spec("workers", "int", 0),
    "-j": Spec("workers", "int", 0),
    "--jobs": Spec("jobs", "int", 0),
    "--details": Spec("details", "flag"),
    "--semantics": Spec("semantics", "text"),
    "--free-variables": Spec("free_variables", "text"),
}
# Numbers as both click and pydantic read them, nothing they might read differently
# (signs, exponents, `inf`, underscores, surrounding spaces).
_INT = re.compile(r"[0-9]{1,18}")
_FLOAT = re.compile(r"[0-9]{1,18}(\.[0-9]{1,18})?|\.[0-9]{1,18}")


def run_plain(argv: list[str]) -> int | None:
    """Run `veridot eval argv` when `read` takes it; its exit code, else None (use typer).

    Ends as typer's own runner does: Ctrl-C exits 130, a closed output pipe exits 1 quietly,
    an end of input exits 1 with "Aborted!".
    """
    args = read(argv)
    if args is None:
        return None
    try:
        return run_eval(args, exiting=True)  # `main` exits with the code returned
    except KeyboardInterrupt:
        return 130
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        from veridot.api.cli.output import silence_stdout

        silence_stdout()  # the exit-time flush of stdout must not fail again
        return 1


def read(argv: list[str]) -> EvalArgs | None:
    """`EvalArgs` for `argv` (the words after `veridot eval`), or None: let typer read it."""
    values: dict[str, object] = {}
    file: str | None = None
    words = iter(argv)
    for word in words:
        if not word.startswith("-"):
            if file is not None:
                return None  # a second FILE: typer's error
            file = word
            continue
        name, equals, attached = word.partition("=")
        spec = OPTIONS.get(name)
        if spec is None or (equals and not name.startswith("--")):
            return None  # help, `--`, `-`, an unknown option, `-f=x`
        if spec.kind == "flag":
            if equals:
                return None
            values[spec.dest] = True
            continue
        text = attached if equals else next(words, None)
        if text is None or text.startswith("-"):
            return None
        value = _value(text, spec)
        if value is None:
            return None
        values[spec.dest] = value  # the last occurrence wins, as in click
    if file is None or not file or "fmt" not in values:
        return None
    return EvalArgs(file=Path(file), **values)  # type: ignore[arg-type]


def _value(text: str, spec: Spec) -> object:
    """The option's value, or None when typer might read `text` otherwise or refuse it."""
    if spec.kind == "text":
        return text
    if spec.kind == "path":
        return Path(text) if text else None
    pattern = _INT if spec.kind == "int" else _FLOAT
    if not pattern.fullmatch(text):
        return None
    number: float = int(text) if spec.kind == "int" else float(text)
    if spec.minimum is not None and number < spec.minimum:
        return None
    return number
