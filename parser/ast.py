"""The first-order logic AST: frozen dataclasses for terms and formulas.

This module owns the one representation every part of veridot shares: parsers build it,
provers translate it, the printer renders it. Nodes are immutable and hashable, compare
structurally, and carry an optional source `Span` that is excluded from equality so that a
formula parsed from text equals the same formula built by hand. It imports no third-party
library.

Conventions:
- A `Var` is exactly an identifier bound by a quantifier; every other identifier in term
  position is a `Const` (or a `Func` when applied), whatever its spelling.
- `And` / `Or` are n-ary with at least two arguments; builders `conj` / `disj` flatten.
- `a ≠ b` is `Not(Eq(a, b))`; numbers are exact rationals (`fractions.Fraction`).
- `Compare` holds only the order relations; equality of numbers is `Eq` like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, TypeAlias


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node came from: 1-based line and column, and 0-based character offsets."""

    line: int
    column: int
    start: int
    end: int


# --- terms -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Var:
    """A variable bound by an enclosing quantifier."""

    name: str
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Const:
    """A constant symbol: an individual (`tom`) or a numeric constant (`price`)."""

    name: str
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Func:
    """A function applied to terms: `fatherOf(x)`, `age(tom)`."""

    name: str
    args: tuple[Term, ...]
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Num:
    """A numeric literal, kept as an exact rational."""

    value: Fraction
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


ArithOp: TypeAlias = Literal["+", "-", "*", "/"]


@dataclass(frozen=True, slots=True)
class Arith:
    """A binary arithmetic term over numbers: `left op right`."""

    op: ArithOp
    left: Term
    right: Term
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


Term: TypeAlias = Var | Const | Func | Num | Arith


# --- formulas ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pred:
    """A predicate applied to terms; arity 0 (`Raining`) is allowed."""

    name: str
    args: tuple[Term, ...] = ()
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Eq:
    """Equality of two terms (objects or numbers)."""

    left: Term
    right: Term
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


CompareOp: TypeAlias = Literal["<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class Compare:
    """An order comparison between numeric terms."""

    op: CompareOp
    left: Term
    right: Term
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Bool:
    """The constant formulas true and false (printed `⊤` / `⊥`)."""

    value: bool
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not:
    body: Formula
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class And:
    """Conjunction of two or more formulas."""

    args: tuple[Formula, ...]
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Or:
    """Disjunction of two or more formulas."""

    args: tuple[Formula, ...]
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Implies:
    left: Formula
    right: Formula
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Iff:
    left: Formula
    right: Formula
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Xor:
    """Exclusive or (`⊕`): exactly one side holds."""

    left: Formula
    right: Formula
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Forall:
    var: Var
    body: Formula
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Exists:
    var: Var
    body: Formula
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)


Formula: TypeAlias = (
    Pred | Eq | Compare | Bool | Not | And | Or | Implies | Iff | Xor | Forall | Exists
)
Atom: TypeAlias = Pred | Eq | Compare | Bool
Node: TypeAlias = Formula | Term


# --- builders ----------------------------------------------------------------------------


def conj(*parts: Formula) -> Formula:
    """Conjunction of `parts`, flattening nested `And`; one part is returned as is."""
    flat: list[Formula] = []
    for part in parts:
        flat.extend(part.args if isinstance(part, And) else (part,))
    if not flat:
        return Bool(True)
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def disj(*parts: Formula) -> Formula:
    """Disjunction of `parts`, flattening nested `Or`; one part is returned as is."""
    flat: list[Formula] = []
    for part in parts:
        flat.extend(part.args if isinstance(part, Or) else (part,))
    if not flat:
        return Bool(False)
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-terms and sub-formulas of `node`, left to right."""
    # A table look-up by exact type: every traversal (walks, depth, sizes, symbols) calls
    # this once per node, and a `match` over class patterns costs twice as much.
    read = _CHILDREN.get(type(node))
    return read(node) if read is not None else _children_of_subclass(node)


def _no_children(node: Node) -> tuple[Node, ...]:
    return ()


def _args(node: Func | Pred | And | Or) -> tuple[Node, ...]:
    return node.args


def _left_right(node: Arith | Eq | Compare | Implies | Iff | Xor) -> tuple[Node, ...]:
    return (node.left, node.right)


def _body(node: Not) -> tuple[Node, ...]:
    return (node.body,)


def _bound(node: Forall | Exists) -> tuple[Node, ...]:
    return (node.var, node.body)


_CHILDREN: dict[type, Callable[[Any], tuple[Node, ...]]] = {
    **dict.fromkeys((Var, Const, Num, Bool), _no_children),
    **dict.fromkeys((Func, Pred, And, Or), _args),
    **dict.fromkeys((Arith, Eq, Compare, Implies, Iff, Xor), _left_right),
    Not: _body,
    **dict.fromkeys((Forall, Exists), _bound),
}


def _children_of_subclass(node: Node) -> tuple[Node, ...]:
    match node:
        case Var() | Const() | Num() | Bool():
            return ()
        case Func(args=args) | Pred(args=args):
            return args
        case Arith(left=left, right=right) | Eq(left=left, right=right):
            return (left, right)
        case Compare(left=left, right=right):
            return (left, right)
        case Not(body=body):
            return (body,)
        case And(args=args) | Or(args=args):
            return args
        case Implies(left=left, right=right) | Iff(left=left, right=right):
            return (left, right)
        case Xor(left=left, right=right):
            return (left, right)
        case Forall(var=var, body=body) | Exists(var=var, body=body):
            return (var, body)
    raise TypeError(f"not an AST node: {node!r}")


def walk(node: Node) -> Iterator[Node]:
    """Every node below and including `node`, pre-order, without recursion.

    Iterative on purpose: formulas parsed from untrusted text can nest tens of thousands of
    levels deep, far past Python's recursion limit.
    """
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        below = children(current)
        if below:
            stack.extend(reversed(below))


def depth(node: Node) -> int:
    """Nesting depth of `node` (a lone atom or term has depth 1), computed iteratively."""
    deepest = 0
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children(current))
    return deepest
