"""Prefix spans for the checker: "rests on every earlier node" at O(1) amortised per node.

A chain step rests on every premise and earlier step (`Diagram.prefix_uses`). Collecting, for
each step, the formulas of its whole span and asking whether anything in it is invalid costs
O(n) Python work per step, O(n²) per chain. `SpanIndex` keeps running lists in node order
instead: the assumable session ids of each node, the nodes whose content is missing, and the
invalid nodes behind the nodes so far (a running union, so each node's own set is merged
once). A span's answer is then a slice of a list or a copy of a set, at C speed. Nodes
outside spans, and diagrams not checked in node order, go through the per-node functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from veridot.verifier.diagram import Diagram

Assumed = Callable[[Sequence[str]], tuple[list[int], list[str]]]


class SpanIndex:
    """Running lists over the nodes of a diagram, filled in node order as spans need them.

    `assumed(ids)` gives the session ids and missing nodes of `ids` (the checker's own
    per-node rule); `behind(id)` the decided node itself if it is invalid and the invalid
    nodes it rests on; `deps_of(ids)` the union of `behind` over `ids`.
    """

    def __init__(
        self,
        diagram: Diagram,
        order: Sequence[str],
        assumed: Assumed,
        behind: Callable[[str], set[str]],
        deps_of: Callable[[Sequence[str]], set[str]],
    ) -> None:
        self._diagram = diagram
        self._ids = [n.id for n in diagram.nodes]
        self._assumed = assumed
        self._behind_of = behind
        self._deps_of = deps_of
        # A running list is read only up to the node being checked, so every node before
        # it must be decided already: true when the check order is node order (always for
        # chains and ProcessBench records, whose spans are the only ones readers write).
        self.enabled = bool(diagram.prefix_uses) and list(order) == self._ids
        starts = [diagram.position(f) for f in diagram.prefix_uses.values()]
        # Nodes before every span are never read through a span: not added to the session.
        self._base = self._filled = min(starts) if starts else 0
        self._premise_ids: list[int] = []
        self._missing: list[str] = []
        self._premise_ids_at = {self._filled: 0}
        self._missing_at = {self._filled: 0}
        # The invalid nodes behind every node from the base up to `_filled`: exact for a
        # span that starts at the base (all of a chain's), read before `_filled` moves on.
        self._behind: set[str] = set()

    def _fill(self, end: int) -> None:
        """Extend the running lists over every node before position `end`."""
        for pos in range(self._filled, end):
            nid = self._ids[pos]
            premise_ids, missing = self._assumed([nid])
            self._premise_ids.extend(premise_ids)
            self._missing.extend(missing)
            self._behind.update(self._behind_of(nid))
            self._premise_ids_at[pos + 1] = len(self._premise_ids)
            self._missing_at[pos + 1] = len(self._missing)
        self._filled = max(self._filled, end)

    def _span(self, nid: str) -> tuple[int, int, list[str]] | None:
        """(start, end) positions of `nid`'s span and its explicit uses outside it."""
        first = self._diagram.prefix(nid)
        if not self.enabled or first is None:
            return None
        start, end = self._diagram.position(first), self._diagram.position(nid)
        self._fill(end)
        position = self._diagram.position
        extra = [u for u in self._diagram.explicit_uses(nid) if not start <= position(u) < end]
        return start, end, extra

    def assumed(self, nid: str, uses: Sequence[str]) -> tuple[list[int], list[str]]:
        """Session ids and missing nodes of everything `nid` uses (`uses`, its full list)."""
        span = self._span(nid)
        if span is None:
            return self._assumed(uses)
        start, end, extra = span
        premise_ids = self._premise_ids[self._premise_ids_at[start] : self._premise_ids_at[end]]
        missing = self._missing[self._missing_at[start] : self._missing_at[end]]
        if extra:
            more_ids, more_missing = self._assumed(extra)
            premise_ids += more_ids
            missing += more_missing
        return premise_ids, missing

    def deps(self, nid: str, uses: Sequence[str]) -> set[str]:
        """The invalid nodes behind everything `nid` uses (a copy of the running union when
        its span starts at the base, as every span of a chain does)."""
        span = self._span(nid)
        if span is None:
            return self._deps_of(uses)
        start, end, extra = span
        if start != self._base or self._filled != end:
            return self._deps_of(uses)
        return self._behind | self._deps_of(extra)
