"""A node's definitions: assumed for its own claims and later nodes, never checked.

A definition that contradicts what the node rests on binds a symbol again ("For u = 2" after
u = 0): it starts a new case (`verifier.checking.cases`), the earlier nodes about the symbol
are set aside, and a `definition_conflict` finding says which. The same happens to a claim
`n = 8` refuted only by plain values given to n before (`reused`): a letter used again, not
a slip.
"""

from __future__ import annotations

from collections.abc import Sequence

from parser.ast import Formula, conj
from provers.base import Verdict
from verifier import findings as F
from verifier.checking.assumptions import Assumptions
from verifier.checking.cases import Cases
from verifier.checking.say import Say
from verifier.checking.taint import Taint
from verifier.diagram import Diagram, Node
from verifier.findings import Finding
from verifier.translate import Formal


class Definitions:
    """The cases of one diagram and the checks of each node's definitions."""

    def __init__(self, diagram: Diagram, assumptions: Assumptions, taint: Taint, say: Say) -> None:
        self._diagram = diagram
        self._assumptions = assumptions
        self._say = say
        self._position = {n.id: i for i, n in enumerate(diagram.nodes)}
        self.cases = Cases(taint.in_order)

    def own(
        self, node: Node, formal: Formal, pids: Sequence[int]
    ) -> tuple[list[int], Finding | None]:
        """Session ids of the node's definitions, and a `definition_conflict` finding when
        they contradict what the node rests on: the node binds a symbol again ("For u = 2"
        after u = 0), which starts a new case, so the earlier nodes about it are retired."""
        if not formal.definitions:
            return [], None
        found = [self._assumptions.pid(node.id, -1 - j) for j in range(len(formal.definitions))]
        own = [p for p in found if p is not None]
        result = self._assumptions.prove(pids, conj(*formal.definitions))
        if result.verdict is not Verdict.CONTRADICTED:
            return own, None
        core = self._assumptions.core(pids, result)
        if not core:  # they clash among themselves: nothing earlier to set aside
            return own, None
        retired = self.retire(node, formal.definitions)
        f = self._say(
            F.DEFINITION_CONFLICT,
            node,
            formulas=list(formal.printed_definitions),
            used=list(dict.fromkeys(nid for nid, _ in core)),
            used_formulas=[self._assumptions.formaliser.printed(key) for key in core],
            retired=retired,
        )
        return own, f

    def retire(self, node: Node, formulas: Sequence[Formula]) -> list[str]:
        """Set aside the earlier nodes of the case `formulas` start (`Cases.retire`)."""
        formaliser = self._assumptions.formaliser
        earlier = []
        for other in self._diagram.nodes[: self._position[node.id]]:
            got = formaliser.get(other.id)
            if got is not None:
                earlier.append((other.id, (*got.definitions, *got.claims)))
        return self.cases.retire(formulas, earlier)

    def drop(
        self, pids: list[int], missing: list[str], uses: Sequence[str]
    ) -> tuple[list[int], list[str]]:
        """`pids` without the retired nodes' formulas; those nodes join `missing`."""
        return self.cases.drop(pids, missing, uses, self._assumptions.owner)
