"""What `veridot eval` does once its arguments are read: check them, decide, print the scores.

Loads the file (`veridot.verifier.datasets`), decides each problem (`veridot.verifier.evaluate`) and
prints a table of accuracy per gold label and of outcomes, or with `--json` one JSON object with at
least `n`, `accuracy`, `untranslated`, `by_label` and `elapsed_s`. Unreadable files and
unknown formats, parsers or readings are one line on stderr and exit code 2.

Nothing here imports typer: `veridot.api.cli.eval_argv` runs a plain `veridot eval` straight into
`run_eval`, skipping typer and pydantic (~0.09 s CPU, an eighth of a FOLIO run), and the
typer command (`veridot.api.cli.cmd_eval`) is a thin declaration over the same function.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from veridot.verifier.evaluate import EvalSummary

FORMAT_NAMES = ("folio", "logic-llm", "linc")
EVAL_PARSERS = ("fol", "english", "auto")
_SHORT = {"inconsistent": "incons.", "untranslated": "untransl."}
USAGE_ERROR = 2


@dataclass(frozen=True, slots=True)
class EvalArgs:
    """`veridot eval`'s arguments, with the command line's defaults (see
    `veridot.api.cli.cmd_eval`)."""

    file: Path
    fmt: str
    parser: str | None = None
    json_output: bool = False
    timeout: float = 2.0
    limit: int | None = None
    references: Path | None = None
    prover: str = "z3"
    overloading: bool = False
    workers: int = 1
    jobs: int | None = None
    details: bool = False
    semantics: str = "classical"
    free_variables: str = "constants"


class _Fail(Exception):
    """A usage error or an unreadable file: its message is the one line printed."""


def _echo(text: str, *, err: bool = False) -> None:
    """Print one line as click's `echo` does (nothing when the stream is closed)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None or stream.closed:
        return
    stream.write(text + "\n")
    stream.flush()


def run_eval(args: EvalArgs, *, exiting: bool = False) -> int:
    """Run `veridot eval` with `args`; returns the exit code (0, or 2 with one line said).

    Exit codes: 0 when every problem was answered and scored (whatever the accuracy); 2 on
    a usage error or an unreadable file; 130 on Ctrl-C (`veridot.api.cli.sigint`), also mid-check.
    `exiting`: the process ends after this run (`veridot.api.cli.collector` restores nothing).
    """
    stream = sys.stdout
    if stream is None or stream.closed:  # the scores would be lost: say so before the run
        _echo("error: stdout is closed; there is nowhere to print the answer", err=True)
        return USAGE_ERROR
    from veridot.api.cli.collector import settling
    from veridot.api.cli.sigint import EXIT_INTERRUPTED, sigint_guard

    try:
        # Without the guard, Z3's own SIGINT handler swallows a Ctrl-C mid-check: the check
        # ends as `unknown` and the run goes on to exit 0. Only a pool starts processes
        # through multiprocessing, so only then is its resource tracker started up front.
        guard = sigint_guard([], subprocesses=_workers(args) != 1)
        with guard, settling(restore=not exiting) as settle:
            summary = _decide(args, settle)
    except _Fail as exc:
        _echo(f"error: {exc}", err=True)
        return USAGE_ERROR
    except KeyboardInterrupt:
        _echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    if args.json_output:
        data: dict[str, object] = {"file": str(args.file), "format": args.fmt}
        data.update(summary.to_dict(problems=args.details))
        _echo(json.dumps(data, ensure_ascii=False))
    else:
        render_summary(summary, title=f"{args.file.name} ({args.fmt})", details=args.details)
    return 0


def _check_names(args: EvalArgs) -> None:
    from veridot.verifier.readings import FREE_VARIABLES, SEMANTICS

    if args.fmt not in FORMAT_NAMES:
        raise _Fail(f"unknown format {args.fmt!r}; choose one of {', '.join(FORMAT_NAMES)}")
    if args.parser is not None and args.parser not in EVAL_PARSERS:
        raise _Fail(f"unknown parser {args.parser!r}; choose one of {', '.join(EVAL_PARSERS)}")
    if args.semantics not in SEMANTICS:
        raise _Fail(f"unknown semantics {args.semantics!r}; choose one of {', '.join(SEMANTICS)}")
    if args.free_variables not in FREE_VARIABLES:
        raise _Fail(
            f"unknown --free-variables {args.free_variables!r}; "
            f"choose one of {', '.join(FREE_VARIABLES)}"
        )


def _workers(args: EvalArgs) -> int:
    """The worker count asked for (--jobs, kept working for scripts written before --workers)."""
    return args.jobs if args.jobs is not None else args.workers


