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

Verdicts follow `provers.z3_session`: entailed needs `P ∧ ¬C` unsat with C in the core and P
satisfiable; contradicted needs `P ∧ C` unsat with P satisfiable; an unsat core without the
claim means `inconsistent`; anything undecided is `unknown`. Division is partial, read as in
`provers.definedness`: a claim whose truth may rest on a quotient by zero is `unknown`
(`division_by_zero`), and so are premises that can only all hold by dividing by zero.

Deadlines: cvc5's Python API has no interrupt, so the deadline is enforced by cvc5's own
per-query wall-clock limit (`tlimit-per`, set to what remains of the budget before every
call). For an OS-level guarantee run cvc5 through `provers.combined` (`both`, `portfolio`),
whose worker processes are killed when a call overruns its deadline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import cvc5.pythonic as cp

from parser.ast import Formula
from parser.errors import SortError, TooComplexError
from parser.limits import MAX_NUMBER_DIGITS
from parser.sorts import Signature, infer_signature
from provers.base import DEFAULT_TIMEOUT_S, ProofResult, ProverError, Verdict
from provers.cvc5_convert import Cvc5Converter, Cvc5Formula, CvcExpr, check_depth
from provers.cvc5_model import read_model
from provers.deadline import Deadline
from provers.relevance import SymbolIndex, formula_symbols
from provers.sizes import LINEAR, Size, check_size, measure, too_complex
from provers.world_check import confirm

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

Status = Literal["sat", "unsat", "unknown"]
_UNDEFINED_CLAIM = (
    "division_by_zero: the claim's truth depends on a quotient whose divisor may be 0"
)
_UNDEFINED_PREMISES = "division_by_zero: the premises can only all hold by dividing by 0"


@dataclass(frozen=True, slots=True)
class _Answer:
    status: Status
    solver: CvcExpr = None  # the pythonic solver, kept for its model (sat only)
    core: frozenset[int] = frozenset()
    claim_in_core: bool = False
    reason: str = ""


