"""Sorts and signatures: which symbols are numbers, which are objects, and their arities.

Sorts are inferred per problem, over all its formulas together, by union-find: every constant,
function argument and result position, predicate argument position and bound variable is a
sort variable; `=` and application unify them; a comparison, an arithmetic operation or a
numeric literal makes its operands numeric. Whatever nothing forces numeric is an object.
A symbol spelled true/false in any case is refused (it is the truth constant, never an atom).
A clash is a `SortError` that names both places: a predicate or function used with two
arities, one symbol used as a predicate and as a function or constant, or a symbol whose sort
in the `base` signature (an earlier part of the problem) disagrees with its use here.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias, assert_never

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Node,
    Not,
    Num,
    Or,
    Pred,
    Term,
    Var,
    Xor,
    walk,
)
from veridot.parser.errors import SortError


class Sort(StrEnum):
    OBJECT = "object"
    NUMBER = "number"


@dataclass(frozen=True)
class Signature:
    """The symbols of a problem with their sorts; a constant is not listed among functions."""

    constants: Mapping[str, Sort] = field(default_factory=dict)
    functions: Mapping[str, tuple[tuple[Sort, ...], Sort]] = field(default_factory=dict)
    predicates: Mapping[str, tuple[Sort, ...]] = field(default_factory=dict)


Slot: TypeAlias = tuple[str, ...]  # a sort variable: ("c", name), ("fa", name, i), ("v", n), ...
_NUMBER_SLOT: Slot = ("number",)
_BASE = "the given signature"
_TRUTH_WORDS = frozenset({"true", "false"})


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a symbol was used: formula number (1-based), the node, and its enclosing atom."""

    formula: int
    node: Node | None
    atom: Formula | None = None

    def describe(self) -> str:
        if self.node is None:
            return _BASE
        from veridot.parser.printer import (
            to_unicode,  # printer imports lark; load it only for errors
        )

        span = getattr(self.node, "span", None)
        where = f", line {span.line}, column {span.column}" if span is not None else ""
        text = f"`{to_unicode(self.node)}`"
        if self.atom is not None and self.atom is not self.node:
            text += f" in `{to_unicode(self.atom)}`"
        return f"formula {self.formula}{where}: {text}"


