"""An incremental Z3 session: many claims against one growing set of formulas.

A session owns a Z3 context (so that a deadline interrupts only this session, and results do
not depend on what other sessions proved before) and two solvers:

- the *core solver* decides a claim against premises each guarded by a tracking literal,
  inside push/pop; its unsat core is the evidence. Up to `COMPLETE_LIMIT` premises (the
  usual case) it takes them all and answers everything. Beyond that it first tries a small
  subset chosen by `provers.relevance` (premises sharing symbols with the claim, nearest
  first), so a chain step costs the same whatever the chain's length.
- the *main solver* holds premises asserted permanently, without tracking literals (which
  slow Z3 down as they accumulate); only the claim is pushed and popped. Its base grows while
  requests are supersets of it (a chain) and is rebuilt when a request is not. It decides
  claims the subset does not, and confirms that the premises are satisfiable (otherwise
  `entailed` would be vacuous: `inconsistent`).

Sorts are inferred incrementally (`provers.signatures`), in O(size) per formula; nothing is
declared twice. Every `check` runs under one `provers.deadline.Deadline` (default 2 s) that
interrupts the context when it expires, besides Z3's own per-call `timeout`.

Satisfiability of a premise set is usually known without a solver call (the last model,
`provers.z3_solver.SatisfiedSets`), and known-inconsistent cores are cached, so a chain of N
steps costs O(N) small checks. A symbol whose sort a later formula reveals (`a = b`, then
`a = 3`) makes the session re-infer all sorts and rebuild itself with the same ids.

The deadline counts from the start of `check` (translating the claim included; for a one-off
`prove`, from the start of `prove`). A nonlinear check runs in a killable child process, and
a check with numbers beyond `parser.limits` is `unknown` (`too_complex`) at once: see
`provers.z3_guard`.

Soundness: Z3 `unknown`, an exhausted deadline, or an interrupted call give `unknown`. A
formula that divides is read as partial (`provers.definedness`): premises assert that they
are definitely true, a claim whose truth may rest on a quotient by zero is `unknown`
(`division_by_zero`), and so are premises that can only all hold by dividing by zero.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

import z3

from parser.ast import Formula
from parser.errors import SortError, TooComplexError
from parser.limits import MAX_NUMBER_DIGITS
from parser.sorts import Signature, infer_signature
from provers.base import DEFAULT_TIMEOUT_S, ProofResult, ProverError, Verdict
from provers.deadline import Deadline
from provers.relevance import SymbolIndex, formula_symbols
from provers.signatures import GrowingSignature
from provers.sizes import LINEAR, Size, check_size, measure, too_complex
from provers.world_check import confirm
from provers.z3_convert import Z3Converter, Z3Expr, Z3Formula, check_depth, implies
from provers.z3_guard import ChildSession, killable
from provers.z3_model import read_model
from provers.z3_solver import (
    Answer,
    SatisfiedSets,
    Status,
    Undecided,
    assert_expr,
    give_back,
    new_solver,
    solve,
    take_solver,
    thread_context,
)

_UNDEFINED_CLAIM = (
    "division_by_zero: the claim's truth depends on a quotient whose divisor may be 0"
)
_UNDEFINED_PREMISES = "division_by_zero: the premises can only all hold by dividing by 0"
COMPLETE_LIMIT = 32  # up to this many premises, decide with all of them tracked
SUBSET_BUDGET = 16  # beyond it, premises tried first for a cheap, local proof
WIDER_BUDGET = 64  # second try when computing a core after a full check


class Z3Session:
    """A `ProverSession` backed by Z3 (see the module docstring for the strategy)."""

    prover_name = "z3"

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        signature: Signature | None = None,
        evidence: bool = True,
        shared: bool = False,
        typed: bool = False,
        started: float | None = None,
    ) -> None:
        self.timeout = timeout
        # `started`: when the caller's clock started (a one-off `prove` counts its sort
        # inference and translation against the deadline); used by the first check only.
        self._started = started
        # Without evidence (a verdict is all the caller reads, e.g. `veridot eval`): no
        # countermodel or witness is rendered and unsat cores are not minimised; the
        # verdict is decided exactly as with evidence.
        self.evidence = evidence
        # `shared`: use the thread's context and spare core solver (`provers.z3_solver`),
        # which only a session that renders no model may do.
        if shared and evidence:
            raise ValueError("a shared context is for sessions without evidence")
        self._shared = shared
        # `typed`: the caller has checked the depth of every formula it will add or check
        # and inferred `signature` over all of them together (a one-off `prove`), so
        # nothing needs re-checking or re-inferring here.
        if typed and signature is None:
            raise ValueError("a typed session needs the signature of all its formulas")
        self._typed = typed
        self._asts: list[Formula] = []  # every formula added, to re-sort and rebuild
        self._sizes: list[Size] = []  # each formula's numbers and products (`z3_guard`)
        self._size_all = LINEAR  # the join of `_sizes`: most sessions never look further
        self._child: ChildSession | None = None  # the killable copy, for nonlinear checks
        self._index = SymbolIndex()
        self._start(signature)

    def _start(self, signature: Signature | None) -> None:
        """(Re)build every Z3 object: context, declarations, translations, solvers."""
        # A context of its own: a deadline interrupts the whole context, and term ids (which
        # steer Z3's heuristics) then depend only on this session, so results never depend
        # on what was proved before (measured: a shared context changes countermodels).
        self._ctx: z3.Context | None = thread_context() if self._shared else z3.Context()
        if self._child is not None:  # its copy has the old sorts: a new one when needed
            self._child.close()
            self._child = None
        self._signature = GrowingSignature(signature)
        self._conv = Z3Converter(self._ctx, self._signature.view)
        self._formulas: list[Z3Formula] = []
        self._guards: list[Z3Expr] = []
        self._tracked_exprs: dict[int, Z3Expr] = {}
        if self._shared:
            self._core = take_solver(self._ctx, self.timeout)
        else:
            self._core = new_solver(self._ctx, self.timeout, minimize_core=self.evidence)
        self._main_solver: Z3Expr = None  # created on first use: short problems never need it
        self._base: list[int] = []
        self._base_set: set[int] = set()
        self._sat = SatisfiedSets()  # the last model, and the premises it satisfies
        self._unsat_cores: list[frozenset[int]] = []
        self._neg_guard = z3.Bool("!claim_false", self._ctx)
        self._pos_guard = z3.Bool("!claim_true", self._ctx)

    # --- public API --------------------------------------------------------------------

    @property
    def signature(self) -> Signature:
        """The signature inferred so far (every formula added or checked)."""
        return self._signature.view

    def add(self, formula: Formula) -> int:
        """Register `formula`; returns its id.

        Raises SortError/NestingError on bad input, and TooComplexError for a numeral longer
        than `parser.limits.MAX_NUMBER_DIGITS` (which the parser would have refused).
        """
        size = measure(formula)
        if size.digits > MAX_NUMBER_DIGITS:
            raise TooComplexError(too_complex(size), label="number too long")
        converted = self._translate(formula)
        formula_id = len(self._formulas)
        self._register(formula_id, converted)
        self._asts.append(formula)
        self._sizes.append(size)
        self._size_all = self._size_all.join(size)
        self._index.add(formula_id, formula_symbols(formula))
        return formula_id

    def _register(self, formula_id: int, converted: Z3Formula) -> None:
        self._formulas.append(converted)
        self._guards.append(z3.Bool(f"!p{formula_id}", self._ctx))

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Decide `claim` from the formulas `premise_ids` within the session's timeout.

        `used_premises` are positions in `premise_ids`.
        """
        if self._ctx is None:
            raise ProverError("session is closed")
        started = time.monotonic() if self._started is None else self._started
        self._started = None
        ids = list(dict.fromkeys(premise_ids))
        if ids and (min(ids) < 0 or max(ids) >= len(self._formulas)):
            bad = next(i for i in ids if not 0 <= i < len(self._formulas))
            raise ProverError(f"no formula with id {bad} in this session")
        size = check_size(claim, self._size_all, self._sizes, ids)
        if too_complex(size):  # before translating: Python cannot print such a number
            result = ProofResult(Verdict.UNKNOWN, reason=too_complex(size))
        else:
            result = self._decide_in_time(ids, claim, size, started)
        elapsed = (time.monotonic() - started) * 1000.0
        # Positions of the first occurrence: list.index runs in C, and cores are small.
        order = list(premise_ids)
        used = tuple(sorted(order.index(formula_id) for formula_id in result.used_premises))
        return ProofResult(
            result.verdict,
            used_premises=used,
            countermodel=result.countermodel,
            witness=result.witness,
            elapsed_ms=elapsed,
            reason=result.reason,
            prover=self.prover_name,
        )

    def _confirmed(self, ids: list[int], claim: Formula, result: ProofResult) -> ProofResult:
        """The evidence evaluated in the world as printed (`provers.world_check`)."""
        premises = [self._asts[i] for i in ids]
        signature = self._signature.view
        return dataclasses.replace(
            result,
            countermodel=confirm(result.countermodel, premises, claim, False, signature),
            witness=confirm(result.witness, premises, claim, True, signature),
        )

    def _decide_in_time(
        self, ids: list[int], claim: Formula, size: Size, started: float
    ) -> ProofResult:
        """Decide within what is left of the deadline: nonlinear checks in a killable child."""
        target = self._translate(claim)  # may rebuild the session (a new context)
        budget = max(0.0, self.timeout - (time.monotonic() - started))
        if size.nonlinear and killable():
            if self._child is None:
                self._child = ChildSession()
            return self._child.check(self._asts, self.signature, ids, claim, budget)
        result = self._decide_here(ids, target, formula_symbols(claim), budget)
        if result.countermodel is not None or result.witness is not None:
            result = self._confirmed(ids, claim, result)  # (a child confirms its own)
        return result

    def _decide_here(
        self, ids: list[int], target: Z3Formula, seeds: frozenset[str], budget: float
    ) -> ProofResult:
        """Decide in this process, the watchdog interrupting Z3 when `budget` runs out."""
        ctx = self._ctx
        assert ctx is not None
        with Deadline(budget, on_expire=ctx.interrupt) as deadline:
            try:
                result = self._decide(ids, target, seeds, deadline)
            except Undecided as unknown:
                result = ProofResult(Verdict.UNKNOWN, reason=str(unknown.args[0]))
            except z3.Z3Exception as exc:  # interrupted outside `check` (eval, simplify)
                self._reset_solvers()
                reason = "timeout" if deadline.expired else f"solver error: {exc}"
                result = ProofResult(Verdict.UNKNOWN, reason=reason)
        if deadline.fired:
            # An interrupt that lands between two Z3 calls (or just after the last) leaves
            # the context cancelled: the next check's first `push` would fail ("push
            # canceled"). Only a `check` clears it; a throwaway one costs ~0.1 ms.
            new_solver(ctx, 1.0).check()
        return result

    def close(self) -> None:
        """Release the solvers and the Z3 context (and the session's copy in a child)."""
        if self._child is not None:
            self._child.close()
            self._child = None
        if self._shared:
            give_back(self._core, self.timeout)
        self._core = self._main_solver = None
        self._sat = SatisfiedSets()
        self._formulas.clear()
        self._guards.clear()
        self._tracked_exprs.clear()
        self._asts.clear()
        self._ctx = None

    # --- translation -------------------------------------------------------------------

    def _translate(self, formula: Formula) -> Z3Formula:
        if self._ctx is None:
            raise ProverError("session is closed")
        if self._typed:  # depth checked and sorts inferred over every formula up front
            return self._conv.convert(formula, checked=True)
        check_depth(formula)  # before sort inference, which may recurse
        try:
            added = self._signature.extend(formula)
        except SortError as clash:
            try:
                self._resort(formula)
            except SortError:
                raise clash from None  # a real clash: report it against the new formula
            added = self._signature.extend(formula)
        try:
            return self._conv.convert(formula)
        except Exception:
            self._signature.forget(added)
            raise

    # --- deciding ----------------------------------------------------------------------

    def _decide(
        self, ids: list[int], claim: Z3Formula, seeds: frozenset[str], deadline: Deadline
    ) -> ProofResult:
        idset = set(ids)  # C speed; the per-check Python work stays bounded by the budgets
        for core in self._unsat_cores:
            if core <= idset:
                return self._inconsistent_verdict(core)
        if len(ids) <= COMPLETE_LIMIT:
            return self._decide_complete(ids, claim, seeds, deadline)
        subset = self._index.select(idset, seeds, SUBSET_BUDGET)
        return self._decide_large(ids, subset, claim, seeds, deadline)

    def _decide_complete(
        self, ids: list[int], claim: Z3Formula, seeds: frozenset[str], deadline: Deadline
    ) -> ProofResult:
        """All premises fit the core solver: decide with tracking literals throughout."""
        negative = self._subset_check(ids, claim, False, deadline)
        if negative.status == "unsat":
            if not negative.claim_in_core:
                return self._inconsistent(negative.core)
            if not self._sat.known(ids, self._formulas):
                positive = self._subset_check(ids, claim, True, deadline)
                if positive.status == "unsat":
                    return self._inconsistent(self._premise_core(ids, deadline))
                self._sat.remember(positive.model, ids)
            return ProofResult(Verdict.ENTAILED, used_premises=tuple(sorted(negative.core)))
        self._sat.remember(negative.model, ids)
        positive = self._subset_check(ids, claim, True, deadline)
        if positive.status == "unsat":
            return ProofResult(Verdict.CONTRADICTED, used_premises=tuple(sorted(positive.core)))
        return self._unsupported(ids, claim, seeds, negative.model, positive.model, deadline)

    def _decide_large(
        self,
        ids: list[int],
        subset: list[int],
        claim: Z3Formula,
        seeds: frozenset[str],
        deadline: Deadline,
    ) -> ProofResult:
        """Many premises: try the nearby subset for a local proof, else check them all."""
        negative = self._subset_check(subset, claim, False, deadline)
        if negative.status == "unsat":
            if not negative.claim_in_core:
                return self._inconsistent(negative.core)
            return self._confirm(ids, Verdict.ENTAILED, negative.core, deadline)
        positive = self._subset_check(subset, claim, True, deadline)
        if positive.status == "unsat":
            return self._confirm(ids, Verdict.CONTRADICTED, positive.core, deadline)
        return self._decide_full(ids, claim, seeds, deadline)

    def _decide_full(
        self, ids: list[int], claim: Z3Formula, seeds: frozenset[str], deadline: Deadline
    ) -> ProofResult:
        """Check on the main solver (all premises), then find a core by widening subsets."""
        negative = self._main_check(ids, claim.refuted(), deadline)
        if negative.status == "unsat":
            if not self._sat.known(ids, self._formulas):
                positive = self._main_check(ids, claim.supported(), deadline)
                if positive.status == "unsat":
                    return self._inconsistent(self._premise_core(ids, deadline))
                self._sat.remember(positive.model, ids)
            core = self._claim_core(ids, claim, seeds, False, deadline)
            return ProofResult(Verdict.ENTAILED, used_premises=tuple(sorted(core)))
        self._sat.remember(negative.model, ids)
        positive = self._main_check(ids, claim.supported(), deadline)
        if positive.status == "unsat":
            core = self._claim_core(ids, claim, seeds, True, deadline)
            return ProofResult(Verdict.CONTRADICTED, used_premises=tuple(sorted(core)))
        return self._unsupported(ids, claim, seeds, negative.model, positive.model, deadline)

    def _confirm(
        self, ids: list[int], verdict: Verdict, core: frozenset[int], deadline: Deadline
    ) -> ProofResult:
        """A subset proved `verdict`; it stands only if all the premises are satisfiable."""
        if not self._sat.known(ids, self._formulas):
            answer = self._main_check(ids, None, deadline)
            if answer.status == "unsat":
                return self._inconsistent(self._premise_core(ids, deadline))
            self._sat.remember(answer.model, ids)
        return ProofResult(verdict, used_premises=tuple(sorted(core)))

    def _inconsistent(self, core: frozenset[int]) -> ProofResult:
        self._unsat_cores.append(core)
        return self._inconsistent_verdict(core)

    def _inconsistent_verdict(self, core: frozenset[int]) -> ProofResult:
        """`inconsistent`, unless a premise of the core divides: then possibly by zero."""
        partial = [i for i in sorted(core) if self._formulas[i].partial]
        if partial:
            return ProofResult(Verdict.UNKNOWN, reason=_UNDEFINED_PREMISES)
        return ProofResult(Verdict.INCONSISTENT, used_premises=tuple(sorted(core)))

    def _unsupported(
        self,
        ids: list[int],
        claim: Z3Formula,
        seeds: frozenset[str],
        counter: Z3Expr,
        witness: Z3Expr,
        deadline: Deadline,
    ) -> ProofResult:
        if claim.partial:
            # The models found so far only show the claim is not definitely true and not
            # definitely false: it may be undefined. Unsupported needs it false in one world
            # and true in another.
            falsified = self._main_check(ids, claim.false_expr, deadline)
            verified = self._main_check(ids, claim.expr, deadline)
            if falsified.status != "sat" or verified.status != "sat":
                return ProofResult(Verdict.UNKNOWN, reason=_UNDEFINED_CLAIM)
            counter, witness = falsified.model, verified.model
        if not self.evidence:
            return ProofResult(Verdict.UNSUPPORTED)
        symbols = seeds.union(*(self._index.symbols(i) for i in ids))
        return ProofResult(
            Verdict.UNSUPPORTED,
            countermodel=read_model(counter, self._conv, symbols, seeds),
            witness=read_model(witness, self._conv, symbols, seeds),
        )

    # --- cores -------------------------------------------------------------------------

    def _claim_core(
        self,
        ids: list[int],
        claim: Z3Formula,
        seeds: frozenset[str],
        positive: bool,
        deadline: Deadline,
    ) -> frozenset[int]:
        """Premises that suffice for the claim's verdict: widen the subset, then take all."""
        subset = self._index.select(ids, seeds, WIDER_BUDGET)
        for candidate in (subset, ids) if len(subset) < len(ids) else (ids,):
            try:
                answer = self._subset_check(candidate, claim, positive, deadline)
            except Undecided:
                break
            if answer.status == "unsat":
                return answer.core
        return frozenset(ids)  # sound, if not minimal: the full check proved it from all

    def _premise_core(self, ids: list[int], deadline: Deadline) -> frozenset[int]:
        """An unsat core of premises already known to be unsatisfiable."""
        try:
            answer = self._subset_check(ids, None, False, deadline)
        except Undecided:
            return frozenset(ids)
        return answer.core if answer.status == "unsat" else frozenset(ids)

    # --- solver calls ------------------------------------------------------------------

    def _solve(self, solver: Z3Expr, deadline: Deadline, assumptions: list[Z3Expr]) -> Status:
        return solve(solver, deadline, assumptions)

    def _subset_check(
        self, ids: list[int], claim: Z3Formula | None, positive: bool, deadline: Deadline
    ) -> Answer:
        """Premises `ids` (tracked) plus the claim (or its negation) on the core solver."""
        solver = self._core
        solver.push()
        try:
            assumptions = []
            for formula_id in ids:
                assert_expr(solver, self._tracked(formula_id))
                assumptions.append(self._guards[formula_id])
            if claim is not None:
                guard = self._pos_guard if positive else self._neg_guard
                body = claim.supported() if positive else claim.refuted()
                assert_expr(solver, implies(guard, body))
                assumptions.append(guard)
            status = self._solve(solver, deadline, assumptions)
            if status == "sat":
                return Answer("sat", model=solver.model())
            core_ids = {guard.get_id() for guard in solver.unsat_core()}
            core = frozenset(i for i in ids if self._guards[i].get_id() in core_ids)
            claim_in_core = claim is not None and assumptions[-1].get_id() in core_ids
            return Answer("unsat", core=core, claim_in_core=claim_in_core)
        finally:
            solver.pop()

    def _tracked(self, formula_id: int) -> Z3Expr:
        """`guard → formula` for premise `formula_id`, built once (z3.Implies is costly)."""
        tracked = self._tracked_exprs.get(formula_id)
        if tracked is None:
            guard = self._guards[formula_id]
            tracked = implies(guard, self._formulas[formula_id].expr)
            self._tracked_exprs[formula_id] = tracked
        return tracked

    def _main_check(self, ids: list[int], extra: Z3Expr | None, deadline: Deadline) -> Answer:
        """All premises `ids` (base asserted permanently) plus `extra` on the main solver."""
        wanted = set(ids)
        if self._main_solver is None or not self._base_set <= wanted:
            # Not a superset of what is asserted permanently: rebuild with this set as base.
            self._main_solver = new_solver(self._ctx, self.timeout)
            self._base, self._base_set = [], set()
        main = self._main_solver
        for formula_id in ids:
            if formula_id not in self._base_set:
                assert_expr(main, self._formulas[formula_id].expr)
                self._base.append(formula_id)
                self._base_set.add(formula_id)
        if extra is None:
            status = self._solve(main, deadline, [])
            return Answer(status, model=main.model() if status == "sat" else None)
        main.push()
        try:
            assert_expr(main, extra)
            status = self._solve(main, deadline, [])
            return Answer(status, model=main.model() if status == "sat" else None)
        finally:
            main.pop()

    def _resort(self, formula: Formula) -> None:
        """Re-infer sorts over everything so far plus `formula`, and rebuild if that works.

        Sorts are inferred incrementally, so a symbol nothing had forced (`a` in `a = b`) is
        an object until a later formula (`a = 3`) shows it is a number. Inferring over all
        formulas together settles it; the session is then rebuilt with the new sorts (same
        ids; models and cached cores are dropped). A real clash raises `SortError`.
        """
        signature = infer_signature([*self._asts, formula])
        self._start(signature)
        for formula_id, ast in enumerate(self._asts):
            self._register(formula_id, self._conv.convert(ast))

    def _reset_solvers(self) -> None:
        """After an interrupted call the scopes are unknown: start both solvers afresh."""
        if self._ctx is None:
            return
        self._core = new_solver(self._ctx, self.timeout, minimize_core=self.evidence)
        self._main_solver = None
        self._base, self._base_set = [], set()
