"""Deadlines: the watchdog helper, and Z3 held to the deadline on a genuinely hard problem."""

from __future__ import annotations

import threading
import time

import pytest

from parser.fol import parse_fol
from provers.base import Verdict
from provers.deadline import Deadline
from provers.z3_prover import Z3Prover


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


def test_watchdog_interrupts_when_z3_ignores_its_own_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Give Z3 a 1000 s timeout of its own: only the watchdog's interrupt can stop it.
    monkeypatch.setattr(Deadline, "remaining_ms", lambda self: 1_000_000)
    premises = [parse_fol(text) for text in _pigeonhole(8)]
    start = time.monotonic()
    result = Z3Prover().prove(premises, parse_fol("Done"), timeout=0.3)
    assert result.verdict is Verdict.UNKNOWN
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


def test_zero_timeout_is_unknown_not_an_error() -> None:
    result = Z3Prover().prove([parse_fol("P(a)")], parse_fol("P(a)"), timeout=0.0)
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason == "timeout"
