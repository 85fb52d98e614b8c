"""The result of verifying one record: a `NodeResult` per node, then a `Report` for the record.

These are the objects `veridot.verifier.check.verify` returns, the REST API serializes and the CLI's
reporters print; `to_dict()` gives the stable JSON shape documented in issue 3 §5 (plus
`findings`, `claims` and `vocabulary`), and `from_dict()` rebuilds them (the result cache
stores JSON). They hold data only: the `message` keys of the JSON (and the `message`
properties) are rendered from the findings when written, by a `veridot.verifier.prose.Prose`
(pass the output path's one to `to_dict` so nothing is rendered twice). Statuses: claim
nodes get a prover-backed status (`entailed`, `contradicted`, `unsupported`, `inconsistent`,
`unknown`) or `untranslated` / `no_claim`; other roles get their role as status (`premise`,
`problem`, `critic`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from veridot.verifier.diagram import Diagram, Role, StructuralError
from veridot.verifier.findings import Finding
from veridot.verifier.prose import Prose, Said

if TYPE_CHECKING:  # the JSON shape; imported at run time only by the API schemas
    from veridot.verifier.report_json import ClaimJSON, FindingJSON, NodeJSON, ReportJSON


class NodeStatus(StrEnum):
    """What the verifier concluded about one node."""

    ENTAILED = "entailed"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"
    INCONSISTENT = "inconsistent"
    UNKNOWN = "unknown"
    UNTRANSLATED = "untranslated"
    NO_CLAIM = "no_claim"
    PREMISE = "premise"
    PROBLEM = "problem"
    CRITIC = "critic"


class RecordVerdict(StrEnum):
    """A record's overall verdict."""

    VALID = "valid"
    INVALID = "invalid"
    INCOMPLETE = "incomplete"


# Worst first: a node with several claims takes the worst of their statuses.
STATUS_RANK: dict[NodeStatus, int] = {
    NodeStatus.CONTRADICTED: 0,
    NodeStatus.UNSUPPORTED: 1,
    NodeStatus.INCONSISTENT: 2,
    NodeStatus.UNTRANSLATED: 3,
    NodeStatus.UNKNOWN: 4,
    NodeStatus.ENTAILED: 5,
    NodeStatus.NO_CLAIM: 6,
}

UNDECIDED = frozenset({NodeStatus.UNKNOWN, NodeStatus.UNTRANSLATED})


def invalid_statuses(allow_unsupported: bool = False) -> frozenset[NodeStatus]:
    """Statuses that make a claim node invalid (`unsupported` unless it is allowed)."""
    bad = {NodeStatus.CONTRADICTED, NodeStatus.INCONSISTENT}
    if not allow_unsupported:
        bad.add(NodeStatus.UNSUPPORTED)
    return frozenset(bad)