def _decide(args: EvalArgs, settle: Callable[[], None]) -> EvalSummary:
    """Load the problems and decide them; every failure is a `_Fail` with one line.

    `settle` is called once the first problem is decided: what the run needs is loaded.
    """
    _check_names(args)
    workers = _workers(args)
    if workers != 1:  # the workers' fork server loads the evaluator while this process does
        from veridot.verifier.evaluate_pool import prestart_workers

        prestart_workers()
    try:
        from veridot.verifier.datasets import DatasetError, load_problems
        from veridot.verifier.evaluate import evaluate, has_view

        try:
            problems = load_problems(args.file, args.fmt, references=args.references)
        except DatasetError as exc:
            raise _Fail(str(exc)) from None
        if args.limit is not None:
            problems = problems[: args.limit]
        chosen = args.parser or ("fol" if any(p.samples for p in problems) else "english")
        if problems and not has_view(problems, chosen):
            other = "english" if chosen == "fol" else "fol"
            raise _Fail(f"{args.file} has nothing for parser {chosen!r}; try --parser {other}")
        try:
            if workers == 0:
                from veridot.provers.supervisor import cpu_count

                workers = cpu_count()
            with _progress(len(problems)) as advance:
                summary = evaluate(
                    problems,
                    parser=chosen,
                    prover=args.prover,
                    timeout=args.timeout,
                    overloading=args.overloading,
                    jobs=workers,
                    on_result=_settle_first(advance, settle),
                    semantics=args.semantics,
                    free_variables=args.free_variables,
                )
        except (ImportError, ValueError, KeyError) as exc:
            # An unknown prover, or a parser whose dependencies are not installed.
            raise _Fail(str(exc)) from None
    except _Fail:
        raise
    except Exception as exc:  # the CLI promise: one line, never a traceback
        from veridot.provers.base import ProverNotInstalledError

        if isinstance(exc, ProverNotInstalledError):  # what to install, as `check` says it
            raise _Fail(str(exc)) from None
        raise _Fail(f"{type(exc).__name__}: {exc}") from None
    return summary


def _settle_first(
    advance: Callable[[object], None], settle: Callable[[], None]
) -> Callable[[object], None]:
    """`advance`, after `settle()` at the first result (`veridot.api.cli.collector`)."""

    def on_result(result: object) -> None:
        settle()
        advance(result)

    return on_result


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[object], None]]:
    """A progress bar on stderr when it is a terminal (it disappears when done)."""
    if not sys.stderr.isatty() or total < 2:
        yield lambda _result: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("problems", total=total)
        yield lambda _result: progress.advance(task)


def render_summary(summary: EvalSummary, *, title: str, details: bool) -> None:
    """Print the score tables with rich."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title=title)
    for column in ("gold label", "problems", "right", "accuracy"):
        table.add_column(column, justify="left" if column == "gold label" else "right")
    for label, row in summary.by_label().items():
        n = row["n"]
        table.add_row(label, str(n), str(row["correct"]), f"{row['accuracy']:.1%}")
    table.add_section()
    table.add_row("all", str(summary.n), str(summary.correct), f"{summary.accuracy:.1%}")
    console.print(table)

    confusion = Table(title="answers given (rows: gold label)")
    confusion.add_column("gold", no_wrap=True)
    data = summary.to_dict()
    outcomes = list(data["outcomes"])  # type: ignore[call-overload]
    for outcome in outcomes:
        confusion.add_column(_SHORT.get(outcome, outcome), justify="right", no_wrap=True)
    for label, counts in summary.confusion_counts().items():
        confusion.add_row(label, *(str(counts[o]) for o in outcomes))
    console.print(confusion)
    translated = summary.n - summary.untranslated
    if data["samples"] != summary.n:
        console.print(
            f"{data['samples']} samples, {data['samples_untranslated']} untranslated; "
            "each problem answered by majority over its translatable samples"
        )
    console.print(
        f"{summary.correct}/{summary.n} right ({summary.accuracy:.1%}); "
        f"untranslated {summary.untranslated}; "
        f"accuracy on translated {data['accuracy_translated']:.1%} of {translated}; "
        f"parser {summary.parser}, prover {summary.prover}; {summary.elapsed_s:.2f} s"
    )
    reading = summary.reading
    if reading.semantics != "classical" or reading.free_variables != "constants":
        console.print(
            f"reading: semantics {reading.semantics}, free variables {reading.free_variables}"
        )
    if details:
        for result in summary.results:
            if not result.correct:
                first = result.reason.splitlines()[0] if result.reason else ""
                reason = f"  ({first})" if first else ""
                console.print(
                    f"  {result.id}: gold {result.gold}, answered {result.predicted}{reason}",
                    markup=False,
                )
