"""Judging one claim: the prover's verdict and evidence turned into a status and a finding.

`Judge.judge` maps a `ProofResult` for claim k of a node to the node status, the finding that
explains it (the formulas the proof used, the value a contradiction forces, a countermodel in
words or a checked witness for an unsupported step) and the nodes the proof used. Policy
(`veridot.verifier.check`): an unsupported step whose basis misses an untranslated node is
`unknown`; an inconsistency is reported once, and a later check resting on it is `unknown`; a clash
among definitions leaves the step undecided. `critic_disagrees` compares the status with the
transcript's own critic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from veridot.parser.ast import Formula, Not, Pred
from veridot.provers.base import ProofResult, Verdict
from veridot.provers.combined_policy import disagreement
from veridot.verifier import findings as F
from veridot.verifier.checking.assumptions import Assumptions
from veridot.verifier.checking.say import Say
from veridot.verifier.diagram import Node
from veridot.verifier.findings import Finding, Severity
from veridot.verifier.messages import MAX_QUOTE
from veridot.verifier.report import NodeStatus
from veridot.verifier.translate import Formal
from veridot.verifier.values import Witness, forced_value, ground_comparison, witness
from veridot.verifier.worlds import arithmetic_slip, describe_world, predicates_of


class Judge:
    """Judges the claims of one diagram (it remembers the inconsistencies reported)."""

    def __init__(self, assumptions: Assumptions, say: Say, *, allow_unsupported: bool) -> None:
        self._assumptions = assumptions
        self._say = say
        self._allow_unsupported = allow_unsupported
        self._inconsistent: list[tuple[frozenset[str], str]] = []

    def judge(
        self,
        node: Node,
        formal: Formal,
        k: int,
        result: ProofResult,
        premise_ids: Sequence[int],
        uses: Sequence[str],
        missing: Sequence[str],
    ) -> tuple[NodeStatus, Finding, list[str]]:
        """Status, finding and used node ids for claim k of `node` from the prover's result."""
        say = self._say
        formaliser = self._assumptions.formaliser
        claim = formal.claims[k]
        core_keys = self._assumptions.core(premise_ids, result)
        # Other nodes the proof used; the node's own definitions and earlier claims are
        # marked `within` instead (a node is never listed as resting on itself).
        core = [nid for nid in dict.fromkeys(nid for nid, _ in core_keys) if nid != node.id]
        within = any(nid == node.id for nid, _ in core_keys)
        printed = [formaliser.printed(key) for key in core_keys]
        used_from = [nid for nid, _ in core_keys]
        # The step's own words when they state just this claim; else the claim as read.
        alone = len(formal.claims) == 1 and not formal.definitions
        claim_text = node.text if alone and len(node.text) <= MAX_QUOTE else ""
        claim_text = claim_text or formal.printed[k]
        extra: dict[str, Any] = {"within": True} if within else {}
        match result.verdict:
            case Verdict.ENTAILED:
                f = say(F.STEP_ENTAILED, node, used=core, used_formulas=printed, **extra)
                return NodeStatus.ENTAILED, f, core
            case Verdict.CONTRADICTED:
                used_premise_ids = [premise_ids[i] for i in result.used_premises]
                value = forced_value(self._assumptions.prove, used_premise_ids, claim)
                if value:
                    extra.update(formula=formal.printed[k], value=value, used_from=used_from)
                f = say(
                    F.STEP_CONTRADICTED,
                    node,
                    used=core,
                    used_formulas=printed,
                    claim=claim_text,
                    arithmetic=""
                    if core_keys
                    else arithmetic_slip(claim) or ground_comparison(claim),
                    **extra,
                )
                return NodeStatus.CONTRADICTED, f, core
            case Verdict.UNSUPPORTED if missing:
                f = say(F.RESTS_ON_UNTRANSLATED, node, rests_on=list(uses), missing=list(missing))
                return NodeStatus.UNKNOWN, f, []
            case Verdict.UNSUPPORTED:
                return self._unsupported(node, claim, claim_text, result, premise_ids, uses)
            case Verdict.INCONSISTENT:
                owner = self._assumptions.owner
                present = {owner[p][0] for p in premise_ids}
                for seen, at in self._inconsistent:
                    if seen <= present:
                        f = say(F.RESTS_ON_INCONSISTENT, node, at=at, used=sorted(seen))
                        return NodeStatus.UNKNOWN, f, []
                self._inconsistent.append((frozenset(used_from), node.id))
                if any(k < 0 for _, k in core_keys):
                    # Definitions are assumed unchecked, never flagged: a clash among them
                    # (a symbol reused, a misread setup) leaves the step undecided.
                    f = say(F.DEFINITIONS_INCONSISTENT, node, used=core, used_formulas=printed)
                    return NodeStatus.UNKNOWN, f, []
                f = say(F.PREMISES_INCONSISTENT, node, used=core, used_formulas=printed)
                return NodeStatus.INCONSISTENT, f, core
            case Verdict.UNKNOWN if (verdicts := disagreement(result)) is not None:
                f = say(F.PROVER_DISAGREEMENT, node, reason=result.reason, verdicts=verdicts)
                return NodeStatus.UNKNOWN, f, []
            case Verdict.UNKNOWN:
                reason = result.reason or "the prover gave up"
                return NodeStatus.UNKNOWN, say(F.STEP_UNKNOWN, node, reason=reason), []
        raise AssertionError(f"unhandled verdict {result.verdict!r}")  # pragma: no cover

    def _unsupported(
        self,
        node: Node,
        claim: Formula,
        claim_text: str,
        result: ProofResult,
        premise_ids: Sequence[int],
        uses: Sequence[str],
    ) -> tuple[NodeStatus, Finding, list[str]]:
        """An unsupported claim with its evidence: a world where the premises hold and the
        claim does not, or a checked witness for its numbers."""
        owner = self._assumptions.owner
        premises = self._assumptions.formulas(premise_ids)
        numbers = result.countermodel.numbers if result.countermodel else {}
        shown = witness(
            numbers,
            [(owner[p][0], f) for p, f in zip(premise_ids, premises, strict=True)],
            claim,
        )
        world = describe_world(
            result.countermodel,
            vocabulary=self._assumptions.formaliser.vocabulary,
            relevant=predicates_of([*premises, claim]),
            # "'Bob is nice' is false" already says Bob is not nice; a compound
            # claim's atoms are worth spelling out.
            exclude_negative=predicates_of([claim]) if _literal(claim) else (),
        )
        severity = Severity.WARNING if self._allow_unsupported else None
        f = self._say(
            F.STEP_UNSUPPORTED,
            node,
            severity=severity,
            rests_on=list(uses),
            world=world,
            claim=claim_text,
            **(_witness_args(shown, node.id) if shown else {}),
        )
        return NodeStatus.UNSUPPORTED, f, []


def critic_disagrees(
    say: Say, node: Node, status: NodeStatus, invalid: frozenset[NodeStatus]
) -> list[Finding]:
    """A note when the transcript's own critic judged the node otherwise."""
    if node.mark == "validated" and status in invalid:
        return [say(F.CRITIC_DISAGREES, node, mark=node.mark, status=status.value)]
    if node.mark == "invalidated" and status is NodeStatus.ENTAILED:
        return [say(F.CRITIC_DISAGREES, node, mark=node.mark, status=status.value)]
    return []


def _witness_args(shown: Witness, nid: str) -> dict[str, Any]:
    """A checked witness as finding evidence: the assignment, the other nodes it satisfies
    (the node's own statements are `within`), the claim's symbols nothing earlier fixes."""
    satisfied = [s for s in shown.satisfied if s != nid]
    args: dict[str, Any] = {"witness": shown.text, "satisfies": satisfied}
    if nid in shown.satisfied:
        args["within"] = True
    if shown.unfixed:
        args["unfixed"] = list(shown.unfixed)
    return args


def _literal(formula: Formula) -> bool:
    return isinstance(formula, Pred) or (
        isinstance(formula, Not) and isinstance(formula.body, Pred)
    )
