"""Dataset runs: verify every record of one or more files, in input order, optionally in parallel.

`run(paths, options)` yields one `Outcome` per record, in input order, as soon as it and every
record before it are done (inputs are streamed: records are read as the checks need them,
with a bounded look-ahead, so memory does not grow with the dataset): a report, or the
failure that made the record unreadable (bad JSON, unknown shape, unreadable transcript)
with its line. Inputs are read by `veridot.verifier.inputs`.

Reports come from the SQLite cache (`veridot.verifier.cache`) when the same record (its canonical
JSON) was checked with the same options by the same veridot and was decided (a report with
a step left `unknown` by the prover is never stored, so it is checked again next run); a
cached record is neither parsed into a Diagram nor re-checked, and its stored JSON is what
`--report json` prints, so an unchanged dataset re-checks in about the time it takes to read
it. Reports travel as objects (`veridot.verifier.outcome.Outcome`); JSON is written only for the
cache and the JSON reporter (`veridot.verifier.codec`). Misses are read and verified
in-process, in `workers` worker processes (each keeping its parsers warm) or on an executor,
as `veridot.verifier.run_workers` decides.
`Summary` counts verdicts and gives the CLI's exit code.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from veridot.verifier import codec
from veridot.verifier.cache import REPORT_NAMESPACE, Cache, canonical_json, is_decided, report_key
from veridot.verifier.inputs import (
    DEFAULT_MAX_RECORD_BYTES,
    InputRecord,
    RecordFailure,
    read_inputs,
)
from veridot.verifier.options import CheckOptions
from veridot.verifier.outcome import Outcome, Summary
from veridot.verifier.prose import Prose
from veridot.verifier.run_workers import check_results

if TYPE_CHECKING:
    from veridot.verifier.executors import Executor
    from veridot.verifier.report import Report

__all__ = ["Outcome", "RecordFailure", "Summary", "check_record", "run", "run_all"]


Task = tuple[Any, int | None, str | None, CheckOptions]
"""One record to check: its JSON object, line, default id, and the run's options."""


# --- checking one record (in a worker or in-process) ------------------------------------------


def check_record(
    obj: Any, line: int | None, default_id: str | None, options: CheckOptions
) -> dict[str, Any]:
    """Read and verify one record: `{"report": <Report>}` or `{"failure": {...}}`.

    The Report stays an object: it is written as JSON only where it leaves the run, by the
    cache and the JSON reporter (`veridot.verifier.codec`), or by a worker process for the main one.

    Never raises (it is the worker entry point): unreadable records and unexpected errors
    become failures with a stable code.
    """
    from veridot.parser.errors import ParseError
    from veridot.verifier.check import check
    from veridot.verifier.diagram import DiagramError
    from veridot.verifier.readers import read_record

    try:
        diagram = read_record(obj, line=line, default_id=default_id)
    except (DiagramError, ParseError) as err:
        return {"failure": {"code": err.code, "message": str(err)}}
    except RecursionError:
        return {"failure": {"code": "too_deep", "message": "the record is nested too deeply"}}
    try:
        options.check_parser()
        report = check(diagram, options)
    except Exception as err:  # the run goes on; the record is reported as unreadable
        return {"failure": _failure(err)}
    return {"report": report}


def _failure(err: Exception) -> dict[str, str]:
    """A check that raised, said without Python internals (no advice about sys settings)."""
    if isinstance(err, ValueError) and "integer string conversion" in str(err):
        limit = sys.get_int_max_str_digits()
        message = f"a number in the record has more than {limit} digits, more than veridot reads"
        return {"code": "too_large", "message": message}
    if isinstance(err, RecursionError):
        return {"code": "too_deep", "message": "the record is nested too deeply"}
    if isinstance(err, MemoryError):
        return {"code": "too_large", "message": "out of memory while checking the record"}
    detail = str(err).splitlines()[0] if str(err) else ""
    name = type(err).__name__ + (f": {detail}" if detail else "")
    return {"code": "check_failed", "message": f"internal error ({name}); please report it"}


def _task(task: Task) -> dict[str, Any]:
    result = check_record(*task)
    if "report" in result and multiprocessing.parent_process() is not None:
        # In a worker process the report is about to cross a process boundary, an edge: the
        # worker writes its cache entry (in parallel with the other workers), so that the
        # main process neither unpickles a Report nor encodes it again; it copies the text
        # to the cache and `--report json`, and parses it only if a reporter reads it.
        data = result["report"].to_dict()
        return {"entry": codec.entry(data), "decided": is_decided(data)}
    return result


