"""The Diagram model: graph validation (duplicates, dangling refs, cycles) and queries."""

from __future__ import annotations

import itertools

import pytest

from veridot.verifier.diagram import (
    Diagram,
    DiagramError,
    Edge,
    EdgeKind,
    Node,
    RelationRecord,
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
        Diagram("d", _nodes("a"), (), claims=(RelationRecord("eq", "a", "nope", line=4),))
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


def _chain_nodes(n: int) -> tuple[Node, ...]:
    steps = (Node(f"s{i}", Role.PROPOSER, f"s{i}") for i in range(n))
    return (Node("q", Role.PROBLEM, "?"), Node("p0", Role.PREMISE, "p"), *steps)


def test_prefix_uses_stand_for_every_earlier_node() -> None:
    # Issue 12 item 13: "rests on every earlier node" is one marker per node, not n²/2 edges.
    d = Diagram(
        "d",
        _chain_nodes(3),
        (_use("q", "s2"), _use("s0", "s2")),
        prefix_uses={"s0": "p0", "s1": "p0", "s2": "s1"},
    )
    assert d.uses("s0") == ["p0"]
    assert d.uses("s1") == ["p0", "s0"]
    assert d.uses("s2") == ["s1", "q", "s0"]  # the span, then explicit uses outside it
    assert d.sources("s2", EdgeKind.USE) == d.uses("s2")
    assert d.explicit_uses("s2") == ["q", "s0"]
    assert d.prefix("s1") == "p0"
    assert d.prefix("p0") is None
    assert d.ancestors("s2") == {"q", "p0", "s0", "s1"}
    assert d.ancestors("s1") == {"p0", "s0"}
    assert d.used_nodes() == {"q", "p0", "s0", "s1"}
    assert d.topological_order() == ["q", "p0", "s0", "s1", "s2"]
    assert d.to_dict()["prefix_uses"] == {"s0": "p0", "s1": "p0", "s2": "s1"}


def test_prefix_spans_count_in_the_order_when_an_edge_goes_backwards() -> None:
    nodes = (
        Node("b", Role.PROPOSER, "b"),
        Node("a", Role.PREMISE, "a"),
        Node("c", Role.PROPOSER, "c"),
    )
    d = Diagram("d", nodes, (_use("c", "b"),), prefix_uses={"c": "a"})
    assert d.topological_order() == ["a", "c", "b"]
    with pytest.raises(DiagramError) as err:
        Diagram("d", nodes, (_use("c", "b"),), prefix_uses={"c": "b"})  # b waits for c
    assert err.value.code == "cycle"


@pytest.mark.parametrize("prefix", [{"s0": "zz"}, {"zz": "p0"}, {"s0": "s0"}, {"p0": "s0"}])
def test_prefix_span_must_name_an_earlier_node(prefix: dict[str, str]) -> None:
    with pytest.raises(DiagramError) as err:
        Diagram("d", _chain_nodes(1), (), prefix_uses=prefix)
    assert err.value.code == "dangling_ref"


def test_long_prefix_chain_is_linear() -> None:
    n = 3000
    d = Diagram("d", _chain_nodes(n), (), prefix_uses={f"s{i}": "p0" for i in range(n)})
    assert len(d.ancestors(f"s{n - 1}")) == n
    assert len(d.used_nodes()) == n
