"""The decision policy, once for every backend: from solver answers to a verdict and evidence.

A backend gives an `Oracle`: "are premises `ids` plus this reading of the claim satisfiable?"
answered sat (with a model), unsat (with an unsat core of premise ids, and whether the claim
was in it) or unknown (with a reason). `Decision.decide` turns such answers into the verdict:

- `entailed` needs `P ∧ ¬C` unsat with C in the core, and P satisfiable (otherwise it would be
  vacuous); `contradicted` needs `P ∧ C` unsat with C in the core, and P satisfiable;
- an unsat core without the claim, or P unsatisfiable, is `inconsistent` (cores are kept, so a
  later check over a superset of one is answered at once);
- `unsupported` needs a countermodel and a witness, read from the two sat answers;
- division is partial (`veridot.provers.definedness`): C is read as "not definitely true" and "not
  definitely false"; a claim whose truth may rest on a quotient by zero is `unknown`
  (`division_by_zero`), and so are premises that can only all hold by dividing by zero.

Two strategies are the oracle's to choose, because they are about the solver, not the policy:
`persist` (whether an unknown answer ends the decision: Z3's give-ups recur on the other
question, so z3 stops; cvc5 tries three configurations afresh for every question, so one
unknown says little about the next) and `complete_limit` (beyond it, first try a nearby
subset of the premises chosen by `veridot.provers.relevance`, then the main solver without tracking
literals: z3's incremental solver; None: always all premises). Nothing here imports a solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, Protocol, TypeVar

from veridot.parser.ast import Formula
from veridot.provers.base import Cause, Model, ProofResult, ProverError, Verdict
from veridot.provers.deadline import Deadline
from veridot.provers.relevance import SymbolIndex, formula_symbols

SUBSET_BUDGET = 16  # beyond `complete_limit`, premises tried first for a cheap, local proof
WIDER_BUDGET = 64  # second try when computing a core after a full check
UNDEFINED_CLAIM = "division_by_zero: the claim's truth depends on a quotient whose divisor may be 0"
UNDEFINED_PREMISES = "division_by_zero: the premises can only all hold by dividing by 0"

Status = Literal["sat", "unsat", "unknown"]


class Query(Enum):
    """Which reading of the claim is added to the premises (`veridot.provers.definedness`)."""

    REFUTED = "refuted"  # not definitely true: a countermodel search
    SUPPORTED = "supported"  # not definitely false: a witness search
    FALSE = "false"  # definitely false (a claim that divides)
    TRUE = "true"  # definitely true (a claim that divides)


@dataclass(frozen=True, slots=True)
class Answer:
    """One solver call: a model when sat; when unsat, a core (premise ids) and whether the
    claim was in it; when unknown, why (`cause` and the text `reason`)."""

    status: Status
    model: Any = None  # the backend's model (or the solver holding it), read by `Oracle.read`
    core: frozenset[int] = frozenset()
    claim_in_core: bool = False
    reason: str = ""
    cause: Cause | None = None


class Claim(Protocol):
    """A converted claim (`Z3Formula`, `Cvc5Formula`): its readings in the backend's terms."""

    @property
    def expr(self) -> Any: ...  # definitely true

    @property
    def false_expr(self) -> Any: ...  # definitely false (None: the claim does not divide)

    @property
    def partial(self) -> bool: ...  # whether it divides

    def refuted(self) -> Any: ...  # not definitely true

    def supported(self) -> Any: ...  # not definitely false


def reading(claim: Claim, query: Query | None) -> Any:
    """The backend term for `query`'s reading of `claim` (None: nothing is added)."""
    match query:
        case None:
            return None
        case Query.REFUTED:
            return claim.refuted()
        case Query.SUPPORTED:
            return claim.supported()
        case Query.FALSE:
            return claim.false_expr
        case Query.TRUE:
            return claim.expr


C = TypeVar("C", bound=Claim, contravariant=True)


class Oracle(Protocol[C]):
    """What a backend's session offers the policy (see the module docstring)."""

    persist: bool
    complete_limit: int | None
    evidence: bool  # False: no models are read (a verdict is all the caller wants)

    def ask(
        self,
        ids: Sequence[int],
        claim: C,
        query: Query | None,
        deadline: Deadline,
        *,
        tracked: bool = True,
    ) -> Answer:
        """Premises `ids` plus `query`'s reading of `claim` (None: the premises alone).

        `tracked=False` may skip the unsat core (the answer's core is then meaningless).
        """
        ...

    def partial(self, formula_id: int) -> bool:
        """Whether premise `formula_id` divides (and so may be undefined)."""
        ...

    def known_sat(self, ids: Sequence[int]) -> bool:
        """True when premises `ids` are known to be satisfiable without a solver call."""
        ...

    def remember(self, answer: Answer, ids: Sequence[int]) -> None:
        """A sat `answer` over premises `ids` (at least): they are satisfiable."""
        ...

    def read(self, answer: Answer, symbols: frozenset[str], seeds: frozenset[str]) -> Model:
        """The readable world of a sat `answer` (`seeds`: the claim's symbols, shown first)."""
        ...


