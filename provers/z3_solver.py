"""Low-level Z3 solver helpers: configuration, assertions and deadline-bounded checks.

Solvers are configured in one call with fixed seeds and the quantifier settings below; the
hot paths assert and check through Z3's C API directly, because the Python wrapper's casts
and coercions cost more than the solver itself on small problems (profiled on long chains).
A check that returns `unknown`, or runs into the deadline, raises `Undecided` with a reason
(`timeout`, `solver_gave_up: ...`), which the session turns into the verdict `unknown`.
`SatisfiedSets` keeps the last model to prove premise sets satisfiable without a check.

Verdict-only proofs (`veridot eval`) share one context per thread and reuse its last core
solver (`thread_context`, `take_solver`, `give_back`): a fresh context and a fresh solver's
first `push` cost more than the checks of a small problem. Term ids then depend on what the
thread proved before, which can change models and how soon Z3 gives up, never a sat / unsat
answer; so only callers that render no model use them, and they re-decide a problem Z3 gave
up on in a fresh context (`veridot.provers.z3_prover`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Literal

import z3

from veridot.provers.base import Cause
from veridot.provers.deadline import Deadline
from veridot.provers.z3_convert import Z3Expr, Z3Formula

SEED = 0
# `sat.random_seed` exists only as a global parameter (solvers reject it); pin it once, at
# Z3's default, so that nothing else in the process can make results vary.
z3.set_param("sat.random_seed", SEED)
# Z3 delays quantifier instances whose generation exceeds `qi.eager_threshold` (default 10):
# a chain of more than ~20 rule applications about one individual (PrOntoQA-style) then
# ends in "incomplete quantifiers" even when the premises are plainly satisfiable. A high
# threshold keeps instantiating along such chains; measured neutral on FOLIO.
SOLVER_PARAMS: dict[str, object] = {"qi.eager_threshold": 10000.0}

Status = Literal["sat", "unsat", "unknown"]
# Seconds an unsat core's minimisation may take (`minimal_core`). Measured on 2,648 checks
# of 800 ProcessBench records: all but 2 minimisations ended within it or ran on to the 2 s
# deadline (and kept the core unminimised anyway); those 2 (0.3 s, 1.1 s) now keep a larger
# core. The verdicts of all 2,648 were unchanged.
MINIMIZE_BUDGET_S = 0.25


class Undecided(Exception):
    """The solver could not decide (reason in args[0], `Cause` in `cause`): `unknown`."""

    def __init__(self, reason: str, cause: Cause) -> None:
        super().__init__(reason)
        self.cause = cause


def new_context() -> z3.Context:
    """A new Z3 context, harmless if its making is interrupted.

    Ctrl-C often lands while Z3 makes a context (~2 ms, once per record), inside
    `Context.__init__` before it sets `owner`; the half-made object's `__del__` then failed
    with "Exception ignored ... no attribute 'owner'" under the CLI's one "interrupted" line.
    `owner` False first: until `__init__` owns a Z3 context, deleting the object deletes none.
    """
    ctx = z3.Context.__new__(z3.Context)
    ctx.owner = False
    ctx.__init__()
    return ctx


def new_solver(ctx: z3.Context) -> Z3Expr:
    """A solver with fixed seeds and the session's settings (set in one call).

    Unsat cores are not minimised by the check itself: `minimal_core` does it afterwards.
    No Z3 `timeout`: every check runs under a `Deadline` whose watchdog interrupts the
    context (`solve`), and it always comes first (it counts from the start of the session's
    `check`, Z3's from each call). Z3 stops for either by polling the same cancel flag, but
    its own timeout armed a timer thread on every call: some thirty thread switches and ~2 ms
    of CPU per 10-node chain (of ~11 ms, measured), for a limit that never fired first.
    """
    solver = z3.Solver(ctx=ctx)
    # Fixed seeds: the same question always gets the same answer and the same evidence.
    params: list[object] = ["random_seed", SEED]
    for key, value in SOLVER_PARAMS.items():
        params += [key, value]
    solver.set(*params)
    return solver


class _ThreadState(threading.local):
    """Per thread: the shared context, the process it was made in, and a spare solver."""

    pid: int | None = None
    ctx: z3.Context | None = None
    spare: Z3Expr = None


_THREAD = _ThreadState()


def thread_context() -> z3.Context:
    """This thread's shared context (a new one in a forked child: never use the parent's)."""
    pid = os.getpid()
    if _THREAD.ctx is None or _THREAD.pid != pid:
        _THREAD.pid, _THREAD.ctx, _THREAD.spare = pid, new_context(), None
    return _THREAD.ctx


def take_solver(ctx: z3.Context) -> Z3Expr:
    """The solver `give_back` kept for `ctx`, else a new one."""
    spare = _THREAD.spare
    if spare is None or _THREAD.ctx is not ctx or _THREAD.pid != os.getpid():
        solver = new_solver(ctx)
        # No model is shown from here: Z3 need not compact its function tables (a fifth of
        # the solver time of FOLIO gold's checks); a model is a model either way.
        solver.set("model.compact", False)
        return solver
    _THREAD.spare = None
    return spare


def give_back(solver: Z3Expr) -> None:
    """Keep `solver` (made for `thread_context()`) for the thread's next `take_solver`."""
    if solver is None or solver.ctx is not _THREAD.ctx or _THREAD.pid != os.getpid():
        return
    # It may hold, in one scope, premises guarded by literals of their own
    # (`veridot.provers.z3_checks`), which no other question assumes.
    if solver.num_scopes() <= 1:
        _THREAD.spare = solver


