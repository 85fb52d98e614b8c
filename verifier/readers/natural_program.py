"""Natural Program chains (verify_cot): `#k. (by #i #j) text` steps to a Diagram.

Record shape: `{"question", "answer": "<natural program>", ...}` (other fields such as the
chain-level `flag`, `correct`, `final_answer` are kept in `Diagram.meta`). Inside `answer`
a step starts at a line `#k.` (or `#k:`, as some chains write it); its text runs to the next
step. Node ids are the source numbers, `#1`, `#2`, ... A step without `(by ...)` states
the question's facts and is a premise; a step with `(by #i #j)` is a proposer resting on
exactly the cited steps (`(by arithmetic)` cites nothing, so the step rests on nothing).
The question becomes node `question` (role problem), context only: nothing rests on it.

The Natural Program prompt's section lines ("First, let's write down ...:", "Next, let's
answer ...:") are not part of any step; text before the first step is kept in
`meta["preamble"]`. A repeated number, or a citation of a later or unknown step, raises
`RecordError` (codes `duplicate_id`, `forward_ref`, `dangling_ref`) naming the step's line
inside `answer` and its index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from veridot.verifier.diagram import Diagram, Edge, EdgeKind, Node, Role
from veridot.verifier.readers.common import extra_fields, optional_str, record_id
from veridot.verifier.readers.errors import RecordError

_USED = ("id", "question", "answer", "parser")
_HEADER = re.compile(r"^[ \t]*#(\d+)[.:][ \t]*", re.MULTILINE)
_BY = re.compile(r"\(by\b([^)]*)\)[ \t]*")
_CITE = re.compile(r"#(\d+)")
_SECTION = re.compile(r"^[ \t]*(?:First|Next|Then|Now),? let's [^\n]*:[ \t]*$", re.MULTILINE)


def is_natural_program(obj: Mapping[str, Any]) -> bool:
    """True for a record whose `answer` is a Natural Program (has a `#k.` step line)."""
    answer = obj.get("answer")
    return isinstance(answer, str) and _HEADER.search(answer) is not None


def read_natural_program(
    obj: Mapping[str, Any], *, line: int | None = None, default_id: str | None = None
) -> Diagram:
    """The Diagram of a Natural Program record (see the module docstring for ids and edges)."""
    answer = optional_str(obj, "answer", line)
    if answer is None or not _HEADER.search(answer):
        raise RecordError(line, "'answer' must be a Natural Program with '#1.' style steps")
    nodes: list[Node] = []
    edges: list[Edge] = []
    question = optional_str(obj, "question", line)
    if question is not None:
        nodes.append(Node("question", Role.PROBLEM, question))
    headers = list(_HEADER.finditer(answer))
    seen: dict[str, int] = {}
    for index, match in enumerate(headers):
        nid = f"#{match.group(1)}"
        at = answer.count("\n", 0, match.start()) + 1  # line inside `answer`
        if nid in seen:
            raise RecordError(
                line,
                f"step {nid} at answer line {at} repeats the number of the step at line "
                f"{seen[nid]}",
                index=index,
                code="duplicate_id",
            )
        end = headers[index + 1].start() if index + 1 < len(headers) else len(answer)
        body = answer[match.end() : end]
        by = _BY.match(body)
        if by is None:
            nodes.append(Node(nid, Role.PREMISE, _clean(body), line=at))
        else:
            nodes.append(Node(nid, Role.PROPOSER, _clean(body[by.end() :]), line=at))
            for cite in dict.fromkeys(f"#{n}" for n in _CITE.findall(by.group(1))):
                if cite not in seen:
                    later = any(f"#{h.group(1)}" == cite for h in headers)
                    raise RecordError(
                        line,
                        f"step {nid} at answer line {at} cites {cite}, which "
                        + ("is not an earlier step" if later else "does not exist"),
                        index=index,
                        code="forward_ref" if later else "dangling_ref",
                    )
                edges.append(Edge(cite, nid, EdgeKind.USE, line=at))
        seen[nid] = at
    meta = extra_fields(obj, _USED)
    preamble = _clean(answer[: headers[0].start()])
    if preamble:
        meta["preamble"] = preamble
    return Diagram(
        id=record_id(obj, line, default_id),
        nodes=tuple(nodes),
        edges=tuple(edges),
        source_format="natural_program",
        parser=optional_str(obj, "parser", line),
        meta=meta,
    )


def _clean(text: str) -> str:
    """A step's text without the prompt's section lines and surrounding blank space."""
    return _SECTION.sub("", text).strip()