class _Inference:
    def __init__(self, base: Signature | None) -> None:
        self.parent: dict[Slot, Slot] = {}
        self.sort: dict[Slot, tuple[Sort, _Place]] = {}  # fixed sort of a root, and why
        self.kinds: dict[str, tuple[str, int, _Place]] = {}  # name -> (kind, arity, first use)
        self.binders: dict[int, Slot] = {}  # id(quantifier node) -> its variable's slot
        self.fresh = 0
        self.index = 0
        if base is not None:
            self._load(base)

    def copy(self) -> _Inference:
        """An inference in the same state, which goes on independently of this one."""
        twin = _Inference(None)
        twin.parent, twin.sort = dict(self.parent), dict(self.sort)
        twin.kinds, twin.binders = dict(self.kinds), dict(self.binders)
        twin.fresh, twin.index = self.fresh, self.index
        return twin

    # -- union-find -----------------------------------------------------------------------

    def find(self, slot: Slot) -> Slot:
        root = slot
        while (up := self.parent.get(root, root)) != root:
            root = up
        while slot != root:  # path compression
            self.parent[slot], slot = root, self.parent.get(slot, slot)
        return root

    def union(self, a: Slot, b: Slot, place: _Place) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        sa, sb = self.sort.get(ra), self.sort.get(rb)
        if sa and sb and sa[0] != sb[0]:
            raise self._clash(sa, sb, place)
        self.parent[rb] = ra
        if sb and not sa:
            self.sort[ra] = sb
        self.sort.pop(rb, None)

    def fix(self, slot: Slot, sort: Sort, place: _Place) -> None:
        root = self.find(slot)
        have = self.sort.get(root)
        if have is None:
            self.sort[root] = (sort, place)
        elif have[0] != sort:
            raise self._clash(have, (sort, place), place)

    def _clash(self, a: tuple[Sort, _Place], b: tuple[Sort, _Place], at: _Place) -> SortError:
        message = (
            f"one symbol used with two sorts: {a[0]} in {a[1].describe()}; "
            f"{b[0]} in {b[1].describe()}"
        )
        return self._error(message, at, "sort clash")

    @staticmethod
    def _error(message: str, at: _Place, label: str) -> SortError:
        span = getattr(at.node, "span", None)
        line, column = (span.line, span.column) if span is not None else (0, 0)
        return SortError(message, line=line, column=column, label=label)

    def sort_of(self, slot: Slot) -> Sort:
        have = self.sort.get(self.find(slot))
        return have[0] if have else Sort.OBJECT

    # -- symbols --------------------------------------------------------------------------

    def declare(self, name: str, kind: str, arity: int, place: _Place) -> None:
        known = self.kinds.get(name)
        if known is None:
            if name.casefold() in _TRUTH_WORDS:  # an AST built by hand or by another reader
                raise self._error(
                    f"{name!r} names a {kind} in {place.describe()}, but true/false in any "
                    "case is the truth constant, never a symbol",
                    place,
                    "truth constant as name",
                )
            self.kinds[name] = (kind, arity, place)
            return
        old_kind, old_arity, old_place = known
        if old_kind != kind:
            raise self._error(
                f"{name!r} is used as a {old_kind} in {old_place.describe()} and as a {kind} "
                f"in {place.describe()}",
                place,
                "symbol clash",
            )
        if old_arity != arity:
            raise self._error(
                f"{kind} {name!r} takes {old_arity} argument(s) in {old_place.describe()} but "
                f"{arity} in {place.describe()}",
                place,
                "arity clash",
            )

    def _load(self, base: Signature) -> None:
        place = _Place(0, None)
        for name, sort in base.constants.items():
            self.declare(name, "constant", 0, place)
            self.fix(("c", name), sort, place)
        for name, (args, result) in base.functions.items():
            self.declare(name, "function", len(args), place)
            self.fix(("fr", name), result, place)
            for i, sort in enumerate(args):
                self.fix(("fa", name, str(i)), sort, place)
        for name, args in base.predicates.items():
            self.declare(name, "predicate", len(args), place)
            for i, sort in enumerate(args):
                self.fix(("pa", name, str(i)), sort, place)

    # -- traversal (iterative: ASTs may be deep) ------------------------------------------

    def add(self, formula: Formula) -> None:
        self.index += 1
        stack: list[tuple[Formula, dict[str, Slot]]] = [(formula, {})]
        while stack:
            node, scope = stack.pop()
            place = _Place(self.index, node)
            match node:
                case Pred(name=name, args=args):
                    self.declare(name, "predicate", len(args), place)
                    for i, arg in enumerate(args):
                        self.union(("pa", name, str(i)), self.term(arg, scope, node), place)
                case Eq(left=left, right=right):
                    self.union(self.term(left, scope, node), self.term(right, scope, node), place)
                case Compare(left=left, right=right):
                    for side in (left, right):
                        self.fix(
                            self.term(side, scope, node),
                            Sort.NUMBER,
                            _Place(self.index, side, node),
                        )
                case Bool():
                    pass
                case Not(body=body):
                    stack.append((body, scope))
                case And(args=args) | Or(args=args):
                    stack.extend((arg, scope) for arg in args)
                case Implies(left=left, right=right) | Iff(left=left, right=right):
                    stack.extend(((left, scope), (right, scope)))
                case Xor(left=left, right=right):
                    stack.extend(((left, scope), (right, scope)))
                case Forall(var=var, body=body) | Exists(var=var, body=body):
                    self.fresh += 1
                    slot: Slot = ("v", str(self.fresh), var.name)
                    self.binders.setdefault(id(node), slot)
                    stack.append((body, {**scope, var.name: slot}))
                case _:
                    assert_never(node)

    def term(self, root: Term, scope: Mapping[str, Slot], atom: Formula) -> Slot:
        """The slot of `root`, after unifying everything inside it."""
        slots: dict[int, Slot] = {}
        stack: list[tuple[Term, bool]] = [(root, False)]
        while stack:  # post-order: children's slots exist before their parent's
            node, done = stack.pop()
            if not done and isinstance(node, Func | Arith):
                stack.append((node, True))
                stack.extend(
                    (arg, False)
                    for arg in (node.args if isinstance(node, Func) else (node.left, node.right))
                )
                continue
            place = _Place(self.index, node, atom)
            match node:
                case Var(name=name):
                    slots[id(node)] = scope.get(name, ("free", name))
                case Const(name=name):
                    self.declare(name, "constant", 0, place)
                    slots[id(node)] = ("c", name)
                case Num():
                    slots[id(node)] = _NUMBER_SLOT
                    self.fix(_NUMBER_SLOT, Sort.NUMBER, place)
                case Func(name=name, args=args):
                    self.declare(name, "function", len(args), place)
                    for i, arg in enumerate(args):
                        self.union(("fa", name, str(i)), slots[id(arg)], place)
                    slots[id(node)] = ("fr", name)
                case Arith(left=left, right=right):
                    for part in (left, right):
                        self.fix(slots[id(part)], Sort.NUMBER, _Place(self.index, part, atom))
                    slots[id(node)] = _NUMBER_SLOT
                    self.fix(_NUMBER_SLOT, Sort.NUMBER, place)
                case _:
                    assert_never(node)
        return slots[id(root)]

    def signature(self) -> Signature:
        constants: dict[str, Sort] = {}
        functions: dict[str, tuple[tuple[Sort, ...], Sort]] = {}
        predicates: dict[str, tuple[Sort, ...]] = {}
        for name, (kind, arity, _) in sorted(self.kinds.items()):
            if kind == "constant":
                constants[name] = self.sort_of(("c", name))
            elif kind == "function":
                args = tuple(self.sort_of(("fa", name, str(i))) for i in range(arity))
                functions[name] = (args, self.sort_of(("fr", name)))
            else:
                predicates[name] = tuple(self.sort_of(("pa", name, str(i))) for i in range(arity))
        return Signature(constants, functions, predicates)


