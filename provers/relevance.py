"""Which premises probably matter for a claim: a symbol index for cheap unsat cores.

Computing an unsat core over every premise of a long chain makes each check cost O(N), so a
chain of N steps costs O(N²). Instead, sessions first try the claim against a small subset of
the premises, chosen by walking the "shares a symbol" graph outward from the claim: rarest
symbols first (a shared rare predicate says more than a shared constant everyone mentions),
newest formulas first within a symbol (a chain's step usually rests on the step before it).
If that subset decides the claim, its unsat core is the evidence; if not, the caller widens
the subset or falls back to all premises, so the choice affects only speed, never verdicts.
Solver-independent: every backend can use it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Set
from itertools import combinations

from veridot.parser.ast import Const, Formula, Func, Pred
from veridot.parser.by_identity import by_identity, nodes


@by_identity
def formula_symbols(formula: Formula) -> frozenset[str]:
    """Names of the constants, functions and predicates in `formula` (iterative walk)."""
    names: set[str] = set()
    for node in nodes(formula):
        if isinstance(node, Const | Func | Pred):
            names.add(node.name)
    return frozenset(names)


MAX_SEED_SYMBOLS = 6  # a claim's symbol sets looked up one by one: at most 2^6 - 1 lookups


class SymbolIndex:
    """Formulas (by integer id) indexed by the symbols they mention."""

    def __init__(self) -> None:
        self._symbols: dict[int, frozenset[str]] = {}
        self._by_symbol: dict[str, list[int]] = {}
        self._by_symbols: dict[frozenset[str], list[int]] = {}
        self._symbol_free: list[int] = []

    def add(self, formula_id: int, symbols: frozenset[str]) -> None:
        """Index formula `formula_id` (ids are expected to increase with age)."""
        self._symbols[formula_id] = symbols
        self._by_symbols.setdefault(symbols, []).append(formula_id)
        if not symbols:
            # e.g. `∀x ∀y x = y`: it constrains the domain, so it matters to every claim.
            self._symbol_free.append(formula_id)
        for name in symbols:
            self._by_symbol.setdefault(name, []).append(formula_id)

    def symbols(self, formula_id: int) -> frozenset[str]:
        """The symbols of an indexed formula."""
        return self._symbols[formula_id]

    def select(self, pool: Collection[int], seeds: Iterable[str], budget: int) -> list[int]:
        """Up to `budget` ids from `pool`, nearest to the symbols `seeds` first.

        Formulas without symbols always come first; then formulas that mention nothing but
        the claim's own symbols, newest first however old (a fact `P0(a)` for the claim
        `P0(a) ∨ Q7(a)`, which recency alone would miss behind a thousand newer steps that
        all mention `P0` and `a`); then breadth-first over the symbol-sharing graph: within
        one layer, rarer symbols first, and within one symbol, newest formulas first. The
        result is sorted by id (oldest first). Pass `pool` as a set to avoid a copy: the
        work is then bounded by the budget, not by the size of the pool.
        """
        allowed = pool if isinstance(pool, Set) else set(pool)
        chosen: set[int] = set()
        for formula_id in self._symbol_free:
            if formula_id in allowed and len(chosen) < budget:
                chosen.add(formula_id)
        for group in self._within(seeds):
            for formula_id in reversed(group):
                if len(chosen) >= budget:
                    break
                if formula_id in allowed:
                    chosen.add(formula_id)
        seen_symbols: set[str] = set()
        layer = [name for name in set(seeds) if name in self._by_symbol]
        while layer and len(chosen) < budget:
            seen_symbols.update(layer)
            layer.sort(key=lambda name: (len(self._by_symbol[name]), name))
            next_layer: set[str] = set()
            for name in layer:
                for formula_id in reversed(self._by_symbol[name]):
                    if formula_id in chosen or formula_id not in allowed:
                        continue
                    chosen.add(formula_id)
                    next_layer.update(self._symbols[formula_id] - seen_symbols)
                    if len(chosen) >= budget:
                        break
                if len(chosen) >= budget:
                    break
            layer = [name for name in next_layer if name not in seen_symbols]
        return sorted(chosen)

    def _within(self, seeds: Iterable[str]) -> list[list[int]]:
        """The formulas of each non-empty set of the seed symbols (largest sets first), when
        the claim has few enough symbols for their subsets to be looked up one by one."""
        known = sorted(name for name in set(seeds) if name in self._by_symbol)
        if not known or len(known) > MAX_SEED_SYMBOLS:
            return []
        groups: list[list[int]] = []
        for size in range(len(known), 0, -1):
            for names in combinations(known, size):
                group = self._by_symbols.get(frozenset(names))
                if group:
                    groups.append(group)
        return groups