def known_ids(premise_ids: Sequence[int], count: int) -> list[int]:
    """`premise_ids` without repeats; `ProverError` for an id a session of `count` lacks."""
    ids = list(dict.fromkeys(premise_ids))
    if ids and (min(ids) < 0 or max(ids) >= count):
        bad = next(i for i in ids if not 0 <= i < count)
        raise ProverError(f"no formula with id {bad} in this session")
    return ids


def positions(premise_ids: Sequence[int], used: Sequence[int]) -> tuple[int, ...]:
    """The positions in `premise_ids` of the premise ids `used` (first occurrences)."""
    order = list(premise_ids)  # list.index runs in C, and cores are small
    return tuple(sorted(order.index(formula_id) for formula_id in used))


class _Stop(Exception):
    """An unknown answer ends the decision (an oracle that does not persist)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.reason)
        self.answer = answer


def unknown(reason: str, cause: Cause | None) -> ProofResult:
    """The verdict `unknown` with its reason and cause."""
    return ProofResult(Verdict.UNKNOWN, reason=reason, cause=cause)


class Decision:
    """The policy's memory for one session: the symbol index and known inconsistent cores."""

    def __init__(self) -> None:
        self.index = SymbolIndex()
        self.cores: list[frozenset[int]] = []

    def add(self, formula_id: int, formula: Formula) -> None:
        """Index a newly registered premise by its symbols (for subsets and models)."""
        self.index.add(formula_id, formula_symbols(formula))

    def forget(self) -> None:
        """Drop what was learnt about premise sets (the session was rebuilt with new sorts)."""
        self.cores.clear()

    def decide(
        self,
        oracle: Oracle[C],
        ids: list[int],
        claim: C,
        seeds: frozenset[str],
        deadline: Deadline,
    ) -> ProofResult:
        """Decide `claim` (with symbols `seeds`) from premises `ids`; cores are premise ids."""
        if oracle.persist and oracle.complete_limit is not None:
            raise ValueError("the subset strategy is for oracles that stop at unknown")
        run = _Run(self, oracle, ids, claim, seeds, deadline)
        try:
            return run.decide()
        except _Stop as stop:
            return unknown(stop.answer.reason, stop.answer.cause)


