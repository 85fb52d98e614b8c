"""A signature that grows formula by formula in O(size of the formula), for sessions.

`veridot.parser.sorts.infer_signature(new, base=...)` and `variable_sort(q, signature)` read their
whole `signature` argument, so handing them a session's full signature makes every added
formula cost O(symbols so far), and a chain of N steps O(N²). Both only need the entries of
the symbols the formula mentions, so this module passes them exactly that restriction and
merges the new entries into mutable dictionaries that a `Signature` view shares.
`covers(signature, formula)` tells a session that a signature its caller inferred (over a
whole diagram) already fixes every symbol of a formula, so the sorts are not inferred again.
Solver-independent: every backend's session can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from veridot.parser.ast import Const, Formula, Func, Pred, walk
from veridot.parser.errors import SortError
from veridot.parser.sorts import Signature, Sort, infer_signature
from veridot.provers.relevance import formula_symbols


def restrict(signature: Signature, symbols: Iterable[str]) -> Signature:
    """The part of `signature` that concerns `symbols`."""
    names = set(symbols)
    return Signature(
        constants={k: signature.constants[k] for k in names if k in signature.constants},
        functions={k: signature.functions[k] for k in names if k in signature.functions},
        predicates={k: signature.predicates[k] for k in names if k in signature.predicates},
    )


def covers(signature: Signature, formula: Formula) -> bool:
    """Whether `signature` has every constant, function and predicate of `formula`, as that
    kind of symbol and with its arity (iterative). Argument sorts are not compared: a caller
    that gives a session its signature inferred it over the formulas it sends."""
    constants, functions, predicates = (
        signature.constants,
        signature.functions,
        signature.predicates,
    )
    for node in walk(formula):
        if isinstance(node, Const):
            if node.name not in constants:
                return False
        elif isinstance(node, Func):
            spec = functions.get(node.name)
            if spec is None or len(spec[0]) != len(node.args):
                return False
        elif isinstance(node, Pred):
            arity = predicates.get(node.name)
            if arity is None or len(arity) != len(node.args):
                return False
    return True


def settle(
    signature: Signature, earlier: Sequence[Formula], formula: Formula
) -> tuple[Signature, bool]:
    """`signature` extended with the symbols of `formula`, and False; or, when `formula`
    decides a sort that `earlier` formulas left open (`a` in `∀x (x = a)`, then `P(1)` and
    `P(a)`), the sorts inferred over `earlier` and `formula` together, and True: the caller
    rebuilds what it built with the old sorts. A real clash raises `SortError`."""
    try:
        return infer_signature([formula], base=signature), False
    except SortError as clash:
        try:
            return infer_signature([*earlier, formula]), True
        except SortError:
            raise clash from None  # a real clash: report it against the new formula


class GrowingSignature:
    """Sorts of every symbol seen so far; `extend` adds a formula's symbols."""

    def __init__(self, base: Signature | None = None) -> None:
        self.constants: dict[str, Sort] = dict(base.constants) if base else {}
        self.functions: dict[str, tuple[tuple[Sort, ...], Sort]] = (
            dict(base.functions) if base else {}
        )
        self.predicates: dict[str, tuple[Sort, ...]] = dict(base.predicates) if base else {}
        # A live view: it shares the dictionaries, so it always shows the current state.
        self.view = Signature(self.constants, self.functions, self.predicates)

    def local(self, formula: Formula) -> Signature:
        """The entries for the symbols of `formula` (enough for `variable_sort` on it)."""
        return restrict(self.view, formula_symbols(formula))

    def extend(self, formula: Formula) -> list[tuple[str, str]]:
        """Infer `formula`'s symbols against what is known; returns what was added.

        Raises `SortError` (and changes nothing) when the formula clashes with earlier ones.
        """
        inferred = infer_signature([formula], base=self.local(formula))
        added: list[tuple[str, str]] = []
        for name, sort in inferred.constants.items():
            if name not in self.constants:
                self.constants[name] = sort
                added.append(("constant", name))
        for name, spec in inferred.functions.items():
            if name not in self.functions:
                self.functions[name] = spec
                added.append(("function", name))
        for name, arg_sorts in inferred.predicates.items():
            if name not in self.predicates:
                self.predicates[name] = arg_sorts
                added.append(("predicate", name))
        return added

    def forget(self, added: list[tuple[str, str]]) -> None:
        """Undo an `extend` (its return value), e.g. when the formula was then refused."""
        for kind, name in added:
            if kind == "constant":
                self.constants.pop(name, None)
            elif kind == "function":
                self.functions.pop(name, None)
            else:
                self.predicates.pop(name, None)
