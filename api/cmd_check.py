"""`veridot check`: verify every record of one or more datasets, for people and for CI.

    veridot check FILE.jsonl [FILE ...] [--parser auto|fol|english|llm] [--llm MODEL]
        [--prover z3] [--report text|json|junit|github] [--output PATH] [--workers N]
        [--no-cache] [--allow unsupported] [--timeout S] [--strict] [--verbose] [--exit-zero]

Streams one report per record in input order (`verifier.runner`), rendered by
`verifier.reporters`; a progress bar on stderr when it is a terminal; a summary at the end
(in the text report, else on stderr). Exit codes: 1 if any record is invalid (with
`--strict`, also incomplete); otherwise 2 if any file or record was unreadable (each is
reported with its line, and every other record is still checked) or on a usage error;
otherwise 0; `--exit-zero` turns the 1 into 0 (a demo or a report-only CI step; unreadable
input still exits 2). Incomplete records (unknown / untranslated steps) exit 0 without `--strict`:
undecided is not wrong. Verifier and solver imports happen inside the command body.
`--executor ray` checks the records on a Ray cluster (`verifier.executors`): a local one with
`--workers` CPUs, or the one at `--ray-address`; reports and exit codes are the same.
"""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from typing import IO, Annotated

import typer

_PARSERS = ("auto", "fol", "english", "llm")
_REPORTS = ("text", "json", "junit", "github")
_ALLOWABLE = ("unsupported",)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def check_command(
    files: Annotated[
        list[str], typer.Argument(help="JSONL datasets, .json records, DoT transcripts, or -.")
    ],
    parser: Annotated[
        str, typer.Option("--parser", help="Semantic parser: auto, fol, english or llm.")
    ] = "auto",
    llm: Annotated[
        str | None,
        typer.Option("--llm", help="Chat model for the llm parser (provider:model)."),
    ] = None,
    prover: Annotated[str, typer.Option("--prover", help="Prover backend.")] = "z3",
    report: Annotated[
        str, typer.Option("--report", help="Output: text, json, junit or github.")
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
        typer.Option("--exit-zero", help="Exit 0 even when records are invalid (not on errors)."),
    ] = False,
    executor: Annotated[
        str, typer.Option("--executor", help="Where records are checked: local or ray.")
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="An existing Ray cluster (else a local one starts)."),
    ] = None,
) -> None:
    """Verify every step of every record; exit 1 if any record is invalid."""
    try:
        code = _check(
            files, parser, llm, prover, report, output, workers, no_cache, allow or [],
            timeout, strict, verbose, executor, ray_address,
        )  # fmt: skip
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # the CLI promise: one line, never a traceback
        raise _fail(f"{type(exc).__name__}: {exc}") from None
    raise typer.Exit(0 if exit_zero and code == 1 else code)


def _check(
    files: list[str],
    parser: str,
    llm: str | None,
    prover: str,
    report: str,
    output: str | None,
    workers: int,
    no_cache: bool,
    allow: list[str],
    timeout: float,
    strict: bool,
    verbose: bool,
    executor: str = "local",
    ray_address: str | None = None,
) -> int:
    if parser not in _PARSERS:
        raise _fail(f"unknown parser {parser!r}; choose one of {', '.join(_PARSERS)}")
    if report not in _REPORTS:
        raise _fail(f"unknown report format {report!r}; choose one of {', '.join(_REPORTS)}")
    for item in allow:
        if item not in _ALLOWABLE:
            raise _fail(f"--allow takes {', '.join(_ALLOWABLE)}, not {item!r}")
    from parser.llm_models import configured_spec

    spec = configured_spec(llm)
    if parser == "llm" and spec is None:
        raise _fail("--parser llm needs a model: pass --llm provider:model or set VERIDOT_LLM")
    if spec is not None:
        from parser.llm_models import ModelConfigError, load_chat_model

        try:
            load_chat_model(spec)  # fail fast, once, before any worker starts
        except ModelConfigError as exc:
            raise _fail(str(exc)) from None
    from provers.base import ProverError
    from provers.registry import available_provers, get_prover

    try:
        get_prover(prover)  # imports only this backend (a cached re-run must start fast)
    except ProverError as exc:
        names = ", ".join(available_provers()) or "none"
        raise _fail(f"{exc} (available: {names})") from None

    from verifier.executors import ExecutorError, make_executor

    count = (os.cpu_count() or 1) if workers == 0 else workers
    try:
        # A local Ray gets --workers CPUs, or every core when --workers is left at 1.
        cpus = count if count > 1 else (os.cpu_count() or 2)
        remote = make_executor(executor, workers=cpus, address=ray_address)
    except ExecutorError as exc:
        raise _fail(str(exc)) from None

    from verifier.cache import Cache
    from verifier.reporters import make_reporter
    from verifier.runner import RunOptions, Summary, run

    cache = Cache.default(enabled=not no_cache)
    options = RunOptions(
        parser=parser,
        prover=prover,
        timeout=timeout,
        allow_unsupported="unsupported" in allow,
        llm=spec,
        cache_path=str(cache.path) if cache.enabled and cache.path else None,
    )
    with ExitStack() as stack:
        # The bar starts first: while it runs, rich redirects sys.stdout / sys.stderr so that
        # report lines streamed to the terminal print above the bar instead of through it.
        progress = _progress(stack, enabled=sys.stderr.isatty())
        stream: IO[str] = sys.stdout
        if output is not None:
            try:
                stream = stack.enter_context(open(output, "w", encoding="utf-8"))
            except OSError as exc:
                raise _fail(f"cannot write {output}: {exc.strerror}") from None
        summary_stream = None if report == "text" else sys.stderr
        reporter = make_reporter(report, stream, summary_stream=summary_stream, verbose=verbose)
        summary = Summary()
        reporter.start()
        import time

        started = time.perf_counter()
        if remote is not None:
            try:
                stack.enter_context(remote)
            except ExecutorError as exc:
                raise _fail(str(exc)) from None
        outcomes = run(
            files,
            options,
            cache=cache,
            workers=count,
            on_total=progress.total,
            executor=remote,
        )
        for outcome in outcomes:
            summary.add(outcome)
            reporter.outcome(outcome)
            progress.advance()
        summary.elapsed_s = time.perf_counter() - started
        progress.stop()
        reporter.finish(summary)
        cache.close()
    return summary.exit_code(strict=strict)


class _Progress:
    """A rich progress bar on stderr, or nothing (not a terminal)."""

    def __init__(self, bar: object | None) -> None:
        self.bar = bar
        self.task: object | None = None

    def total(self, n: int) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("checking", total=n)  # type: ignore[attr-defined]

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
