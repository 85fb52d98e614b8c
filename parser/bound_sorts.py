"""The sorts of quantified variables for code that meets quantifiers one at a time.

Printers (SMT-LIB, TPTP), the cvc5 converter and the world check walk a formula node by node.
Asking `variable_sort` at each quantifier reads it alone, so a variable equated with one bound
further out looks free (`∀x (x > 0 → ∀y (y = x))`: `y` would be an object, and the solver
then refuses the formula). `BoundSorts` reads each whole formula once with `variable_sorts`,
as the Z3 converter does, and answers per quantifier.
"""

from __future__ import annotations

from collections.abc import Iterable

from veridot.parser.ast import Exists, Forall, Formula
from veridot.parser.sorts import Signature, Sort, variable_sort, variable_sorts


class BoundSorts:
    """The sorts of the variables some formulas bind, each read in its whole formula.

    `of(q)` is `variable_sorts` of the formula that holds `q` (so in `∀x (x > 0 → ∀y (y = x))`
    `y` is a number), for every formula given to `read`; `variable_sort` for a quantifier no
    read formula holds. For printers and evaluators that meet quantifiers one at a time.
    """

    def __init__(self, signature: Signature, formulas: Iterable[Formula] = ()) -> None:
        self.signature = signature
        self._sorts: dict[int, Sort] = {}
        self._kept: list[Formula] = []  # alive, so the ids of their nodes are not reused
        self._unread: list[Formula] = list(formulas)

    def read(self, formula: Formula) -> None:
        """Learn the sorts of the variables `formula` binds (when first asked: most formulas
        a printer or converter meets bind none, and are never read)."""
        self._unread.append(formula)

    def of(self, q: Forall | Exists) -> Sort:
        """The sort of the variable `q` binds."""
        if self._unread:
            for formula in self._unread:
                self._sorts.update(variable_sorts(formula, self.signature))
            self._kept += self._unread
            self._unread = []
        sort = self._sorts.get(id(q))
        return sort if sort is not None else variable_sort(q, self.signature)