class _Run:
    """One decision: the policy in the order the solver calls are made."""

    def __init__(
        self,
        memory: Decision,
        oracle: Oracle[Any],
        ids: list[int],
        claim: Claim,
        seeds: frozenset[str],
        deadline: Deadline,
    ) -> None:
        self.memory = memory
        self.oracle = oracle
        self.ids = ids
        self.claim = claim
        self.seeds = seeds
        self.deadline = deadline

    def ask(self, ids: Sequence[int], query: Query | None, *, tracked: bool = True) -> Answer:
        """An oracle call; unknown ends the decision unless the oracle persists."""
        answer = self.oracle.ask(ids, self.claim, query, self.deadline, tracked=tracked)
        if answer.status == "unknown" and not self.oracle.persist:
            raise _Stop(answer)
        return answer

    def decide(self) -> ProofResult:
        idset = set(self.ids)  # C speed; the per-check Python work stays bounded by budgets
        for core in self.memory.cores:
            if core <= idset:
                return self.inconsistent_verdict(core)
        limit = self.oracle.complete_limit
        if limit is None or len(self.ids) <= limit:
            return self.complete()
        subset = self.memory.index.select(idset, self.seeds, SUBSET_BUDGET)
        return self.large(subset)

    def complete(self) -> ProofResult:
        """All premises, tracked: both questions, then whether the premises are satisfiable."""
        ids = self.ids
        negative = self.ask(ids, Query.REFUTED)
        if negative.status == "unsat":
            if not negative.claim_in_core:
                return self.inconsistent(negative.core)
            refused = self.premises_refused(tracked=True)
            return refused or _definite(Verdict.ENTAILED, negative.core)
        if negative.status == "sat":
            self.oracle.remember(negative, ids)
        positive = self.ask(ids, Query.SUPPORTED)
        if positive.status == "unsat":
            if negative.status == "sat":  # the premises are satisfiable: C is in the core
                return _definite(Verdict.CONTRADICTED, positive.core)
            if not positive.claim_in_core:  # (a persisting oracle, the countermodel unknown)
                return self.inconsistent(positive.core)
            return self.premises_alone() or _definite(Verdict.CONTRADICTED, positive.core)
        if positive.status == "sat" and negative.status == "sat":
            return self.unsupported(negative, positive)
        if positive.status == "sat":
            self.oracle.remember(positive, ids)
        undecided = negative if negative.status == "unknown" else positive
        return unknown(undecided.reason, undecided.cause)

    def large(self, subset: list[int]) -> ProofResult:
        """Many premises: try the nearby subset for a local proof, else check them all."""
        negative = self.ask(subset, Query.REFUTED)
        if negative.status == "unsat":
            if not negative.claim_in_core:
                return self.inconsistent(negative.core)
            return self.premises_alone(tracked=False) or _definite(Verdict.ENTAILED, negative.core)
        positive = self.ask(subset, Query.SUPPORTED)
        if positive.status == "unsat":
            return self.premises_alone(tracked=False) or _definite(
                Verdict.CONTRADICTED, positive.core
            )
        return self.full()

    def full(self) -> ProofResult:
        """All premises without tracking, then a core by widening subsets."""
        negative = self.ask(self.ids, Query.REFUTED, tracked=False)
        if negative.status == "unsat":
            refused = self.premises_refused(tracked=False)
            return refused or _definite(Verdict.ENTAILED, self.claim_core(Query.REFUTED))
        self.oracle.remember(negative, self.ids)
        positive = self.ask(self.ids, Query.SUPPORTED, tracked=False)
        if positive.status == "unsat":
            return _definite(Verdict.CONTRADICTED, self.claim_core(Query.SUPPORTED))
        return self.unsupported(negative, positive)

    # --- are the premises satisfiable? -------------------------------------------------

    def premises_refused(self, *, tracked: bool) -> ProofResult | None:
        """After `entailed` was proved: None if the premises are satisfiable, else the verdict.

        Asks with the claim (a model of P ∧ C is a model of P, and the more useful one to
        remember); if the oracle does not know, asks the premises alone.
        """
        if self.oracle.known_sat(self.ids):
            return None
        positive = self.ask(self.ids, Query.SUPPORTED, tracked=tracked)
        if positive.status == "unsat":
            return self.inconsistent(self.premise_core())
        if positive.status == "sat":
            self.oracle.remember(positive, self.ids)
            return None
        return self.premises_alone()

    def premises_alone(self, *, tracked: bool = True) -> ProofResult | None:
        """None if the premises are satisfiable (known or checked alone), else the verdict."""
        if self.oracle.known_sat(self.ids):
            return None
        answer = self.ask(self.ids, None, tracked=tracked)
        if answer.status == "unsat":
            core = answer.core if tracked else self.premise_core()
            return self.inconsistent(core)
        if answer.status == "unknown":
            return unknown(answer.reason, answer.cause)
        self.oracle.remember(answer, self.ids)
        return None

    # --- cores -------------------------------------------------------------------------

    def claim_core(self, query: Query) -> frozenset[int]:
        """Premises that suffice for the claim's verdict: widen the subset, then take all."""
        ids = self.ids
        subset = self.memory.index.select(ids, self.seeds, WIDER_BUDGET)
        for candidate in (subset, ids) if len(subset) < len(ids) else (ids,):
            answer = self.oracle.ask(candidate, self.claim, query, self.deadline)
            if answer.status == "unknown":
                break
            if answer.status == "unsat":
                return answer.core
        return frozenset(ids)  # sound, if not minimal: the full check proved it from all

    def premise_core(self) -> frozenset[int]:
        """An unsat core of premises already known to be unsatisfiable."""
        answer = self.oracle.ask(self.ids, self.claim, None, self.deadline)
        return answer.core if answer.status == "unsat" else frozenset(self.ids)

    # --- verdicts ----------------------------------------------------------------------

    def inconsistent(self, core: frozenset[int]) -> ProofResult:
        self.memory.cores.append(core)
        return self.inconsistent_verdict(core)

    def inconsistent_verdict(self, core: frozenset[int]) -> ProofResult:
        """`inconsistent`, unless a premise of the core divides: then possibly by zero."""
        if any(self.oracle.partial(i) for i in core):
            return unknown(UNDEFINED_PREMISES, Cause.DIVISION_BY_ZERO)
        return _definite(Verdict.INCONSISTENT, core)

    def unsupported(self, counter: Answer, witness: Answer) -> ProofResult:
        if self.claim.partial:
            # The models found so far only show the claim is not definitely true and not
            # definitely false: it may be undefined. Unsupported needs it false in one world
            # and true in another.
            counter = self.ask(self.ids, Query.FALSE, tracked=False)
            witness = self.ask(self.ids, Query.TRUE, tracked=False)
            if counter.status != "sat" or witness.status != "sat":
                return unknown(UNDEFINED_CLAIM, Cause.DIVISION_BY_ZERO)
        if not self.oracle.evidence:
            return ProofResult(Verdict.UNSUPPORTED)
        index = self.memory.index
        symbols = self.seeds.union(*(index.symbols(i) for i in self.ids))
        return ProofResult(
            Verdict.UNSUPPORTED,
            countermodel=self.oracle.read(counter, symbols, self.seeds),
            witness=self.oracle.read(witness, symbols, self.seeds),
        )


def _definite(verdict: Verdict, core: frozenset[int]) -> ProofResult:
    return ProofResult(verdict, used_premises=tuple(sorted(core)))
