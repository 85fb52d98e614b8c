"""Division is partial (veridot.provers.definedness): no verdict rests on a solver's value for x/0.

Every case runs on each backend that can decide it alone (z3, cvc5), through `prove` and
through a session, with quantified and ground divisors.
"""

from __future__ import annotations

import pytest

from veridot.parser.fol import parse_fol
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.provers.definedness import definitely
from veridot.provers.registry import available_provers, get_prover

BACKENDS = [name for name in ("z3", "cvc5") if name in available_provers()]
TIMEOUT_S = 10.0

UNKNOWN = "unknown"
CVC5_CANNOT = {"f(4) = 1/4"}  # `∀x (x > 0 → f(x) = 1/x)`: cvc5 times out, guarded or not
CASES: list[tuple[list[str], str, str]] = [
    # x = 0 makes the product 0 whatever 1/0 is: "valid" only through the undefined quotient
    ([], "∃x (x * (1/x) ≠ 1)", UNKNOWN),
    # the premise says something about 1/0; so does the claim
    (["∀x (x = 0 → 1/x = 5)"], "∃y (y = 0 ∧ 1/y = 5)", UNKNOWN),
    (["x = 0"], "1/x = 5", UNKNOWN),
    (["y = 0", "z = 1 / y"], "y = 0", UNKNOWN),
    ([], "1/0 = 1/0", UNKNOWN),
    # a premise is asserted true, so its quotients are defined: 1/a = 2 says a ≠ 0
    (["1/a = 2"], "a ≠ 0", "entailed"),
    (["avg = t / n"], "avg * n = t", "entailed"),
    # guarded divisions are exact
    ([], "∀x (x ≠ 0 → x * (1/x) = 1)", "entailed"),
    ([], "∀x (x = 0 ∨ x * (1/x) = 1)", "entailed"),
    ([], "∃x (x * (1/x) = 1)", "entailed"),
    (["x = 2"], "1/x = 1/2", "entailed"),
    (["x = 2"], "1/x = 1", "contradicted"),
    (["∀x (x > 0 → f(x) = 1/x)"], "f(4) = 1/4", "entailed"),
    # unsupported only when the claim is false in one world and true in another
    (["x > 1"], "1/x = 1/2", "unsupported"),
    # true where x ≠ 0, undefined at 0, never false: not entailed, not unsupported
    ([], "x / x = 1", UNKNOWN),
    (["x ≥ 0"], "x / x = 1", UNKNOWN),
    (["x > 0"], "x / x = 1", "entailed"),
]


def _check(backend: str, premises: list[str], claim: str) -> ProofResult:
    return get_prover(backend).prove(
        [parse_fol(p) for p in premises], parse_fol(claim), timeout=TIMEOUT_S
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("premises", "claim", "verdict"), CASES)
def test_no_verdict_rests_on_division_by_zero(
    backend: str, premises: list[str], claim: str, verdict: str
) -> None:
    if backend == "cvc5" and claim in CVC5_CANNOT:
        pytest.skip("cvc5 finds no model for this premise even without division")
    result = _check(backend, premises, claim)
    assert result.verdict.value == verdict, result.reason
    if verdict == UNKNOWN:
        assert result.reason.startswith("division_by_zero"), result.reason
        assert result.cause is Cause.DIVISION_BY_ZERO
    else:
        assert result.cause is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_sessions_read_division_the_same_way(backend: str) -> None:
    session = get_prover(backend).session(timeout=TIMEOUT_S)
    try:
        zero = session.add(parse_fol("∀x (x = 0 → 1/x = 5)"))
        positive = session.add(parse_fol("x > 1"))
        undefined = session.check([zero], parse_fol("∃y (y = 0 ∧ 1/y = 5)"))
        assert undefined.verdict is Verdict.UNKNOWN
        assert undefined.reason.startswith("division_by_zero")
        assert undefined.cause is Cause.DIVISION_BY_ZERO
        assert session.check([], parse_fol("∃x (x * (1/x) ≠ 1)")).verdict is Verdict.UNKNOWN
        open_claim = session.check([positive], parse_fol("1/x = 1/2"))
        assert open_claim.verdict is Verdict.UNSUPPORTED
        assert open_claim.countermodel is not None
        assert open_claim.countermodel.numbers.get("x") not in (None, "0")
    finally:
        session.close()


def test_readings_guard_each_atom_and_keep_other_formulas() -> None:
    readings = definitely(parse_fol("P(a) ∨ 1/x = 2"))
    assert readings.true == parse_fol("P(a) ∨ (¬(x = 0) ∧ 1/x = 2)")
    assert readings.false == parse_fol("¬P(a) ∧ ¬(x = 0) ∧ ¬(1/x = 2)")
    quantified = definitely(parse_fol("∀x (x = 0 → 1/x = 5)"))
    assert quantified.true == parse_fol("∀x (¬(x = 0) ∨ (¬(x = 0) ∧ 1/x = 5))")
    assert quantified.false == parse_fol("∃x (x = 0 ∧ ¬(x = 0) ∧ ¬(1/x = 5))")