class Cvc5Session:
    """A `ProverSession` backed by cvc5 (see the module docstring for the strategy)."""

    prover_name = "cvc5"

    def __init__(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> None:
        self.timeout = timeout
        self._ctx: cp.Context | None = cp.Context()
        self._conv = Cvc5Converter(self._ctx, signature)
        self._formulas: list[Cvc5Formula] = []
        self._asts: list[Formula] = []
        self._sizes: list[Size] = []  # each formula's numbers and products
        self._size_all = LINEAR  # their join
        self._index = SymbolIndex()
        self._sat_sets: list[frozenset[int]] = []
        self._unsat_cores: list[frozenset[int]] = []

    @property
    def signature(self) -> Signature:
        """The sorts known so far (grows as formulas are added)."""
        return self._conv.signature

    def add(self, formula: Formula) -> int:
        """Register `formula`; returns its id. Raises SortError/NestingError on bad input
        (and TooComplexError for a numeral over `parser.limits.MAX_NUMBER_DIGITS`)."""
        size = measure(formula)
        if size.digits > MAX_NUMBER_DIGITS:
            raise TooComplexError(too_complex(size), label="number too long")
        converted = self._translate(formula)
        formula_id = len(self._formulas)
        self._formulas.append(converted)
        self._asts.append(formula)
        self._sizes.append(size)
        self._size_all = self._size_all.join(size)
        self._index.add(formula_id, formula_symbols(formula))
        return formula_id

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Decide `claim` from the formulas `premise_ids`; `used_premises` are positions."""
        if self._ctx is None:
            raise ProverError("session is closed")
        ids = list(dict.fromkeys(premise_ids))
        for formula_id in ids:
            if not 0 <= formula_id < len(self._formulas):
                raise ProverError(f"no formula with id {formula_id} in this session")
        size = check_size(claim, self._size_all, self._sizes, ids)
        if too_complex(size):  # `provers.sizes`: not given to the solver at all
            return ProofResult(Verdict.UNKNOWN, reason=too_complex(size), prover=self.prover_name)
        target = self._translate(claim)
        seeds = formula_symbols(claim)
        with Deadline(self.timeout) as deadline:
            try:
                result = self._decide(ids, target, seeds, deadline)
            except RuntimeError as exc:  # a cvc5 API error: undecided, never a crash
                result = ProofResult(Verdict.UNKNOWN, reason=f"solver error: {exc}")
            elapsed = deadline.elapsed_ms()
        if result.countermodel is not None or result.witness is not None:
            # The evidence evaluated in the world as printed (`provers.world_check`).
            premises = [self._asts[i] for i in ids]
            result = dataclasses.replace(
                result,
                countermodel=confirm(result.countermodel, premises, claim, False, self.signature),
                witness=confirm(result.witness, premises, claim, True, self.signature),
            )
        positions = {formula_id: i for i, formula_id in enumerate(premise_ids)}
        used = tuple(sorted(positions[i] for i in result.used_premises))
        return ProofResult(
            result.verdict,
            used_premises=used,
            countermodel=result.countermodel,
            witness=result.witness,
            elapsed_ms=elapsed,
            reason=result.reason,
            prover=self.prover_name,
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
        try:
            self._conv.signature = infer_signature([formula], base=previous)
        except SortError as clash:
            # A sort nothing had forced (`a` in `∀x (x = a)`) that this formula decides
            # (`P(a)` after `P(1)`): re-infer over everything, as `provers.z3_session` does.
            try:
                signature = infer_signature([*self._asts, formula])
            except SortError:
                raise clash from None  # a real clash: report it against the new formula
            self._rebuild(signature)
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
        self._unsat_cores.clear()

    # --- deciding ----------------------------------------------------------------------

    def _decide(
        self, ids: list[int], claim: Cvc5Formula, seeds: frozenset[str], deadline: Deadline
    ) -> ProofResult:
        idset = set(ids)
        for core in self._unsat_cores:
            if core <= idset:
                return self._inconsistent_verdict(core)
        negative = self._solve(ids, claim.refuted(), deadline)
        if negative.status == "unsat" and not negative.claim_in_core:
            return self._inconsistent(negative.core)
        if negative.status == "sat":
            self._sat_sets.append(frozenset(ids))
        positive = self._solve(ids, claim.supported(), deadline)
        if positive.status == "unsat" and not positive.claim_in_core:
            return self._inconsistent(positive.core)
        if positive.status == "sat":
            self._sat_sets.append(frozenset(ids))
        if negative.status == "sat" and positive.status == "sat" and claim.partial:
            # Not definitely true, not definitely false: maybe undefined. Unsupported needs
            # the claim false in one world and true in another.
            negative = self._solve(ids, claim.false_expr, deadline)
            positive = self._solve(ids, claim.expr, deadline)
            if negative.status != "sat" or positive.status != "sat":
                return ProofResult(Verdict.UNKNOWN, reason=_UNDEFINED_CLAIM)
        if negative.status == "sat" and positive.status == "sat":
            symbols = seeds.union(*(self._index.symbols(i) for i in ids))
            return ProofResult(
                Verdict.UNSUPPORTED,
                countermodel=read_model(negative.solver.solver, self._conv, symbols, seeds),
                witness=read_model(positive.solver.solver, self._conv, symbols, seeds),
            )
        if "unsat" not in (negative.status, positive.status):
            reason = negative.reason or positive.reason
            return ProofResult(Verdict.UNKNOWN, reason=reason)
        # One side is unsat with the claim in its core: it stands if the premises are sat.
        verdict = Verdict.ENTAILED if negative.status == "unsat" else Verdict.CONTRADICTED
        core = negative.core if negative.status == "unsat" else positive.core
        if negative.status == positive.status == "unsat" or not self._known_sat(ids):
            alone = self._solve(ids, None, deadline)
            if alone.status == "unsat":
                return self._inconsistent(alone.core)
            if alone.status == "unknown":
                return ProofResult(Verdict.UNKNOWN, reason=alone.reason)
            self._sat_sets.append(frozenset(ids))
        return ProofResult(verdict, used_premises=tuple(sorted(core)))

    def _known_sat(self, ids: list[int]) -> bool:
        wanted = set(ids)
        return any(wanted <= known for known in self._sat_sets)

    def _inconsistent(self, core: frozenset[int]) -> ProofResult:
        self._unsat_cores.append(core)
        return self._inconsistent_verdict(core)

    def _inconsistent_verdict(self, core: frozenset[int]) -> ProofResult:
        """`inconsistent`, unless a premise of the core divides: then possibly by zero."""
        if any(self._formulas[i].partial for i in core):
            return ProofResult(Verdict.UNKNOWN, reason=_UNDEFINED_PREMISES)
        return ProofResult(Verdict.INCONSISTENT, used_premises=tuple(sorted(core)))

    # --- solver calls ------------------------------------------------------------------

    def _solve(self, ids: list[int], extra: CvcExpr | None, deadline: Deadline) -> _Answer:
        """Premises `ids` plus `extra` on fresh solvers, one configuration after another."""
        reason = "timeout"
        for k, config in enumerate(CONFIGURATIONS):
            if deadline.expired:
                return _Answer("unknown", reason="timeout")
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
                return _Answer("sat", solver=solver)
            if result == cp.unsat:
                core_terms = {str(term) for term in solver.solver.getUnsatCore()}
                core = frozenset(i for text, i in owner.items() if text in core_terms)
                in_core = extra is not None and str(extra.ast) in core_terms
                return _Answer("unsat", core=core, claim_in_core=in_core)
            if _expired(deadline):  # a function call: mypy narrowed `expired` above
                return _Answer("unknown", reason="timeout")
            reason = f"solver_gave_up: {solver.reason_unknown()}"
        return _Answer("unknown", reason=reason)


def _expired(deadline: Deadline) -> bool:
    return deadline.expired
