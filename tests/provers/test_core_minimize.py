"""Unsat-core minimisation has a budget of its own (`veridot.provers.z3_solver.minimal_core`)."""

from __future__ import annotations

import time

import z3

from veridot.parser.fol import parse_fol
from veridot.provers.base import Verdict
from veridot.provers.z3_session import Z3Session
from veridot.provers.z3_solver import unsat_core_ids

# Vieta's relations for x^4 + a x^3 + b x^2 + c x + d = 0 with roots r_1..r_4, and values
# that contradict them (a ProcessBench step): Z3 finds them unsatisfiable in milliseconds,
# but minimising that core runs on until it is interrupted.
VIETA = [
    "x * x * x * x + a * (x * x * x) + b * (x * x) + c * x + d = 0",
    "r_1 + r_2 + r_3 + r_4 = 0 - a",
    "0 - a = 4",
    "r_1 * r_2 + r_1 * r_3 + r_1 * r_4 + r_2 * r_3 + r_2 * r_4 + r_3 * r_4 = b",
    "b = 8",
    "0 - c = -7",
    "r_1 * r_2 * r_3 * r_4 = 1 * d",
    "1 * d = 3",
]


def test_core_minimisation_overrun_ends_long_before_the_deadline() -> None:
    timeout = 6.0
    session = Z3Session(timeout=timeout)
    try:
        ids = [session.add(parse_fol(text)) for text in VIETA]
        started = time.monotonic()
        result = session.check(ids, parse_fol("⊥"))
        elapsed = time.monotonic() - started
    finally:
        session.close()
    assert result.verdict is Verdict.INCONSISTENT
    # Premises 1-4 are inconsistent on their own (roots summing to 4 with pairwise products
    # summing to 8 have squares summing to 0, so all are 0): Z3's first core, unminimised.
    assert set(result.used_premises) == {1, 2, 3, 4}
    # Without a budget of its own the minimisation runs to the deadline (6 s); with it the
    # check takes well under 1 s on a quiet machine. Generous for a loaded one.
    assert elapsed < timeout / 2


def test_a_first_core_is_read_by_id_as_z3_gives_it() -> None:
    ctx = z3.Context()
    solver = z3.Solver(ctx=ctx)
    p, q, r, a, b, c = (z3.Bool(name, ctx) for name in "pqrabc")
    solver.add(z3.Implies(a, p), z3.Implies(b, z3.Not(p)), z3.Implies(c, q))
    assert solver.check(a, b, c) == z3.unsat
    ids = unsat_core_ids(solver)
    assert ids == {literal.get_id() for literal in solver.unsat_core()}
    assert {a.get_id(), b.get_id()} <= ids
    assert r.get_id() not in ids
