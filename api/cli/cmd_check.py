"""`veridot check`: verify every record of one or more datasets, for people and for CI.

    veridot check FILE.jsonl [FILE ...] [--parser auto|fol|math|english|llm] [--llm MODEL]
        [--prover z3] [--report text|json|junit|github|html] [--output PATH] [--workers N]
        [--no-cache] [--allow unsupported] [--timeout S] [--strict] [--verbose] [--exit-zero]
        [--max-record-bytes N] [--map FIELD=COLUMN ...]

Streams one report per record in input order (`veridot.verifier.runner`), rendered by
`veridot.verifier.reporters` (`html`: `veridot.api.cli.report_html`, one self-contained file with a
diagram per record); a progress bar on stderr when it is a terminal; a summary at the end
(in a text report on stdout, else on stderr, and on stderr too whenever `--output` is set).
Exit codes: 1 if any record is invalid (with `--strict`, also incomplete); otherwise 2 if
any file or record was unreadable (each is reported with its line, and every other record
is still checked) or on a usage error; otherwise 0. `--exit-zero` turns the 1 into 0 (a
demo or a report-only CI step) but never hides unreadable input: that still exits 2.
Incomplete records (unknown / untranslated steps) exit 0 without `--strict`: undecided is
not wrong. Ctrl-C stops the run within about a second and exits 130 (`veridot.api.cli.output`).
`--output` never overwrites an input and is replaced only once the report is complete.
Verifier and solver imports happen inside the command body. `--executor ray` checks the
records on a Ray cluster (`veridot.verifier.executors`): a local one with `--workers` CPUs, or the
one at `--ray-address`; reports and exit codes are the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Annotated

import typer

from veridot.api.cli.output import (
    ReportFile,
    check_output,
    one_line_errors,
    sigint_guard,
    stdout_stream,
    usage_error,
)
from veridot.verifier.inputs import DEFAULT_MAX_RECORD_BYTES

if TYPE_CHECKING:
    from veridot.verifier.options import CheckOptions
    from veridot.verifier.runner import Summary

_ALLOWABLE = ("unsupported",)


def check_command(
    files: Annotated[
        list[str],
        typer.Argument(help="JSONL datasets, .json records, Parquet files, DoT transcripts, or -."),
    ],
    parser: Annotated[
        str, typer.Option("--parser", help="Semantic parser: auto, fol, math, english or llm.")
    ] = "auto",
    llm: Annotated[
        str | None,
        typer.Option("--llm", help="Chat model for the llm parser (provider:model)."),
    ] = None,
    prover: Annotated[str, typer.Option("--prover", help="Prover backend.")] = "z3",
    report: Annotated[
        str, typer.Option("--report", help="Output: text, json, junit, github or html.")
    ] = "text",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report here, not stdout.")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Parallel processes (0: one per core).")
    ] = 1,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
    allow: Annotated[
        list[str] | None,
        typer.Option("--allow", help="Relax a rule: 'unsupported' steps are not errors."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Seconds per prover check.")
    ] = 2.0,
    strict: Annotated[
        bool, typer.Option("--strict", help="Incomplete records also exit 1.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Text report: show every node.")
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            help="Exit 0 even when records are invalid; unreadable input still exits 2.",
        ),
    ] = False,
    executor: Annotated[
        str, typer.Option("--executor", help="Where records are checked: local or ray.")
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="An existing Ray cluster (else a local one starts)."),
    ] = None,
    max_record_bytes: Annotated[
        int,
        typer.Option(
            "--max-record-bytes",
            min=1,
            help="Longest record read (a JSONL line, a .json file, a transcript); "
            "a longer one is reported as unreadable.",
        ),
    ] = DEFAULT_MAX_RECORD_BYTES,
    column_map: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="Read column COLUMN as record field FIELD (steps=solution, "
            "problem=question); repeat for several.",
        ),
    ] = None,
) -> None:
    """Verify every step of every record; exit 1 if any record is invalid."""
    cleanup: list[Callable[[], None]] = []
    with one_line_errors(), sigint_guard(cleanup):
        options = _options(parser, llm, prover, timeout, allow or [])
        summary = _check(
            files,
            options,
            report=report,
            output=output,
            workers=workers,
            no_cache=no_cache,
            verbose=verbose,
            executor=executor,
            ray_address=ray_address,
            max_record_bytes=max_record_bytes,
            cleanup=cleanup,
            column_map=column_map or [],
        )
    code = summary.exit_code(strict=strict)
    if exit_zero and code == 1:  # relaxes findings only, never unreadable input
        code = 2 if summary.errors else 0
    raise typer.Exit(code)


def _options(
    parser: str, llm: str | None, prover: str, timeout: float, allow: list[str]
) -> CheckOptions:
    """The check options the command line names, each checked (a usage error exits 2)."""
    from veridot.parser.registry import PARSER_NAMES

    if parser not in PARSER_NAMES:
        raise usage_error(f"unknown parser {parser!r}; choose one of {', '.join(PARSER_NAMES)}")
    for item in allow:
        if item not in _ALLOWABLE:
            raise usage_error(f"--allow takes {', '.join(_ALLOWABLE)}, not {item!r}")
    from veridot.parser.llm_models import configured_spec

    spec = configured_spec(llm)
    if parser == "llm" and spec is None:
        raise usage_error(
            "--parser llm needs a model: pass --llm provider:model or set VERIDOT_LLM"
        )
    if spec is not None:
        from veridot.parser.llm_models import ModelConfigError, load_chat_model

        try:
            load_chat_model(spec)  # fail fast, once, before any worker starts
        except ModelConfigError as exc:
            raise usage_error(str(exc)) from None
    from veridot.provers.base import ProverError
    from veridot.provers.registry import UnknownProverError, available_provers, get_prover

    try:
        get_prover(prover)  # imports only this backend (a cached re-run must start fast)
    except UnknownProverError as exc:  # its message already lists the provers
        raise usage_error(str(exc)) from None
    except ProverError as exc:
        names = ", ".join(available_provers()) or "none"
        raise usage_error(f"{exc} (available: {names})") from None
    from veridot.verifier.options import CheckOptions

    return CheckOptions(
        parser=parser,
        prover=prover,
        timeout=timeout,
        allow_unsupported="unsupported" in allow,
        llm=spec,
    )


def _check(
    files: list[str],
    options: CheckOptions,
    *,
    report: str,
    output: str | None,
    workers: int,
    no_cache: bool,
    verbose: bool,
    executor: str,
    ray_address: str | None,
    max_record_bytes: int,
    cleanup: list[Callable[[], None]],
    column_map: list[str],
) -> Summary:
    """Run the check of `files` with `options`, streaming the report; the run's summary."""
    from veridot.verifier.reporters import REPORT_FORMATS

    formats = (*REPORT_FORMATS, "html")  # html is the CLI's own (web assets): `report_html`
    if report not in formats:
        raise usage_error(f"unknown report format {report!r}; choose one of {', '.join(formats)}")
    from veridot.verifier.readers.columns import MappingError, parse_mapping

    try:
        mapping = parse_mapping(column_map)
    except MappingError as exc:
        raise usage_error(str(exc)) from None

    from veridot.provers.supervisor import cpu_count
    from veridot.verifier.executors import ExecutorError, make_executor

    count = cpu_count() if workers == 0 else workers
    try:
        # A local Ray gets --workers CPUs, or every core when --workers is left at 1.
        cpus = count if count > 1 else cpu_count()
        remote = make_executor(executor, workers=cpus, address=ray_address)
    except ExecutorError as exc:
        raise usage_error(str(exc)) from None

    from veridot.verifier.cache import Cache
    from veridot.verifier.reporters import Reporter, make_reporter
    from veridot.verifier.runner import Summary, run

    cache = Cache.default(enabled=not no_cache)
    # LLM translations go to the same cache, by path: each worker opens its own connection.
    options = replace(options, cache=str(cache.path) if cache.enabled and cache.path else None)
    # Refused before anything is opened for writing: `-o data.jsonl data.jsonl` loses nothing.
    report_file: ReportFile | None = None
    if output is not None:
        check_output(output, files)
    else:
        stdout_stream()  # a closed stdout is an error now, not after the whole run
    with ExitStack() as stack:
        # The bar starts first: while it runs, rich redirects sys.stdout / sys.stderr so that
        # report lines streamed to the terminal print above the bar instead of through it.
        progress = _progress(stack, enabled=sys.stderr is not None and sys.stderr.isatty())
        if output is not None:
            report_file = ReportFile(output)
            stack.callback(report_file.discard)  # a no-op once committed
            cleanup.append(report_file.discard)
            stream: IO[str] = report_file.stream
        else:
            stream = stdout_stream()
        # The summary reaches the terminal in every format: on stderr unless the text report
        # itself goes to stdout.
        summary_stream = None if report == "text" and output is None else sys.stderr
        reporter: Reporter
        if report == "html":
            from veridot.api.cli.report_html import HtmlReporter

            reporter = HtmlReporter(stream, summary_stream=summary_stream)
        else:
            reporter = make_reporter(report, stream, summary_stream=summary_stream, verbose=verbose)
        summary = Summary()
        reporter.start()
        import time

        started = time.perf_counter()
        if remote is not None:
            try:
                stack.enter_context(remote)
            except ExecutorError as exc:
                raise usage_error(str(exc)) from None
        outcomes = run(
            files,
            options,
            cache=cache,
            workers=count,
            on_total=progress.total,
            executor=remote,
            max_record_bytes=max_record_bytes,
            mapping=mapping,
        )
        for outcome in outcomes:
            summary.add(outcome)
            reporter.outcome(outcome)
            progress.advance()
        summary.elapsed_s = time.perf_counter() - started
        progress.stop()
        reporter.finish(summary)
        if report_file is not None:
            report_file.commit()
        cache.close()
    return summary


class _Progress:
    """A rich progress bar on stderr, or nothing (not a terminal)."""

    def __init__(self, bar: object | None) -> None:
        self.bar = bar
        # Inputs are streamed: the number of records is known only once all are read.
        self.task: object | None = None
        if bar is not None:
            self.task = bar.add_task("checking", total=None)  # type: ignore[attr-defined]

    def total(self, n: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, total=n)  # type: ignore[attr-defined]

    def advance(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)  # type: ignore[attr-defined]

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]


def _progress(stack: ExitStack, *, enabled: bool) -> _Progress:
    if not enabled:
        return _Progress(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    bar.start()
    stack.callback(bar.stop)
    return _Progress(bar)


def register(app: typer.Typer) -> None:
    """Add `check` to the `veridot` app."""
    app.command("check")(check_command)
