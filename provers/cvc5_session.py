"""A cvc5 session: many claims against one growing set of formulas.

Formulas are converted once into the session's cvc5 context (a term manager); each solver
call then builds a *fresh* cvc5 solver over exactly the premises it needs (about 2 ms). That
is simpler than z3's push/pop bookkeeping and lets cvc5 use its non-incremental
preprocessing, which matters: `macros-quant` turns definitions such as
`∀x double(x) = 2 * x` into plain functions, without which cvc5 cannot show such premises
satisfiable. A fresh solver also keeps its model readable until the verdict is rendered.

Each solver call tries three configurations in turn, each with an equal share of what is
left of the deadline (a configuration that gives up early leaves its time to the next):
cvc5's default quantifier instantiation (e-matching, conflict-based, counterexample-guided:
good at proofs), finite model finding (countermodels over `Obj`), then model-based
quantifier instantiation (countermodels when quantifiers range over numbers, e.g.
`∀y (Rent(x, y) → ...)` with numeric `y`, where the other two time out). Unsat cores come from
`produce-unsat-cores` (asserted premises, mapped back to ids).

Verdicts and evidence come from the decision policy shared with z3 (`veridot.provers.decision`); the
session answers its questions. An unknown answer does not end a decision here (each question
tries every configuration afresh), and every question is asked of all the premises.

Deadlines: cvc5's Python API has no interrupt, so the deadline is enforced by cvc5's own
per-query wall-clock limit (`tlimit-per`, set to what remains of the budget before every
call). For an OS-level guarantee run cvc5 through `veridot.provers.combined` (`both`, `portfolio`),
whose worker processes are killed when a call overruns its deadline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import cvc5.pythonic as cp

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature
from veridot.provers.base import DEFAULT_TIMEOUT_S, Cause, Model, ProofResult, ProverError
from veridot.provers.cvc5_convert import Cvc5Converter, Cvc5Formula, CvcExpr
from veridot.provers.cvc5_model import read_model
from veridot.provers.deadline import Deadline
from veridot.provers.decision import Answer, Decision, Query, known_ids, positions, reading, unknown
from veridot.provers.relevance import formula_symbols
from veridot.provers.signatures import covers, settle
from veridot.provers.sizes import LINEAR, Size, admit, check_size, too_complex
from veridot.provers.translation import check_depth
from veridot.provers.world_check import confirm_evidence

# Options every solver gets; then each configuration in turn until one decides.
COMMON_OPTIONS: dict[str, object] = {
    "produce-models": True,
    "produce-unsat-cores": True,
    "incremental": False,
    "macros-quant": True,
    "macros-quant-mode": "all",
    "seed": 0,
}
CONFIGURATIONS: tuple[dict[str, object], ...] = (
    {},  # default instantiation: proofs
    {"finite-model-find": True},  # finite models over Obj: countermodels
    {"mbqi": True},  # model-based instantiation: models when quantifiers range over numbers
)


class Cvc5Session:
    """A `ProverSession` backed by cvc5 (see the module docstring for the strategy)."""

    prover_name = "cvc5"
    persist = True  # each question tries every configuration afresh (`veridot.provers.decision`)
    complete_limit: int | None = None  # fresh solvers: always all the premises
    evidence = True

    def __init__(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> None:
        self.timeout = timeout
        self._given = signature is not None  # trusted for the formulas it covers
        self._ctx: cp.Context | None = cp.Context()
        self._conv = Cvc5Converter(self._ctx, signature)
        self._formulas: list[Cvc5Formula] = []
        self._asts: list[Formula] = []
        self._sizes: list[Size] = []  # each formula's numbers and products
        self._size_all = LINEAR  # their join
        self._decision = Decision()  # the policy's memory: symbol index, inconsistent cores
        self._sat_sets: list[frozenset[int]] = []

    @property
    def signature(self) -> Signature:
        """The sorts known so far (grows as formulas are added)."""
        return self._conv.signature

    def add(self, formula: Formula) -> int:
        """Register `formula`; returns its id. Raises SortError/NestingError on bad input
        (and TooComplexError for a numeral over `veridot.parser.limits.MAX_NUMBER_DIGITS`)."""
        size = admit(formula)
        converted = self._translate(formula)
        formula_id = len(self._formulas)
        self._formulas.append(converted)
        self._asts.append(formula)
        self._sizes.append(size)
        self._size_all = self._size_all.join(size)
        self._decision.add(formula_id, formula)
        return formula_id

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Decide `claim` from the formulas `premise_ids`; `used_premises` are positions."""
        if self._ctx is None:
            raise ProverError("session is closed")
        ids = known_ids(premise_ids, len(self._formulas))
        size = check_size(claim, self._size_all, self._sizes, ids)
        if too_complex(size):  # `veridot.provers.sizes`: not given to the solver at all
            result = unknown(too_complex(size), Cause.TOO_COMPLEX)
            return dataclasses.replace(result, prover=self.prover_name)
        target = self._translate(claim)
        seeds = formula_symbols(claim)
        with Deadline(self.timeout) as deadline:
            try:
                result = self._decision.decide(self, ids, target, seeds, deadline)
            except RuntimeError as exc:  # a cvc5 API error: undecided, never a crash
                result = unknown(f"solver error: {exc}", Cause.SOLVER_ERROR)
            elapsed = deadline.elapsed_ms()
        # The evidence evaluated in the world as printed (`veridot.provers.world_check`).
        premises = [self._asts[i] for i in ids]
        result = confirm_evidence(result, premises, claim, self.signature)
        used = positions(premise_ids, result.used_premises)
        return dataclasses.replace(
            result, used_premises=used, elapsed_ms=elapsed, prover=self.prover_name
        )

    def close(self) -> None:
        """Release the formulas and the cvc5 context."""
        self._formulas.clear()
        self._ctx = None

    # --- translation -------------------------------------------------------------------

    def _translate(self, formula: Formula) -> Cvc5Formula:
        if self._ctx is None:
            raise ProverError("session is closed")
        check_depth(formula)  # before sort inference, which may recurse
        previous = self._conv.signature
        if self._given and covers(previous, formula):
            return self._conv.convert(formula)  # sorts inferred by the caller
        signature, resorted = settle(previous, self._asts, formula)
        if resorted:
            self._rebuild(signature)
        else:
            self._conv.signature = signature
        try:
            return self._conv.convert(formula)
        except Exception:
            self._conv.signature = previous
            raise

    def _rebuild(self, signature: Signature) -> None:
        """Reconvert every formula under `signature` (same ids); known sets are dropped."""
        self._conv = Cvc5Converter(self._ctx, signature)
        self._formulas = [self._conv.convert(ast) for ast in self._asts]
        self._sat_sets.clear()
        self._decision.forget()

    # --- the oracle the decision policy asks (`veridot.provers.decision`) -------------------------

    def ask(
        self,
        ids: Sequence[int],
        claim: Cvc5Formula,
        query: Query | None,
        deadline: Deadline,
        *,
        tracked: bool = True,
    ) -> Answer:
        """Premises `ids` plus a reading of `claim`, on fresh solvers (always with a core)."""
        return self._solve(ids, reading(claim, query), deadline)

    def partial(self, formula_id: int) -> bool:
        """Whether premise `formula_id` divides."""
        return self._formulas[formula_id].partial

    def known_sat(self, ids: Sequence[int]) -> bool:
        """Premises `ids` are a subset of a set a solver found satisfiable."""
        wanted = set(ids)
        return any(wanted <= known for known in self._sat_sets)

    def remember(self, answer: Answer, ids: Sequence[int]) -> None:
        """Premises `ids` were found satisfiable."""
        self._sat_sets.append(frozenset(ids))

    def read(self, answer: Answer, symbols: frozenset[str], seeds: frozenset[str]) -> Model:
        """The readable world of a sat answer (its solver holds the model)."""
        return read_model(answer.model.solver, self._conv, symbols, seeds)

    # --- solver calls ------------------------------------------------------------------

    def _solve(self, ids: Sequence[int], extra: CvcExpr | None, deadline: Deadline) -> Answer:
        """Premises `ids` plus `extra` on fresh solvers, one configuration after another."""
        timeout = Answer("unknown", reason="timeout", cause=Cause.TIMEOUT)
        gave_up = timeout
        for k, config in enumerate(CONFIGURATIONS):
            if deadline.expired:
                return timeout
            solver = cp.Solver(ctx=self._ctx)
            for key, value in {**COMMON_OPTIONS, **config}.items():
                solver.set(key, value)
            share = deadline.remaining_ms() // (len(CONFIGURATIONS) - k)
            solver.set("tlimit-per", max(1, share))
            owner: dict[str, int] = {}
            for formula_id in ids:
                expr = self._formulas[formula_id].expr
                solver.add(expr)
                owner.setdefault(str(expr.ast), formula_id)
            if extra is not None:
                solver.add(extra)
            result = solver.check()
            if result == cp.sat:
                return Answer("sat", model=solver)
            if result == cp.unsat:
                core_terms = {str(term) for term in solver.solver.getUnsatCore()}
                core = frozenset(i for text, i in owner.items() if text in core_terms)
                in_core = extra is not None and str(extra.ast) in core_terms
                return Answer("unsat", core=core, claim_in_core=in_core)
            if _expired(deadline):  # a function call: mypy narrowed `expired` above
                return timeout
            reason = f"solver_gave_up: {solver.reason_unknown()}"
            gave_up = Answer("unknown", reason=reason, cause=Cause.GAVE_UP)
        return gave_up


def _expired(deadline: Deadline) -> bool:
    return deadline.expired
