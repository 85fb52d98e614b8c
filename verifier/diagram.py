"""The Diagram of Thought model every reader produces and the checker consumes.

A `Diagram` is a DAG of `Node`s (problem, premise, proposer, critic, summarizer) joined by
`Edge`s (`use`: the dst rests on the src; `critique`: a critic judges the src; `refine`: the
dst refines the src), plus `RelationRecord`s (`@entails` / `@eq` records to check) and the
protocol violations a reader found (`structural_errors`, each with its line or index).

Construction validates the graph itself: duplicate node ids, edges or claims naming unknown
nodes, and cycles raise `DiagramError` with the offending line (transcripts) or index
(JSON records), so every `Diagram` object that exists is a well-formed DAG. Readers of DoT
transcripts never let such a graph error through: they report the violating record as a
`StructuralError` with its line and leave it out of the graph (nothing is rewritten).

Implicit edges: a chain step "rests on every earlier premise and step". Materialised, that
is ~n²/2 `Edge`s (500k for 1,000 steps) and every consumer's cost grows quadratically, so a
reader states it once per node instead: `prefix_uses[id] = first` means node `id` rests (by
`use`) on every node from `first` up to the node before it, in node order. `uses`,
`sources`, `ancestors` and the order account for it; consumers that can (the checker) read
`prefix(id)` and `position(id)` to handle the whole span at once.

Node ids are strings and stable (documented per reader in `veridot.verifier.readers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from veridot.verifier.dag import Cycle, ancestors, topological

if TYPE_CHECKING:  # the JSON shape; imported at run time only by the API schemas
    from veridot.verifier.report_json import StructuralErrorJSON


class Role(StrEnum):
    """What a node does in the diagram."""

    PROBLEM = "problem"
    PREMISE = "premise"
    PROPOSER = "proposer"
    CRITIC = "critic"
    SUMMARIZER = "summarizer"


class EdgeKind(StrEnum):
    """How two nodes are related: `use` (dst rests on src), `critique`, `refine`."""

    USE = "use"
    CRITIQUE = "critique"
    REFINE = "refine"


MARKS = ("validated", "invalidated")
"""The values of `Node.mark` (besides None, meaning no critic in the source judged the node)."""


class DiagramError(Exception):
    """A graph that is not a DAG of unique nodes: duplicate id, dangling reference or cycle.

    `code` is one of `duplicate_id`, `dangling_ref`, `cycle` (readers may add `bad_record`
    for a JSON record of the wrong shape). `line` is the 1-based source line when known
    (transcripts, JSONL files); `index` the 0-based position of the offending item (a node,
    an edge, or for chain readers the step) when the source has no lines.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "diagram_error",
        line: int | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.index = index

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        if not where and self.index is not None:
            where = f"item {self.index}: "
        return f"{where}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description with stable keys."""
        return {"code": self.code, "message": self.message, "line": self.line, "index": self.index}


