"""`veridot eval`: answer every problem of a FOLIO, Logic-LM or LINC file and score the answers.

Loads the file (`verifier.datasets`), decides each problem (`verifier.evaluate`) and prints a
table of accuracy per gold label and of outcomes, or with `--json` one JSON object with at
least `n`, `accuracy`, `untranslated`, `by_label` and `elapsed_s`. `--semantics proofwriter`
and `--free-variables universal` adopt other pipelines' readings (`verifier.readings`).
Unreadable files and unknown formats, parsers or readings exit 2 with one line on stderr;
otherwise the exit code is 0, whatever the accuracy. `--workers N` answers problems in N
processes (`--jobs`, its old name, still works but is not shown in help).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli_io import require_stdout

if TYPE_CHECKING:
    from verifier.evaluate import EvalSummary

FORMAT_NAMES = ("folio", "logic-llm", "linc")
_SHORT = {"inconsistent": "incons.", "untranslated": "untransl."}
EVAL_PARSERS = ("fol", "english", "auto")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


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


def eval_command(
    file: Annotated[Path, typer.Argument(help="The benchmark file.", show_default=False)],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="folio | logic-llm | linc", show_default=False)
    ],
    parser: Annotated[
        str | None,
        typer.Option(
            "--parser",
            help="fol | english | auto (default: fol when the file has FOL, else english)",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Prover deadline per sample, seconds.")
    ] = 2.0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="Only the first N problems.")
    ] = None,
    references: Annotated[
        Path | None,
        typer.Option("--references", help="linc: gold labels (default: *_references.json)."),
    ] = None,
    prover: Annotated[str, typer.Option("--prover", help="Prover backend.")] = "z3",
    overloading: Annotated[
        bool,
        typer.Option(
            "--overloading",
            help="Read a name used with two arities or kinds as two symbols, as Prover9 does "
            "(default: such a clash leaves the sample untranslated).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", "-j", min=0, help="Worker processes (0: one per CPU)."),
    ] = 1,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=0, hidden=True, help="Old name of --workers."),
    ] = None,
    details: Annotated[
        bool,
        typer.Option("--details", help="List every wrong problem (with --json: all problems)."),
    ] = False,
    semantics: Annotated[
        str,
        typer.Option(
            "--semantics",
            help="classical | proofwriter: read 'not' as ProofWriter's generator does (a "
            "negated fact is a fact of its own: no contraposition, no reasoning by cases).",
        ),
    ] = "classical",
    free_variables: Annotated[
        str,
        typer.Option(
            "--free-variables",
            help="constants | universal: read a free one-letter lower-case name (x, y2) as "
            "a universally quantified variable, as NLTK and Prover9 do (Logic-LM, LINC).",
        ),
    ] = "constants",
) -> None:
    """Answer True / False / Uncertain for each problem of FILE and report the accuracy.

    Exit codes: 0 when every problem was answered and scored (whatever the accuracy);
    2 on a usage error or an unreadable file; 130 on Ctrl-C.
    """
    require_stdout()  # the scores would be lost: say so before the run
    if jobs is not None:  # --jobs, kept working for scripts written before --workers
        workers = jobs
    from verifier.readings import FREE_VARIABLES, SEMANTICS

    if fmt not in FORMAT_NAMES:
        raise _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMAT_NAMES)}")
    if parser is not None and parser not in EVAL_PARSERS:
        raise _fail(f"unknown parser {parser!r}; choose one of {', '.join(EVAL_PARSERS)}")
    if semantics not in SEMANTICS:
        raise _fail(f"unknown semantics {semantics!r}; choose one of {', '.join(SEMANTICS)}")
    if free_variables not in FREE_VARIABLES:
        raise _fail(
            f"unknown --free-variables {free_variables!r}; "
            f"choose one of {', '.join(FREE_VARIABLES)}"
        )
    try:
        from verifier.datasets import DatasetError, load_problems
        from verifier.evaluate import evaluate, has_view

        try:
            problems = load_problems(file, fmt, references=references)
        except DatasetError as exc:
            raise _fail(str(exc)) from None
        if limit is not None:
            problems = problems[:limit]
        chosen = parser or ("fol" if any(p.samples for p in problems) else "english")
        if problems and not has_view(problems, chosen):
            other = "english" if chosen == "fol" else "fol"
            raise _fail(f"{file} has nothing for parser {chosen!r}; try --parser {other}")
        try:
            if workers == 0:
                from provers.supervisor import cpu_count

                workers = cpu_count()
            with _progress(len(problems)) as advance:
                summary = evaluate(
                    problems,
                    parser=chosen,
                    prover=prover,
                    timeout=timeout,
                    overloading=overloading,
                    jobs=workers,
                    on_result=advance,
                    semantics=semantics,
                    free_variables=free_variables,
                )
        except (ImportError, ValueError, KeyError) as exc:
            # An unknown prover, or a parser whose dependencies are not installed.
            raise _fail(str(exc)) from None
    except typer.Exit:
        raise
    except Exception as exc:  # the CLI promise: one line, never a traceback
        raise _fail(f"{type(exc).__name__}: {exc}") from None
    if json_output:
        data = {"file": str(file), "format": fmt, **summary.to_dict(problems=details)}
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        render_summary(summary, title=f"{file.name} ({fmt})", details=details)


def register(app: typer.Typer) -> None:
    """Add `eval` to the `veridot` app."""
    app.command("eval")(eval_command)
