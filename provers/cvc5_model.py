"""cvc5 model to a readable `Model`: named domain elements, constants, true atoms, numbers.

The cvc5 twin of `veridot.provers.z3_model`, reading the solver's current model through cvc5's base
API (`getValue`, `getModelDomainElements`), which must happen before the solver is used
again. Elements of `Obj` are named `e0`, `e1`, ... (constants' elements first; another prefix
when a symbol is spelled like that); the domain is never empty; atoms print a constant's
name where one denotes the element. Ground atoms are enumerated over the finite domain,
numeric positions over the values of the numeric constants; everything is capped so
rendering stays bounded, and `Model.omitted` says what a cap left out. Only the symbols of
the formulas at hand are shown.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from fractions import Fraction

import cvc5

from veridot.parser.sorts import Sort
from veridot.provers.base import Model
from veridot.provers.cvc5_convert import Cvc5Converter, CvcExpr
from veridot.provers.world_layout import (
    MAX_NUMERIC_ARGS,
    budget_spent,
    element_prefix,
    finish_model,
    lay_out_elements,
)


def value_text(value: CvcExpr) -> str:
    """A cvc5 value as exact text: `24`, `-5/2`."""
    if value.isRealValue() or value.isIntegerValue():
        try:
            number = Fraction(value.getRealValue())
        except ValueError:  # past Python's 4,300-digit int-to-str limit: cvc5's own text
            return _smt_number(str(value))
        if number.denominator == 1:
            return str(number.numerator)
        return f"{number.numerator}/{number.denominator}"
    return str(value)


def _smt_number(text: str) -> str:
    """`(/ (- 5) 2)` -> `-5/2`, `(- 24.0)` -> `-24`: cvc5's SMT-LIB text of a rational."""
    tokens = text.replace("(", " ").replace(")", " ").split()
    sign = "-" if "-" in tokens else ""
    parts = [token.removesuffix(".0") for token in tokens if token[:1].isdigit()]
    return sign + "/".join(parts)


class _Reader:
    def __init__(
        self,
        solver: CvcExpr,
        conv: Cvc5Converter,
        symbols: frozenset[str] | None,
        focus: frozenset[str],
    ) -> None:
        self.solver = solver  # the base-API `cvc5.Solver`
        self.tm = conv.ctx.tm
        self.conv = conv
        self.symbols = symbols
        self.focus = focus
        self.evals = 0
        self.elements: list[CvcExpr] = []
        self.names: dict[str, str] = {}  # element text -> printed name
        self.omitted: list[str] = []
        self.prefix = element_prefix([*conv.constants, *conv.functions, *conv.predicates])

    def wanted(self, name: str) -> bool:
        return self.symbols is None or name in self.symbols

    def value(self, term: CvcExpr) -> CvcExpr:
        self.evals += 1
        return self.solver.getValue(term)

    def apply(self, decl: CvcExpr, args: tuple[CvcExpr, ...]) -> CvcExpr:
        if not args:
            return decl.ast
        return self.tm.mkTerm(cvc5.Kind.APPLY_UF, decl.ast, *args)

    def read(self) -> Model:
        objects = [
            (name, expr)
            for name, (sort, expr) in self.conv.constants.items()
            if sort == Sort.OBJECT and self.wanted(name)
        ]
        objects.sort(key=lambda item: item[0] not in self.focus)
        denoted = [(name, self.value(expr.ast)) for name, expr in objects]
        try:
            universe = list(self.solver.getModelDomainElements(self.conv.obj.ast))
        except RuntimeError:  # the sort occurs nowhere in the assertions
            universe = []
        if not universe and not denoted:
            # Quantifiers range over a non-empty domain: show one element of `Obj`.
            universe = [self.value(cp_fresh(self.tm, self.conv.obj.ast))]
        self.elements, names, constants = lay_out_elements(
            denoted, universe, str, self.prefix, self.omitted
        )
        self.names.update(names)
        numbers = self.numbers()  # before the atoms, which use up what is left of the budget
        return finish_model(
            self.prefix, len(self.elements), constants, self.atoms(), numbers, self.omitted
        )

    def budget_spent(self) -> bool:
        return budget_spent(self.evals, self.omitted)

    def numeric_values(self) -> list[CvcExpr]:
        values: list[CvcExpr] = []
        for name, (sort, expr) in self.conv.constants.items():
            if sort == Sort.NUMBER and self.wanted(name):
                value = self.value(expr.ast)
                if all(str(value) != str(known) for known in values):
                    values.append(value)
        if len(values) > MAX_NUMERIC_ARGS:
            self.omitted.append(f"numeric arguments other than the first {MAX_NUMERIC_ARGS}")
        return values[:MAX_NUMERIC_ARGS]

    def arguments(
        self, arg_sorts: tuple[Sort, ...], pool: list[CvcExpr]
    ) -> Iterator[tuple[CvcExpr, ...]]:
        numeric = self.numeric_values() if Sort.NUMBER in arg_sorts else []
        pools = [numeric if sort == Sort.NUMBER else pool for sort in arg_sorts]
        return itertools.product(*pools)

    def text(self, element: CvcExpr) -> str:
        if element.isRealValue() or element.isIntegerValue():
            return value_text(element)
        return self.names.get(str(element), str(element))

    def term_text(self, name: str, args: tuple[CvcExpr, ...]) -> str:
        return f"{name}({', '.join(self.text(arg) for arg in args)})" if args else name

    def numbers(self) -> dict[str, str]:
        numbers: dict[str, str] = {}
        for name, (sort, expr) in self.conv.constants.items():
            if sort == Sort.NUMBER and self.wanted(name):
                numbers[name] = value_text(self.value(expr.ast))
        for name, ((arg_sorts, result), decl) in self.conv.functions.items():
            if result != Sort.NUMBER or not self.wanted(name):
                continue
            for args in self.arguments(arg_sorts, self.elements):
                if self.budget_spent():
                    return numbers
                value = self.value(self.apply(decl, args))
                numbers[self.term_text(name, args)] = value_text(value)
        return numbers

    def atoms(self) -> Iterator[str]:
        """True atoms and object function values, the claim's symbols first, within caps."""
        predicates = sorted(self.conv.predicates.items(), key=lambda i: i[0] not in self.focus)
        functions = sorted(self.conv.functions.items(), key=lambda i: i[0] not in self.focus)
        for name, (arg_sorts, decl) in predicates:
            if not self.wanted(name):
                continue
            for args in self.arguments(arg_sorts, self.elements):
                if self.budget_spent():
                    return
                if self.value(self.apply(decl, args)).getBooleanValue():
                    yield self.term_text(name, args)
        for name, ((arg_sorts, result), decl) in functions:
            if result != Sort.OBJECT or not self.wanted(name):
                continue
            for args in self.arguments(arg_sorts, self.elements):
                if self.budget_spent():
                    return
                value = self.value(self.apply(decl, args))
                yield f"{self.term_text(name, args)} = {self.text(value)}"


def cp_fresh(tm: CvcExpr, sort: CvcExpr) -> CvcExpr:
    """A fresh constant of `sort`, whose model value is some element of it."""
    return tm.mkConst(sort, "!some")


def read_model(
    solver: CvcExpr,
    conv: Cvc5Converter,
    symbols: frozenset[str] | None = None,
    focus: frozenset[str] = frozenset(),
) -> Model:
    """Render the base-API `solver`'s current model, showing only `symbols` (None: all)."""
    return _Reader(solver, conv, symbols, focus).read()
