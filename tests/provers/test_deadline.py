"""Deadlines: the watchdog helper, and Z3 held to the deadline on a genuinely hard problem."""

from __future__ import annotations

import os
import select
import threading
import time
from fractions import Fraction
from typing import Any

import pytest
import z3

from veridot.parser.ast import Const, Eq, Num
from veridot.parser.fol import parse_fol
from veridot.parser.limits import MAX_NUMBER_DIGITS
from veridot.provers import z3_guard, z3_solver
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.provers.deadline import Deadline, grace_s
from veridot.provers.decision import Decision
from veridot.provers.sizes import Size, measure, too_complex
from veridot.provers.z3_prover import Z3Prover


def _pigeonhole(holes: int) -> list[str]:
    """holes + 1 distinct pigeons, each in some hole, no hole shared: unsatisfiable, hard."""
    pigeons = holes + 1
    premises = [" ∨ ".join(f"In(p{i}, h{j})" for j in range(holes)) for i in range(pigeons)]
    premises.append("∀x ∀y ∀z (In(x, z) ∧ In(y, z) → x = y)")
    premises += [f"p{i} ≠ p{k}" for i in range(pigeons) for k in range(i + 1, pigeons)]
    return premises


def test_deadline_fires_once_after_its_time() -> None:
    fired = threading.Event()
    with Deadline(0.05, on_expire=fired.set) as deadline:
        assert not deadline.expired
        assert deadline.remaining_ms() >= 1
        assert fired.wait(2.0)
        assert deadline.expired
    assert deadline.remaining() == 0.0


def test_cancelled_deadline_does_not_fire() -> None:
    fired = threading.Event()
    with Deadline(0.05, on_expire=fired.set):
        pass
    assert not fired.wait(0.2)


def test_many_deadlines_fire_in_order() -> None:
    order: list[int] = []
    deadlines = [Deadline(0.02 * (3 - i), on_expire=lambda i=i: order.append(i)) for i in range(3)]
    for deadline in deadlines:
        deadline.__enter__()
    time.sleep(0.3)
    for deadline in deadlines:
        deadline.__exit__(None, None, None)
    assert order == [2, 1, 0]


def test_hard_problem_times_out_as_unknown_within_bound() -> None:
    premises = [parse_fol(text) for text in _pigeonhole(8)]
    claim = parse_fol("Done")
    prover = Z3Prover()
    start = time.monotonic()
    result = prover.prove(premises, claim, timeout=0.3)
    elapsed = time.monotonic() - start
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("timeout")
    assert result.elapsed_ms < 1500  # 0.3 s plus generous slack for a loaded CI machine
    assert elapsed < 2.5  # includes context set-up and sort inference under CI load


def _z3_ignores_its_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Z3's own per-call timeout set to ~3 hours: every solver is made with
    `z3_solver.SOLVER_PARAMS`, applied after the session's timeout (a later key wins)."""
    monkeypatch.setitem(z3_solver.SOLVER_PARAMS, "timeout", 10_000_000)


def test_watchdog_interrupts_when_z3_ignores_its_own_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the watchdog's interrupt can stop this check: without it Z3 proves pigeonhole
    # 10/9 unsatisfiable after 13 s (measured; 9/8 took 1.5 s, too little to tell apart).
    _z3_ignores_its_timeout(monkeypatch)
    premises = [parse_fol(text) for text in _pigeonhole(9)]
    start = time.monotonic()
    result = Z3Prover().prove(premises, parse_fol("Done"), timeout=0.3)
    assert result.verdict is Verdict.UNKNOWN
    assert result.cause is Cause.TIMEOUT
    assert result.reason == "timeout"
    assert time.monotonic() - start < 2.5


def test_session_keeps_working_after_a_timeout() -> None:
    session = Z3Prover().session(timeout=0.3)
    hard = [session.add(parse_fol(text)) for text in _pigeonhole(8)]
    assert session.check(hard, parse_fol("Done")).verdict is Verdict.UNKNOWN
    easy = [session.add(parse_fol("P(a)")), session.add(parse_fol("∀x (P(x) → Q(x))"))]
    result = session.check(easy, parse_fol("Q(a)"))
    assert result.verdict is Verdict.ENTAILED
    assert result.used_premises == (0, 1)
    session.close()


