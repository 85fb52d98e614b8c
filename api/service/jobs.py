"""The work the solver pool runs: prove, verify (whole or streamed), parse.

These functions run inside pool worker processes (see `veridot.api.service.worker`), take and return
plain JSON-ready data, and turn every known input error into a `JobError` carrying its stable code
and source position (the server process maps the code to its HTTP status:
`veridot.api.service.errors`). They call the library (`verifier`, `parser`) and add only what the
service needs on top: request limits that can be checked only after reading a record (node count,
formula length) and the shape of the answers.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from veridot.parser.errors import ParseError
from veridot.parser.vocabulary import Vocabulary

if TYPE_CHECKING:
    from veridot.verifier.options import CheckOptions

Emit = Callable[[Any], None]


class JobError(Exception):
    """Bad input found while running a job: becomes an HTTP error in the server process."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.location = location

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "location": self.location,
        }

    @classmethod
    def from_parse_error(cls, exc: ParseError, location: str | None = None) -> JobError:
        message = f"{exc.label}: {exc.message}" if exc.label else exc.message
        if exc.expected:
            message += "; expected one of: " + ", ".join(exc.expected)
        return cls(
            exc.code, message, line=exc.line or None, column=exc.column or None,
            location=location,
        )  # fmt: skip


def warm_up() -> None:
    """Load the verifier stack (z3, grammars, the English model, the math reader) before any
    worker forks.

    The pool's fork server runs this once; every worker then starts with it in memory
    (shared copy-on-write), so no request pays for loading, not even on a fresh worker.
    """
    for name in (
        "veridot.parser.fol",
        "veridot.parser.printer",
        "veridot.verifier.prove_claim",
        "veridot.verifier.check",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(Exception):  # builds the LALR tables once, in the fork server
        from veridot.parser.fol import parse_fol

        parse_fol("P(a)")
    with contextlib.suppress(Exception):  # hashes veridot's sources once for cache keys
        from veridot.verifier.cache import code_fingerprint

        code_fingerprint()
    with contextlib.suppress(Exception):  # loads the spaCy model once; workers share it
        from veridot.parser.registry import get_semantic_parser

        get_semantic_parser("english").translate("Every cat is an animal.", Vocabulary())
    with contextlib.suppress(Exception):  # and the math reader (/v1/prove, parser auto)
        from veridot.verifier.prove_claim import read_formula

        read_formula("2x = 4")
    with contextlib.suppress(Exception):  # the verify path's lazy imports (z3 among them)
        verify_job(_WARM_UP_RECORD, None)


# One entailed and one unsupported step: the checker, the prover and the countermodel
# rendering import what they need on first use; a worker forked without them imported z3 and
# some 50 modules on its first request (~0.2 s of CPU each time a worker is recycled).
_WARM_UP_RECORD = {
    "record": {"id": "warm-up", "parser": "fol", "premises": ["∀x (P(x) → Q(x))", "P(a)"],
               "steps": [{"fol": "Q(a)"}, {"fol": "R(a)"}]},
    "parser": "fol", "prover": "z3", "timeout_s": 2.0, "llm": None, "cache_path": None,
    "allow_unsupported": False, "limits": {"max_nodes": 10, "max_formula_chars": 100},
}  # fmt: skip


def run_job(kind: str, payload: dict[str, Any], emit: Emit) -> Any:
    """Run the job `kind` on `payload`; `emit` sends stream events back to the server."""
    try:
        return _dispatch(kind, payload, emit)
    except ValueError as exc:
        # Python refuses int <-> str conversions over 4,300 digits (a guard against
        # quadratic time). The service bounds numbers in requests, but exact arithmetic can
        # still build a longer one (a model value, a product): an input too large to serve.
        if "integer string conversion" not in str(exc):
            raise
        raise JobError(
            "too_large",
            "a number in the input or its result has more digits than can be read or shown",
        ) from exc  # fmt: skip


def _dispatch(kind: str, payload: dict[str, Any], emit: Emit) -> Any:
    match kind:
        case "prove":
            return prove_job(payload)
        case "verify":
            return verify_job(payload, None)
        case "verify_stream":
            return verify_job(payload, emit)
        case "parse":
            return parse_job(payload)
        case "sleep":  # for tests and benchmarks of the deadline machinery
            from veridot.provers.deadline import Deadline

            if payload.get("emit"):
                emit({"event": "sleeping"})
            check_s = payload.get("check_s")  # sleep as a solver check with this timeout
            with Deadline(float(check_s)) if check_s is not None else contextlib.nullcontext():
                time.sleep(float(payload.get("seconds", 0)))
            return {"slept": payload.get("seconds", 0)}
        case _:
            raise JobError("internal_error", f"unknown job kind {kind!r}")


# -- prove ---------------------------------------------------------------------------------
def prove_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Read premises and conclusion as `veridot prove` and the library do (FOL, else math
    notation, one vocabulary) and decide entailment."""
    from veridot.provers.base import ProverError, ProverNotInstalledError
    from veridot.verifier.prove_claim import prove, read_formula

    # As in the library, the timeout covers reading (the parsers are loaded at warm-up).
    started = time.monotonic()

    vocabulary = Vocabulary()
    premises = []
    for i, text in enumerate(payload["premises"]):
        try:
            premises.append(read_formula(text, vocabulary))
        except ParseError as exc:
            raise JobError.from_parse_error(exc, f"premises[{i}]") from exc
    try:
        conclusion = read_formula(payload["conclusion"], vocabulary, role="claim")
    except ParseError as exc:
        raise JobError.from_parse_error(exc, "conclusion") from exc
    try:
        result = prove(
            premises,
            conclusion,
            timeout=max(0.0, float(payload["timeout_s"]) - (time.monotonic() - started)),
            prover=str(payload.get("prover", "z3")),
        )
    except ParseError as exc:  # sort and arity clashes across formulas
        raise JobError.from_parse_error(exc, "premises") from exc
    except ProverNotInstalledError as exc:
        raise JobError("prover_unavailable", str(exc)) from exc
    except ProverError as exc:
        raise JobError("unsupported_formula", str(exc)) from exc
    return result.to_dict()


# -- verify --------------------------------------------------------------------------------
def verify_job(payload: dict[str, Any], emit: Emit | None) -> dict[str, Any]:
    """Read one record, check the limits, verify it; stream node events when `emit` is set."""
    from veridot.parser.registry import UnknownParserError
    from veridot.provers.base import ProverError, ProverNotInstalledError
    from veridot.verifier.diagram import DiagramError

    record: dict[str, Any] = payload["record"]
    limits: dict[str, int] = payload["limits"]
    try:
        diagram = _read(record)
        _check_diagram_limits(diagram, limits)
        cache = _cache(payload.get("cache_path"))
        key = _report_key(payload) if cache is not None else None
        hit = _cached(cache, key)
        if hit is not None:
            if emit is not None:
                for node in hit["nodes"]:
                    emit({"event": "node", "node": node})
            return hit
        options = _options(payload, llm=chat_model(payload.get("llm")), cache=cache)
        options.check_parser()
        if emit is None:
            from veridot.verifier.check import check

            report = _report_dict(check(diagram, options))
        else:
            from veridot.verifier.check import iter_check
            from veridot.verifier.prose import Prose
            from veridot.verifier.report import Report

            prose = Prose()  # one for the streamed nodes and the report: each worded once
            for item in iter_check(diagram, options):
                if isinstance(item, Report):  # the Report comes last
                    report = _report_dict(item, prose)
                    break
                emit({"event": "node", "node": item.to_dict(prose)})
            else:
                raise JobError("internal_error", "verification ended without a report")
        _store(cache, key, report)
        return report
    except ParseError as exc:
        raise JobError.from_parse_error(exc) from exc
    except DiagramError as exc:
        location = f"item {exc.index}" if exc.index is not None else None
        raise JobError(exc.code, exc.message, line=exc.line, location=location) from exc
    except UnknownParserError as exc:
        raise JobError("unknown_parser", str(exc), location="parser") from exc
    except ProverNotInstalledError as exc:
        raise JobError("prover_unavailable", str(exc)) from exc
    except ProverError as exc:
        raise JobError("unsupported_formula", str(exc)) from exc


def _read(record: dict[str, Any]) -> Any:
    """The record's Diagram (RecordError, a DiagramError, for a wrong shape)."""
    from veridot.verifier.readers import read_record

    return read_record(record)


def _check_diagram_limits(diagram: Any, limits: dict[str, int]) -> None:
    nodes = diagram.nodes
    if len(nodes) > limits["max_nodes"]:
        raise JobError(
            "too_many_nodes",
            f"the record has {len(nodes)} nodes; the limit is {limits['max_nodes']}",
        )  # fmt: skip
    limit = limits["max_formula_chars"]
    for node in nodes:
        for what, text in (("formula", node.formula), ("text", node.text)):
            if text is not None and len(text) > limit:
                raise JobError(
                    "formula_too_long",
                    f"node {node.id}: its {what} has {len(text)} characters; the limit is {limit}",
                    line=node.line, location=f"node {node.id}",
                )  # fmt: skip


def _options(payload: dict[str, Any], *, llm: object | None, cache: object | None) -> CheckOptions:
    """The check options a verify request names, with this chat model (or spec) and cache."""
    from veridot.verifier.options import CheckOptions

    return CheckOptions(
        parser=payload["parser"],
        prover=str(payload.get("prover", "z3")),
        timeout=float(payload["timeout_s"]),
        allow_unsupported=bool(payload.get("allow_unsupported", False)),
        llm=llm,
        cache=cache,
    )


def _report_key(payload: dict[str, Any]) -> str:
    """The report cache key: the record's canonical JSON and every option that matters."""
    from veridot.verifier.cache import canonical_json, report_key

    options = _options(payload, llm=payload.get("llm"), cache=None)  # the spec, not a model
    return report_key(canonical_json(payload["record"]), **options.key())


def _cached(cache: Any, key: str | None) -> dict[str, Any] | None:
    """The stored report's JSON object (the cache entry `veridot.verifier.codec` writes for the CLI
    too), or None: absent, or not a report (a miss)."""
    from veridot.verifier import codec

    if cache is None or key is None:
        return None
    stored = codec.load(cache, key)
    return None if stored is None else stored.data()


def _store(cache: Any, key: str | None, report: dict[str, Any]) -> None:
    if cache is None or key is None:  # `codec.store` would still render the report's JSON
        return
    from veridot.verifier import codec

    codec.store(cache, key, report)


def _report_dict(report: Any, prose: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = report.to_dict(prose)
    return data


@lru_cache(maxsize=2)
def _cache(path: str | None) -> object | None:
    """One SQLite cache (reports, LLM translations) per worker process, or None when unset."""
    if not path:
        return None
    from veridot.verifier.cache import Cache

    return Cache(path)


@lru_cache(maxsize=4)
def chat_model(spec: str | None) -> object | None:
    """The LangChain chat model for an LLM spec such as `ollama:llama3.1` (None when unset)."""
    if not spec:
        return None
    from veridot.parser.llm_models import ModelConfigError, load_chat_model

    try:
        model: object = load_chat_model(spec)
    except ModelConfigError as exc:  # a missing provider package or a bad spec: say which
        raise JobError("llm_unavailable", str(exc)) from exc
    return model


# -- parse ---------------------------------------------------------------------------------
def parse_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Formalize `text` with the named parser: formulas in Unicode and ASCII, vocabulary."""
    from veridot.parser.fol import parse_fol
    from veridot.parser.registry import UnknownParserError, get_semantic_parser, looks_formal
    from veridot.parser.semantic import TranslationStatus

    text: str = payload["text"]
    name: str = payload["parser"]
    vocabulary = Vocabulary()
    if name == "fol" or (name == "auto" and looks_formal(text)):
        try:
            formula = parse_fol(text)
        except ParseError as exc:
            if name == "fol":
                raise JobError.from_parse_error(exc, "text") from exc
            fol_error: ParseError | None = exc
        else:
            vocabulary.observe(formula)
            return _parsed("fol", "claim", [formula], vocabulary)
    else:
        fol_error = None
    try:
        parser = get_semantic_parser(name, llm=chat_model(payload.get("llm")))
    except UnknownParserError as exc:
        raise JobError("unknown_parser", str(exc), location="parser") from exc
    translation = parser.translate(text, vocabulary, role="claim")
    if translation.status is TranslationStatus.UNTRANSLATED:
        if fol_error is not None:  # formal-looking text: the FOL error is the useful one
            raise JobError.from_parse_error(fol_error, "text")
        raise JobError("untranslated", translation.reason or "no parser could formalize it")
    for formula in translation.claims:
        vocabulary.observe(formula)
    return _parsed(
        translation.parser or name, translation.status.value, list(translation.claims), vocabulary
    )


def _parsed(
    parser: str, status: str, formulas: list[Any], vocabulary: Vocabulary
) -> dict[str, Any]:
    from veridot.parser.printer import to_ascii, to_unicode

    return {
        "parser": parser,
        "status": status,
        "formulas": [{"unicode": to_unicode(f), "ascii": to_ascii(f)} for f in formulas],
        "vocabulary": vocabulary.to_dict(),
    }
