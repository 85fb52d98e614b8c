"""Dataset runs: verify every record of one or more files, in input order, optionally in parallel.

`run(paths, options)` yields one `Outcome` per record, in input order, as soon as it and
every record before it are done: a `Report`, or the error that made the record unreadable
(bad JSON, unknown shape, unreadable transcript) with its line. Inputs: `.jsonl` (one record
per line), `.json` (one record or a list), `-` (JSONL on stdin), and any other file is read
as one DoT transcript whose id is the file's stem.

Reports are served from the SQLite cache (`verifier.cache`) when the same record was checked
with the same options by the same veridot; misses go to `workers` processes (spawned, each
keeping its parsers warm) or are checked in-process when `workers <= 1`. `Summary` counts
verdicts and gives the CLI's exit code.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from provers.base import DEFAULT_TIMEOUT_S
from verifier.cache import REPORT_NAMESPACE, Cache, canonical_json, report_key
from verifier.diagram import Diagram
from verifier.report import Report, Verdict


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What every record of a run is checked with (picklable: it travels to workers)."""

    parser: str = "auto"
    prover: str = "z3"
    timeout: float = DEFAULT_TIMEOUT_S
    allow_unsupported: bool = False
    llm: str | None = None  # a provider:model spec; workers build their own model from it
    transcript: bool = True
    cache_path: str | None = None  # where LLM translations are cached (None: not cached)


@dataclass(frozen=True, slots=True)
class RecordFailure:
    """Why a record could not be checked: stable `code`, message, where."""

    code: str
    message: str
    line: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "line": self.line}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record of a run: its report or its failure, where it came from, cache use."""

    source: str
    line: int | None
    report: Report | None = None
    failure: RecordFailure | None = None
    cached: bool = False

    @property
    def verdict(self) -> str:
        return self.report.verdict.value if self.report is not None else "error"


@dataclass
class Summary:
    """Verdict counts of a run and the exit code they imply."""

    records: int = 0
    valid: int = 0
    invalid: int = 0
    incomplete: int = 0
    errors: int = 0
    cached: int = 0
    elapsed_s: float = 0.0
    nodes: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.records += 1
        self.cached += outcome.cached
        if outcome.report is None:
            self.errors += 1
            return
        match outcome.report.verdict:
            case Verdict.VALID:
                self.valid += 1
            case Verdict.INVALID:
                self.invalid += 1
            case Verdict.INCOMPLETE:
                self.incomplete += 1
        for status, n in outcome.report.counts().items():
            self.nodes[status] = self.nodes.get(status, 0) + n

    def exit_code(self, *, strict: bool = False) -> int:
        """1 if any record is invalid (or, with `strict`, incomplete); else 2 if any record or
        file was unreadable; else 0."""
        if self.invalid or (strict and self.incomplete):
            return 1
        return 2 if self.errors else 0

    def line(self) -> str:
        """One line for people: `12 records in 3.1 s: 9 valid, 2 invalid, ...`."""
        rate = f" ({self.records / self.elapsed_s:.1f}/s)" if self.elapsed_s > 0 else ""
        return (
            f"{self.records} records in {self.elapsed_s:.2f} s{rate}: {self.valid} valid, "
            f"{self.invalid} invalid, {self.incomplete} incomplete, {self.errors} unreadable"
            f" ({self.cached} from cache)"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "valid": self.valid,
            "invalid": self.invalid,
            "incomplete": self.incomplete,
            "errors": self.errors,
            "cached": self.cached,
            "elapsed_s": round(self.elapsed_s, 3),
            "nodes": dict(sorted(self.nodes.items())),
        }


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    source: str
    line: int | None
    diagram: Diagram | None = None
    failure: RecordFailure | None = None
    key: str = ""


def _items(path: str) -> Iterator[_Item]:
    """The records of one input, read with `verifier.readers` (errors become failures)."""
    from parser.errors import ParseError
    from verifier.readers import read_jsonl, read_transcript

    if path == "-":
        yield from _stdin_items()
        return
    p = Path(path)
    if p.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        try:
            for got in read_jsonl(p):
                if isinstance(got, Diagram):
                    line = got.meta.get("source_line")
                    yield _Item(path, line if isinstance(line, int) else None, diagram=got)
                else:
                    yield _Item(
                        path, got.line, failure=RecordFailure(got.code, got.message, got.line)
                    )
        except OSError as err:
            yield _Item(path, None, failure=RecordFailure("unreadable_file", _os_message(err)))
        return
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        yield _Item(path, None, failure=RecordFailure("unreadable_file", _os_message(err)))
        return
    try:
        yield _Item(path, None, diagram=read_transcript(text, id=p.stem))
    except ParseError as err:
        yield _Item(
            path, err.line or None, failure=RecordFailure(err.code, str(err), err.line or None)
        )
    except Exception as err:  # RecordError / DiagramError from the transcript's graph
        code = str(getattr(err, "code", "bad_record"))
        line = getattr(err, "line", None)
        yield _Item(path, line, failure=RecordFailure(code, str(err), line))


def _stdin_items() -> Iterator[_Item]:
    from parser.errors import ParseError
    from verifier.diagram import DiagramError
    from verifier.readers import read_record

    for number, text in enumerate(sys.stdin, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
            yield _Item(
                "-", number, diagram=read_record(obj, line=number, default_id=f"stdin:{number}")
            )
        except json.JSONDecodeError as err:
            yield _Item(
                "-",
                number,
                failure=RecordFailure(
                    "bad_json", f"invalid JSON at column {err.colno}: {err.msg}", number
                ),
            )
        except (DiagramError, ParseError, RecursionError) as err:
            code = str(getattr(err, "code", "bad_record"))
            yield _Item("-", number, failure=RecordFailure(code, str(err), number))


def _os_message(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    return str(err)


def _content(diagram: Diagram) -> str:
    """A diagram's identity for the cache: everything but where it sat in its file."""
    data = diagram.to_dict()
    meta = dict(data.get("meta") or {})  # type: ignore[call-overload]
    meta.pop("source_line", None)
    meta.pop("source_index", None)
    data["meta"] = meta
    return canonical_json(data)


