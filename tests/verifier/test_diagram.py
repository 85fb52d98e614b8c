"""The Diagram model: graph validation (duplicates, dangling refs, cycles) and queries."""

from __future__ import annotations

import itertools

import pytest

from verifier.diagram import (
    ClaimRecord,
    Diagram,
    DiagramError,
    Edge,
    EdgeKind,
    Node,
    Role,
    StructuralError,
)


def _nodes(*ids: str) -> tuple[Node, ...]:
    return tuple(Node(i, Role.PROPOSER, f"text {i}", line=k + 1) for k, i in enumerate(ids))


def _use(src: str, dst: str, line: int | None = None) -> Edge:
    return Edge(src, dst, EdgeKind.USE, line)


def test_queries_and_topological_order() -> None:
    d = Diagram(
        "d",
        _nodes("c", "a", "b"),
        (_use("a", "b"), _use("b", "c"), _use("a", "c"), Edge("b", "c", EdgeKind.REFINE)),
    )
    assert d.topological_order() == ["a", "b", "c"]
    assert d.uses("c") == ["b", "a"]
    assert d.sources("c", EdgeKind.REFINE) == ["b"]
    assert d.uses("a") == []
    assert d.ancestors("c") == {"a", "b"}
    assert d.node("b").text == "text b"
    assert "b" in d
    assert "z" not in d
    assert d.steps() == ["c", "a", "b"]


def test_order_keeps_node_order_when_edges_allow() -> None:
    d = Diagram("d", _nodes("x", "y", "z"), (_use("x", "z"),))
    assert d.topological_order() == ["x", "y", "z"]


def test_unknown_node_is_key_error() -> None:
    d = Diagram("d", _nodes("a"), ())
    with pytest.raises(KeyError, match="'q'"):
        d.node("q")


def test_duplicate_id_names_line_and_index() -> None:
    with pytest.raises(DiagramError) as err:
        Diagram("d", _nodes("a", "b", "a"), ())
    assert err.value.code == "duplicate_id"
    assert err.value.index == 2
    assert err.value.line == 3
    assert "line 1" in err.value.message  # the first occurrence is named too


def test_dangling_edge() -> None:
    with pytest.raises(DiagramError) as err:
        Diagram("d", _nodes("a", "b"), (_use("a", "b"), _use("q", "b", line=9)))
    assert err.value.code == "dangling_ref"
    assert err.value.index == 1
    assert err.value.line == 9


def test_dangling_claim() -> None:
    with pytest.raises(DiagramError) as err:
        Diagram("d", _nodes("a"), (), claims=(ClaimRecord("eq", "a", "nope", line=4),))
    assert err.value.code == "dangling_ref"
    assert err.value.line == 4


@pytest.mark.parametrize(
    "edges",
    [
        (("a", "a"),),
        (("a", "b"), ("b", "a")),
        (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")),
        (("d", "a"), ("a", "b"), ("b", "c"), ("c", "b")),
    ],
)
def test_cycles_are_reported_with_the_loop(edges: tuple[tuple[str, str], ...]) -> None:
    with pytest.raises(DiagramError) as err:
        Diagram("d", _nodes("a", "b", "c", "d"), tuple(_use(s, t) for s, t in edges))
    assert err.value.code == "cycle"
    loop = err.value.message.removeprefix("cycle: ").split(" -> ")
    assert loop[0] == loop[-1]
    pairs = set(edges)
    assert all((s, t) in pairs for s, t in itertools.pairwise(loop))


def test_to_dict_and_hash() -> None:
    d = Diagram(
        "d",
        _nodes("a", "b"),
        (_use("a", "b"),),
        structural_errors=(StructuralError("bad_record", "oops", line=3),),
        source_format="chain",
        label=1,
        meta={"k": 1},
    )
    out = d.to_dict()
    assert out["edges"] == [{"src": "a", "dst": "b", "kind": "use", "line": None}]
    assert out["structural_errors"] == [
        {"code": "bad_record", "message": "oops", "line": 3, "index": None}
    ]
    assert out["label"] == 1
    assert isinstance(hash(d), int)
    assert d == Diagram(
        "d",
        _nodes("a", "b"),
        (_use("a", "b"),),
        label=1,
        structural_errors=d.structural_errors,
        source_format="chain",
        meta={"k": 1},
    )


def test_long_chain_is_fast_and_iterative() -> None:
    # 3,000 nodes in a line: no recursion limit, ordering stays linear.
    ids = [f"s{i}" for i in range(3000)]
    d = Diagram("d", _nodes(*ids), tuple(_use(a, b) for a, b in itertools.pairwise(ids)))
    assert d.topological_order() == ids
    assert len(d.ancestors(ids[-1])) == 2999
