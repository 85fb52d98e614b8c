"""An incremental Z3 session: many claims against one growing set of formulas.

The session is solver bookkeeping: it registers and translates formulas and answers the
questions of the decision policy (`veridot.provers.decision`, shared with cvc5), which turns the
answers into verdicts and evidence. A session owns a Z3 context (so that a deadline
interrupts only this session, and results do not depend on what other sessions proved
before), the formulas' sorts and translations, and the deadline; the checks themselves run on
two solvers owned by `veridot.provers.z3_checks`: the *core solver* (premises guarded by
tracking literals, for unsat cores) and the *main solver* (premises asserted for good, for
large premise sets). Up to `COMPLETE_LIMIT` premises (the usual case) the policy gives the
core solver them all; beyond that it first asks about a small subset chosen by
`veridot.provers.relevance`, so a chain step costs the same whatever the chain's length.

Sorts given by the caller (inferred over a whole diagram) are used as given; others are
inferred incrementally (`veridot.provers.signatures`), in O(size) per formula. A symbol whose sort a
later formula reveals (`a = b`, then `a = 3`) makes the session re-infer all sorts and
rebuild itself with the same ids.

Every `check` runs under one `veridot.provers.deadline.Deadline` (default 2 s, counted from the
start of `check`, or of a one-off `prove`) that interrupts the context (the only limit: Z3's
own `timeout` would come later, `veridot.provers.z3_solver.new_solver`). A nonlinear check runs
in a killable child process, and a check with numbers beyond `veridot.parser.limits` is
`unknown` (`too_complex`) at once (`veridot.provers.z3_guard`). Z3 `unknown`, a spent deadline
or an interrupted call give `unknown` and end the decision.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import z3

from veridot.parser.ast import Formula
from veridot.parser.errors import SortError
from veridot.parser.sorts import Signature, infer_signature
from veridot.provers.base import DEFAULT_TIMEOUT_S, Cause, Model, ProofResult, ProverError
from veridot.provers.deadline import Deadline
from veridot.provers.decision import Answer, Decision, Query, known_ids, positions, unknown
from veridot.provers.relevance import formula_symbols
from veridot.provers.signatures import GrowingSignature, covers
from veridot.provers.sizes import LINEAR, Size, admit, check_size, too_complex
from veridot.provers.translation import check_depth
from veridot.provers.z3_checks import Z3Checks
from veridot.provers.z3_convert import Z3Converter, Z3Formula
from veridot.provers.z3_memo import SharedTranslations, shared_translations
from veridot.provers.z3_solver import new_context, new_solver, thread_context

if TYPE_CHECKING:
    from veridot.provers.z3_guard import ChildSession

COMPLETE_LIMIT = 32  # up to this many premises, decide with all of them tracked


class Z3Session:
    """A `ProverSession` backed by Z3 (see the module docstring for the strategy)."""

    prover_name = "z3"
    persist = False  # an unknown ends the decision (`veridot.provers.decision`)
    complete_limit: int | None = COMPLETE_LIMIT

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
        # Without evidence (`veridot eval` reads only the verdict): no countermodel or witness
        # is rendered, no unsat core minimised; the verdict is decided exactly as with evidence.
        self.evidence = evidence
        # `shared`: use the thread's context, spare core solver and kept models (`z3_solver`,
        # `z3_memo`), which only a session that renders no model may do.
        if shared and evidence:
            raise ValueError("a shared context is for sessions without evidence")
        self._shared = shared
        # `typed`: the caller has checked the depth of every formula it will add or check
        # and inferred `signature` over all of them together (a one-off `prove`), so
        # nothing needs re-checking or re-inferring here.
        if typed and signature is None:
            raise ValueError("a typed session needs the signature of all its formulas")
        self._typed = typed
        # A signature given (inferred over a whole diagram by the caller) is trusted for every
        # formula whose symbols it has; only other formulas have their sorts inferred here.
        self._given = signature is not None
        self._asts: list[Formula] = []  # every formula added, to re-sort and rebuild
        self._sizes: list[Size] = []  # each formula's numbers and products (`z3_guard`)
        self._size_all = LINEAR  # the join of `_sizes`: most sessions never look further
        self._child: ChildSession | None = None  # the killable copy, for nonlinear checks
        self._decision = Decision()  # the policy's memory: symbol index, inconsistent cores
        self._start(signature)

    def _start(self, signature: Signature | None) -> None:
        """(Re)build every Z3 object: context, declarations, translations, solvers."""
        # A context of its own: a deadline interrupts the whole context, and term ids (which
        # steer Z3's heuristics) then depend only on this session, so results never depend
        # on what was proved before (measured: a shared context changes countermodels).
        self._ctx: z3.Context | None = thread_context() if self._shared else new_context()
        if self._child is not None:  # its copy has the old sorts: a new one when needed
            self._child.close()
            self._child = None
        self._signature = GrowingSignature(signature)
        # Tracking literals, guarded premises, declarations (and, shared, translations): the
        # thread context's, kept between sessions, or this session's own.
        self._memo = (
            shared_translations(self._ctx) if self._shared else SharedTranslations(self._ctx)
        )
        self._conv = Z3Converter(self._ctx, self._signature.view, self._memo.made)
        self._checks = Z3Checks(self._ctx, self._memo, shared=self._shared, evidence=self.evidence)
        self._decision.forget()

    # --- public API --------------------------------------------------------------------

    @property
    def signature(self) -> Signature:
        """The signature inferred so far (every formula added or checked)."""
        return self._signature.view

    def add(self, formula: Formula) -> int:
        """Register `formula`; returns its id.

        Raises SortError/NestingError on bad input, and TooComplexError for a numeral longer
        than `veridot.parser.limits.MAX_NUMBER_DIGITS` (which the parser would have refused).
        """
        size = admit(formula)
        converted = self._translate(formula)  # raises ProverError once the session is closed
        formula_id = self._checks.register(converted)
        self._asts.append(formula)
        self._sizes.append(size)
        self._size_all = self._size_all.join(size)
        self._decision.add(formula_id, formula)
        return formula_id

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Decide `claim` from the formulas `premise_ids` within the session's timeout.

        `used_premises` are positions in `premise_ids`.
        """
        if self._ctx is None:
            raise ProverError("session is closed")
        started = time.monotonic() if self._started is None else self._started
        self._started = None
        ids = known_ids(premise_ids, len(self._checks.formulas))
        size = check_size(claim, self._size_all, self._sizes, ids)
        if too_complex(size):  # before translating: Python cannot print such a number
            result = unknown(too_complex(size), Cause.TOO_COMPLEX)
        else:
            result = self._decide_in_time(ids, claim, size, started)
        elapsed = (time.monotonic() - started) * 1000.0
        used = positions(premise_ids, result.used_premises)
        return dataclasses.replace(
            result, used_premises=used, elapsed_ms=elapsed, prover=self.prover_name
        )

    def _decide_in_time(
        self, ids: list[int], claim: Formula, size: Size, started: float
    ) -> ProofResult:
        """Decide within what is left of the deadline: nonlinear checks in a killable child."""
        target = self._translate(claim)  # may rebuild the session (a new context)
        budget = max(0.0, self.timeout - (time.monotonic() - started))
        if size.nonlinear:
            # Imported here, like the evidence modules below: a run with no nonlinear
            # check (FOLIO) needs neither the child process machinery nor model rendering.
            from veridot.provers.z3_guard import ChildSession, killable

            if killable():
                if self._child is None:
                    self._child = ChildSession()
                return self._child.check(self._asts, self.signature, ids, claim, budget)
        result = self._decide_here(ids, target, formula_symbols(claim), budget)
        if result.countermodel is None and result.witness is None:
            return result
        # The evidence evaluated in the world as printed (a child confirms its own).
        from veridot.provers.world_check import confirm_evidence

        return confirm_evidence(result, [self._asts[i] for i in ids], claim, self.signature)

    def _decide_here(
        self, ids: list[int], target: Z3Formula, seeds: frozenset[str], budget: float
    ) -> ProofResult:
        """Decide in this process, the watchdog interrupting Z3 when `budget` runs out."""
        ctx = self._ctx
        assert ctx is not None
        with Deadline(budget, on_expire=ctx.interrupt) as deadline:
            try:
                result = self._decision.decide(self, ids, target, seeds, deadline)
            except z3.Z3Exception as exc:  # interrupted outside `check` (eval, simplify)
                self._checks.reset()
                if deadline.expired:
                    result = unknown("timeout", Cause.TIMEOUT)
                else:
                    result = unknown(f"solver error: {exc}", Cause.SOLVER_ERROR)
        if deadline.fired:
            # An interrupt that lands between two Z3 calls (or just after the last) leaves
            # the context cancelled: the next check's first `push` would fail ("push
            # canceled"). Only a `check` clears it; a throwaway one costs ~0.1 ms.
            new_solver(ctx).check()
        return result

    def close(self) -> None:
        """Release the solvers and the Z3 context (and the session's copy in a child).
        Every Z3 object goes first: a context deleted with terms alive (a session freed by
        the garbage collector) sweeps its 17 MB term table twice, ~2 ms (profiled)."""
        if self._ctx is None:
            return
        if self._child is not None:
            self._child.close()
            self._child = None
        self._checks.close()
        if not self._shared:
            self._memo.clear()  # this session's own literals and guarded premises
        self._asts.clear()
        del self._conv, self._memo, self._checks  # declarations, literals
        self._ctx = None

    # --- translation -------------------------------------------------------------------

    def _translate(self, formula: Formula) -> Z3Formula:
        if self._ctx is None:
            raise ProverError("session is closed")
        if self._typed:  # depth checked and sorts inferred over every formula up front
            if self._shared:  # the thread's context: earlier problems' translations serve
                return self._memo.convert(self._conv, formula)
            return self._conv.convert(formula, checked=True)
        check_depth(formula)  # before sort inference, which may recurse
        if self._given and covers(self._signature.view, formula):
            return self._conv.convert(formula, checked=True)  # sorts inferred by the caller
        try:
            added = self._signature.extend(formula)
        except SortError as clash:
            try:
                self._resort(formula)
            except SortError:
                raise clash from None  # a real clash: report it against the new formula
            added = self._signature.extend(formula)
        try:
            return self._conv.convert(formula, checked=True)
        except Exception:
            self._signature.forget(added)
            raise

    # --- the oracle the decision policy asks (`veridot.provers.decision`) -------------------------

    def ask(
        self,
        ids: Sequence[int],
        claim: Z3Formula,
        query: Query | None,
        deadline: Deadline,
        *,
        tracked: bool = True,
    ) -> Answer:
        """Premises `ids` plus a reading of `claim` (`veridot.provers.z3_checks`)."""
        return self._checks.ask(ids, claim, query, deadline, tracked=tracked)

    def partial(self, formula_id: int) -> bool:
        """Whether premise `formula_id` divides."""
        return self._checks.partial(formula_id)

    def known_sat(self, ids: Sequence[int]) -> bool:
        """Premises `ids` are known to be satisfiable without a solver call."""
        return self._checks.known_sat(ids)

    def remember(self, answer: Answer, ids: Sequence[int]) -> None:
        """Keep a sat answer's model as a proof that premises `ids` are satisfiable."""
        self._checks.remember(answer, ids)

    def read(self, answer: Answer, symbols: frozenset[str], seeds: frozenset[str]) -> Model:
        """The readable world of a sat answer."""
        from veridot.provers.z3_model import read_model

        return read_model(answer.model, self._conv, symbols, seeds)

    def _resort(self, formula: Formula) -> None:
        """Re-infer sorts over everything so far plus `formula` (`a = b`, then `a = 3`) and
        rebuild with them (same ids; models and cached cores are dropped). A real clash
        raises `SortError`."""
        signature = infer_signature([*self._asts, formula])
        self._start(signature)
        for ast in self._asts:
            self._checks.register(self._conv.convert(ast))
