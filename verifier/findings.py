"""Findings as data: every message the verifier can emit, with a stable code and a template.

Modelled on pyflakes: the checker (`veridot.verifier.check`) collects `Finding`s, each naming its
kind by a stable `code`, the node it concerns, the source line and JSON-ready evidence (`args`:
node ids used, a countermodel rendered in words, the prover's reason, ...), and no sentence: the
reporters and the JSON encoder turn them into text at the edge (`veridot.verifier.prose`, with
the plain-English renderer `veridot.verifier.messages`); tests assert codes, never prose. A
kind's `severity` says what it does to a record's verdict: `error` kinds make it invalid,
`warning` kinds leave it incomplete, `info` kinds are evidence only. Codes are part
of the public interface (JSON reports, GitHub annotations): add new ones, never rename.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the JSON shape; imported at run time only by the API schemas
    from veridot.verifier.report_json import FindingJSON


class Severity(StrEnum):
    """How much a finding matters: errors invalidate a record, warnings leave it undecided."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class FindingKind:
    """One kind of message: stable `code`, default `severity`, and a one-line `template`.

    The template's fields are `node` plus the keys of a finding's `args`; it gives a terse,
    id-based line (`short()`); `veridot.verifier.messages` renders the full plain-English sentence.
    """

    code: str
    severity: Severity
    template: str
    summary: str


KINDS: dict[str, FindingKind] = {}
"""Every kind by code (filled by `_kind` below; the registry `Finding.from_dict` uses)."""


def _kind(code: str, severity: Severity, template: str, summary: str) -> FindingKind:
    if code in KINDS:  # pragma: no cover - a programming error caught at import
        raise ValueError(f"duplicate finding code {code!r}")
    kind = FindingKind(code, severity, template, summary)
    KINDS[code] = kind
    return kind


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 - local shorthands

# --- verdicts on claim nodes ----------------------------------------------------------------
STEP_ENTAILED = _kind("entailed", I, "{node} follows from {used}", "the step follows")
STEP_CONTRADICTED = _kind(
    "contradicted", E, "{node} contradicts {used}", "the premises imply the step is false"
)
STEP_UNSUPPORTED = _kind(
    "unsupported",
    E,
    "{node} does not follow from {used}",
    "a world exists where the premises hold and the step is false",
)
PREMISES_INCONSISTENT = _kind(
    "inconsistent_premises",
    E,
    "the premises of {node} are inconsistent: {used}",
    "the nodes a step rests on cannot all hold (reported once per inconsistent set)",
)
STEP_UNKNOWN = _kind(
    "unknown", W, "{node} could not be decided: {reason}", "the prover gave up or timed out"
)
PROVER_DISAGREEMENT = _kind(
    "prover_disagreement",
    W,
    "{node} is undecided: the provers disagree ({reason})",
    "with --prover both, z3 and cvc5 gave different verdicts (both are in `verdicts`)",
)
STEP_UNTRANSLATED = _kind(
    "untranslated", W, "{node} could not be formalised: {reason}", "no parser formalised the text"
)
FORMULA_SYNTAX = _kind(
    "formula_syntax",
    W,
    "the formula of {node} does not parse: {reason}",
    "a @prop or fol field is not valid FOL",
)
SORT_CLASH = _kind(
    "sort_clash",
    W,
    "the formula of {node} clashes with earlier symbols: {reason}",
    "a symbol is used with two arities or sorts in one diagram",
)
CONFUSABLE_SYMBOL = _kind(
    "confusable_symbol",
    W,
    "{node} uses a look-alike symbol: {reason}",
    "a name holds letters of another script that look like Latin ones (`Саt` with Cyrillic "
    "С, а): it would silently be another symbol, so the node is not formalised",
)
LLM_UNAVAILABLE = _kind(
    "llm_unavailable",
    W,
    "{node} was not formalised: the model could not be reached: {reason}",
    "the LLM parser's model call kept failing in transport (connection, timeout, rate limit, "
    "server error) after its retries: the text was never read, so a later run may decide it",
)
NO_CLAIM = _kind("no_claim", I, "{node} makes no claim", "nothing to check in the text")
RESTS_ON_UNTRANSLATED = _kind(
    "rests_on_untranslated",
    W,
    "{node} does not follow from {used} alone; {missing} could not be formalised",
    "unsupported only because a node it rests on was not formalised: undecided, not wrong",
)
RESTS_ON_INCONSISTENT = _kind(
    "rests_on_inconsistent",
    W,
    "{node} rests on the inconsistent set reported at {at}",
    "the same inconsistent set again: undecided, reported once at its first node",
)
SUMMARY_USES_INVALID = _kind(
    "summary_uses_invalid",
    E,
    "summarizer {node} rests on invalid {invalid}",
    "a summarizer uses (directly or transitively) an invalid node; it is decided from the rest",
)
DEPENDS_ON_INVALID = _kind(
    "depends_on_invalid",
    I,
    "{node} rests on invalid {invalid}",
    "the step may be a valid inference, but something it rests on is invalid",
)
CRITIC_DISAGREES = _kind(
    "critic_disagrees",
    I,
    "the transcript's critic marked {node} {mark}, the prover says {status}",
    "the source's own critic judged the node differently",
)
AMBIGUOUS = _kind(
    "ambiguous",
    I,
    "{node} has competing translations: {alternatives}",
    "LLM samples disagreed; the majority translation was checked",
)

