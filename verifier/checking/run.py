"""The run over one diagram: each node in topological order, the links, then the `Report`.

`check_diagram(diagram, options)` yields a `NodeResult` per node as it is decided and ends
with the `Report` (verdict, first error, structural findings, annotated transcript). It reads
each node with its role: a premise (and a problem node something rests on) is formalised and
assumed; a critic and a question nobody rests on are context only; proposers and
summarizers are checked (`veridot.verifier.checking.steps`). One `Formaliser` (vocabulary, sorts)
and one prover session (`veridot.verifier.checking.assumptions`) serve the whole diagram.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

from veridot.verifier import findings as F
from veridot.verifier.annotate import annotate
from veridot.verifier.checking.assumptions import Assumptions
from veridot.verifier.checking.judge import Judge
from veridot.verifier.checking.links import check_link
from veridot.verifier.checking.say import Say
from veridot.verifier.checking.steps import Steps
from veridot.verifier.checking.taint import Taint
from veridot.verifier.diagram import Diagram, Node, Role
from veridot.verifier.findings import Finding
from veridot.verifier.options import CheckOptions
from veridot.verifier.report import (
    NodeResult,
    NodeStatus,
    RelationResult,
    Report,
    first_error,
    nothing_checked,
    record_verdict,
)
from veridot.verifier.translate import Formal, Formaliser

_CHECKED = (Role.PROPOSER, Role.SUMMARIZER)
_ROLE_STATUS = {
    Role.PREMISE: NodeStatus.PREMISE,
    Role.PROBLEM: NodeStatus.PROBLEM,
    Role.CRITIC: NodeStatus.CRITIC,
}


def check_diagram(diagram: Diagram, options: CheckOptions) -> Iterator[NodeResult | Report]:
    """Each node's `NodeResult` as it is decided, then the diagram's `Report`."""
    return _Run(diagram, options).run()


class _Run:
    """One diagram's check: how each node is read, and the report at the end."""

    def __init__(self, diagram: Diagram, options: CheckOptions) -> None:
        self.diagram = diagram
        self.options = options
        self.formaliser = Formaliser(
            default_parser=options.parser,
            record_parser=diagram.parser,
            llm=options.chat_model(),
            cache=options.translation_cache(),
        )
        self.say = Say()
        self.taint = Taint(diagram, allow_unsupported=options.allow_unsupported)
        self.assumptions = Assumptions(self.formaliser, options, self._formalise_all)
        judge = Judge(self.assumptions, self.say, allow_unsupported=options.allow_unsupported)
        self.steps = Steps(diagram, self.assumptions, self.taint, judge, self.say)
        self._used_nodes = diagram.used_nodes()
        self._link_ends = {c.src for c in diagram.claims} | {c.dst for c in diagram.claims}

    def run(self) -> Iterator[NodeResult | Report]:
        started = time.perf_counter()
        try:
            for nid in self.diagram.topological_order():
                node = self.diagram.node(nid)
                t0 = time.perf_counter()
                result = self._node(node)
                result = replace(result, elapsed_ms=(time.perf_counter() - t0) * 1000)
                self.taint.decided(result)
                yield result
            claims = tuple(
                check_link(self.diagram, record, self.assumptions, self.say)
                for record in self.diagram.claims
            )
        finally:
            self.assumptions.close()
        yield self._report(claims, (time.perf_counter() - started) * 1000)

    def _formal(self, node: Node) -> Formal | None:
        """The node read with its role; None for a node that is context only (a critic, or
        a question nobody rests on: never translated)."""
        if node.role is Role.CRITIC:
            return None
        if node.role in (Role.PREMISE, Role.PROBLEM):
            wanted = (
                node.role is Role.PREMISE
                or node.formula is not None
                or node.id in self._used_nodes
                or node.id in self._link_ends
            )
            return self.formaliser.formalise(node, role="premise") if wanted else None
        return self.formaliser.formalise(node, role="claim")

    def _formalise_all(self) -> None:
        """Read every node (memoised) before the session opens, so it has the sorts of the
        whole diagram."""
        for nid in self.diagram.topological_order():
            self._formal(self.diagram.node(nid))

    def _node(self, node: Node) -> NodeResult:
        formal = self._formal(node)
        if node.role in _CHECKED:
            assert formal is not None  # claim nodes are always read
            return self.steps.check(node, formal)
        notes: list[Finding] = []
        if formal is not None:
            notes = [self.say(k, node, **a) for k, a in formal.problems(premise=True)]
        return NodeResult(
            id=node.id,
            role=node.role.value,
            status=_ROLE_STATUS[node.role],
            formulas=formal.formulas if formal else (),
            findings=tuple(notes),
            text=node.text,
            line=node.line,
            parser=formal.parser if formal else "",
        )

    def _report(self, claims: tuple[RelationResult, ...], elapsed_ms: float) -> Report:
        d = self.diagram
        say = self.say
        allow_unsupported = self.options.allow_unsupported
        results = self.taint.results
        structural = tuple(
            say(F.STRUCTURAL, None, line=s.line, rule=s.code, detail=s.message, index=s.index)
            for s in d.structural_errors
        )
        checked = [results[n.id].status for n in d.nodes if n.role in _CHECKED]
        if nothing_checked([*checked, *(c.status for c in claims)]):
            structural += (say(F.NOTHING_CHECKED, None),)  # so incomplete says why
        verdict = record_verdict(
            checked,
            [c.status for c in claims],
            structural=bool(d.structural_errors),
            allow_unsupported=allow_unsupported,
        )
        first = first_error(
            d,
            {n.id: results[n.id].status for n in d.nodes if n.role in _CHECKED},
            claims,
            allow_unsupported=allow_unsupported,
        )
        nodes = tuple(results[n.id] for n in d.nodes)
        transcript = None
        if self.options.transcript:
            transcript = annotate(d, nodes, claims, allow_unsupported=allow_unsupported)
        return Report(
            id=d.id,
            verdict=verdict,
            first_error=first,
            nodes=nodes,
            structural_errors=d.structural_errors,
            transcript=transcript,
            vocabulary=self.formaliser.vocabulary.to_dict(),
            claims=claims,
            findings=structural,
            source_format=d.source_format,
            label=d.label,
            elapsed_ms=elapsed_ms,
        )
