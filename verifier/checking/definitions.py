"""A node's definitions, and the cases a symbol bound again starts.

A node's definitions are assumed for its own claims and for later nodes, never checked.
Solutions reuse letters: "For u = 2:" after the case u = 0, `n = 8` for an octagon after
`n = 5` for a pentagon. Checking the new case against the old one would flag right steps, so
when a step binds a symbol again (its definitions contradict what it rests on, or a claim
`n = 8` is refuted only by plain values given to n before: `reused`) the earlier nodes that
mention the symbol, and through shared symbols what was said with them, are set aside for
that step and every later one (`Cases.retire`), and a `definition_conflict` finding says
which. `Cases.drop` removes their formulas from a check and lists them as missing, so a step
that needed them is `unknown`, never `unsupported`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from veridot.parser.ast import Const, Eq, Formula, Num, conj, walk
from veridot.provers.base import Verdict
from veridot.verifier import findings as F
from veridot.verifier.checking.assumptions import Assumptions
from veridot.verifier.checking.say import Say
from veridot.verifier.checking.taint import Taint
from veridot.verifier.diagram import Diagram, Node
from veridot.verifier.findings import Finding
from veridot.verifier.translate import Formal


def constants(formulas: Iterable[Formula]) -> set[str]:
    """Names of the constants the formulas mention."""
    return {n.name for f in formulas for n in walk(f) if isinstance(n, Const)}


def reused(claim: Formula, refuted_by: Sequence[Formula]) -> bool:
    """True when `claim` is `sym = number` and every formula refuting it is a plain value
    given to the same symbol (`n = 5`): a letter used again, not a slip. A value derived
    before (`2x + 3 = 11` against `x = 5`) is not plain, so it still refutes."""
    if not isinstance(claim, Eq):
        return False
    sides = (claim.left, claim.right)
    symbol = next((t for t in sides if isinstance(t, Const)), None)
    if symbol is None or not any(isinstance(t, Num) for t in sides):
        return False
    return bool(refuted_by) and all(
        isinstance(f, Eq)
        and symbol in (f.left, f.right)
        and any(isinstance(t, Num) for t in (f.left, f.right))
        for f in refuted_by
    )


class Cases:
    """The nodes set aside so far in one diagram (see the module docstring)."""

    def __init__(self, order: Callable[[set[str] | list[str]], list[str]]) -> None:
        self.retired: set[str] = set()
        self._order = order  # node ids in diagram order

    def retire(
        self, bound: Iterable[Formula], earlier: Sequence[tuple[str, Sequence[Formula]]]
    ) -> list[str]:
        """Set aside the `earlier` nodes ((id, formulas), before the binding node) that
        mention a symbol `bound` binds again, and the nodes connected to them through
        shared symbols ("u = 0, so x = 1" goes with u); returns the newly retired ids."""
        symbols = constants(bound)
        named = [(nid, constants(fs)) for nid, fs in earlier if nid not in self.retired]
        retired: list[str] = []
        grew = True
        while grew:  # the connected part of the earlier nodes, through shared symbols
            grew = False
            for nid, names in named:
                if nid not in self.retired and names & symbols:
                    self.retired.add(nid)
                    retired.append(nid)
                    symbols |= names
                    grew = True
        return self._order(retired)

    def drop(
        self,
        premise_ids: list[int],
        missing: list[str],
        uses: Sequence[str],
        owner: Mapping[int, tuple[str, int]],
    ) -> tuple[list[int], list[str]]:
        """`premise_ids` without the retired nodes' formulas; those nodes join `missing`."""
        if not self.retired:
            return premise_ids, missing
        kept = [p for p in premise_ids if owner[p][0] not in self.retired]
        return kept, [*missing, *self._order(self.retired.intersection(uses))]


class Definitions:
    """The cases of one diagram and the checks of each node's definitions."""

    def __init__(self, diagram: Diagram, assumptions: Assumptions, taint: Taint, say: Say) -> None:
        self._diagram = diagram
        self._assumptions = assumptions
        self._say = say
        self._position = {n.id: i for i, n in enumerate(diagram.nodes)}
        self.cases = Cases(taint.in_order)

    def own(
        self, node: Node, formal: Formal, premise_ids: Sequence[int]
    ) -> tuple[list[int], Finding | None]:
        """Session ids of the node's definitions, and a `definition_conflict` finding when
        they contradict what the node rests on: the node binds a symbol again ("For u = 2"
        after u = 0), which starts a new case, so the earlier nodes about it are retired."""
        if not formal.definitions:
            return [], None
        found = [
            self._assumptions.premise_id(node.id, -1 - j) for j in range(len(formal.definitions))
        ]
        own = [p for p in found if p is not None]
        known = self._assumptions.known
        if len(own) == len(found) and known.settled(
            premise_ids, own, formal.definitions, self._assumptions.prove
        ):
            return own, None  # satisfiable together (or undecided): no clash, nothing to check
        result = self._assumptions.prove(premise_ids, conj(*formal.definitions))
        known.learn_claim(premise_ids, result.verdict, own)
        if result.verdict is not Verdict.CONTRADICTED:
            return own, None
        core = self._assumptions.core(premise_ids, result)
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
        self, premise_ids: list[int], missing: list[str], uses: Sequence[str]
    ) -> tuple[list[int], list[str]]:
        """`premise_ids` without the retired nodes' formulas; those nodes join `missing`."""
        return self.cases.drop(premise_ids, missing, uses, self._assumptions.owner)