def test_an_interrupt_landing_after_z3_answered_does_not_spoil_the_next_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The watchdog may fire between two Z3 calls or just after the last one (seen under
    # load): the context stays cancelled, and the next check failed with "push canceled".
    session = Z3Prover().session(timeout=2.0)
    ids = [session.add(parse_fol("P(a)")), session.add(parse_fol("∀x (P(x) → Q(x))"))]
    decide = Decision.decide

    def late(self: Decision, *args: Any) -> ProofResult:
        result = decide(self, *args)
        args[-1].fire()  # the Deadline's interrupt, just too late
        return result

    with monkeypatch.context() as patch:
        patch.setattr(Decision, "decide", late)
        session.check(ids, parse_fol("Q(a)"))
    result = session.check(ids, parse_fol("Q(a)"))
    assert result.verdict is Verdict.ENTAILED, result.reason
    session.close()


def test_zero_timeout_is_unknown_not_an_error() -> None:
    result = Z3Prover().prove([parse_fol("P(a)")], parse_fol("P(a)"), timeout=0.0)
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason == "timeout"


# --- the hard deadline: Z3 that ignores its interrupt, and size limits -------------------

# Squaring a 250-digit number three times: Z3's nonlinear arithmetic multiplies ever larger
# numbers and polls its interrupt rarely (measured: 1.85 s for a 0.5 s deadline in-process).
_SQUARES = [f"x = {'9' * 250}", "y = x * x", "z = y * y", "w = z * z"]
_SQUARES_CLAIM = "w * w = u ∧ P(u)"


def _deaf_z3(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make Z3 ignore both its interrupt and its own timeout (a forked child inherits this)."""
    _z3_ignores_its_timeout(monkeypatch)
    monkeypatch.setattr(z3.Context, "interrupt", lambda self: None)


def test_a_check_deaf_to_its_interrupt_is_killed_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without the killable child this check runs until Z3 finishes (6 s and more).
    _deaf_z3(monkeypatch)
    premises = [parse_fol(text) for text in _SQUARES]
    start = time.monotonic()
    result = Z3Prover().prove(premises, parse_fol(_SQUARES_CLAIM), timeout=0.5)
    elapsed = time.monotonic() - start
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("timeout")
    assert elapsed < 0.5 + grace_s(0.5) + 1.0  # slack for a loaded CI machine
    assert result.elapsed_ms < (0.5 + grace_s(0.5) + 1.0) * 1000


def test_a_session_keeps_working_after_its_child_was_killed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = Z3Prover().session(timeout=0.5)
    ids = [session.add(parse_fol(text)) for text in _SQUARES]
    with monkeypatch.context() as patch:
        _deaf_z3(patch)
        stuck = session.check(ids, parse_fol(_SQUARES_CLAIM))
    assert stuck.verdict is Verdict.UNKNOWN
    assert stuck.reason.startswith("timeout")
    assert stuck.elapsed_ms < (0.5 + grace_s(0.5) + 1.0) * 1000
    # The next nonlinear check gets a new child, replayed with the session's formulas.
    price = [session.add(parse_fol(text)) for text in ("price = 3", "count = 4")]
    total = session.check(price, parse_fol("price * count = 12"))
    assert total.verdict is Verdict.ENTAILED
    assert total.used_premises == (0, 1)
    linear = session.check([ids[0]], parse_fol("x > 5"))  # decided in-process
    assert linear.verdict is Verdict.ENTAILED
    session.close()


def test_nonlinear_verdicts_and_evidence_come_back_from_the_child() -> None:
    premises = [parse_fol("a = 3"), parse_fol("b = 5"), parse_fol("Cat(tom)")]
    entailed = Z3Prover().prove(premises, parse_fol("a * b = 15"))
    assert entailed.verdict is Verdict.ENTAILED
    assert entailed.used_premises == (0, 1)
    open_claim = Z3Prover().prove(premises, parse_fol("a * c = 6"))
    assert open_claim.verdict is Verdict.UNSUPPORTED
    assert open_claim.countermodel is not None
    assert open_claim.countermodel.numbers["c"] != "2"


def test_a_number_beyond_the_limit_is_too_complex_without_solving() -> None:
    huge = Eq(Const("x"), Num(Fraction(10**MAX_NUMBER_DIGITS)))  # one digit too many
    result = Z3Prover().prove([huge], parse_fol("x > 1"))
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason == (
        f"too_complex: a number has {MAX_NUMBER_DIGITS + 1} digits (at most {MAX_NUMBER_DIGITS})"
    )
    fits = Eq(Const("x"), Num(Fraction(10**MAX_NUMBER_DIGITS - 1)))
    assert Z3Prover().prove([fits], parse_fol("x > 1")).verdict is Verdict.ENTAILED


def test_a_product_that_could_outgrow_the_limit_is_too_complex() -> None:
    # 8 factors of a 300-digit number: up to 2,400 digits (the limit is 1,000).
    premises = [parse_fol(f"x = {'9' * 300}")]
    claim = parse_fol(" * ".join(["x"] * 8) + " = y ∧ P(y)")
    result = Z3Prover().prove(premises, claim, timeout=2.0)
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("too_complex: a product of 8 factors")
    assert result.cause is Cause.TOO_COMPLEX
    assert result.elapsed_ms < 1000  # decided without the solver
    # Many factors of a small number stay within the limit and are decided.
    small = Z3Prover().prove([parse_fol("x = 2")], parse_fol(" * ".join(["x"] * 16) + " = 65536"))
    assert small.verdict is Verdict.ENTAILED


def test_size_measures_numbers_and_products() -> None:
    assert measure(parse_fol("x * x * 3 = y + 12345")) == Size(digits=5, degree=2)
    assert measure(parse_fol("(a + b) * c > 1 / d")) == Size(digits=1, degree=2)
    assert not measure(parse_fol("3 * x = 2 * y")).nonlinear
    assert too_complex(Size(digits=10, degree=100)) == ""
    assert too_complex(Size(digits=10, degree=101)).startswith("too_complex")


def test_cvc5_applies_the_same_size_limits() -> None:
    cvc5_prover = pytest.importorskip("veridot.provers.cvc5_prover")
    prover = cvc5_prover.Cvc5Prover()
    premises = [parse_fol(f"x = {'9' * 300}")]
    claim = parse_fol(" * ".join(["x"] * 8) + " = y ∧ P(y)")
    result = prover.prove(premises, claim, timeout=2.0)
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.startswith("too_complex: a product of 8 factors")
    huge = Eq(Const("x"), Num(Fraction(10**MAX_NUMBER_DIGITS)))
    too_long = prover.prove([huge], parse_fol("x > 1"))
    assert too_long.reason.startswith("too_complex")
    assert too_long.cause is Cause.TOO_COMPLEX


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_process_starts_its_own_child_and_leaves_the_parents_alone() -> None:
    # e.g. `veridot eval --jobs N` forks pool workers after the parent used the child, maybe
    # while another thread of the parent was talking to it (holding the guard's lock).
    premises = [parse_fol("a = 3"), parse_fol("b = 5")]
    claim = parse_fol("a * b = 15")
    assert Z3Prover().prove(premises, claim).verdict is Verdict.ENTAILED  # starts the child
    parents_child = z3_guard._process().generation
    read_end, write_end = os.pipe()
    with z3_guard._LOCK:  # as if another thread were mid-check at the fork
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked process
            ok = Z3Prover().prove(premises, claim).verdict is Verdict.ENTAILED
            os.write(write_end, b"1" if ok else b"0")
            os._exit(0)
    os.close(write_end)
    readable, _, _ = select.select([read_end], [], [], 20.0)
    if not readable:  # the fork deadlocked on the inherited lock
        os.kill(pid, 9)
    answer = os.read(read_end, 1) if readable else b""
    os.waitpid(pid, 0)
    os.close(read_end)
    assert answer == b"1"
    # The parent's child survived the fork's own child starting and exiting.
    assert Z3Prover().prove(premises, claim).verdict is Verdict.ENTAILED
    assert z3_guard._process().generation == parents_child