# --- the run ----------------------------------------------------------------------------------


def run(
    paths: Sequence[str],
    options: CheckOptions,
    *,
    cache: Cache | None = None,
    workers: int = 1,
    on_total: Callable[[int], None] | None = None,
    executor: Executor | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[Outcome]:
    """Check every record of `paths`, yielding one `Outcome` per record in input order.

    `cache` serves and stores reports; `workers > 1` checks cache misses in that many
    worker processes; `on_total` is told how many records there were once all are read
    (inputs are streamed, so that is at the end);
    `executor` (entered by the caller, e.g. `veridot.verifier.executors.RayExecutor`) checks the
    misses instead of the local pool. `max_record_bytes` bounds each record read
    (`veridot.verifier.inputs`): a longer one is a `too_large` failure. `mapping` renames columns to
    record fields (`veridot.verifier.readers.columns`) before the cache key is taken.
    """
    use_cache = cache is not None and cache.enabled
    # Records stream through: `queued` holds, in input order, every record read but not yet
    # reported, with its cache key and cache hit. `misses()` reads records as the checking
    # side asks for work, so only a bounded look-ahead of records is ever in memory and a
    # report is out as soon as it and every record before it are done.
    queued: deque[tuple[InputRecord, str | None, codec.Stored | None]] = deque()
    total = 0

    def misses() -> Iterator[Task | None]:
        """A task per record to check; None for a record that needs none (a cache hit, an
        unreadable record), so that the loop below can report it without reading on."""
        nonlocal total
        for item in read_inputs(paths, max_record_bytes=max_record_bytes, mapping=mapping):
            total += 1
            key = hit = None
            if use_cache and item.failure is None and cache is not None:
                key = _key(item, options)
                hit = codec.load(cache, key)
            queued.append((item, key, hit))
            needed = item.failure is None and hit is None
            yield (item.obj, item.line, item.default_id, options) if needed else None

    def ready() -> Iterator[Outcome]:
        """Outcomes of the queued records up to the first one that waits for a check."""
        while queued and (queued[0][0].failure is not None or queued[0][2] is not None):
            item, _, hit = queued.popleft()
            if item.failure is not None:
                yield Outcome(item.source, item.line, failure=item.failure)
            else:
                assert hit is not None
                yield Outcome(item.source, item.line, cached=True, text=hit.text, stored=hit)

    for result in check_results(_task, misses(), workers, executor):
        yield from ready()
        if result is None:  # a record that needed no check was read
            continue
        item, key, _ = queued.popleft()  # the record this result belongs to
        if "failure" in result:
            f = result["failure"]
            failure = RecordFailure(str(f["code"]), str(f["message"]), item.line)
            yield Outcome(item.source, item.line, failure=failure)
            continue
        if "entry" in result:  # from a worker process: the cache entry, read lazily
            value = str(result["entry"])
            stored = codec.read_entry(value)
            assert stored is not None  # the worker wrote it with codec.entry
            if cache is not None and key is not None and result["decided"]:
                cache.put(REPORT_NAMESPACE, key, value)
            yield Outcome(item.source, item.line, text=stored.text, stored=stored)
            continue
        report: Report = result["report"]
        prose = Prose()  # the report's words, for its cache entry and its reporters alike
        # Stored only if decided: a report with a deadline hit under load is re-checked.
        text = codec.store(cache, key, report.to_dict(prose)) if key is not None else None
        yield Outcome(item.source, item.line, checked=report, text=text, prose=prose)
    yield from ready()
    if on_total is not None:
        on_total(total)


def _key(item: InputRecord, options: CheckOptions) -> str:
    # The default id depends on the line; include it so a moved id-less record is re-keyed.
    content = canonical_json({"record": item.obj, "default_id": _default_id(item)})
    return report_key(content, **options.key())


def _default_id(item: InputRecord) -> str | None:
    has_id = isinstance(item.obj, dict) and item.obj.get("id") is not None
    return None if has_id else item.default_id


def run_all(
    paths: Sequence[str], options: CheckOptions, **kwargs: Any
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
