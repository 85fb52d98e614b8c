"""Z3 model to a readable `Model`: named domain elements, constants, true atoms, numbers.

Elements of the object sort are named `e0`, `e1`, ... in Z3's universe order; wherever an
element is denoted by a constant, atoms print the constant's name instead (`Blue(bob)`, not
`Blue(e0)`). Ground atoms are enumerated over the finite domain; numeric positions range over
the values of the numeric constants. Object-valued functions appear as equations among the
atoms (`fatherOf(bob) = e1`); numeric constants and function values are exact text (`"24"`,
`"5/2"`). Everything is capped (domain size, evaluations, atoms) so rendering is bounded
however large the model is. Only the symbols of the formulas at hand are shown.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import z3

from parser.sorts import Sort
from provers.base import Model
from provers.z3_convert import Z3Converter, Z3Expr, apply_decl

MAX_DOMAIN = 16  # elements shown (and enumerated over)
MAX_ATOMS = 200  # true atoms listed
MAX_EVALS = 4000  # ground atoms and function values evaluated in total
MAX_NUMERIC_ARGS = 8  # numeric values tried in numeric argument positions


def value_text(value: Z3Expr) -> str:
    """A Z3 numeral as exact text: `24`, `-5/2`; irrational algebraic numbers approximately."""
    if z3.is_rational_value(value):
        fraction = value.as_fraction()
        if fraction.denominator == 1:
            return str(fraction.numerator)
        return f"{fraction.numerator}/{fraction.denominator}"
    if z3.is_algebraic_value(value):
        return str(value.as_decimal(10))  # e.g. "1.4142135623?" (the ? marks an approximation)
    return str(value)


class _Reader:
    def __init__(self, model: Z3Expr, conv: Z3Converter, symbols: frozenset[str] | None) -> None:
        self.model = model
        self.conv = conv
        self.symbols = symbols
        self.evals = 0
        self.elements: list[Z3Expr] = []
        self.names: dict[int, str] = {}  # element ast id -> printed name

    def wanted(self, name: str) -> bool:
        return self.symbols is None or name in self.symbols

    def eval(self, expr: Z3Expr) -> Z3Expr:
        self.evals += 1
        return self.model.eval(expr, model_completion=True)

    def read(self) -> Model:
        universe = self.model.get_universe(self.conv.obj)
        elements = list(universe) if universe is not None else []
        object_constants = [
            (name, expr)
            for name, (sort, expr) in self.conv.constants.items()
            if sort == Sort.OBJECT and self.wanted(name)
        ]
        denoted = [(name, self.eval(expr)) for name, expr in object_constants]
        for _name, element in denoted:
            if not any(element.eq(known) for known in elements):
                elements.append(element)
        self.elements = elements[:MAX_DOMAIN]
        domain = tuple(f"e{i}" for i in range(len(self.elements)))
        for i, element in enumerate(self.elements):
            self.names[element.get_id()] = f"e{i}"
        constants: dict[str, str] = {}
        for name, element in denoted:
            constants[name] = self.element_name(element, plain=True)
        # Prefer a constant's name over `eN` when printing atoms (first constant wins).
        for name, element in reversed(denoted):
            self.names[element.get_id()] = name
        numbers = self.numbers()
        atoms = list(itertools.islice(self.atoms(), MAX_ATOMS))
        return Model(domain=domain, constants=constants, true_atoms=tuple(atoms), numbers=numbers)

    def element_name(self, element: Z3Expr, *, plain: bool = False) -> str:
        if plain:
            for i, known in enumerate(self.elements):
                if element.eq(known):
                    return f"e{i}"
        name = self.names.get(element.get_id())
        return name if name is not None else str(element)  # beyond the displayed domain

    def numeric_values(self) -> list[Z3Expr]:
        values: list[Z3Expr] = []
        for name, (sort, expr) in self.conv.constants.items():
            if sort == Sort.NUMBER and self.wanted(name):
                value = self.eval(expr)
                if not any(value.eq(known) for known in values):
                    values.append(value)
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
                if self.evals >= MAX_EVALS:
                    return numbers
                numbers[self.term_text(name, args)] = value_text(self.eval(apply_decl(decl, args)))
        return numbers

    def arguments(self, arg_sorts: tuple[Sort, ...]) -> Iterable[tuple[Z3Expr, ...]]:
        pools = [
            self.numeric_values() if sort == Sort.NUMBER else self.elements for sort in arg_sorts
        ]
        return itertools.product(*pools)

    def term_text(self, name: str, args: tuple[Z3Expr, ...]) -> str:
        if not args:
            return name
        shown = [value_text(arg) if z3.is_arith(arg) else self.element_name(arg) for arg in args]
        return f"{name}({', '.join(shown)})"

    def atoms(self) -> Iterator[str]:
        for name, (arg_sorts, decl) in self.conv.predicates.items():
            if not self.wanted(name):
                continue
            for args in self.arguments(arg_sorts):
                if self.evals >= MAX_EVALS:
                    return
                if z3.is_true(self.eval(apply_decl(decl, args))):
                    yield self.term_text(name, args)
        for name, ((arg_sorts, result), decl) in self.conv.functions.items():
            if result != Sort.OBJECT or not self.wanted(name):
                continue
            for args in self.arguments(arg_sorts):
                if self.evals >= MAX_EVALS:
                    return
                value = self.element_name(self.eval(apply_decl(decl, args)))
                yield f"{self.term_text(name, args)} = {value}"


def read_model(model: Z3Expr, conv: Z3Converter, symbols: frozenset[str] | None = None) -> Model:
    """Render a Z3 model as a `Model`, showing only `symbols` (all declared ones if None)."""
    return _Reader(model, conv, symbols).read()
