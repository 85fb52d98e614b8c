"""Links between nodes: `@entails src dst` and `@eq src dst` records of a DoT transcript.

`check_link` checks that src's claims entail dst's (and, for `@eq`, the converse too) in the
diagram's session and gives a `RelationResult`: entailed, or the worst status with a finding
(`claim_failed` with a countermodel in words, `claim_undecided` when the prover could not
decide or a side has no formula).
"""

from __future__ import annotations

from typing import Any

from veridot.parser.ast import conj
from veridot.parser.semantic import TranslationStatus
from veridot.provers.base import Verdict
from veridot.verifier import findings as F
from veridot.verifier.checking.assumptions import Assumptions
from veridot.verifier.checking.say import Say
from veridot.verifier.diagram import Diagram, RelationRecord
from veridot.verifier.report import NodeStatus, RelationResult, worst
from veridot.verifier.worlds import describe_world

_VERDICT_STATUS = {
    Verdict.ENTAILED: NodeStatus.ENTAILED,
    Verdict.CONTRADICTED: NodeStatus.CONTRADICTED,
    Verdict.UNSUPPORTED: NodeStatus.UNSUPPORTED,
    Verdict.INCONSISTENT: NodeStatus.INCONSISTENT,
    Verdict.UNKNOWN: NodeStatus.UNKNOWN,
}


def check_link(
    diagram: Diagram, record: RelationRecord, assumptions: Assumptions, say: Say
) -> RelationResult:
    """The result of one `@entails` / `@eq` record."""
    formaliser = assumptions.formaliser
    ends = []
    for nid in (record.src, record.dst):
        formal = formaliser.get(nid) or formaliser.formalise(diagram.node(nid), role="claim")
        ends.append(formal)
    src, dst = ends
    base: dict[str, Any] = {"kind": record.kind, "src": record.src, "dst": record.dst}
    if any(e.status is not TranslationStatus.CLAIM for e in ends):
        reason = "a side has no formula: " + "; ".join(e.reason or e.status.value for e in ends)
        f = say(
            F.CLAIM_UNDECIDED, None, line=record.line, status="untranslated", reason=reason, **base
        )
        return RelationResult(
            record.kind, record.src, record.dst, NodeStatus.UNTRANSLATED, record.line, (f,)
        )
    directions = [(record.src, src, dst)]
    if record.kind == "eq":
        directions.append((record.dst, dst, src))
    statuses: list[NodeStatus] = []
    reason = ""
    world = ""
    for owner, left, right in directions:
        premise_ids = [
            p
            for k in range(len(left.claims))
            if (p := assumptions.premise_id(owner, k)) is not None
        ]
        result = assumptions.prove(premise_ids, conj(*right.claims))
        statuses.append(_VERDICT_STATUS[result.verdict])
        reason = reason or result.reason
        if result.verdict is Verdict.UNSUPPORTED and not world:
            world = describe_world(result.countermodel, vocabulary=formaliser.vocabulary)
    status = worst(statuses)
    if status is NodeStatus.ENTAILED:
        return RelationResult(record.kind, record.src, record.dst, status, record.line)
    kind = F.CLAIM_UNDECIDED if status is NodeStatus.UNKNOWN else F.CLAIM_FAILED
    f = say(kind, None, line=record.line, status=status.value, reason=reason, world=world, **base)
    return RelationResult(record.kind, record.src, record.dst, status, record.line, (f,))
