"""Which invalid nodes stand behind each node (`depends_on_invalid`), transitively.

A node is invalid when its status is contradicted, inconsistent or (unless allowed)
unsupported. `Taint` keeps every decided node's result and the invalid nodes it rests on: a
decided node rests on what its proof used, an undecided one on everything it was checked
against (it might have needed any of it), and a summarizer on the invalid nodes it declares
it uses (reported as its own finding). Node ids come back in diagram order.
"""

from __future__ import annotations

from collections.abc import Sequence

from veridot.verifier.diagram import Diagram
from veridot.verifier.report import NodeResult, invalid_statuses


class Taint:
    """The results decided so far in one diagram and the invalid nodes behind each."""

    def __init__(self, diagram: Diagram, *, allow_unsupported: bool) -> None:
        self.results: dict[str, NodeResult] = {}
        self.invalid = invalid_statuses(allow_unsupported)
        self._position = {n.id: i for i, n in enumerate(diagram.nodes)}
        self._deps: dict[str, set[str]] = {}

    def decided(self, result: NodeResult) -> None:
        """Record a node's result (its dependencies were set by `rests_on`, if any)."""
        self.results[result.id] = result
        self._deps.setdefault(result.id, set())

    def rests_on(self, nid: str, deps: set[str]) -> None:
        """The invalid nodes behind `nid`."""
        self._deps[nid] = deps

    def is_bad(self, nid: str) -> bool:
        """True when `nid` was decided invalid."""
        result = self.results.get(nid)
        return result is not None and result.status in self.invalid

    def in_order(self, ids: set[str] | list[str]) -> list[str]:
        """`ids` in diagram order."""
        return sorted(ids, key=self._position.__getitem__)

    def deps_of(self, basis: Sequence[str]) -> set[str]:
        """The invalid nodes among `basis` and those their own dependencies name."""
        deps: set[str] = set()
        for u in basis:
            deps.update(self.behind(u))
        return deps

    def behind(self, nid: str) -> set[str]:
        """`nid` if it is invalid, and the invalid nodes it rests on."""
        return self._deps[nid] | {nid} if self.is_bad(nid) else self._deps[nid]

    def split(self, uses: Sequence[str]) -> tuple[list[str], list[str]] | None:
        """A summarizer's `uses` that are valid and rest on nothing invalid, and the invalid
        nodes behind the others (those it declares it uses); None when all are clean."""
        tainted = [u for u in uses if self.is_bad(u) or self._deps[u]]
        if not tainted:
            return None
        behind = {*tainted, *(d for u in tainted for d in self._deps[u])}
        clean = set(tainted)
        return [u for u in uses if u not in clean], [
            b for b in self.in_order(behind) if self.is_bad(b)
        ]
