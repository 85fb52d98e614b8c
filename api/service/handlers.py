"""What each endpoint does, between the HTTP layer and the solver pool.

Routes call these functions and nothing else. Each one checks the request limits that can be
checked before any solver work (premise count, formula length, node count of a chain), builds
the job for the pool, runs it under the request deadline, counts the verdicts, and turns pool
outcomes into `ApiError`s: a saturated pool is a 503 with Retry-After, a killed worker a 504,
an input error the worker found keeps its own status (422 or 413) and position, and a client
that left (its `cancel` event set) a 499 nobody reads. A request asking for a solver timeout
over `long_job_s` runs as a long job, in the pool's limited long-job slots.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from veridot.api.service import metrics
from veridot.api.service.errors import ApiError, saturated, too_large
from veridot.api.service.pool import (
    DeadlineExceeded,
    JobCancelled,
    JobFailed,
    PoolSaturated,
    SolverPool,
    WorkerCrashed,
)
from veridot.api.service.responses import encoded
from veridot.api.service.schemas import ParseRequest, ProveRequest, VerifyRequest
from veridot.api.settings import Settings
from veridot.provers.deadline import grace_s as prover_grace_s


def _check_text(text: str, location: str, settings: Settings) -> None:
    if len(text) > settings.max_formula_chars:
        raise too_large(
            "formula_too_long",
            f"{location} has {len(text)} characters; the limit is {settings.max_formula_chars}",
            location=location,
        )
    _check_numbers(text, location, settings)


def _check_numbers(value: object, location: str, settings: Settings) -> None:
    """413 `too_large` for a number longer than `max_number_digits` in any string of `value`.

    Exact arithmetic on such numbers is where a solver stops answering, and Python refuses
    to convert integers over 4,300 digits; a clear limit up front beats both.
    """
    limit = settings.max_number_digits
    stack: list[tuple[object, str]] = [(value, location)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if len(item) > limit and (match := _long_number(limit).search(item)):
                raise too_large(
                    "too_large",
                    f"{where} holds a number of {len(match.group())} digits; the limit is {limit}",
                    location=where,
                )
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))


@lru_cache(maxsize=4)
def _long_number(limit: int) -> re.Pattern[str]:
    return re.compile(rf"\d{{{limit + 1},}}")


def _pool_error(exc: Exception, settings: Settings) -> ApiError:
    if isinstance(exc, PoolSaturated):
        return saturated(settings.retry_after_s, str(exc) or "all solver workers are busy")
    if isinstance(exc, JobFailed):
        return ApiError.from_dict(exc.error)
    if isinstance(exc, DeadlineExceeded):
        return ApiError("deadline_exceeded", str(exc))
    if isinstance(exc, WorkerCrashed):
        return ApiError("worker_crashed", str(exc))
    if isinstance(exc, JobCancelled):  # nginx's "client closed request": only logs see it
        return ApiError("client_closed_request", str(exc))
    raise exc


_POOL_ERRORS = (PoolSaturated, JobFailed, DeadlineExceeded, WorkerCrashed, JobCancelled)


def _run(
    pool: SolverPool,
    kind: str,
    payload: dict[str, Any],
    deadline_s: float,
    settings: Settings,
    cancel: threading.Event | None,
    long_job: bool = False,
) -> Any:
    try:
        return pool.run(kind, payload, deadline_s=deadline_s, cancel=cancel, long_job=long_job)
    except _POOL_ERRORS as exc:
        raise _pool_error(exc, settings) from exc


def _timeout_s(timeout_ms: int | None, settings: Settings) -> float:
    """The solver timeout a request asked for (default: the server's), within the maximum."""
    chosen = timeout_ms or round(settings.solver_timeout_s * 1000)
    if chosen > settings.max_timeout_ms:
        raise ApiError(
            "invalid_timeout",
            f"timeout_ms {chosen} exceeds this server's maximum {settings.max_timeout_ms}",
            location="timeout_ms",
        )  # fmt: skip
    return chosen / 1000


def _prover(name: str | None) -> str:
    """The requested backend (default z3); 422 when it is not installed on this server."""
    from veridot.provers.registry import available_provers

    chosen = name or "z3"
    if chosen not in available_provers():
        raise ApiError(
            "prover_unavailable",
            f"prover {chosen!r} is not installed here; available: {', '.join(available_provers())}",
            location="prover",
        )  # fmt: skip
    return chosen


def prove(
    request: ProveRequest,
    settings: Settings,
    pool: SolverPool,
    *,
    cancel: threading.Event | None = None,
) -> dict[str, Any]:
    """Decide `conclusion` from `premises`; a run past the deadline is an `unknown` verdict."""
    if len(request.premises) > settings.max_premises:
        raise too_large(
            "too_many_premises",
            f"{len(request.premises)} premises; the limit is {settings.max_premises}",
        )
    for i, premise in enumerate(request.premises):
        _check_text(premise, f"premises[{i}]", settings)
    _check_text(request.conclusion, "conclusion", settings)
    timeout_s = _timeout_s(request.timeout_ms, settings)
    payload = {"premises": request.premises, "conclusion": request.conclusion,
               "timeout_s": timeout_s, "prover": _prover(request.prover)}  # fmt: skip
    # The check's timeout covers reading too (`veridot.api.service.jobs.prove_job`), so the whole
    # job is bounded as one check is: its timeout, the prover's grace and the pool's slack.
    deadline = min(
        settings.deadline_s, timeout_s + prover_grace_s(timeout_s) + settings.deadline_grace_s
    )
    try:
        result: dict[str, Any] = pool.run(
            "prove", payload, deadline_s=deadline, cancel=cancel,
            long_job=timeout_s > settings.long_job_s,
        )  # fmt: skip
    except DeadlineExceeded:
        # The solver ignored its own timeout; the worker was killed. Not knowing is a verdict.
        result = {"verdict": "unknown", "used_premises": [], "countermodel": None,
                  "witness": None, "elapsed_ms": round(deadline * 1000, 3),
                  "reason": f"deadline of {deadline:g} s exceeded; the solver was stopped",
                  "prover": payload["prover"]}  # fmt: skip
    except (PoolSaturated, JobFailed, WorkerCrashed, JobCancelled) as exc:
        raise _pool_error(exc, settings) from exc
    metrics.count_prove(str(result.get("verdict")), str(result.get("reason", "")))
    return result


def _verify_payload(
    request: VerifyRequest, settings: Settings, allow_unsupported: bool
) -> dict[str, Any]:
    record = request.model_dump(mode="json", by_alias=True, exclude_unset=True)
    record.pop("prover", None)  # options of the request, not part of the record
    record.pop("timeout_ms", None)
    prover = _prover(request.prover)
    chain_nodes = len(request.premises or ()) + len(request.steps or ())
    if chain_nodes > settings.max_nodes:
        raise too_large(
            "too_many_nodes",
            f"the record has {chain_nodes} nodes; the limit is {settings.max_nodes}",
        )
    for i, premise in enumerate(request.premises or ()):
        _check_text(premise, f"premises[{i}]", settings)
    for i, step in enumerate(request.steps or ()):
        texts = [step] if isinstance(step, str) else [step.text or "", step.fol or ""]
        for text in texts:
            _check_text(text, f"steps[{i}]", settings)
    _check_numbers(record, "", settings)  # transcripts, problems, answers, extra fields
    return {
        "record": record,
        "parser": request.parser or settings.default_parser,
        "prover": prover,
        "timeout_s": _timeout_s(request.timeout_ms, settings),
        "llm": settings.llm,
        "cache_path": None if (cache := settings.cache_file()) is None else str(cache),
        "allow_unsupported": allow_unsupported,
        "limits": {
            "max_nodes": settings.max_nodes,
            "max_formula_chars": settings.max_formula_chars,
        },
    }


def verify(
    request: VerifyRequest,
    settings: Settings,
    pool: SolverPool,
    *,
    allow_unsupported: bool = False,
    cancel: threading.Event | None = None,
) -> dict[str, Any]:
    """Verify one record; the answer is the report `veridot check --report json` prints."""
    payload = _verify_payload(request, settings, allow_unsupported)
    long_job = payload["timeout_s"] > settings.long_job_s
    report: dict[str, Any] = _run(
        pool, "verify", payload, settings.deadline_s, settings, cancel, long_job
    )
    metrics.count_report(report)
    return report


def _ndjson(obj: object) -> bytes:
    return encoded(obj) + b"\n"


class _Pump:
    """Runs one pool stream in a thread of its own and hands its items over a queue.

    The job is then watched by the pool (deadlines, the cancel event) however the HTTP side
    reads it: a streaming response abandoned between two reads used to leave the pool's
    generator suspended, holding its worker until a garbage collection closed it.
    """

    def __init__(self, events: Iterator[tuple[str, Any]]) -> None:
        self._events = events
        self._items: queue.SimpleQueue[tuple[str, Any] | BaseException | None] = queue.SimpleQueue()
        threading.Thread(target=self._run, name="veridot-stream", daemon=True).start()

    def _run(self) -> None:
        try:
            for item in self._events:
                self._items.put(item)
            self._items.put(None)
        except BaseException as exc:  # handed to the reader, who raises it
            self._items.put(exc)

    def next(self) -> tuple[str, Any] | None:
        """The next item (None at the end); raises what the job raised."""
        item = self._items.get()
        if isinstance(item, BaseException):
            raise item
        return item


def verify_stream(
    request: VerifyRequest,
    settings: Settings,
    pool: SolverPool,
    *,
    allow_unsupported: bool = False,
    cancel: threading.Event | None = None,
) -> Iterator[bytes]:
    """NDJSON lines: one `node` event per verified node, then the `report` event.

    The first message is awaited before returning, so input errors found while reading the
    record still become proper HTTP errors; errors after that arrive as an `error` event.
    A reader that stops early (the client left) stops the job too.
    """
    payload = _verify_payload(request, settings, allow_unsupported)
    cancel = cancel if cancel is not None else threading.Event()
    long_job = payload["timeout_s"] > settings.long_job_s
    pump = _Pump(
        pool.stream(
            "verify_stream", payload, deadline_s=settings.deadline_s, cancel=cancel,
            long_job=long_job,
        )
    )  # fmt: skip
    try:
        first = pump.next()
    except _POOL_ERRORS as exc:
        raise _pool_error(exc, settings) from exc
    if first is None:  # pragma: no cover - the pool always yields a result or raises
        raise ApiError("internal_error", "verification produced nothing")

    def lines() -> Iterator[bytes]:
        item: tuple[str, Any] | None = first
        try:
            while item is not None:
                tag, body = item
                if tag == "event":
                    yield _ndjson(body)
                else:
                    metrics.count_report(body)
                    yield _ndjson({"event": "report", "report": body})
                item = pump.next()
        except (JobFailed, DeadlineExceeded, WorkerCrashed) as exc:
            yield _ndjson({"event": "error", **_pool_error(exc, settings).body()})
        except JobCancelled:
            return
        finally:
            cancel.set()  # a reader that stopped early: the job must not run on

    return lines()


def parse(
    request: ParseRequest,
    settings: Settings,
    pool: SolverPool,
    *,
    cancel: threading.Event | None = None,
) -> dict[str, Any]:
    """Formalize `text`: formulas in Unicode and ASCII, and the vocabulary used."""
    _check_text(request.text, "text", settings)
    payload = {"text": request.text, "parser": request.parser or settings.default_parser,
               "llm": settings.llm}  # fmt: skip
    result: dict[str, Any] = _run(pool, "parse", payload, settings.deadline_s, settings, cancel)
    return result
