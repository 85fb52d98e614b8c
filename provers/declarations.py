"""Symbol declarations shared by the solver converters: declare each symbol once, from the
signature, and refuse a symbol whose sort or arity changed since it was declared.

Each backend's converter (`veridot.provers.z3_convert`, `veridot.provers.cvc5_convert`) subclasses
`Declarations` and supplies only how its solver builds a constant, a function and a predicate;
the look-up, the caching and the guards live here once. The three tables map a name to
(its sort spec, the solver's object) and are read by the backends' model readers.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from veridot.parser.sorts import Signature, Sort
from veridot.provers.base import ProverError

E = TypeVar("E")  # the solver's term / declaration type

FunctionSpec = tuple[tuple[Sort, ...], Sort]


class Declarations(Generic[E]):
    """Declare-on-first-use tables of constants, functions and predicates for one solver."""

    def __init__(self, signature: Signature | None = None) -> None:
        self.signature = signature or Signature(constants={}, functions={}, predicates={})
        self.constants: dict[str, tuple[Sort, E]] = {}
        self.functions: dict[str, tuple[FunctionSpec, E]] = {}
        self.predicates: dict[str, tuple[tuple[Sort, ...], E]] = {}

    # --- what a backend supplies --------------------------------------------------------

    def _declare_constant(self, name: str, sort: Sort) -> E:
        raise NotImplementedError

    def _declare_function(self, name: str, args: tuple[Sort, ...], result: Sort) -> E:
        raise NotImplementedError

    def _declare_predicate(self, name: str, args: tuple[Sort, ...]) -> E:
        raise NotImplementedError

    # --- look-ups -----------------------------------------------------------------------

    def constant(self, name: str) -> E:
        """The solver constant for `name`, declared on first use."""
        sort = self.signature.constants.get(name)
        if sort is None:
            raise ProverError(f"constant {name!r} is not in the signature")
        known = self.constants.get(name)
        if known is not None:
            if known[0] != sort:
                raise ProverError(f"constant {name!r} changed sort from {known[0]} to {sort}")
            return known[1]
        expr = self._declare_constant(name, sort)
        self.constants[name] = (sort, expr)
        return expr

    def function(self, name: str) -> E:
        """The solver function for `name`, declared on first use."""
        found = self.signature.functions.get(name)
        if found is None:
            raise ProverError(f"function {name!r} is not in the signature")
        spec = (tuple(found[0]), found[1])
        known = self.functions.get(name)
        if known is not None:
            if known[0] != spec:
                raise ProverError(f"function {name!r} changed its signature")
            return known[1]
        decl = self._declare_function(name, spec[0], spec[1])
        self.functions[name] = (spec, decl)
        return decl

    def predicate(self, name: str) -> E:
        """The solver predicate (into Bool) for `name`, declared on first use."""
        found = self.signature.predicates.get(name)
        if found is None:
            raise ProverError(f"predicate {name!r} is not in the signature")
        spec = tuple(found)
        known = self.predicates.get(name)
        if known is not None:
            if known[0] != spec:
                raise ProverError(f"predicate {name!r} changed its arity or sorts")
            return known[1]
        decl = self._declare_predicate(name, spec)
        self.predicates[name] = (spec, decl)
        return decl
