"""Checking a claim node (a proposer or a summarizer) against the nodes it uses.

`Steps.check(node)` formalises the node, gathers what it may assume (the nodes it uses, minus
the cases set aside, plus its own definitions), judges each claim in turn (claim k also rests
on the node's earlier claims that held: "A, so B" checks B from A) and ends with the node's
`NodeResult`: the worst claim status, the nodes the proofs used, a countermodel for an
unsupported claim, and the invalid nodes behind it (`veridot.verifier.checking.taint`). A summarizer
is decided from the nodes it uses that are valid and rest on nothing invalid; its declared use
of an invalid node is its own finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veridot.parser.semantic import TranslationStatus
from veridot.verifier import findings as F
from veridot.verifier.checking.assumptions import Assumptions
from veridot.verifier.checking.definitions import Definitions, reused
from veridot.verifier.checking.judge import Judge, critic_disagrees
from veridot.verifier.checking.say import Say
from veridot.verifier.checking.taint import Taint
from veridot.verifier.diagram import Diagram, Node, Role
from veridot.verifier.findings import Finding
from veridot.verifier.report import NodeResult, NodeStatus, worst
from veridot.verifier.spans import SpanIndex
from veridot.verifier.translate import Formal


@dataclass
class _Claims:
    """What the claims of one node came to."""

    statuses: list[NodeStatus] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    countermodel: dict[str, object] | None = None


class Steps:
    """Checks the claim nodes of one diagram."""

    def __init__(
        self,
        diagram: Diagram,
        assumptions: Assumptions,
        taint: Taint,
        judge: Judge,
        say: Say,
    ) -> None:
        self._diagram = diagram
        self._assumptions = assumptions
        self._taint = taint
        self._judge = judge
        self._say = say
        self._definitions = Definitions(diagram, assumptions, taint, say)
        self._spans = SpanIndex(
            diagram,
            diagram.topological_order(),
            assumptions.assumed,
            behind=taint.behind,
            deps_of=taint.deps_of,
        )

    def check(self, node: Node, formal: Formal) -> NodeResult:
        """The result of claim node `node` read as `formal`."""
        say, taint = self._say, self._taint
        uses = self._diagram.uses(node.id)
        basis = uses
        declared_bad: list[str] = []
        notes: list[Finding] = []
        if node.role is Role.SUMMARIZER and (split := taint.split(uses)) is not None:
            # A summarizer assembles what the reasoning established: it is decided from the
            # nodes it uses that are valid and rest on nothing invalid, so a conclusion that
            # follows from the valid steps is entailed (with evidence) and one that does not
            # gets a countermodel. Its declared use of an invalid node is its own finding.
            basis, declared_bad = split
            statuses = [taint.results[a].status.value for a in declared_bad]
            notes.append(say(F.SUMMARY_USES_INVALID, node, invalid=declared_bad, statuses=statuses))
        claims = _Claims(notes=notes)
        if formal.status is TranslationStatus.UNTRANSLATED:
            claims.statuses.append(NodeStatus.UNTRANSLATED)
            notes.extend(say(k, node, **a) for k, a in formal.problems(premise=False))
        elif formal.status is TranslationStatus.NO_CLAIM and not formal.definitions:
            claims.statuses.append(NodeStatus.NO_CLAIM)
            notes.append(say(F.NO_CLAIM, node))
        else:
            self._claims(node, formal, uses, basis, claims)
            notes.extend(say(k, node, **a) for k, a in formal.notes())
        # The invalid nodes behind this one, transitively. A decided node rests on what its
        # proof used (a step proved from valid nodes is not tainted by an unrelated bad
        # step; an unsupported step is wrong by itself and rests on nothing in particular).
        # An undecided one might need any node it was checked against. A summarizer's
        # declared use of invalid nodes is reported as well.
        if NodeStatus.UNKNOWN not in claims.statuses:
            deps = taint.deps_of(claims.used)
        elif basis is uses:
            deps = self._spans.deps(node.id, uses)
        else:
            deps = taint.deps_of(basis)
        deps.update(declared_bad)
        taint.rests_on(node.id, deps)
        bad = taint.in_order(deps)
        status = worst(claims.statuses)
        if bad and node.role is not Role.SUMMARIZER:
            notes.append(say(F.DEPENDS_ON_INVALID, node, invalid=bad))
        notes.extend(critic_disagrees(say, node, status, taint.invalid))
        return NodeResult(
            id=node.id,
            role=node.role.value,
            status=status,
            formulas=formal.formulas,
            used=tuple(taint.in_order(claims.used)),
            countermodel=claims.countermodel,
            depends_on_invalid=tuple(bad),
            findings=tuple(notes),
            text=node.text,
            line=node.line,
            parser=formal.parser,
        )

    def _claims(
        self, node: Node, formal: Formal, uses: list[str], basis: list[str], out: _Claims
    ) -> None:
        """Judge each claim of a node that has some (or only definitions) into `out`."""
        assumptions, definitions = self._assumptions, self._definitions
        if basis is uses:
            premise_ids, missing = self._spans.assumed(node.id, uses)
        else:
            premise_ids, missing = assumptions.assumed(basis)
        own, conflict = definitions.own(node, formal, premise_ids)
        premise_ids, missing = definitions.drop(premise_ids, missing, basis)
        if len(own) < len(formal.definitions):
            missing.append(node.id)  # its claims may need what it stated as given
        if conflict is not None:
            out.notes.append(conflict)
        elif formal.definitions:
            given = list(formal.printed_definitions)
            out.notes.append(self._say(F.DEFINITION, node, formulas=given))
        if not formal.claims:
            out.statuses.append(NodeStatus.NO_CLAIM)
        for k, claim in enumerate(formal.claims):
            # Claim k rests on what the node rests on, the node's own definitions and
            # its earlier claims that were not refuted ("A, so B": B is checked from A).
            local = [*premise_ids, *own]
            result = assumptions.prove(local, claim)
            status, finding, core = self._judge.judge(
                node, formal, k, result, local, basis, missing
            )
            if status is NodeStatus.CONTRADICTED and reused(
                claim, assumptions.formulas([local[i] for i in result.used_premises])
            ):
                # "n = 8" after "n = 5": the letter is reused for something new, as
                # binding it again in a definition would; nothing is flagged.
                retired = definitions.retire(node, [claim])
                premise_ids, missing = definitions.drop(premise_ids, missing, basis)
                status, core = NodeStatus.NO_CLAIM, []
                finding = self._say(
                    F.DEFINITION_CONFLICT,
                    node,
                    formulas=[formal.printed[k]],
                    used=finding.args.get("used", []),
                    used_formulas=finding.args.get("used_formulas", []),
                    retired=retired,
                )
            out.statuses.append(status)
            out.notes.append(finding)
            out.used.extend(u for u in core if u not in out.used and u != node.id)
            if status is NodeStatus.CONTRADICTED:
                assumptions.refute((node.id, k))
            elif (premise_id := assumptions.premise_id(node.id, k)) is not None:
                assumptions.known.learn_claim(local, result.verdict, [premise_id])
                own.append(premise_id)
            if status is NodeStatus.UNSUPPORTED and out.countermodel is None:
                result_model = result.countermodel
                out.countermodel = result_model.to_dict() if result_model else None
