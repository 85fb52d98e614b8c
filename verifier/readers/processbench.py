"""ProcessBench records `{"id", "problem", "steps": [str], "label", ...}` to a Diagram.

Node ids (stable): `problem` (role problem), then `s0, s1, ...` (role proposer), one per step
in order; step k rests on the problem and on every earlier step (the solution is a linear
derivation from the problem statement, which holds the givens). `label`, the 0-based index
of the earliest wrong step or -1, is kept in `Diagram.label` for evaluation and is never
used by the checker; `generator`, `final_answer_correct` and other fields go to `meta`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from veridot.verifier.diagram import Diagram, Node, Role
from veridot.verifier.readers.common import (
    extra_fields,
    kind,
    optional_label,
    optional_str,
    record_id,
    string_list,
)
from veridot.verifier.readers.errors import RecordError

_USED = ("id", "problem", "steps", "label", "parser")


def is_processbench(obj: Mapping[str, Any]) -> bool:
    """True for a ProcessBench-shaped record: `problem`, `label` and a list of string `steps`,
    no `premises` (a step object such as `{"fol": ...}` makes it a plain chain)."""
    steps = obj.get("steps")
    return (
        isinstance(steps, list)
        and all(isinstance(s, str) for s in steps)
        and "problem" in obj
        and "label" in obj
        and "premises" not in obj
    )


def read_processbench(
    obj: Mapping[str, Any], *, line: int | None = None, default_id: str | None = None
) -> Diagram:
    """The Diagram of a ProcessBench record (see the module docstring for ids and edges)."""
    problem = optional_str(obj, "problem", line)
    if problem is None:
        raise RecordError(line, "a ProcessBench record needs a 'problem' string")
    nodes = [Node("problem", Role.PROBLEM, problem)]
    # Each step rests on the problem and every earlier step: one prefix marker per step
    # (`Diagram.prefix_uses`) instead of ~n²/2 edges.
    prefix: dict[str, str] = {}
    earlier = ["problem"]
    for i, step in enumerate(string_list(obj, "steps", line)):
        if not isinstance(step, str):
            raise RecordError(line, f"step {i} must be a string, not {kind(step)}", index=i)
        sid = f"s{i}"
        nodes.append(Node(sid, Role.PROPOSER, step))
        prefix[sid] = "problem"
        earlier.append(sid)
    label = optional_label(obj, line)
    if label is not None and label >= len(earlier) - 1:
        raise RecordError(
            line, f"'label' {label} is not the index of a step (the record has {len(earlier) - 1})"
        )
    return Diagram(
        id=record_id(obj, line, default_id),
        nodes=tuple(nodes),
        edges=(),
        source_format="processbench",
        parser=optional_str(obj, "parser", line),
        label=label,
        meta=extra_fields(obj, _USED),
        prefix_uses=prefix,
    )
