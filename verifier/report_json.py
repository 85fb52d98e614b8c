"""The JSON shape of a report, declared once: what `--report json`, the cache and the API carry.

`Report.to_dict()` (and the `to_dict` of the objects nested in it) are typed to return these
TypedDicts, so mypy checks that the encoder writes every key declared here, with its type, and
no other; the REST service derives its OpenAPI schema from them (`veridot.api.service.schemas`
builds a pydantic `TypeAdapter` over `ReportJSON`), so the documented and the written shape cannot
drift apart (tests/verifier/test_report_json.py checks the key order and that real reports
validate against the schema). Keys are declared in the order they are written; the string
under a key describes it in the OpenAPI schema.

Typing only, no pydantic: the CLI never imports pydantic (its import costs a cached check
more than the check itself), and the encoders import this module only for type checking.
`typing_extensions.TypedDict` because pydantic reads only that one on Python < 3.12.
"""

from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict

StatusName = Literal[
    "entailed",
    "contradicted",
    "unsupported",
    "inconsistent",
    "unknown",
    "untranslated",
    "no_claim",
    "premise",
    "problem",
    "critic",
]
"""`veridot.verifier.report.NodeStatus` values (a test checks the two agree)."""

VerdictName = Literal["valid", "invalid", "incomplete"]
"""`veridot.verifier.report.RecordVerdict` values."""

SeverityName = Literal["error", "warning", "info"]
"""`veridot.verifier.findings.Severity` values."""


class FindingJSON(TypedDict):
    """One finding: its stable `code`, severity, the node it is about, its sentence, evidence."""

    code: str
    """Stable machine-readable kind, e.g. `unsupported`, `entailed`."""
    severity: SeverityName
    node: str | None
    """The node the finding is about; null for the record."""
    line: int | None
    """The source line, when known."""
    message: str
    """The plain-English sentence."""
    args: dict[str, Any]
    """JSON evidence behind the sentence (node ids, a world, a reason)."""


class StructuralErrorJSON(TypedDict):
    """A violation of the DoT protocol (or of a record's shape) found by a reader."""

    code: str
    message: str
    line: int | None
    """1-based line of the offending record in a transcript."""
    index: int | None
    """0-based item index in a JSON record."""


class NodeJSON(TypedDict):
    """The verification of one node (see `veridot.verifier.report.NodeResult`)."""

    id: str
    role: str
    status: StatusName
    formula: str | None
    """The formulas joined by `; `; null when none."""
    formulas: list[str]
    """The node's formalization (Unicode FOL), main claim last."""
    used: list[str]
    """Ids of the nodes the prover needed (its unsat core)."""
    countermodel: dict[str, Any] | None
    """A world where everything used holds and the claim fails."""
    depends_on_invalid: list[str]
    """Invalid nodes this one rests on, directly or not."""
    message: str
    """The critic's text for people."""
    findings: list[FindingJSON]
    """The data behind `message`."""
    text: str
    """The node's text as written in the record."""
    line: int | None
    parser: str
    """The semantic parser that read the node."""
    elapsed_ms: float


class ClaimJSON(TypedDict):
    """The check of one `@entails` / `@eq` record."""

    kind: str
    """`entails` or `eq`."""
    src: str
    dst: str
    status: StatusName
    line: int | None
    message: str
    findings: list[FindingJSON]


class ReportJSON(TypedDict):
    """The report of one record, as `veridot check --report json` prints it (without the
    `meta.file`/`meta.line` and `cached` keys the CLI adds); `meta` only when the report
    carries some, `transcript` only when one was produced."""

    id: str
    verdict: VerdictName
    first_error: int
    """Index among the steps where the record first goes wrong; -1: nowhere."""
    nodes: list[NodeJSON]
    structural_errors: list[StructuralErrorJSON]
    claims: list[ClaimJSON]
    findings: list[FindingJSON]
    """Record-level findings (node findings live on the nodes)."""
    vocabulary: dict[str, Any] | None
    """Predicates, functions and constants the formalization used."""
    source_format: str
    """The reader: dot_v1, dot_v2, chain, natural_program, processbench..."""
    label: int | None
    """A gold label the record carried (ProcessBench: earliest wrong step)."""
    elapsed_ms: float
    meta: NotRequired[dict[str, Any]]
    transcript: NotRequired[str]
    """The critic-annotated DoT transcript."""
