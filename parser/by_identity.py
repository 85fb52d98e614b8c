"""Facts about a formula remembered per formula object: its symbols, its size, confusables.

A one-off `prove` and its session each read the same facts of every formula (the sizes once
to refuse huge numbers and again when the formula is added; the symbols for the relevance
index, the sorts of quantified variables and the translation memo), and `veridot eval` meets
a story's premises again in each of its problems (`veridot.parser.fol.parse_fol` returns the same
object for the same text). Each fact reads every node of the formula, walked once (`nodes`,
itself remembered); a look-up is one dict access.

Keyed by `id`, not by the formula: AST nodes hash structurally, by walking the whole formula
on every hash, which would cost as much as the fact. The formula is kept in the entry, so
while it is remembered its id cannot be taken by another object; past `LIMIT` entries the
memo starts again (memory stays bounded). The facts are pure functions of immutable nodes.
The provers use it (`veridot.provers.relevance.formula_symbols`, `veridot.provers.sizes.measure`),
and so does `veridot.parser.identifiers.confusable_reason`, which `veridot eval` runs over every
sample.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from veridot.parser.ast import Formula, Node, depth, walk

A = TypeVar("A", bound=Node)
R = TypeVar("R")
LIMIT = 4096


def by_identity(fact: Callable[[A], R]) -> Callable[[A], R]:
    """`fact(formula)`, computed once per formula object (see the module docstring)."""
    memo: dict[int, tuple[A, R]] = {}

    @functools.wraps(fact)
    def remembered(formula: A) -> R:
        entry = memo.get(id(formula))
        if entry is not None and entry[0] is formula:
            return entry[1]
        value = fact(formula)
        if len(memo) >= LIMIT:
            memo.clear()
        memo[id(formula)] = (formula, value)
        return value

    return remembered


@by_identity
def nodes(formula: Formula) -> tuple[Node, ...]:
    """Every node of `formula`, pre-order (`veridot.parser.ast.walk`), walked once per object:
    the facts above each read them all, and iterating a tuple costs a fraction of a walk."""
    return tuple(walk(formula))


# The printer refuses formulas nested past its limit and the provers refuse them before
# translating (`veridot.provers.translation.check_depth`): one walk serves both.
depth_of: Callable[[Node], int] = by_identity(depth)
"""`veridot.parser.ast.depth(node)`, computed once per node object."""
