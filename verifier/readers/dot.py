"""DoT transcripts (v1 role tags, v2 typed records) to a Diagram; see docs/DOT_FORMAT.md.

`veridot.parser.dot.parse_transcript` finds the blocks (a ParseError when tags do not nest); a
transcript with any `@` record line is v2 and goes through `veridot.verifier.dot_rules.build_v2`
(node ids are the `@node` ids, e.g. "1", "2"). Otherwise it is v1 and its edges are implicit:

- node ids are the blocks' 1-based positions, "1", "2", ..., critics included;
- a proposer rests on every problem and every earlier proposer not invalidated so far;
- a critic judges the nearest proposer before it (critique edge) and its free text gives
  the proposer's mark, see `critic_verdict`; the first critic to judge a proposer wins;
- the summarizer rests on every problem and every proposer not invalidated. The protocol
  says "validated"; we also keep proposers no critic judged clearly, so a transcript without
  critics (veridot is the critic) still has a summarizer resting on its steps;
- a critic with no proposer before it is a structural error `critic_without_proposer`;
  text outside blocks is kept in `meta["outside_text"]` (v2 reports it as a violation).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from veridot.parser.dot import RawTranscript, parse_transcript
from veridot.verifier.diagram import Diagram, Edge, EdgeKind, Node, Role, StructuralError
from veridot.verifier.dot_rules import build_v2
from veridot.verifier.readers.common import extra_fields, optional_str, record_id
from veridot.verifier.readers.errors import RecordError

# Negative phrases first: they contain positive words ("not correct"), so they are cut out
# of the text before looking for positive ones.
_NEGATIVE = re.compile(
    r"\b(?:invalidated|incorrect|invalid|wrong|erroneous|flawed|mistaken|false"
    r"|(?:is|are|was|seems)\s+not\s+(?:correct|valid|right|true|justified|sound)"
    r"|(?:isn't|aren't|wasn't)\s+(?:correct|valid|right|true|justified|sound)"
    r"|(?:does\s+not|doesn't)\s+follow|not\s+(?:correct|valid))\b",
    re.IGNORECASE,
)
_POSITIVE = re.compile(r"\b(?:validated|correct|valid|sound|accurate|true)\b", re.IGNORECASE)


def critic_verdict(text: str) -> str | None:
    """A v1 critic's mark from its free text: "validated", "invalidated" or None (unclear).

    Conservative: a negative cue ("incorrect", "invalid", "wrong", "not correct", "does not
    follow", ...) without any positive cue means invalidated; a positive cue ("correct",
    "valid", "sound", ...) without any negative one means validated; both or neither means
    unclear (None), and the checker's own verdict is all that counts for that proposer.
    """
    negative = _NEGATIVE.search(text) is not None
    positive = _POSITIVE.search(_NEGATIVE.sub(" ", text)) is not None
    if negative != positive:
        return "invalidated" if negative else "validated"
    return None


def read_transcript(text: str, id: str = "") -> Diagram:
    """The Diagram of a DoT transcript (v1 or v2); ParseError if its tags do not nest,
    RecordError (code `no_role_tags`) if it has no role block at all: a text without tags
    is not a transcript, and reading it as an empty one would make it `valid`."""
    raw = parse_transcript(text)
    if not raw.blocks:
        what = "it has no <problem>, <proposer>, <critic> or <summarizer> tag"
        raise RecordError(
            None,
            f"not a DoT transcript: {what if text.strip() else 'it is empty'}; expected "
            "role-tagged blocks such as <proposer>...</proposer>, or JSON records (.jsonl)",
            code="no_role_tags",
        )
    if raw.has_records:
        return build_v2(raw, id)
    return _build_v1(raw, id)


def read_transcript_record(
    obj: Mapping[str, Any], *, line: int | None = None, default_id: str | None = None
) -> Diagram:
    """A `{"id", "transcript", "parser"?, ...}` record; other fields go to `meta`."""
    text = optional_str(obj, "transcript", line)
    if text is None:
        raise RecordError(line, "'transcript' must be a string")
    try:
        diagram = read_transcript(text, record_id(obj, line, default_id))
    except RecordError as err:
        raise RecordError(line, err.message, code=err.code) from None
    meta = {**diagram.meta, **extra_fields(obj, ("id", "transcript", "parser"))}
    return dataclasses.replace(diagram, parser=optional_str(obj, "parser", line), meta=meta)


def _build_v1(raw: RawTranscript, id: str) -> Diagram:
    nodes: list[Node] = []
    edges: list[Edge] = []
    errors: list[StructuralError] = []
    problems: list[str] = []
    proposers: list[str] = []  # in order
    marks: dict[str, str] = {}
    last_proposer: str | None = None
    for index, block in enumerate(raw.blocks):
        nid = str(index + 1)
        role = Role(block.role)
        if role is Role.PROBLEM:
            problems.append(nid)
        elif role in (Role.PROPOSER, Role.SUMMARIZER):
            srcs = problems + [p for p in proposers if marks.get(p) != "invalidated"]
            edges.extend(Edge(src, nid, EdgeKind.USE, block.line) for src in srcs)
            if role is Role.PROPOSER:
                proposers.append(nid)
                last_proposer = nid
        elif last_proposer is None:
            errors.append(
                StructuralError(
                    "critic_without_proposer", "a critic with no proposer before it", block.line
                )
            )
        else:
            edges.append(Edge(last_proposer, nid, EdgeKind.CRITIQUE, block.line))
            verdict = critic_verdict(block.text)
            if verdict is not None and last_proposer not in marks:
                marks[last_proposer] = verdict
        nodes.append(Node(nid, role, block.text, line=block.line))
    nodes = [dataclasses.replace(n, mark=marks.get(n.id)) for n in nodes]
    meta: dict[str, Any] = {}
    if raw.outside:
        meta["outside_text"] = [text for _line, text in raw.outside]
    return Diagram(
        id=id,
        nodes=tuple(nodes),
        edges=tuple(edges),
        structural_errors=tuple(errors),
        source_format="dot_v1",
        meta=meta,
    )
