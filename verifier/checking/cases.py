"""Cases in a math chain: a symbol bound again sets the earlier nodes about it aside.

Solutions reuse letters: "For u = 2:" after the case u = 0, `n = 8` for an octagon after
`n = 5` for a pentagon. Checking the new case against the old one would flag right steps, so
when a step binds a symbol again (its definitions contradict what it rests on, or a claim
`n = 8` is refuted only by plain values given to n before) the checker calls `Cases.retire`:
the earlier nodes that mention the symbol, and through shared symbols what was said with
them, are set aside for that step and every later one. `Cases.drop` removes their formulas
from a check and lists them as missing, so a step that needed them is `unknown`, never
`unsupported`. No prover here: the checker owns the session and passes node formulas in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from parser.ast import Const, Eq, Formula, Num, walk


def constants(formulas: Iterable[Formula]) -> set[str]:
    """Names of the constants the formulas mention."""
    return {n.name for f in formulas for n in walk(f) if isinstance(n, Const)}


def reused(claim: Formula, refuted_by: Sequence[Formula]) -> bool:
    """True when `claim` is `sym = number` and every formula refuting it is a plain value
    given to the same symbol (`n = 5`): a letter used again, not a slip. A value derived
    before (`2x + 3 = 11` against `x = 5`) is not plain, so it still refutes."""
    if not isinstance(claim, Eq):
        return False
    sides = (claim.left, claim.right)
    symbol = next((t for t in sides if isinstance(t, Const)), None)
    if symbol is None or not any(isinstance(t, Num) for t in sides):
        return False
    return bool(refuted_by) and all(
        isinstance(f, Eq)
        and symbol in (f.left, f.right)
        and any(isinstance(t, Num) for t in (f.left, f.right))
        for f in refuted_by
    )


class Cases:
    """The nodes set aside so far in one diagram (see the module docstring)."""

    def __init__(self, order: Callable[[set[str] | list[str]], list[str]]) -> None:
        self.retired: set[str] = set()
        self._order = order  # node ids in diagram order

    def retire(
        self, bound: Iterable[Formula], earlier: Sequence[tuple[str, Sequence[Formula]]]
    ) -> list[str]:
        """Set aside the `earlier` nodes ((id, formulas), before the binding node) that
        mention a symbol `bound` binds again, and the nodes connected to them through
        shared symbols ("u = 0, so x = 1" goes with u); returns the newly retired ids."""
        symbols = constants(bound)
        named = [(nid, constants(fs)) for nid, fs in earlier if nid not in self.retired]
        retired: list[str] = []
        grew = True
        while grew:  # the connected part of the earlier nodes, through shared symbols
            grew = False
            for nid, names in named:
                if nid not in self.retired and names & symbols:
                    self.retired.add(nid)
                    retired.append(nid)
                    symbols |= names
                    grew = True
        return self._order(retired)

    def drop(
        self,
        pids: list[int],
        missing: list[str],
        uses: Sequence[str],
        owner: Mapping[int, tuple[str, int]],
    ) -> tuple[list[int], list[str]]:
        """`pids` without the retired nodes' formulas; those nodes join `missing`."""
        if not self.retired:
            return pids, missing
        kept = [p for p in pids if owner[p][0] not in self.retired]
        return kept, [*missing, *self._order(self.retired.intersection(uses))]