@dataclass(frozen=True, slots=True)
class NodeResult:
    """The verification of one node.

    `formulas` are the node's formalization (Unicode FOL, main claim last) and `formula`
    joins them; `used` lists the ids of the nodes the prover needed (unsat core mapped back to
    node ids), `countermodel` the world where everything used holds and the claim fails (as
    data), `depends_on_invalid` the invalid nodes this one rests on directly or transitively,
    `findings` what the critic says about it, as data (`message`: in words).
    """

    id: str
    role: str
    status: NodeStatus
    formulas: tuple[str, ...] = ()
    used: tuple[str, ...] = ()
    countermodel: Mapping[str, Any] | None = None
    depends_on_invalid: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    text: str = ""
    line: int | None = None
    parser: str = ""
    elapsed_ms: float = 0.0

    @property
    def formula(self) -> str | None:
        return "; ".join(self.formulas) if self.formulas else None

    def said(self, prose: Prose | None = None) -> Said:
        """The node's findings in words (a fresh `Prose`: the node read alone, as in its
        report: every finding of a node is about it, and the node carries its role)."""
        return (prose or Prose()).say(self.findings, self.role)

    @property
    def message(self) -> str:
        """The plain-English critic text, rendered now (`said` renders it once per Prose)."""
        return self.said().message

    def to_dict(self, prose: Prose | None = None) -> NodeJSON:
        """The JSON node object of a report (`veridot.verifier.report_json.NodeJSON`), its
        messages rendered by `prose`."""
        said = self.said(prose)
        return {
            "id": self.id,
            "role": self.role,
            "status": self.status.value,
            "formula": self.formula,
            "formulas": list(self.formulas),
            "used": list(self.used),
            "countermodel": dict(self.countermodel) if self.countermodel is not None else None,
            "depends_on_invalid": list(self.depends_on_invalid),
            "message": said.message,
            "findings": _findings(self.findings, said),
            "text": self.text,
            "line": self.line,
            "parser": self.parser,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NodeResult:
        """Rebuild from `to_dict()` output."""
        line = data.get("line")
        cm = data.get("countermodel")
        return cls(
            id=str(data["id"]),
            role=str(data["role"]),
            status=NodeStatus(str(data["status"])),
            formulas=tuple(str(f) for f in data.get("formulas") or ()),
            used=tuple(str(u) for u in data.get("used") or ()),
            countermodel=dict(cm) if isinstance(cm, Mapping) else None,
            depends_on_invalid=tuple(str(u) for u in data.get("depends_on_invalid") or ()),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings") or ()),
            text=str(data.get("text", "")),
            line=None if line is None else int(line),
            parser=str(data.get("parser", "")),
            elapsed_ms=float(data.get("elapsed_ms", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class RelationResult:
    """The check of one `@entails` / `@eq` relation (`Report.claims`; `status` as for a node)."""

    kind: str
    src: str
    dst: str
    status: NodeStatus
    line: int | None = None
    findings: tuple[Finding, ...] = ()

    def said(self, prose: Prose | None = None) -> Said:
        """The relation's findings in words (they are about no node)."""
        return (prose or Prose()).say(self.findings)

    @property
    def message(self) -> str:
        """Why the relation failed or stayed undecided, in words ("" when it holds)."""
        return self.said().message

    def to_dict(self, prose: Prose | None = None) -> ClaimJSON:
        """The JSON claim object of a report (`veridot.verifier.report_json.ClaimJSON`)."""
        said = self.said(prose)
        return {
            "kind": self.kind,
            "src": self.src,
            "dst": self.dst,
            "status": self.status.value,
            "line": self.line,
            "message": said.message,
            "findings": _findings(self.findings, said),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RelationResult:
        line = data.get("line")
        return cls(
            kind=str(data["kind"]),
            src=str(data["src"]),
            dst=str(data["dst"]),
            status=NodeStatus(str(data["status"])),
            line=None if line is None else int(line),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings") or ()),
        )


@dataclass(frozen=True, slots=True)
class Report:
    """The verification of one record (see the module docstring and issue 3 §5).

    `first_error` says where the record first goes wrong, as an index among its steps
    (proposer nodes in order, `Diagram.steps()`), or -1 when nothing is invalid; see
    `first_error` (the function) for what else than an invalid step counts. An `invalid`
    record always has one. `findings` holds record-level
    findings (structural violations, failed `@entails` / `@eq` claims); node findings live on
    the nodes. `label` is a gold label carried by the record (ProcessBench), for evaluation.
    """

    id: str
    verdict: RecordVerdict
    first_error: int = -1
    nodes: tuple[NodeResult, ...] = ()
    structural_errors: tuple[StructuralError, ...] = ()
    transcript: str | None = None
    vocabulary: Mapping[str, Any] | None = None
    claims: tuple[RelationResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    source_format: str = ""
    label: int | None = None
    elapsed_ms: float = 0.0
    meta: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def node(self, id: str) -> NodeResult:
        """The result for node `id` (KeyError when absent)."""
        for n in self.nodes:
            if n.id == id:
                return n
        raise KeyError(f"no node {id!r} in report {self.id!r}")

    def first_error_text(self) -> str:
        """Where the record first goes wrong, in words: `at step 1`, `after the last step` (an
        invalid conclusion, claim record or protocol violation past every step), or ``."""
        if self.first_error < 0:
            return ""
        steps = sum(n.role == "proposer" for n in self.nodes)
        return "after the last step" if self.first_error >= steps else f"at step {self.first_error}"

    def all_findings(self) -> list[Finding]:
        """Record-level findings, then each node's, then each claim record's, in order."""
        out = list(self.findings)
        for n in self.nodes:
            out.extend(n.findings)
        for c in self.claims:
            out.extend(c.findings)
        return out

    def sentences(self, prose: Prose | None = None) -> list[tuple[Finding, str]]:
        """Every finding with its sentence, in the order of `all_findings`."""
        prose = prose or Prose()
        groups = [
            (self.findings, prose.say(self.findings)),
            *((n.findings, n.said(prose)) for n in self.nodes),
            *((c.findings, c.said(prose)) for c in self.claims),
        ]
        return [pair for found, said in groups for pair in zip(found, said.sentences, strict=True)]

    def counts(self) -> dict[str, int]:
        """How many nodes have each status."""
        out: dict[str, int] = {}
        for n in self.nodes:
            out[n.status.value] = out.get(n.status.value, 0) + 1
        return out

    def to_dict(self, prose: Prose | None = None) -> ReportJSON:
        """The JSON report (`veridot.verifier.report_json.ReportJSON`; `transcript` only when one
        was produced, `meta` only when not empty), its messages rendered by `prose` (the output
        path's, when it shows the report otherwise too; else a fresh one)."""
        prose = prose or Prose()
        out: ReportJSON = {
            "id": self.id,
            "verdict": self.verdict.value,
            "first_error": self.first_error,
            "nodes": [n.to_dict(prose) for n in self.nodes],
            "structural_errors": [s.to_dict() for s in self.structural_errors],
            "claims": [c.to_dict(prose) for c in self.claims],
            "findings": _findings(self.findings, prose.say(self.findings)),
            "vocabulary": dict(self.vocabulary) if self.vocabulary is not None else None,
            "source_format": self.source_format,
            "label": self.label,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }
        if self.meta:
            out["meta"] = dict(self.meta)
        if self.transcript is not None:
            out["transcript"] = self.transcript
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild from `to_dict()` output (raises KeyError / ValueError on a bad shape)."""
        label = data.get("label")
        vocab = data.get("vocabulary")
        return cls(
            id=str(data["id"]),
            verdict=RecordVerdict(str(data["verdict"])),
            first_error=int(data.get("first_error", -1)),
            nodes=tuple(NodeResult.from_dict(n) for n in data.get("nodes") or ()),
            structural_errors=tuple(_structural(s) for s in data.get("structural_errors") or ()),
            transcript=data.get("transcript"),
            vocabulary=dict(vocab) if isinstance(vocab, Mapping) else None,
            claims=tuple(RelationResult.from_dict(c) for c in data.get("claims") or ()),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings") or ()),
            source_format=str(data.get("source_format", "")),
            label=None if label is None else int(label),
            elapsed_ms=float(data.get("elapsed_ms", 0.0)),
            meta=dict(data.get("meta") or {}),
        )


def _findings(findings: Sequence[Finding], said: Said) -> list[FindingJSON]:
    return [f.to_dict(s) for f, s in zip(findings, said.sentences, strict=True)]


def _structural(data: Mapping[str, Any]) -> StructuralError:
    line, index = data.get("line"), data.get("index")
    return StructuralError(
        code=str(data["code"]),
        message=str(data.get("message", "")),
        line=None if line is None else int(line),
        index=None if index is None else int(index),
    )


def worst(statuses: Sequence[NodeStatus]) -> NodeStatus:
    """The worst of the statuses of a node's claims (`no_claim` when there are none)."""
    ranked = [s for s in statuses if s in STATUS_RANK]
    return min(ranked, key=STATUS_RANK.__getitem__) if ranked else NodeStatus.NO_CLAIM


def record_verdict(
    checked: Sequence[NodeStatus],
    claims: Sequence[NodeStatus] = (),
    *,
    structural: bool = False,
    allow_unsupported: bool = False,
) -> RecordVerdict:
    """A record's verdict from its claim nodes' and claim records' statuses.

    `invalid` if any is invalid or the source broke the DoT protocol (`structural`);
    `incomplete` if any is unknown or untranslated, or if nothing was checked (no status
    other than `no_claim`: a record with no checked node is never `valid`); else `valid`.
    """
    bad = invalid_statuses(allow_unsupported)
    statuses = [*checked, *claims]
    if structural or any(s in bad for s in statuses):
        return RecordVerdict.INVALID
    if any(s in UNDECIDED for s in statuses) or nothing_checked(statuses):
        return RecordVerdict.INCOMPLETE
    return RecordVerdict.VALID


def first_error(
    diagram: Diagram,
    statuses: Mapping[str, NodeStatus],
    claims: Sequence[RelationResult] = (),
    *,
    allow_unsupported: bool = False,
) -> int:
    """Where the record first goes wrong, as an index into `diagram.steps()`, or -1.

    An invalid step counts at its own index. Anything else that makes the record invalid
    counts at the number of steps before it, so `len(steps)` means "after the last step":
    an invalid conclusion (summarizer), a failed `@entails`/`@eq` (at its later end), and a
    protocol violation (at the step whose block holds its line, else the steps before it).
    `statuses` maps checked node ids to their status.
    """
    bad = invalid_statuses(allow_unsupported)
    before: dict[str, int] = {}  # node id -> number of steps before it in node order
    count = 0
    for node in diagram.nodes:
        before[node.id] = count
        count += node.role is Role.PROPOSER
    found = [before[nid] for nid, status in statuses.items() if status in bad]
    found += [max(before[c.src], before[c.dst]) for c in claims if c.status in bad]
    if diagram.structural_errors:
        # Node lines grow in node order in a transcript: an error belongs to the block that
        # holds its line (the last node starting at or before it), and counts at that node.
        held = sorted((n.line, before[n.id]) for n in diagram.nodes if n.line is not None)
        starts = [line for line, _ in held]
        for error in diagram.structural_errors:
            i = bisect_right(starts, error.line) if error.line is not None else 0
            found.append(held[i - 1][1] if i else 0)
    return min(found, default=-1)


def nothing_checked(statuses: Sequence[NodeStatus]) -> bool:
    """True when no claim node or claim record has a status other than `no_claim`."""
    return all(s is NodeStatus.NO_CLAIM for s in statuses)