DEFINITION = _kind(
    "definition",
    I,
    "{node} states {formulas} as given",
    "a binding or setup equation the step states as given: assumed by the steps after it "
    "(and its own claims), never checked",
)
DEFINITION_CONFLICT = _kind(
    "definition_conflict",
    I,
    "{node} binds {formulas} again, contradicting {used}; set aside: {retired}",
    "a step binds a symbol again (a new case, 'for u = 2' after u = 0): its definitions are "
    "assumed, and the earlier nodes about those symbols are set aside (missing) from then on",
)

DEFINITIONS_INCONSISTENT = _kind(
    "definitions_inconsistent",
    W,
    "{node} rests on definitions that cannot all hold: {used}",
    "what the step rests on is inconsistent because of formulas stated as given (never "
    "checked, so never flagged): undecided; later steps on the same set are too",
)

# --- premises, claims records, structure ----------------------------------------------------
PREMISE_UNTRANSLATED = _kind(
    "premise_untranslated",
    I,
    "premise {node} could not be formalised and is not assumed: {reason}",
    "an untranslated premise is left out (steps needing it become unknown, never unsupported)",
)
CLAIM_FAILED = _kind(
    "claim_failed",
    E,
    "@{kind} {src} {dst} does not hold: {status}",
    "an @entails / @eq record is false",
)
CLAIM_UNDECIDED = _kind(
    "claim_undecided",
    W,
    "@{kind} {src} {dst} could not be decided: {reason}",
    "an @entails / @eq record could not be checked",
)
STRUCTURAL = _kind(
    "structural", E, "{rule}: {detail}", "the transcript breaks a DoT well-formedness rule"
)
NOTHING_CHECKED = _kind(
    "nothing_checked",
    W,
    "Nothing was checked: the record has no step or claim that states something.",
    "a record with no checked node is incomplete, never valid",
)

del E, W, I


@dataclass(frozen=True, slots=True)
class Finding:
    """One message about one node (or the record), as data: kind, node, line and evidence.

    `args` holds JSON-ready evidence (lists of node ids, a world description, a reason ...)
    used by the templates and by `veridot.verifier.messages`. `severity` overrides the kind's
    default (an `unsupported` step is only a warning under `--allow unsupported`). Its
    plain-English sentence depends on how the output names nodes, so it is made where the
    finding is shown (`veridot.verifier.prose`), never stored.
    """

    kind: FindingKind
    node: str | None = None
    line: int | None = None
    args: Mapping[str, Any] = field(default_factory=dict, hash=False)
    severity_override: Severity | None = None

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def severity(self) -> Severity:
        return self.severity_override or self.kind.severity

    def short(self) -> str:
        """The kind's template filled in with ids (terse; for logs and tests)."""
        values: dict[str, Any] = {k: _flat(v) for k, v in self.args.items()}
        values.setdefault("node", self.node or "the record")
        try:
            return self.kind.template.format_map(_Missing(values))
        except (ValueError, IndexError):  # a stray brace in evidence text
            return f"{self.kind.code}: {self.node or ''}"

    def to_dict(self, message: str = "") -> FindingJSON:
        """JSON-ready, stable keys: code, severity, node, line, message, args; `message` is the
        finding's sentence as the encoder rendered it (`veridot.verifier.prose`), else `short()`."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "node": self.node,
            "line": self.line,
            "message": message or self.short(),
            "args": dict(self.args),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Rebuild a finding from `to_dict()` output (cached reports); unknown codes raise. The
        `message` key is output only: it is rendered again from the data when shown."""
        kind = KINDS[str(data["code"])]
        severity = Severity(str(data.get("severity", kind.severity.value)))
        line = data.get("line")
        node = data.get("node")
        return cls(
            kind=kind,
            node=None if node is None else str(node),
            line=None if line is None else int(line),
            args=dict(data.get("args") or {}),
            severity_override=None if severity is kind.severity else severity,
        )


def _flat(value: Any) -> str:
    """Evidence as template text: id lists become `a, b`, None becomes nothing."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "nothing"
    return "" if value is None else str(value)


class _Missing(dict[str, Any]):
    """`format_map` helper: a template field without evidence renders as `?`."""

    def __missing__(self, key: str) -> str:
        return "?"