def assert_expr(solver: Z3Expr, expr: Z3Expr) -> None:
    """`solver.add(expr)` without z3's Python-side casts (they dominate long sessions)."""
    z3.Z3_solver_assert(solver.ctx.ref(), solver.solver, expr.as_ast())


def _check(solver: Z3Expr, assumptions: list[Z3Expr]) -> Z3Expr:
    """`solver.check(*assumptions)` without z3's Python-side casts."""
    array = (z3.Ast * len(assumptions))(*[a.as_ast() for a in assumptions])
    code = z3.Z3_solver_check_assumptions(solver.ctx.ref(), solver.solver, len(assumptions), array)
    return z3.CheckSatResult(code)


def solve(solver: Z3Expr, deadline: Deadline, assumptions: list[Z3Expr]) -> Status:
    # Returns only "sat" or "unsat"; "unknown" is for answers the caller could not get.
    """Check `solver` under `assumptions`; raise `Undecided` on unknown or a spent deadline."""
    if deadline.expired:
        raise Undecided("timeout", Cause.TIMEOUT)
    result = _check(solver, assumptions)
    if result == z3.sat:
        return "sat"
    if result == z3.unsat:
        return "unsat"
    if deadline.expired:
        raise Undecided("timeout", Cause.TIMEOUT)
    raise Undecided(f"solver_gave_up: {solver.reason_unknown()}", Cause.GAVE_UP)


def unsat_core_ids(solver: Z3Expr) -> set[int]:
    """The ids of the unsat core of `solver`'s last (unsat) check, as Z3 first gives it, read
    through the C API (no Python wrapper per term: a verdict-only session needs only ids)."""
    ref = solver.ctx.ref()
    core = z3.Z3_solver_get_unsat_core(ref, solver.solver)
    z3.Z3_ast_vector_inc_ref(ref, core)
    try:
        size = z3.Z3_ast_vector_size(ref, core)
        return {z3.Z3_get_ast_id(ref, z3.Z3_ast_vector_get(ref, core, i)) for i in range(size)}
    finally:
        z3.Z3_ast_vector_dec_ref(ref, core)


def minimal_core(solver: Z3Expr, deadline: Deadline) -> list[Z3Expr]:
    """The unsat core of `solver`'s last (unsat) check, minimised within `MINIMIZE_BUDGET_S`.

    Z3 minimises a core (`core.minimize`) when it is asked for, by further checks over
    subsets; on nonlinear problems these can run for seconds after an unsat answer found in
    milliseconds, and when interrupted Z3 keeps the core unminimised. So minimisation gets a
    budget of its own (at most what is left of `deadline`), after which that unminimised
    core, still a set of premises that is unsat, is the evidence. Sat / unsat never depends
    on it.
    """
    ctx = solver.ctx
    budget = min(MINIMIZE_BUDGET_S, deadline.remaining())
    with Deadline(budget, on_expire=ctx.interrupt) as minimizing:
        core = list(solver.unsat_core())
    if minimizing.fired:
        # The interrupt may have landed after the last Z3 call, leaving the context cancelled
        # (the next `push` would fail); only a check clears it, a throwaway one costs ~0.1 ms.
        new_solver(ctx).check()
    return core


class SatisfiedSets:
    """Proofs of satisfiability without solver calls: the last model and what it satisfies.

    A premise added since is checked by evaluating it in the model, which is exact when its
    quantifiers range over the finite object domain (`Z3Formula.evaluable`); evaluation with
    model completion extends the model consistently. A chain step entailed by earlier steps
    holds in their model, so a chain needs one satisfiability check, not one per step.
    """

    def __init__(self) -> None:
        self.model: Z3Expr = None
        self.ids: set[int] = set()

    def remember(self, model: Z3Expr, ids: Sequence[int]) -> None:
        """Keep `model`, which satisfies premises `ids`, if it covers at least as many."""
        if model is not None and len(ids) >= len(self.ids):
            self.model, self.ids = model, set(ids)

    def known(self, ids: Sequence[int], formulas: Sequence[Z3Formula]) -> bool:
        """True when the kept model satisfies every premise in `ids` (no solver call)."""
        if self.model is None:
            return False
        for formula_id in set(ids).difference(self.ids):  # usually none or one
            formula = formulas[formula_id]
            if not formula.evaluable:
                return False
            if not z3.is_true(self.model.eval(formula.expr, model_completion=True)):
                return False
            self.ids.add(formula_id)
        return True
