"""GSM8K records `{"question", "answer"}` to a Diagram: one step per answer line.

A GSM8K solution is prose with calculator annotations, one computation per line, ending with
the final answer on a line `#### 18`. Node ids (stable): `problem` (role problem: the
question, which holds the givens), then `s0, s1, ...` (role proposer), one per non-blank
answer line before the `####` line, in order; step k rests on the problem and on every
earlier step, as in ProcessBench. The final answer is not a claim: it is kept in
`meta["final_answer"]` (text after `####`, as written); other fields go to `meta`.
Text after the final-answer line is not part of the solution and is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from veridot.verifier.diagram import Diagram, Node, Role
from veridot.verifier.readers.common import extra_fields, optional_str, record_id
from veridot.verifier.readers.errors import RecordError

_USED = ("id", "question", "answer", "parser")
_FINAL = re.compile(r"^[ \t]*####[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def is_gsm8k(obj: Mapping[str, Any]) -> bool:
    """True for a record with a `question` string and an `answer` string that ends its
    solution with a `#### <answer>` line (and has no `steps`, which make it a chain)."""
    answer, question = obj.get("answer"), obj.get("question")
    return (
        isinstance(answer, str)
        and isinstance(question, str)
        and "steps" not in obj
        and _FINAL.search(answer) is not None
    )


def read_gsm8k(
    obj: Mapping[str, Any], *, line: int | None = None, default_id: str | None = None
) -> Diagram:
    """The Diagram of a GSM8K record (see the module docstring for ids and edges)."""
    question = optional_str(obj, "question", line)
    answer = optional_str(obj, "answer", line)
    final = _FINAL.search(answer or "")
    if question is None or answer is None or final is None:
        raise RecordError(
            line, "a GSM8K record needs a 'question' and an 'answer' ending in '#### <answer>'"
        )
    nodes = [Node("problem", Role.PROBLEM, question)]
    # Each step rests on the problem and every earlier step: one prefix marker per step
    # (`Diagram.prefix_uses`) instead of ~n²/2 edges.
    prefix: dict[str, str] = {}
    earlier = ["problem"]
    for number, text in enumerate(answer[: final.start()].splitlines(), start=1):
        if not text.strip():
            continue
        sid = f"s{len(earlier) - 1}"
        nodes.append(Node(sid, Role.PROPOSER, text.strip(), line=number))
        prefix[sid] = "problem"
        earlier.append(sid)
    meta = extra_fields(obj, _USED)
    meta["final_answer"] = final.group(1)
    return Diagram(
        id=record_id(obj, line, default_id),
        nodes=tuple(nodes),
        edges=(),
        source_format="gsm8k",
        parser=optional_str(obj, "parser", line),
        meta=meta,
        prefix_uses=prefix,
    )
