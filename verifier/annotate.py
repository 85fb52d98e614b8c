"""The critic-annotated DoT v2 transcript: any verified diagram, with veridot's verdicts inline.

Whatever the input format (chain, ProcessBench, Natural Program, DoT v1 or v2), the output is
one DoT v2 transcript (../shared/docs/DOT_FORMAT.md) that a model can read back: every
non-critic node as a block with `@node`, its `use` edges and its formalisation as `@prop`,
followed, for each checked node (proposer, summarizer), by a veridot critic block:

    <critic>
    @node id=3 role=critic
    @edge src=2 dst=3 kind=critique
    @status target=2 mark=validated
    Node 2 follows from node 1 (used: ∀x (Cat(x) → Animal(x)), Cat(tom)).
    </critic>

Policy (so the output is well formed):
- Ids are renumbered 1, 2, 3, ... in output order, so they are fresh and strictly increasing
  with room for the critic blocks; messages name nodes by these new ids (the findings are
  worded by `veridot.verifier.prose`, as in every other output, with the renumbering as
  alias). A transcript that veridot itself produced is renumbered to the same ids, so the
  verified loop keeps its ids.
- Premise nodes become `problem` blocks (DoT has no premise role).
- Use edges: as written for DoT and Natural Program input; for chains and ProcessBench
  records, whose edges are implicit (every earlier node), a decided step's edges are the
  nodes its proof used, so a long chain's transcript stays linear in its length.
- The input's own critic blocks are dropped by default (`keep_critics=False`): veridot's
  critic replaces them, and disagreements are findings (`critic_disagrees`) in the report.
- `mark=validated` for entailed and no_claim steps, `mark=invalidated` for invalid ones; an
  undecided step (unknown, untranslated, or unsupported under `--allow unsupported`) gets a
  critic block without `@status`. A summarizer's critic has no critique edge (the protocol
  only allows critique edges from proposers), just the text.
- A text line that starts with `@` or contains `<` is written with the `@@len=N@@` escape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from veridot.verifier.diagram import Diagram, EdgeKind, RelationRecord, Role
from veridot.verifier.findings import Finding, Severity
from veridot.verifier.prose import Prose
from veridot.verifier.report import NodeResult, NodeStatus, RelationResult, invalid_statuses

_BLOCK_ROLE = {
    Role.PROBLEM: "problem",
    Role.PREMISE: "problem",
    Role.PROPOSER: "proposer",
    Role.SUMMARIZER: "summarizer",
    Role.CRITIC: "critic",
}
_CHECKED = (Role.PROPOSER, Role.SUMMARIZER)
# Formats whose use edges the author wrote; other formats' edges are implicit ("a chain step
# rests on everything before it") and the transcript shows what each proof actually used.
_EXPLICIT_EDGES = frozenset({"dot_v1", "dot_v2", "natural_program"})


def escape_line(line: str) -> str:
    """A free-text line made safe for a transcript (the `@@len=N@@` escape when needed)."""
    if line.startswith("@") or "<" in line:
        return f"@@len={len(line.encode('utf-8'))}@@{line}"
    return line


def _text_lines(text: str) -> list[str]:
    return [escape_line(line) for line in text.strip().splitlines() if line.strip()]


def _prop(result: NodeResult | None) -> str | None:
    """One formula for `@prop`: the node's only claim, or the conjunction of several."""
    if result is None or result.status is NodeStatus.UNTRANSLATED or not result.formulas:
        return None
    if len(result.formulas) == 1:
        return result.formulas[0]
    return " ∧ ".join(f"({f})" for f in result.formulas)


def _mark(status: NodeStatus, allow_unsupported: bool) -> str | None:
    if status in (NodeStatus.ENTAILED, NodeStatus.NO_CLAIM):
        return "validated"
    if status in invalid_statuses(allow_unsupported):
        return "invalidated"
    return None


def _critic_lines(result: NodeResult, prose: Prose, extra: Sequence[Finding]) -> list[str]:
    """The critic's free text: the node's findings rendered with the transcript's ids."""
    mine = [
        s
        for f, s in zip(result.findings, result.said(prose).sentences, strict=True)
        if f.severity is not Severity.INFO or _is_verdict(f)
    ]
    sentences = [*mine, *prose.say(extra).sentences] or [f"Status: {result.status.value}."]
    return _text_lines(" ".join(sentences))


def _is_verdict(finding: Finding) -> bool:
    # Info findings that carry the verdict itself (entailed, no_claim, dependency marks) are
    # what the model needs to hear; other info (critic disagreement) is for people.
    return finding.code in ("entailed", "no_claim", "depends_on_invalid")


def annotate(
    diagram: Diagram,
    results: Sequence[NodeResult],
    claims: Sequence[RelationResult] = (),
    *,
    allow_unsupported: bool = False,
    keep_critics: bool = False,
) -> str:
    """The DoT v2 transcript of `diagram` with a veridot critic block after each checked node."""
    by_id: Mapping[str, NodeResult] = {r.id: r for r in results}
    order = [
        diagram.node(i)
        for i in diagram.topological_order()
        if keep_critics or diagram.node(i).role is not Role.CRITIC
    ]
    # Assign new ids in output order: each checked node is followed by its critic.
    alias: dict[str, str] = {}
    next_id = 1
    for node in order:
        alias[node.id] = str(next_id)
        next_id += 2 if node.role in _CHECKED else 1
    prose = Prose(alias)
    implicit = diagram.source_format not in _EXPLICIT_EDGES
    # An @entails / @eq record goes in the block of whichever end comes last.
    records: dict[str, list[RelationRecord]] = {}
    for record in diagram.claims:
        if record.src in alias and record.dst in alias:
            last = max(record.src, record.dst, key=lambda i: int(alias[i]))
            records.setdefault(last, []).append(record)
    claim_findings: dict[str, list[Finding]] = {}
    for claim in claims:
        claim_findings.setdefault(claim.dst, []).extend(claim.findings)

    out: list[str] = []
    for node in order:
        nid = alias[node.id]
        tag = _BLOCK_ROLE[node.role]
        out.append(f"<{tag}>")
        out.append(f"@node id={nid} role={tag}")
        for kind in (EdgeKind.USE, EdgeKind.REFINE, EdgeKind.CRITIQUE):
            sources = diagram.sources(node.id, kind)
            result = by_id.get(node.id)
            if kind is EdgeKind.USE and implicit and result is not None and result.used:
                sources = list(result.used)  # what the proof used, not "every earlier node"
            for src in sources:
                if src in alias:
                    out.append(f"@edge src={alias[src]} dst={nid} kind={kind.value}")
        prop = _prop(by_id.get(node.id))
        if prop is not None:
            out.append(f"@prop id={nid} {prop}")
        for record in records.get(node.id, ()):
            out.append(f"@{record.kind} src={alias[record.src]} dst={alias[record.dst]}")
        out.extend(_text_lines(node.text))
        out.append(f"</{tag}>")
        result = by_id.get(node.id)
        if node.role not in _CHECKED or result is None:
            continue
        cid = str(int(nid) + 1)
        out.append("<critic>")
        out.append(f"@node id={cid} role=critic")
        if node.role is Role.PROPOSER:
            out.append(f"@edge src={nid} dst={cid} kind=critique")
            mark = _mark(result.status, allow_unsupported)
            if mark is not None:
                out.append(f"@status target={nid} mark={mark}")
        out.extend(_critic_lines(result, prose, claim_findings.get(node.id, ())))
        out.append("</critic>")
    return "\n".join(out) + "\n"