@dataclass(frozen=True, slots=True)
class Node:
    """One proposition (or critic verdict) of a diagram.

    `formula` is FOL source text (from a `@prop` record or a chain step's `"fol"`), parsed by
    the checker; `parser` names the semantic parser a record asked for; `mark` is
    `"validated"` / `"invalidated"` when the source's own critic judged this node.
    """

    id: str
    role: Role
    text: str
    formula: str | None = None
    line: int | None = None
    parser: str | None = None
    mark: str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description with stable keys."""
        return {
            "id": self.id,
            "role": self.role.value,
            "text": self.text,
            "formula": self.formula,
            "line": self.line,
            "parser": self.parser,
            "mark": self.mark,
        }


class Edge(NamedTuple):
    """`src` → `dst` of one kind; for `use`, `dst` rests on `src`.

    Immutable like the other records, but a NamedTuple rather than a frozen dataclass: a
    tuple is built about three times faster, and DoT v1 transcripts still spell out every
    use of a step by the later ones (chains use `Diagram.prefix_uses` instead).
    """

    src: str
    dst: str
    kind: EdgeKind
    line: int | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description with stable keys."""
        return {"src": self.src, "dst": self.dst, "kind": self.kind.value, "line": self.line}


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """An `@entails` (src's proposition entails dst's) or `@eq` (they are equivalent) relation.

    The DoT format calls these claims (`Diagram.claims`, the report's `claims`); in the code a
    claim is a formula to prove (a node's, or a prover's conclusion), so this is a relation.
    """

    kind: Literal["entails", "eq"]
    src: str
    dst: str
    line: int | None = None
    witness: str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description with stable keys."""
        return {
            "kind": self.kind,
            "src": self.src,
            "dst": self.dst,
            "line": self.line,
            "witness": self.witness,
        }


@dataclass(frozen=True, slots=True)
class StructuralError:
    """One violation of the DoT protocol (or of a record's shape) found by a reader.

    `code` is stable (see `veridot.verifier.dot_rules` for the list); `line` is the 1-based line of
    the offending record in a transcript, `index` the 0-based item index for JSON records.
    """

    code: str
    message: str
    line: int | None = None
    index: int | None = None

    def to_dict(self) -> StructuralErrorJSON:
        """A JSON-ready description with stable keys."""
        return {"code": self.code, "message": self.message, "line": self.line, "index": self.index}


@dataclass(frozen=True, slots=True)
class Diagram:
    """A validated DAG of nodes; see the module docstring.

    `source_format` names the reader (`dot_v1`, `dot_v2`, `chain`, `natural_program`,
    `processbench`); `parser` the semantic parser the record asked for; `label` the gold
    earliest-wrong-step index of a ProcessBench record (-1: none) kept for evaluation;
    `meta` any other fields of the source record worth keeping (JSON-ready values);
    `prefix_uses` the implicit "rests on every earlier node" edges (see the module docstring).
    """

    id: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    claims: tuple[RelationRecord, ...] = ()
    structural_errors: tuple[StructuralError, ...] = ()
    source_format: str = ""
    parser: str | None = None
    label: int | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False)
    prefix_uses: Mapping[str, str] = field(default_factory=dict, hash=False)
    _by_id: dict[str, Node] = field(init=False, repr=False, compare=False, hash=False)
    _sources: dict[EdgeKind, dict[str, list[str]]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _order: tuple[str, ...] = field(init=False, repr=False, compare=False, hash=False)
    _ids: tuple[str, ...] = field(init=False, repr=False, compare=False, hash=False)
    _position: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Node] = {}
        position: dict[str, int] = {}
        for i, node in enumerate(self.nodes):
            if node.id in by_id:
                first = by_id[node.id]
                where = f" (first at line {first.line})" if first.line is not None else ""
                raise DiagramError(
                    f"duplicate node id {node.id!r}{where}",
                    code="duplicate_id",
                    line=node.line,
                    index=i,
                )
            by_id[node.id] = node
            position[node.id] = i
        for dst, start in self.prefix_uses.items():
            pd, ps = position.get(dst), position.get(start)
            if pd is None or ps is None or ps >= pd:
                what = "names an unknown node" if pd is None or ps is None else "is not earlier"
                raise DiagramError(
                    f"use of every node from {start!r} up to {dst!r} {what}",
                    code="dangling_ref",
                    line=by_id[dst].line if pd is not None else None,
                    index=pd,
                )
        # One flat pass: DoT v1 transcripts rest every step on all earlier ones, so this loop
        # is their reader's hot spot.
        sources: dict[EdgeKind, dict[str, list[str]]] = {kind: {} for kind in EdgeKind}
        forward = True  # every edge goes from an earlier node to a later one
        for i, edge in enumerate(self.edges):
            ps, pd = position.get(edge.src), position.get(edge.dst)
            if ps is None or pd is None:
                end = edge.src if ps is None else edge.dst
                raise DiagramError(
                    f"{edge.kind.value} edge {edge.src} -> {edge.dst} names unknown node {end!r}",
                    code="dangling_ref",
                    line=edge.line,
                    index=i,
                )
            if ps >= pd:
                forward = False
            bucket = sources[edge.kind]
            srcs = bucket.get(edge.dst)
            if srcs is None:
                bucket[edge.dst] = [edge.src]
            else:
                srcs.append(edge.src)
        for i, claim in enumerate(self.claims):
            for end in (claim.src, claim.dst):
                if end not in by_id:
                    raise DiagramError(
                        f"@{claim.kind} {claim.src} -> {claim.dst} names unknown node {end!r}",
                        code="dangling_ref",
                        line=claim.line,
                        index=i,
                    )
        # Prefix spans always point backwards, so they never break node order; only when an
        # explicit edge does (rare, never in chains) are they spelled out for the sort.
        order = tuple(position)
        if not forward:
            spans = [
                (src, dst)
                for dst, first in self.prefix_uses.items()
                for src in order[position[first] : position[dst]]
            ]
            try:
                order = topological(order, [*((e.src, e.dst) for e in self.edges), *spans])
            except Cycle as cycle:
                raise DiagramError(
                    "cycle: " + " -> ".join(cycle.loop),
                    code="cycle",
                    line=by_id[cycle.stuck].line,
                    index=position[cycle.stuck],
                ) from None
        object.__setattr__(self, "_ids", tuple(position))
        object.__setattr__(self, "_position", position)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_sources", sources)
        object.__setattr__(self, "_order", order)

    # -- queries ---------------------------------------------------------------------------

    def node(self, id: str) -> Node:
        """The node with this id (KeyError naming it when absent)."""
        try:
            return self._by_id[id]
        except KeyError:
            raise KeyError(f"no node {id!r} in diagram {self.id!r}") from None

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._by_id

    def uses(self, id: str) -> list[str]:
        """The nodes `id` rests on: its prefix span in node order (`prefix_uses`), then the
        sources of its `use` edges not already in it, in edge order."""
        explicit = self._sources[EdgeKind.USE].get(id, ())
        first = self.prefix_uses.get(id)
        if first is None:
            return list(explicit)
        start, end = self._position[first], self._position[id]
        span = list(self._ids[start:end])
        return span + [s for s in explicit if not start <= self._position[s] < end]

    def sources(self, id: str, kind: EdgeKind) -> list[str]:
        """Sources of the edges of `kind` that end at `id` (for `use`, as `uses`)."""
        if kind is EdgeKind.USE:
            return self.uses(id)
        return list(self._sources[kind].get(id, ()))

    def explicit_uses(self, id: str) -> list[str]:
        """The sources of `id`'s `use` edges only, without its prefix span."""
        return list(self._sources[EdgeKind.USE].get(id, ()))

    def prefix(self, id: str) -> str | None:
        """The first node of `id`'s prefix span (it rests on every node from there up to
        itself, in node order), or None."""
        return self.prefix_uses.get(id)

    def position(self, id: str) -> int:
        """The index of node `id` in `nodes` (KeyError when absent)."""
        return self._position[id]

    def used_nodes(self) -> set[str]:
        """Every node some node rests on (the source of a `use` edge or in a prefix span)."""
        used = {e.src for e in self.edges if e.kind is EdgeKind.USE}
        # Union of the spans in one sweep over positions, not one walk per span.
        starts = [0] * (len(self._ids) + 1)
        for dst, first in self.prefix_uses.items():
            starts[self._position[first]] += 1
            starts[self._position[dst]] -= 1
        depth = 0
        for i, nid in enumerate(self._ids):
            depth += starts[i]
            if depth > 0:
                used.add(nid)
        return used

    def topological_order(self) -> list[str]:
        """Node ids such that every edge's src comes before its dst; ties keep node order."""
        return list(self._order)

    def steps(self) -> list[str]:
        """Ids of the proposer nodes in node order (`first_error` indexes this list)."""
        return [n.id for n in self.nodes if n.role is Role.PROPOSER]

    def ancestors(self, id: str) -> set[str]:
        """Every node `id` rests on directly or transitively through `use` edges."""
        return ancestors(
            id, self._sources[EdgeKind.USE], self._order, self._position, self.prefix_uses
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description with stable keys."""
        return {
            "id": self.id,
            "source_format": self.source_format,
            "parser": self.parser,
            "label": self.label,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "prefix_uses": dict(self.prefix_uses),
            "claims": [c.to_dict() for c in self.claims],
            "structural_errors": [s.to_dict() for s in self.structural_errors],
            "meta": dict(self.meta),
        }
