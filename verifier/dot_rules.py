"""The DoT v2 protocol's well-formedness rules: raw blocks and records to a checked Diagram.

Input is `veridot.parser.dot.RawTranscript` (syntax only); output is a `Diagram` whose
`structural_errors` list every violation with its line, in line order. Nothing is repaired:
a record that breaks a rule is reported and left out of the graph (so the checker never
reasons from it), except a summarizer's `use` of a proposer that is not validated, which
stays in the graph so the checker can also report it (`summary_uses_invalid`). A `@prop`
written as a JSON term (`{"gt": [4, 2]}`) becomes FOL text via `veridot.verifier.json_terms` when it
can; otherwise it is kept as written.

Codes (stable; tests assert them):
  text_outside_block       non-blank text outside any role block
  bad_record               a malformed `@` line, or a missing/unknown/repeated/invalid field
  unknown_record           an `@name` that is not node/edge/status/prop/entails/eq
  missing_node             a block without `@node` (the block is skipped)
  duplicate_node_record    a second `@node` in one block
  role_mismatch            `@node role=` differs from the block's tag
  duplicate_id             an id already used by an earlier block (the block is skipped)
  id_not_increasing        an id not greater than the previous block's id
  edge_dst_mismatch        an `@edge` whose dst is not the block's node id
  edge_src_not_less        an `@edge` whose src is not smaller than its dst
  dangling_ref             an id (edge src, status target or just, claim end) naming no node
  bad_use_edge             `use` not from problem/proposer to proposer/summarizer
  bad_critique_edge        `critique` not from proposer to critic
  bad_refine_edge          `refine` not from proposer/critic to proposer
  critic_non_critique_edge a critic block holding a `use` or `refine` edge
  duplicate_edge           the same edge twice
  status_not_by_critic     `@status` outside a critic block
  status_without_critique  `@status` by a critic that has no critique edge from the target
  status_already_set       a second `@status` for a target (the first one stands)
  summarizer_uses_invalidated  a summarizer uses an invalidated proposer
  summarizer_uses_unvalidated  ... a proposer no critic validated (only reported when the
                           transcript has critic blocks; without any, veridot is the critic)
  prop_id_mismatch         `@prop id=` differs from the block's node id
  duplicate_prop           a second `@prop` in one block
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from veridot.parser.dot import RawBadRecord, RawBlock, RawRecord, RawTranscript
from veridot.verifier.diagram import (
    Diagram,
    Edge,
    EdgeKind,
    Node,
    RelationRecord,
    Role,
    StructuralError,
)
from veridot.verifier.json_terms import json_term_to_fol

_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # record name: (required fields, optional fields)
    "node": (frozenset({"id", "role"}), frozenset()),
    "edge": (frozenset({"src", "dst", "kind"}), frozenset()),
    "status": (frozenset({"target", "mark"}), frozenset({"just"})),
    "prop": (frozenset({"id"}), frozenset()),
    "entails": (frozenset({"src", "dst"}), frozenset({"witness"})),
    "eq": (frozenset({"src", "dst"}), frozenset({"witness"})),
}
_EDGE_RULES: dict[EdgeKind, tuple[frozenset[Role], frozenset[Role], str]] = {
    EdgeKind.USE: (
        frozenset({Role.PROBLEM, Role.PROPOSER}),
        frozenset({Role.PROPOSER, Role.SUMMARIZER}),
        "from problem or proposer to proposer or summarizer",
    ),
    EdgeKind.CRITIQUE: (
        frozenset({Role.PROPOSER}),
        frozenset({Role.CRITIC}),
        "from proposer to critic",
    ),
    EdgeKind.REFINE: (
        frozenset({Role.PROPOSER, Role.CRITIC}),
        frozenset({Role.PROPOSER}),
        "from proposer or critic to proposer",
    ),
}


@dataclass
class _Block:
    """A block that declared a usable node: its id, role and raw content."""

    id: int
    role: Role
    raw: RawBlock
    line: int
    formula: str | None = None
    edges: list[Edge] = field(default_factory=list)


@dataclass
class _State:
    errors: list[StructuralError] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    roles: dict[int, Role] = field(default_factory=dict)
    marks: dict[int, str] = field(default_factory=dict)
    relations: list[RelationRecord] = field(default_factory=list)

    def report(self, code: str, message: str, line: int | None) -> None:
        self.errors.append(StructuralError(code, message, line=line))


def build_v2(raw: RawTranscript, id: str = "") -> Diagram:
    """The Diagram of a v2 transcript with every protocol violation in `structural_errors`."""
    state = _State()
    for line, _text in raw.outside:
        state.report("text_outside_block", "text outside any role block", line)
    _declare_nodes(state, raw.blocks)
    for raw_block in raw.blocks:
        _report_bad_lines(state, raw_block)
    for block in state.blocks:
        _read_records(state, block)
    edges = [e for b in state.blocks for e in b.edges]
    _check_summarizers(state, edges, any(b.role is Role.CRITIC for b in state.blocks))
    nodes = tuple(
        Node(
            str(b.id),
            b.role,
            b.raw.text,
            b.formula,
            line=b.line,
            mark=state.marks.get(b.id),
        )
        for b in state.blocks
    )
    errors = sorted(state.errors, key=lambda e: e.line or 0)  # stable: same line keeps order
    return Diagram(
        id=id,
        nodes=nodes,
        edges=tuple(edges),
        claims=tuple(state.relations),
        structural_errors=tuple(errors),
        source_format="dot_v2",
    )


def _declare_nodes(state: _State, blocks: Iterable[RawBlock]) -> None:
    """First pass: each block's `@node`, so edges may be checked against every node's role."""
    last: int | None = None
    for raw in blocks:
        decls = [r for r in raw.records if isinstance(r, RawRecord) and r.name == "node"]
        if not decls:
            state.report("missing_node", f"<{raw.role}> block without @node (skipped)", raw.line)
            continue
        for extra in decls[1:]:
            state.report("duplicate_node_record", "a second @node in one block", extra.line)
        decl = decls[0]
        values = _fields(state, decl)
        nid, role_name = _int(state, values, "id", decl), values.get("role")
        if nid is None or role_name is None:
            continue
        if role_name not in Role.__members__.values() or role_name == Role.PREMISE:
            roles = "problem, proposer, critic or summarizer"
            state.report("bad_record", f"role={role_name} is not {roles}", decl.line)
            continue
        role = Role(role_name)
        if role.value != raw.role:
            state.report(
                "role_mismatch",
                f"@node role={role.value} inside a <{raw.role}> block",
                decl.line,
            )
        if nid in state.roles:
            state.report("duplicate_id", f"id {nid} is already used (block skipped)", decl.line)
            continue
        if last is not None and nid <= last:
            state.report(
                "id_not_increasing",
                f"id {nid} is not greater than the previous id {last}",
                decl.line,
            )
        last = nid
        state.roles[nid] = role
        state.blocks.append(_Block(nid, role, raw, decl.line))


def _read_records(state: _State, block: _Block) -> None:
    """Second pass over one block: edges first, then statuses, props and relations."""
    records = [
        r
        for r in block.raw.records
        if isinstance(r, RawRecord) and r.name in _FIELDS and r.name != "node"
    ]
    for rec in records:
        if rec.name == "edge":
            _edge(state, block, rec)
    critiqued = {int(e.src) for e in block.edges if e.kind is EdgeKind.CRITIQUE}
    for rec in records:
        match rec.name:
            case "status":
                _status(state, block, rec, critiqued)
            case "prop":
                _prop(state, block, rec)
            case "entails" | "eq":
                _relation(state, rec)


def _report_bad_lines(state: _State, raw: RawBlock) -> None:
    """Malformed and unknown record lines of any block, skipped ones included."""
    for rec in raw.records:
        if isinstance(rec, RawBadRecord):
            state.report("bad_record", f"{rec.message}: {rec.text}", rec.line)
        elif rec.name not in _FIELDS:
            state.report("unknown_record", f"unknown record @{rec.name}", rec.line)


def _edge(state: _State, block: _Block, rec: RawRecord) -> None:
    values = _fields(state, rec)
    src, dst = _int(state, values, "src", rec), _int(state, values, "dst", rec)
    kind_name = values.get("kind")
    if src is None or dst is None or kind_name is None:
        return
    if kind_name not in EdgeKind.__members__.values():
        state.report("bad_record", f"kind={kind_name} is not use, critique or refine", rec.line)
        return
    kind = EdgeKind(kind_name)
    ok = True
    if dst != block.id:
        state.report(
            "edge_dst_mismatch", f"edge dst={dst} in the block of node {block.id}", rec.line
        )
        ok = False
    if src >= dst:
        state.report("edge_src_not_less", f"edge src={src} is not less than dst={dst}", rec.line)
        ok = False
    if src not in state.roles:
        state.report("dangling_ref", f"edge src={src} names no node", rec.line)
        return
    if not ok:
        return
    if block.role is Role.CRITIC and kind is not EdgeKind.CRITIQUE:
        state.report(
            "critic_non_critique_edge",
            f"a critic block holds only critique edges, not {kind.value}",
            rec.line,
        )
        return
    sources, targets, rule = _EDGE_RULES[kind]
    src_role = state.roles[src]
    if src_role not in sources or block.role not in targets:
        state.report(
            f"bad_{kind.value}_edge",
            f"{kind.value} edge from {src_role.value} {src} to {block.role.value} {dst}; "
            f"{kind.value} goes {rule}",
            rec.line,
        )
        return
    edge = Edge(str(src), str(dst), kind, line=rec.line)
    if any(e.src == edge.src and e.kind is kind for e in block.edges):
        state.report("duplicate_edge", f"{kind.value} edge {src} -> {dst} repeated", rec.line)
        return
    block.edges.append(edge)


def _status(state: _State, block: _Block, rec: RawRecord, critiqued: set[int]) -> None:
    values = _fields(state, rec)
    target, mark = _int(state, values, "target", rec), values.get("mark")
    if target is None or mark is None:
        return
    if mark not in ("validated", "invalidated"):
        state.report("bad_record", f"mark={mark} is not validated or invalidated", rec.line)
        return
    if "just" in values:
        just = _int(state, values, "just", rec)
        if just is not None and just not in state.roles:
            state.report("dangling_ref", f"status just={just} names no node", rec.line)
    if target not in state.roles:
        state.report("dangling_ref", f"status target={target} names no node", rec.line)
        return
    if block.role is not Role.CRITIC:
        state.report("status_not_by_critic", f"@status in a {block.role.value} block", rec.line)
        return
    if target not in critiqued:
        state.report(
            "status_without_critique",
            f"critic {block.id} sets the status of {target} without a critique edge from it",
            rec.line,
        )
        return
    if target in state.marks:
        state.report(
            "status_already_set",
            f"the status of {target} is already {state.marks[target]} (first writer wins)",
            rec.line,
        )
        return
    state.marks[target] = mark


def _prop(state: _State, block: _Block, rec: RawRecord) -> None:
    values = _fields(state, rec)
    nid = _int(state, values, "id", rec)
    if nid is None:
        return
    if rec.formula is None:
        state.report("bad_record", "@prop without a formula", rec.line)
    elif nid != block.id:
        state.report(
            "prop_id_mismatch", f"@prop id={nid} in the block of node {block.id}", rec.line
        )
    elif block.formula is not None:
        state.report("duplicate_prop", f"a second @prop for node {nid}", rec.line)
    else:
        # The DoT paper writes some propositions as JSON terms; read those as FOL when we can.
        converted = json_term_to_fol(rec.formula) if rec.formula.startswith("{") else None
        block.formula = converted or rec.formula


def _relation(state: _State, rec: RawRecord) -> None:
    values = _fields(state, rec)
    src, dst = _int(state, values, "src", rec), _int(state, values, "dst", rec)
    if src is None or dst is None:
        return
    missing = [n for n in (src, dst) if n not in state.roles]
    if missing:
        names = " and ".join(map(str, missing))
        state.report("dangling_ref", f"@{rec.name} names no node {names}", rec.line)
        return
    kind: Literal["entails", "eq"] = "entails" if rec.name == "entails" else "eq"
    relation = RelationRecord(kind, str(src), str(dst), rec.line, values.get("witness"))
    state.relations.append(relation)


def _check_summarizers(state: _State, edges: list[Edge], has_critics: bool) -> None:
    for edge in edges:
        if edge.kind is not EdgeKind.USE or state.roles[int(edge.dst)] is not Role.SUMMARIZER:
            continue
        src = int(edge.src)
        if state.roles[src] is not Role.PROPOSER:
            continue  # the problem is given, not a proposition to validate
        mark = state.marks.get(src)
        if mark == "invalidated":
            state.report(
                "summarizer_uses_invalidated",
                f"summarizer {edge.dst} uses invalidated proposer {src}",
                edge.line,
            )
        elif mark is None and has_critics:
            state.report(
                "summarizer_uses_unvalidated",
                f"summarizer {edge.dst} uses proposer {src}, which no critic validated",
                edge.line,
            )


def _fields(state: _State, rec: RawRecord) -> dict[str, str]:
    """The record's fields as a dict, reporting unknown, repeated and missing ones."""
    required, optional = _FIELDS[rec.name]
    values: dict[str, str] = {}
    for key, value in rec.fields:
        if key in values:
            state.report("bad_record", f"@{rec.name}: field {key} repeated", rec.line)
        elif key not in required | optional:
            state.report("bad_record", f"@{rec.name}: unknown field {key}", rec.line)
        else:
            values[key] = value
    for key in sorted(required - set(values)):
        state.report("bad_record", f"@{rec.name}: missing field {key}", rec.line)
    return values


def _int(state: _State, values: dict[str, str], key: str, rec: RawRecord) -> int | None:
    """A field holding a node id (a non-negative integer); reported and None otherwise."""
    value = values.get(key)
    if value is None:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    state.report("bad_record", f"@{rec.name}: {key}={value} is not a node id", rec.line)
    return None
