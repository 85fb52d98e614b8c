"""A prefix span and the edges it stands for give the same verification (issue 12 item 13).

Chains rest each step on every earlier node through `Diagram.prefix_uses`; the checker reads
such spans through running lists (`veridot.verifier.spans`). For random small chains (valid, wrong,
untranslatable and contradicted steps, a conclusion), the report must be the same as for the
same diagram with every implicit edge spelled out.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veridot.verifier import verify
from veridot.verifier.diagram import Diagram, Edge, EdgeKind
from veridot.verifier.readers import read_record

FORMULAS = [
    "P(a)",
    "Q(a)",
    "¬P(a)",
    "P(a) ∨ Q(a)",
    "∀x (P(x) → Q(x))",
    "Q(a) ∧ R(b)",
    "R(b)",
    "§ not FOL",
]


def spelled_out(diagram: Diagram) -> Diagram:
    """The same diagram with each prefix span written as explicit `use` edges."""
    ids = [n.id for n in diagram.nodes]
    edges = list(diagram.edges)
    for dst, first in diagram.prefix_uses.items():
        start, end = ids.index(first), ids.index(dst)
        edges += [Edge(src, dst, EdgeKind.USE) for src in ids[start:end]]
    return dataclasses.replace(diagram, edges=tuple(edges), prefix_uses={})


def _record(premises: list[int], steps: list[int], conclusion: int | None) -> dict[str, object]:
    record: dict[str, object] = {
        "id": "r",
        "premises": [{"fol": FORMULAS[i]} for i in premises],
        "steps": [{"fol": FORMULAS[i]} for i in steps],
    }
    if conclusion is not None:
        record["conclusion"] = {"fol": FORMULAS[conclusion]}
    return record


def _shape(report: object) -> object:
    data = report.to_dict()  # type: ignore[attr-defined]
    for node in data["nodes"]:
        node.pop("elapsed_ms")
    data.pop("elapsed_ms")
    return data


index = st.integers(0, len(FORMULAS) - 1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    premises=st.lists(index, min_size=0, max_size=3),
    steps=st.lists(index, min_size=1, max_size=5),
    conclusion=st.none() | index,
)
def test_prefix_spans_verify_like_explicit_edges(
    premises: list[int], steps: list[int], conclusion: int | None
) -> None:
    diagram = read_record(_record(premises, steps, conclusion))
    assert not diagram.edges  # every step rests on all earlier nodes through a span
    explicit = spelled_out(diagram)
    for nid in (n.id for n in diagram.nodes):
        assert explicit.uses(nid) == diagram.uses(nid)
        assert explicit.ancestors(nid) == diagram.ancestors(nid)
    assert explicit.used_nodes() == diagram.used_nodes()
    report = verify(diagram, parser="fol")
    assert _shape(report) == _shape(verify(explicit, parser="fol"))
    # Issue 11 item 8: an invalid record always says where it first goes wrong.
    assert (report.verdict.value == "invalid") == (report.first_error >= 0)
