"""Plain chains: `{"id", "premises": [...], "steps": [...], "parser"?, ...}` to a Diagram.

Node ids (stable): premises `p0, p1, ...` (role premise), steps `s0, s1, ...` (role
proposer), an optional `"problem"` or `"question"` field becomes node `problem` (role
problem) and an optional `"conclusion"` becomes node `conclusion` (role summarizer).

A premise is a string or `{"text"?, "fol"?}`; a step or the conclusion is a string or
`{"text"?, "fol"?, "from"?: [ids]}` (at least one of text and fol). Without `"from"`, a
step rests on every premise and every earlier step, and the conclusion on every premise
and every step. `"from"` may cite premises, earlier steps and `problem`; a later step,
the step itself or an unknown id is a `DiagramError` naming the step's index.

The problem/question node is context only: nothing rests on it unless a step cites it in
`"from"`, because a question such as "Is Bob cold?" read as a premise could make its own
answer look entailed. A record's integer `"label"` (earliest wrong step, -1 for none) is
kept in `Diagram.label`; every other field goes to `Diagram.meta`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from veridot.verifier.diagram import Diagram, DiagramError, Edge, EdgeKind, Node, Role
from veridot.verifier.readers.common import (
    extra_fields,
    kind,
    optional_label,
    optional_str,
    record_id,
    string_list,
)
from veridot.verifier.readers.errors import RecordError

_USED = ("id", "premises", "steps", "parser", "problem", "question", "conclusion", "label")
_STEP_KEYS = frozenset({"text", "fol", "from"})


def read_chain(
    obj: Mapping[str, Any], *, line: int | None = None, default_id: str | None = None
) -> Diagram:
    """The Diagram of a plain chain record (see the module docstring for ids and edges)."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    use = EdgeKind.USE
    problem = optional_str(obj, "problem", line) or optional_str(obj, "question", line)
    if problem is not None:
        nodes.append(Node("problem", Role.PROBLEM, problem))
    premises = []
    for i, item in enumerate(string_list(obj, "premises", line)):
        text, fol, cites = _item(item, f"premise {i}", line, i, allow_from=False)
        node = Node(f"p{i}", Role.PREMISE, text, fol)
        nodes.append(node)
        premises.append(node.id)
    if "steps" not in obj:
        raise RecordError(line, "a chain needs a 'steps' list")
    known = {n.id for n in nodes}
    steps: list[str] = []
    # "Every premise and earlier step": premises and steps are contiguous in node order, so
    # one prefix marker per node stands for what would be ~n²/2 edges.
    prefix: dict[str, str] = {}
    for i, item in enumerate(string_list(obj, "steps", line)):
        sid = f"s{i}"
        text, fol, cites = _item(item, f"step {i}", line, i, allow_from=True)
        nodes.append(Node(sid, Role.PROPOSER, text, fol))
        if cites is not None:
            srcs = _check_cites(cites, sid, known, line, i)
            edges += [Edge(src, sid, use, None) for src in srcs]
        elif premises or steps:
            prefix[sid] = premises[0] if premises else steps[0]
        steps.append(sid)
        known.add(sid)
    if obj.get("conclusion") is not None:
        index = len(steps)
        text, fol, cites = _item(obj["conclusion"], "conclusion", line, index, allow_from=True)
        nodes.append(Node("conclusion", Role.SUMMARIZER, text, fol))
        if cites is not None:
            srcs = _check_cites(cites, "conclusion", known, line, index)
            edges.extend(Edge(src, "conclusion", EdgeKind.USE) for src in srcs)
        elif premises or steps:
            prefix["conclusion"] = premises[0] if premises else steps[0]
    try:
        return Diagram(
            id=record_id(obj, line, default_id),
            nodes=tuple(nodes),
            edges=tuple(edges),
            source_format="chain",
            parser=optional_str(obj, "parser", line),
            label=optional_label(obj, line),
            meta=extra_fields(obj, _USED),
            prefix_uses=prefix,
        )
    except DiagramError as err:  # only reachable through "from": keep the record's line
        raise RecordError(line, err.message, index=err.index, code=err.code) from None


def _item(
    item: object, what: str, line: int | None, index: int, *, allow_from: bool
) -> tuple[str, str | None, list[str] | None]:
    """(text, fol, cited ids or None) of one premise/step, or RecordError saying what is wrong."""
    if isinstance(item, str):
        return item, None, None
    if not isinstance(item, dict):
        raise RecordError(
            line, f"{what} must be a string or an object, not {kind(item)}", index=index
        )
    allowed = _STEP_KEYS if allow_from else _STEP_KEYS - {"from"}
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise RecordError(
            line,
            f"{what} has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}",
            index=index,
        )
    text, fol = item.get("text"), item.get("fol")
    for key, value in (("text", text), ("fol", fol)):
        if value is not None and not isinstance(value, str):
            raise RecordError(
                line, f"{what}: '{key}' must be a string, not {kind(value)}", index=index
            )
    if not text and not fol:
        raise RecordError(line, f"{what} has neither 'text' nor 'fol'", index=index)
    cites: list[str] | None = None
    if "from" in item:
        raw = item["from"]
        if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
            raise RecordError(line, f"{what}: 'from' must be a list of node ids", index=index)
        cites = list(raw)
    return text or "", fol, cites


def _check_cites(
    cites: list[str], sid: str, known: set[str], line: int | None, index: int
) -> list[str]:
    """The cited ids, each an earlier node; RecordError (code forward_ref/dangling_ref) else."""
    seen: list[str] = []
    for cite in cites:
        if cite not in known:
            later = cite == sid or (cite[:1] == "s" and cite[1:].isdigit()) or cite == "conclusion"
            raise RecordError(
                line,
                f"{sid} cites {cite!r}, which is not an earlier node"
                if later
                else f"{sid} cites unknown node {cite!r}",
                index=index,
                code="forward_ref" if later else "dangling_ref",
            )
        if cite not in seen:  # citing a node twice adds nothing
            seen.append(cite)
    return seen