def infer_signature(formulas: Iterable[Formula], base: Signature | None = None) -> Signature:
    """The signature of `formulas` (extending `base`); `SortError` names both clashing uses."""
    batch = list(formulas)
    if base is not None or len(batch) < 2:
        inference = _Inference(base)
        for formula in batch:
            inference.add(formula)
        return inference.signature()
    inference = _after(tuple(batch[:-1])).copy()
    inference.add(batch[-1])
    return inference.signature()


# The inference over the premises of a problem, by the premises' identities (kept alive in the
# entry, so an id is not reused while remembered): `veridot eval` infers the sorts of each
# problem over its story's premises, the same formula objects, and then its claim (FOLIO
# gold: 199 problems, 73 stories). What is remembered is the state after the very same
# additions, so the signature and any clash are those of an inference from scratch.
_PREFIXES: dict[tuple[int, ...], tuple[tuple[Formula, ...], _Inference]] = {}
_PREFIX_LIMIT = 256


def _after(prefix: tuple[Formula, ...]) -> _Inference:
    """The inference after adding `prefix` (remembered; never to be changed: copy it)."""
    key = tuple(map(id, prefix))
    entry = _PREFIXES.get(key)
    if entry is not None and all(map(operator.is_, entry[0], prefix)):
        return entry[1]
    inference = _Inference(None)
    for formula in prefix:
        inference.add(formula)
    if len(_PREFIXES) >= _PREFIX_LIMIT:
        _PREFIXES.clear()
    _PREFIXES[key] = (prefix, inference)
    return inference


def variable_sort(q: Forall | Exists, signature: Signature) -> Sort:
    """The sort of the variable `q` binds, given the problem's `signature` (`q` read alone:
    a variable bound outside it is free here; `variable_sorts` reads the whole formula)."""
    inference = _Inference(signature)
    inference.add(q)
    return inference.sort_of(inference.binders[id(q)])


def variable_sorts(formula: Formula, signature: Signature) -> dict[int, Sort]:
    """The sort of every variable `formula` binds, by the quantifier node's `id`, read in one
    pass over the whole formula given `signature` (which must cover its symbols).

    The same as `variable_sort` on each quantifier, except that a variable equated with one
    bound further out takes that one's sort (`∀x (x > 0 → ∀y (y = x))`: `y` is a number,
    where `variable_sort` sees `x` free and says object). A quantifier node that occurs twice
    (an AST built by hand may share one) is left out, as is everything when the formula
    clashes with `signature`: callers ask `variable_sort` for what is missing.
    """
    inference = _Inference(signature)
    try:
        inference.add(formula)
    except SortError:
        return {}
    twice: set[int] = set()
    if inference.fresh != len(inference.binders):  # some quantifier node occurs twice
        seen: set[int] = set()
        for node in walk(formula):
            if isinstance(node, Forall | Exists):
                (twice if id(node) in seen else seen).add(id(node))
    return {
        ident: inference.sort_of(slot)
        for ident, slot in inference.binders.items()
        if ident not in twice
    }


class SortInference:
    """Sorts inferred incrementally over a whole problem or diagram, exactly as if inferred
    over all its formulas at once: the union-find is kept between additions, so a symbol that
    nothing has forced yet (`a` in `∀x (x = a)`) stays open until a later formula (`P(a)`,
    `P(1)`) decides it, instead of being frozen as an object. A clash raises `SortError` naming
    both places and leaves the inference as it was before the call."""

    def __init__(self, base: Signature | None = None) -> None:
        self._base = base
        self._accepted: list[Formula] = []
        self._inference = _Inference(base)

    def add(self, formulas: Iterable[Formula]) -> None:
        """Add `formulas` together (all or none); `SortError` on a clash."""
        batch = list(formulas)
        try:
            for formula in batch:
                self._inference.add(formula)
        except SortError:
            # Union-find steps cannot be undone one by one: rebuild from what was accepted
            # (only on a clash, which ends that node's translation anyway).
            self._inference = _Inference(self._base)
            for formula in self._accepted:
                self._inference.add(formula)
            raise
        self._accepted.extend(batch)

    def signature(self) -> Signature:
        """The signature of everything added so far."""
        return self._inference.signature()
