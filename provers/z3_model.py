"""Z3 model to a readable `Model`: named domain elements, constants, true atoms, numbers.

Elements of the object sort are named `e0`, `e1`, ... in Z3's universe order (another
prefix when the problem has a symbol spelled like that: `element_prefix`); the domain is
never empty (the prover assumes a non-empty domain); wherever an element is denoted by a
constant, atoms print the constant's name instead (`Blue(bob)`, not `Blue(e0)`). Ground
atoms are enumerated over the finite domain; numeric positions range over the values of the
numeric constants. Object-valued functions appear as equations among the
atoms (`fatherOf(bob) = e1`); numeric constants and function values are exact text (`"24"`,
`"5/2"`). Everything is capped (domain size, evaluations, atoms) so rendering is bounded
however large the model is, and `Model.omitted` says what a cap left out. Only the symbols
of the formulas at hand are shown.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import z3

from veridot.parser.sorts import Sort
from veridot.provers.base import Model
from veridot.provers.world_layout import (
    MAX_NUMERIC_ARGS,
    budget_spent,
    element_prefix,
    finish_model,
    lay_out_elements,
)
from veridot.provers.z3_convert import Z3Converter, Z3Expr, apply_decl


def value_text(value: Z3Expr) -> str:
    """A Z3 numeral as exact text: `24`, `-5/2`; irrational algebraic numbers approximately."""
    if z3.is_rational_value(value):
        # Z3's own text (`-5/2`): going through Python ints fails past 4,300 digits, which
        # a chain of products (`y = x * x`, `z = y * y`) can reach within the number limits.
        return str(value.as_string())
    if z3.is_algebraic_value(value):
        return str(value.as_decimal(10))  # e.g. "1.4142135623?" (the ? marks an approximation)
    return str(value)


class _Reader:
    def __init__(
        self,
        model: Z3Expr,
        conv: Z3Converter,
        symbols: frozenset[str] | None,
        focus: frozenset[str],
    ) -> None:
        self.model = model
        self.conv = conv
        self.symbols = symbols
        self.focus = focus
        self.evals = 0
        self.elements: list[Z3Expr] = []
        self.names: dict[int, str] = {}  # element ast id -> printed name
        self.denoted: dict[str, Z3Expr] = {}  # object constant -> its element
        self.omitted: list[str] = []
        self.prefix = element_prefix([*conv.constants, *conv.functions, *conv.predicates])

    def wanted(self, name: str) -> bool:
        return self.symbols is None or name in self.symbols

    def eval(self, expr: Z3Expr) -> Z3Expr:
        self.evals += 1
        return self.model.eval(expr, model_completion=True)

    def read(self) -> Model:
        object_constants = [
            (name, expr)
            for name, (sort, expr) in self.conv.constants.items()
            if sort == Sort.OBJECT and self.wanted(name)
        ]
        # Constants of the claim first, then the other constants: they are what a reader
        # looks for, and the caps below must not cut them off.
        object_constants.sort(key=lambda item: item[0] not in self.focus)
        denoted = [(name, self.eval(expr)) for name, expr in object_constants]
        self.denoted = dict(denoted)
        universe = list(self.model.get_universe(self.conv.obj) or [])
        if not universe and not denoted:
            # Nothing in the model is an object, yet quantifiers range over a non-empty
            # domain: show one element (what model completion gives a fresh object).
            universe = [self.eval(z3.Const("!some", self.conv.obj))]
        self.elements, names, constants = lay_out_elements(
            denoted, universe, lambda element: element.get_id(), self.prefix, self.omitted
        )
        self.names.update(names)
        numbers = self.numbers()  # before the atoms, which use up what is left of the budget
        return finish_model(
            self.prefix, len(self.elements), constants, self.atoms(), numbers, self.omitted
        )

    def budget_spent(self) -> bool:
        return budget_spent(self.evals, self.omitted)

    def element_name(self, element: Z3Expr) -> str:
        name = self.names.get(element.get_id())
        return name if name is not None else str(element)  # beyond the displayed domain

    def numeric_values(self) -> list[Z3Expr]:
        values: list[Z3Expr] = []
        for name, (sort, expr) in self.conv.constants.items():
            if sort == Sort.NUMBER and self.wanted(name):
                value = self.eval(expr)
                if not any(value.eq(known) for known in values):
                    values.append(value)
        if len(values) > MAX_NUMERIC_ARGS:
            self.omitted.append(f"numeric arguments other than the first {MAX_NUMERIC_ARGS}")
        return values[:MAX_NUMERIC_ARGS]

    def numbers(self) -> dict[str, str]:
        numbers: dict[str, str] = {}
        for name, (sort, expr) in self.conv.constants.items():
            if sort == Sort.NUMBER and self.wanted(name):
                numbers[name] = value_text(self.eval(expr))
        for name, ((arg_sorts, result), decl) in self.conv.functions.items():
            if result != Sort.NUMBER or not self.wanted(name):
                continue
            for args in self.arguments(arg_sorts):
                if self.budget_spent():
                    return numbers
                numbers[self.term_text(name, args)] = value_text(self.eval(apply_decl(decl, args)))
        return numbers

    def arguments(
        self, arg_sorts: tuple[Sort, ...], pool: list[Z3Expr] | None = None
    ) -> Iterable[tuple[Z3Expr, ...]]:
        objects = self.elements if pool is None else pool
        pools = [self.numeric_values() if sort == Sort.NUMBER else objects for sort in arg_sorts]
        return itertools.product(*pools)

    def term_text(self, name: str, args: tuple[Z3Expr, ...]) -> str:
        if not args:
            return name
        shown = [value_text(arg) if z3.is_arith(arg) else self.element_name(arg) for arg in args]
        return f"{name}({', '.join(shown)})"

    def pools(self) -> list[list[Z3Expr]]:
        """Element pools in order of interest: the claim's constants, all constants, all."""
        focus = {self.denoted[name].get_id() for name in self.focus if name in self.denoted}
        named = {element.get_id() for element in self.denoted.values()}
        return [
            [element for element in self.elements if element.get_id() in focus],
            [element for element in self.elements if element.get_id() in named],
            self.elements,
        ]

    def atoms(self) -> Iterator[str]:
        """True atoms (and object function values), most interesting first, within the caps."""
        # The claim's symbols first, then atoms over named elements, so the atoms that
        # matter survive the cap.
        predicates = sorted(
            self.conv.predicates.items(), key=lambda item: item[0] not in self.focus
        )
        functions = sorted(
            ((name, spec, decl) for name, (spec, decl) in self.conv.functions.items()),
            key=lambda item: item[0] not in self.focus,
        )
        done: set[tuple[str, tuple[int, ...]]] = set()
        for pool in self.pools():
            for name, (arg_sorts, decl) in predicates:
                if not self.wanted(name):
                    continue
                for args in self.arguments(arg_sorts, pool):
                    key = (name, tuple(arg.get_id() for arg in args))
                    if key in done:
                        continue
                    if self.budget_spent():
                        return
                    done.add(key)
                    if z3.is_true(self.eval(apply_decl(decl, args))):
                        yield self.term_text(name, args)
            for name, (arg_sorts, result), decl in functions:
                if result != Sort.OBJECT or not self.wanted(name):
                    continue
                for args in self.arguments(arg_sorts, pool):
                    key = (name, tuple(arg.get_id() for arg in args))
                    if key in done:
                        continue
                    if self.budget_spent():
                        return
                    done.add(key)
                    value = self.element_name(self.eval(apply_decl(decl, args)))
                    yield f"{self.term_text(name, args)} = {value}"


def read_model(
    model: Z3Expr,
    conv: Z3Converter,
    symbols: frozenset[str] | None = None,
    focus: frozenset[str] = frozenset(),
) -> Model:
    """Render a Z3 model as a `Model`, showing only `symbols` (all declared ones if None).

    Symbols in `focus` (the claim's) come first, so the caps never hide them.
    """
    return _Reader(model, conv, symbols, focus).read()
