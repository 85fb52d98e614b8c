"""Premise sets already proved satisfiable, and the checks they let the checker skip.

A math chain asks the prover hundreds of small questions about the same growing premise set,
most of them ground arithmetic (`3 · 4 = 12`). Two facts answer many of them exactly, with no
solver call (and, when a premise is nonlinear, no round trip to the killable child):

- A decided check proves its premises satisfiable: `entailed`, `contradicted` and
  `unsupported` each come with a world of the premises. `entailed` and `unsupported` also
  prove them satisfiable together with the claim, which later checks assume. Adding a formula
  with no symbols that is exactly true (`3 · 4 = 12`) never makes a set unsatisfiable.
- A claim with no symbols is true or false by exact arithmetic (`veridot.verifier.values.holds`).
  Over premises known satisfiable it is `entailed` (true) or `contradicted` (false) resting
  on no premise, which is what the prover answers; over premises not known satisfiable it
  goes to the prover, which may find them inconsistent.

`Satisfiable.independent` answers the checker's other frequent question, whether a step's own
definitions clash with what it rests on, when they cannot: every symbol they use is new to
the premises and values found by substitution (`x = 5`, `y = 2x`) make them exactly true.
Anything else (a symbol without a value, a predicate, a division by zero, a number past the
limits) returns None or False and the prover decides as before, so no verdict changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction

from veridot.parser.ast import And, Bool, Const, Eq, Formula, walk
from veridot.parser.math.evaluate import term_value
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.provers.definedness import has_division
from veridot.provers.sizes import Size, measure, too_complex
from veridot.verifier.values import holds

# Verdicts that come with a world where every premise holds (and, for the last two, the claim).
_PREMISES_HOLD = frozenset({Verdict.ENTAILED, Verdict.CONTRADICTED, Verdict.UNSUPPORTED})
_CLAIM_HOLDS = frozenset({Verdict.ENTAILED, Verdict.UNSUPPORTED})
_FALSE = Bool(False)


class Satisfiable:
    """What one diagram's checks proved satisfiable (session ids, as the checker uses them)."""

    def __init__(self, formula: Callable[[int], Formula]) -> None:
        self._formula = formula  # the formula behind a session id
        self._sets: list[frozenset[int]] = []  # maximal sets proved satisfiable
        self._neutral: dict[int, bool] = {}  # ids of exactly true formulas with no symbols
        self._sizes: dict[int, Size] = {}
        self._symbols: dict[int, frozenset[str]] = {}

    # -- what is known ---------------------------------------------------------------------

    def known(self, premise_ids: Iterable[int]) -> bool:
        """True when the formulas `premise_ids` are proved satisfiable together."""
        rest = {p for p in premise_ids if not self._is_neutral(p)}
        return not rest or any(rest <= s for s in self._sets)

    def learn(self, premise_ids: Sequence[int], result: ProofResult) -> None:
        """Keep what a prover's verdict on a check from `premise_ids` proves."""
        if result.verdict in _PREMISES_HOLD:
            self._add(frozenset(premise_ids))

    def learn_claim(
        self, premise_ids: Sequence[int], verdict: Verdict, added: Iterable[int]
    ) -> None:
        """The claim checked from `premise_ids` with `verdict` is now the formulas `added`."""
        if verdict in _CLAIM_HOLDS:
            self._add(frozenset(premise_ids).union(added))

    def extend(self, premise_ids: Sequence[int], added: Iterable[int]) -> None:
        """`added` are satisfiable with anything (see `independent`): so with `premise_ids`,
        if those are known to be."""
        if self.known(premise_ids):
            self._add(frozenset(premise_ids).union(added))

    def _add(self, new: frozenset[int]) -> None:
        if any(new <= s for s in self._sets):
            return
        self._sets = [s for s in self._sets if not s <= new]
        self._sets.append(new)

    # -- checks answered without the prover ------------------------------------------------

    def decide(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult | None:
        """The verdict on a claim with no symbols over premises known satisfiable, else None.

        The premises' sizes count as in the prover (`veridot.provers.sizes.check_size`): a check the
        prover would call too complex is left to it.
        """
        size = measure(claim)
        if too_complex(size):
            return None
        truth = holds(claim, {})
        if truth is None or not self.known(premise_ids):
            return None
        for premise_id in premise_ids:
            size = size.join(self._size(premise_id))
        if too_complex(size):
            return None
        return ProofResult(Verdict.ENTAILED if truth else Verdict.CONTRADICTED)

    def settled(
        self,
        premise_ids: Sequence[int],
        own: Sequence[int],
        definitions: Sequence[Formula],
        prove: Callable[[Sequence[int], Formula], ProofResult],
    ) -> bool:
        """True when the definitions `own` (session ids of `definitions`) cannot clash with
        `premise_ids`, found more cheaply than by deciding them as a claim; False: decide them.

        Known satisfiable together, or `independent`: no clash. Else one satisfiability check
        with the definitions as premises (`prove` of ⊥: `contradicted` when they are
        satisfiable together, with no model to read): satisfiable, or out of time (the sound
        default: definitions are assumed, never flagged), is no clash; anything else goes to
        the full check, which finds the clash and its evidence as before. A definition that
        may divide by zero is read more weakly as a claim than as a premise: full check.
        """
        together = [*premise_ids, *own]
        if self.known(together):
            return True
        if self.independent(premise_ids, definitions):
            self.extend(premise_ids, own)
            return True
        if any(has_division(d) for d in definitions):
            return False
        probe = prove(together, _FALSE)
        if probe.verdict is Verdict.CONTRADICTED:
            return True
        # Out of time: the full check would ask the same question. Any other unknown (a
        # premise that may divide by zero) is read differently as a claim: full check.
        return probe.verdict is Verdict.UNKNOWN and probe.cause is Cause.TIMEOUT

    def independent(self, premise_ids: Sequence[int], definitions: Sequence[Formula]) -> bool:
        """True when `definitions` cannot clash with the formulas `premise_ids`: substitution gives
        every symbol they use a value that makes them all exactly true, and no premise
        mentions any of those symbols (so a world of the premises extends to them)."""
        env = substitution(definitions)
        if env is None:
            return False
        used = set(env)
        return not any(used & self._symbols_of(premise_id) for premise_id in premise_ids)

    # -- per-formula facts, computed once --------------------------------------------------

    def _is_neutral(self, premise_id: int) -> bool:
        neutral = self._neutral.get(premise_id)
        if neutral is None:
            formula = self._formula(premise_id)
            neutral = not too_complex(measure(formula)) and holds(formula, {}) is True
            self._neutral[premise_id] = neutral
        return neutral

    def _size(self, premise_id: int) -> Size:
        size = self._sizes.get(premise_id)
        if size is None:
            size = self._sizes[premise_id] = measure(self._formula(premise_id))
        return size

    def _symbols_of(self, premise_id: int) -> frozenset[str]:
        symbols = self._symbols.get(premise_id)
        if symbols is None:
            formula = self._formula(premise_id)
            symbols = frozenset(n.name for n in walk(formula) if isinstance(n, Const))
            self._symbols[premise_id] = symbols
        return symbols


def substitution(formulas: Sequence[Formula]) -> dict[str, Fraction] | None:
    """Values that make every formula exactly true, found by substitution, else None.

    An equation with a symbol alone on one side (`x = 5`, `2x + 1 = y`) gives the symbol the
    value of the other side once that side has one; two passes over the formulas in order
    (a definition may use a symbol defined after it). Every formula must then hold exactly:
    one the values do not settle (a predicate, a symbol no equation fixes, a division by 0)
    gives None.
    """
    parts = _conjuncts(formulas)
    env: dict[str, Fraction] = {}
    for _ in range(2):
        for part in parts:
            if not isinstance(part, Eq):
                continue
            for side, other in ((part.left, part.right), (part.right, part.left)):
                if isinstance(side, Const) and side.name not in env:
                    value = term_value(other, env)
                    if value is not None:
                        env[side.name] = value
                        break
    if any(too_complex(measure(part)) for part in parts):
        return None
    return env if all(holds(part, env) is True for part in parts) else None


def _conjuncts(formulas: Sequence[Formula]) -> list[Formula]:
    out: list[Formula] = []
    stack = list(reversed(formulas))
    while stack:
        formula = stack.pop()
        if isinstance(formula, And):
            stack.extend(reversed(formula.args))
        else:
            out.append(formula)
    return out
