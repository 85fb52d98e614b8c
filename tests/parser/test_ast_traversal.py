"""`veridot.parser.ast.children`, `walk` and `depth`: every node kind, in order, and no
recursion."""

from __future__ import annotations

from fractions import Fraction

import pytest

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Func,
    Iff,
    Implies,
    Node,
    Not,
    Num,
    Or,
    Pred,
    Var,
    Xor,
    children,
    depth,
    walk,
)

A, B, X = Const("a"), Const("b"), Var("x")
P, Q = Pred("P", (A,)), Pred("Q", (X, B))

KINDS: list[tuple[Node, tuple[Node, ...]]] = [
    (X, ()),
    (A, ()),
    (Num(Fraction(3)), ()),
    (Bool(True), ()),
    (Func("f", (A, B)), (A, B)),
    (Q, (X, B)),
    (Arith("+", A, B), (A, B)),
    (Eq(A, B), (A, B)),
    (Compare("<", A, B), (A, B)),
    (Not(P), (P,)),
    (And((P, Q)), (P, Q)),
    (Or((Q, P)), (Q, P)),
    (Implies(P, Q), (P, Q)),
    (Iff(Q, P), (Q, P)),
    (Xor(P, Q), (P, Q)),
    (Forall(X, Q), (X, Q)),
    (Exists(X, P), (X, P)),
]


@pytest.mark.parametrize(("node", "expected"), KINDS, ids=[type(n).__name__ for n, _ in KINDS])
def test_children_of_every_node_kind(node: Node, expected: tuple[Node, ...]) -> None:
    assert children(node) == expected


def test_children_of_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not an AST node"):
        children("P(a)")  # type: ignore[arg-type]


def test_walk_is_pre_order_left_to_right_and_depth_counts_levels() -> None:
    formula = Forall(X, Implies(Q, Not(P)))
    assert list(walk(formula)) == [formula, X, formula.body, Q, X, B, Not(P), P, A]
    assert depth(formula) == 5


def test_deep_formulas_need_no_recursion() -> None:
    formula: Node = P
    for _ in range(50_000):
        formula = Not(formula)
    assert sum(1 for _ in walk(formula)) == 50_002
    assert depth(formula) == 50_002