# --- checking ---------------------------------------------------------------------------

_WORKER_LLM: dict[str, object] = {}


def _llm(spec: str | None) -> object | None:
    if not spec:
        return None
    if spec not in _WORKER_LLM:
        from parser.llm_models import load_chat_model

        _WORKER_LLM[spec] = load_chat_model(spec)
    return _WORKER_LLM[spec]


def check_diagram(
    diagram: Diagram, options: RunOptions, cache: Cache | None = None
) -> dict[str, Any]:
    """One record's report as a dict, or `{"failure": {...}}`; never raises (worker entry)."""
    from verifier.check import verify

    try:
        report = verify(
            diagram,
            parser=options.parser,
            prover=options.prover,
            timeout=options.timeout,
            allow_unsupported=options.allow_unsupported,
            llm=_llm(options.llm),
            transcript=options.transcript,
            cache=cache,
        )
        return report.to_dict()
    except Exception as err:  # the run goes on; the record is reported as unreadable
        return {"failure": {"code": "check_failed", "message": f"{type(err).__name__}: {err}"}}


def _translation_cache(options: RunOptions) -> Cache | None:
    return Cache(options.cache_path) if options.llm and options.cache_path else None


def _worker_task(task: tuple[Diagram, RunOptions]) -> dict[str, Any]:
    diagram, options = task
    return check_diagram(diagram, options, _translation_cache(options))


def run(
    paths: Sequence[str],
    options: RunOptions,
    *,
    cache: Cache | None = None,
    workers: int = 1,
    on_total: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Check every record of `paths`, yielding one `Outcome` per record in input order.

    `cache` serves and stores reports; `workers > 1` checks cache misses in that many
    spawned processes; `on_total` is told how many records there are once all are read.
    """
    items = [item for path in paths for item in _items(path)]
    for i, item in enumerate(items):
        if item.diagram is not None and cache is not None and cache.enabled:
            key = report_key(
                _content(item.diagram),
                parser=options.parser,
                prover=options.prover,
                timeout=options.timeout,
                allow_unsupported=options.allow_unsupported,
                llm=options.llm,
            )
            items[i] = replace(item, key=key)
    if on_total is not None:
        on_total(len(items))
    cached: dict[int, dict[str, Any]] = {}
    todo: list[int] = []
    for i, item in enumerate(items):
        if item.diagram is None:
            continue
        hit = cache.get(REPORT_NAMESPACE, item.key) if cache is not None and item.key else None
        if hit is not None:
            try:
                cached[i] = json.loads(hit)
                continue
            except json.JSONDecodeError:
                pass
        todo.append(i)
    results = _results(items, todo, options, workers)
    for i, item in enumerate(items):
        if item.diagram is None:
            assert item.failure is not None
            yield Outcome(item.source, item.line, failure=item.failure)
            continue
        was_cached = i in cached
        data = cached[i] if was_cached else next(results)
        if "failure" in data:
            f = data["failure"]
            yield Outcome(
                item.source, item.line, failure=RecordFailure(f["code"], f["message"], item.line)
            )
            continue
        try:
            report = Report.from_dict(data)
        except (KeyError, ValueError, TypeError) as err:
            failure = RecordFailure("bad_cache_entry", str(err), item.line)
            yield Outcome(item.source, item.line, failure=failure)
            continue
        if not was_cached and cache is not None and item.key:
            cache.put(REPORT_NAMESPACE, item.key, json.dumps(data, ensure_ascii=False))
        meta = {**report.meta, "file": item.source, "line": item.line}
        yield Outcome(item.source, item.line, report=replace(report, meta=meta), cached=was_cached)


def _results(
    items: Sequence[_Item], todo: Sequence[int], options: RunOptions, workers: int
) -> Iterator[dict[str, Any]]:
    """Reports of the records `todo`, in that order, in-process or from a process pool."""
    tasks: Iterable[tuple[Diagram, RunOptions]] = (
        (d, options) for i in todo if (d := items[i].diagram) is not None
    )
    if workers <= 1 or len(todo) <= 1:
        cache = _translation_cache(options)
        for diagram, opts in tasks:
            yield check_diagram(diagram, opts, cache)
        return
    # spawn: z3 and spaCy hold threads and native state that a fork would copy half-made.
    # An executor (not multiprocessing.Pool) so that a worker that dies, or cannot start,
    # fails the remaining records instead of hanging the run.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    size = min(workers, len(todo), os.cpu_count() or workers)
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=size, mp_context=context) as pool:
            for data in pool.map(_worker_task, tasks):
                done += 1
                yield data
    except BrokenProcessPool as err:
        message = f"a worker process died: {err}"
        for _ in range(len(todo) - done):
            yield {"failure": {"code": "worker_died", "message": message}}


def run_all(
    paths: Sequence[str], options: RunOptions, **kwargs: Any
) -> tuple[list[Outcome], Summary]:
    """`run` collected into a list, with its `Summary` (for tests and the library)."""
    started = time.perf_counter()
    summary = Summary()
    outcomes = []
    for outcome in run(paths, options, **kwargs):
        summary.add(outcome)
        outcomes.append(outcome)
    summary.elapsed_s = time.perf_counter() - started
    return outcomes, summary
