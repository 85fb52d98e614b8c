"""The two solvers of a Z3 session and the checks the decision policy asks of them.

`Z3Checks` owns, for one session (`veridot.provers.z3_session`), the translated formulas by
id, their tracking literals, and two solvers in the session's context:

- the *core solver* decides premises each guarded by a tracking literal plus a reading of
  the claim, inside push/pop; its unsat core (premise ids, and whether the claim is in it)
  is the evidence. A verdict-only session keeps Z3's first core; others minimise it.
- the *main solver* holds premises asserted permanently, without tracking literals (which
  slow Z3 down as they accumulate); only the claim is pushed and popped. Its base grows while
  requests are supersets of it (a chain) and is rebuilt when a request is not.

A verdict-only session (`shared`: the thread's context and core solver, `veridot eval`) keeps
its premises on the core solver from one problem to the next: each is asserted in a scope
of the story's, guarded by a literal of its own (`_StoryBase`), and a problem assumes the
literals of its premises. A story's problems repeat its premises, so Z3 takes them in once
per story instead of twice per problem (FOLIO gold: 29% fewer instructions in Z3). A guarded
premise whose literal is not assumed is satisfied by making the literal false, so a premise
left on the solver never changes another question's answer; still, the story's scope is
popped when a problem does not use all of it (the next story), because Z3 would otherwise
go on working on quantifiers nobody asks about (measured: 2.8x the Z3 instructions). A pop,
not `reset`: a reset solver leaves incremental mode, and its next check costs more.

Satisfiability of a premise set is usually known without a solver call: the last model
(`veridot.provers.z3_solver.SatisfiedSets`), or for verdict-only sessions a model kept from
an earlier problem (`veridot.provers.z3_memo`). Translation, sorts and deadlines are the
session's; this module only asserts and checks.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import z3

from veridot.provers.deadline import Deadline
from veridot.provers.decision import Answer, Query, reading
from veridot.provers.z3_convert import Z3Expr, Z3Formula, implies
from veridot.provers.z3_memo import SharedTranslations
from veridot.provers.z3_solver import (
    SatisfiedSets,
    Undecided,
    assert_expr,
    give_back,
    minimal_core,
    new_solver,
    solve,
    take_solver,
    unsat_core_ids,
)


class _StoryBase(threading.local):
    """Per thread: the shared core solver whose scope 1 holds the story's guarded premises, and
    for each premise (by identity, kept alive in the entry) its guarding literal."""

    solver: Z3Expr = None
    guards: dict[int, tuple[Z3Formula, Z3Expr]]
    made = 0  # literals made so far: each premise gets a name of its own (`!s0`, `!s1`, ...)

    def __init__(self) -> None:
        self.guards = {}


_BASE = _StoryBase()


class Z3Checks:
    """Formulas by id and the core and main solvers of one session's context."""

    def __init__(
        self, ctx: z3.Context, memo: SharedTranslations, *, shared: bool, evidence: bool
    ) -> None:
        self._ctx = ctx
        # Tracking literals and guarded premises: the thread's memo (`shared`) or the session's.
        self._memo = memo
        self._shared = shared
        self._evidence = evidence  # False: Z3's first unsat core, not a minimal one
        self.formulas: list[Z3Formula] = []
        self._guards: list[Z3Expr] = []
        self._core: Z3Expr = take_solver(ctx) if shared else new_solver(ctx)
        if evidence:  # every unsat core of this solver is minimised (`minimal_core`)
            self._core.set("core.minimize", True)
        self._main: Z3Expr = None  # created on first use: short problems never need it
        self._base: list[int] = []
        self._base_set: set[int] = set()
        self._sat = SatisfiedSets()  # the last model, and the premises it satisfies
        self._neg_guard = memo.literal("!claim_false")
        self._pos_guard = memo.literal("!claim_true")

    def register(self, converted: Z3Formula) -> int:
        """Add a translated formula; returns its id (ids count up from 0)."""
        formula_id = len(self.formulas)
        self.formulas.append(converted)
        if not self._shared:  # a shared session's premises are guarded by the story's literals
            self._guards.append(self._memo.literal(f"!p{formula_id}"))
        return formula_id

    def ask(
        self,
        ids: Sequence[int],
        claim: Z3Formula,
        query: Query | None,
        deadline: Deadline,
        *,
        tracked: bool = True,
    ) -> Answer:
        """Premises `ids` plus a reading of `claim`: tracked on the core solver (with an
        unsat core), untracked on the main solver (premises asserted for good)."""
        try:
            if tracked:
                return self._subset_check(ids, claim, query, deadline)
            return self._main_check(ids, reading(claim, query), deadline)
        except Undecided as undecided:
            return Answer("unknown", reason=str(undecided.args[0]), cause=undecided.cause)

    def partial(self, formula_id: int) -> bool:
        """Whether premise `formula_id` divides."""
        return self.formulas[formula_id].partial

    def known_sat(self, ids: Sequence[int]) -> bool:
        """The last model satisfies premises `ids` (`veridot.provers.z3_solver.SatisfiedSets`)."""
        return self._sat.known(ids, self.formulas)

    def remember(self, answer: Answer, ids: Sequence[int]) -> None:
        """Keep a sat answer's model as a proof that premises `ids` are satisfiable."""
        self._sat.remember(answer.model, ids)

    def reset(self) -> None:
        """After an interrupted call the scopes are unknown: start both solvers afresh."""
        self._core = new_solver(self._ctx)
        if self._evidence:
            self._core.set("core.minimize", True)
        self._main = None
        self._base, self._base_set = [], set()

    def close(self) -> None:
        """Drop every Z3 object (the spare core solver goes back to the thread when shared)."""
        if self._shared:
            give_back(self._core)
        self._core = self._main = None
        self._sat = SatisfiedSets()
        self.formulas.clear()
        self._guards.clear()
        del self._neg_guard, self._pos_guard

    def _subset_check(
        self, ids: Sequence[int], claim: Z3Formula, query: Query | None, deadline: Deadline
    ) -> Answer:
        """Premises `ids` (tracked) plus the claim's reading `query` on the core solver."""
        known = self._memo.model_satisfying(self.formulas, ids, claim, reading(claim, query))
        if known is not None:  # a model kept from an earlier problem answers (`z3_memo`)
            return Answer("sat", model=known)
        solver = self._core
        guards = self._base_guards(ids) if self._shared else None
        solver.push()
        try:
            if guards is None:
                guards = []
                for formula_id in ids:
                    assert_expr(solver, self._tracked(formula_id))
                    guards.append(self._guards[formula_id])
            assumptions = list(guards)
            if query is not None:
                guard = self._neg_guard if query is Query.REFUTED else self._pos_guard
                assert_expr(solver, implies(guard, reading(claim, query)))
                assumptions.append(guard)
            status = solve(solver, deadline, assumptions)
            if status == "sat":
                return Answer("sat", model=self._memo.keep(self.formulas, ids, solver.model()))
            # Minimal cores are evidence: a verdict-only session keeps Z3's first core.
            minimal = minimal_core(solver, deadline) if self._evidence else None
            core_ids = unsat_core_ids(solver) if minimal is None else {g.get_id() for g in minimal}
            core = frozenset(i for i, g in zip(ids, guards, strict=True) if g.get_id() in core_ids)
            claim_in_core = query is not None and assumptions[-1].get_id() in core_ids
            return Answer("unsat", core=core, claim_in_core=claim_in_core)
        finally:
            solver.pop()

    def _base_guards(self, ids: Sequence[int]) -> list[Z3Expr]:
        """The literals guarding premises `ids` in the story's scope of the shared core solver,
        asserting those it lacks; a story's scope holding a premise `ids` do not use is
        popped first."""
        solver, base = self._core, _BASE
        if base.solver is not solver:  # another solver (a new context, or after an interrupt)
            base.solver, base.guards = solver, {}
        guards = base.guards
        wanted = [self.formulas[i] for i in ids]
        present = {id(f) for f in wanted if (e := guards.get(id(f))) is not None and e[0] is f}
        if len(present) < len(guards):  # the base holds premises this problem does not use
            solver.pop()
            guards.clear()
        if not guards:
            solver.push()  # the story's scope: popped, not reset, to keep Z3 incremental
        literals = []
        for formula in wanted:
            entry = guards.get(id(formula))
            if entry is None or entry[0] is not formula:
                literal = z3.Bool(f"!s{base.made}", self._ctx)  # kept in `guards` alone
                base.made += 1
                assert_expr(solver, implies(literal, formula.expr))
                entry = guards[id(formula)] = (formula, literal)
            literals.append(entry[1])
        return literals

    def _tracked(self, formula_id: int) -> Z3Expr:
        """`guard → formula` for premise `formula_id`, built once (z3.Implies is costly)."""
        return self._memo.tracked(f"!p{formula_id}", self.formulas[formula_id])

    def _main_check(self, ids: Sequence[int], extra: Z3Expr | None, deadline: Deadline) -> Answer:
        """All premises `ids` (base asserted permanently) plus `extra` on the main solver."""
        wanted = set(ids)
        if self._main is None or not self._base_set <= wanted:
            # Not a superset of what is asserted permanently: rebuild with this set as base.
            self._main = new_solver(self._ctx)
            self._base, self._base_set = [], set()
        main = self._main
        for formula_id in ids:
            if formula_id not in self._base_set:
                assert_expr(main, self.formulas[formula_id].expr)
                self._base.append(formula_id)
                self._base_set.add(formula_id)
        if extra is None:
            status = solve(main, deadline, [])
            return Answer(status, model=main.model() if status == "sat" else None)
        main.push()
        try:
            assert_expr(main, extra)
            status = solve(main, deadline, [])
            return Answer(status, model=main.model() if status == "sat" else None)
        finally:
            main.pop()
