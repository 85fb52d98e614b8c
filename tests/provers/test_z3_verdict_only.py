"""Z3 without evidence (`prove(..., evidence=False)`, used by `veridot eval`): same verdicts.

The verdict-only path skips rendering models and minimising cores; these tests check that it
decides every corpus case exactly as the full path does, and that it really renders nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from veridot.parser.ast import Formula
from veridot.parser.fol import parse_fol
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.provers.z3_prover import Z3Prover
from veridot.provers.z3_session import Z3Session

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "entailment.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()
]
TIMEOUT_S = 10.0  # generous: CI machines can be heavily loaded


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_verdict_only_matches_the_corpus(case: dict[str, Any]) -> None:
    premises = [parse_fol(text) for text in case["premises"]]
    claim = parse_fol(case["claim"])
    result = Z3Prover().prove(premises, claim, timeout=TIMEOUT_S, evidence=False)
    assert result.verdict.value == case["verdict"], result.reason
    assert result.countermodel is None
    assert result.witness is None
    # Cores are not minimised, but they still contain every premise the claim needs.
    assert set(case.get("used", [])) <= set(result.used_premises)
    assert all(0 <= i < len(premises) for i in result.used_premises)


def test_verdict_only_renders_no_models_where_evidence_would() -> None:
    premises = [parse_fol("∀x (Cat(x) → Animal(x))"), parse_fol("Cat(tom)")]
    claim = parse_fol("Black(tom)")
    full = Z3Prover().prove(premises, claim)
    bare = Z3Prover().prove(premises, claim, evidence=False)
    assert full.verdict is bare.verdict is Verdict.UNSUPPORTED
    assert full.countermodel is not None
    assert full.witness is not None
    assert bare.countermodel is None
    assert bare.witness is None


def test_verdict_only_keeps_the_division_guard() -> None:
    # `b` may be 0: Z3 alone calls the claim entailed, resting on a division by zero.
    premises = [parse_fol("c = a")]
    for evidence in (True, False):
        result = Z3Prover().prove(premises, parse_fol("c / b * b = a"), evidence=evidence)
        assert result.verdict is Verdict.UNKNOWN
        assert result.reason.startswith("division_by_zero")
    guarded = [parse_fol("b ≠ 0"), parse_fol("c = a / b")]
    result = Z3Prover().prove(guarded, parse_fol("a = c * b"), evidence=False)
    assert result.verdict is Verdict.ENTAILED


def test_verdict_only_does_not_depend_on_what_the_thread_proved_before() -> None:
    # Verdict-only proofs share the thread's context and solver; verdicts must not move.
    cases = [(case["premises"], case["claim"], case["verdict"]) for case in CASES]
    for order in (cases, cases[::-1], cases[1::2] + cases[::2]):
        for premises, claim, verdict in order:
            result = Z3Prover().prove(
                [parse_fol(p) for p in premises],
                parse_fol(claim),
                timeout=TIMEOUT_S,
                evidence=False,
            )
            assert result.verdict.value == verdict, (claim, result.reason)


def test_a_give_up_in_the_shared_context_is_decided_again_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whether Z3 gives up may depend on the shared context's history: such an `unknown` is
    # re-decided in a context of its own, and that answer is returned.
    original = Z3Session.check
    shared_calls: list[bool] = []

    def check(self: Z3Session, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        shared_calls.append(self._shared)
        if self._shared:
            return ProofResult(
                Verdict.UNKNOWN,
                elapsed_ms=1.0,
                reason="solver_gave_up: test",
                cause=Cause.GAVE_UP,
            )
        return original(self, premise_ids, claim)

    monkeypatch.setattr(Z3Session, "check", check)
    premises = [parse_fol("∀x (Cat(x) → Animal(x))"), parse_fol("Cat(tom)")]
    result = Z3Prover().prove(premises, parse_fol("Animal(tom)"), evidence=False)
    assert shared_calls == [True, False]
    assert result.verdict is Verdict.ENTAILED
    assert result.elapsed_ms >= 1.0


def test_a_timeout_in_the_shared_context_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def check(self: Z3Session, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        calls.append(self._shared)
        return ProofResult(Verdict.UNKNOWN, elapsed_ms=5.0, reason="timeout", cause=Cause.TIMEOUT)

    monkeypatch.setattr(Z3Session, "check", check)
    result = Z3Prover().prove([parse_fol("P(a)")], parse_fol("P(a)"), evidence=False)
    assert calls == [True]
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason == "timeout"


def test_typed_sessions_need_the_signature_and_shared_ones_no_evidence() -> None:
    with pytest.raises(ValueError, match="signature"):
        Z3Session(typed=True)
    with pytest.raises(ValueError, match="evidence"):
        Z3Session(shared=True)


def test_a_storys_premises_are_asserted_once_and_never_leak_into_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from veridot.provers import z3_checks

    asserted: list[Any] = []
    original = z3_checks.assert_expr

    def counting(solver: Any, expr: Any) -> None:
        asserted.append(expr)
        original(solver, expr)

    monkeypatch.setattr(z3_checks, "assert_expr", counting)
    story = [parse_fol("Cat(tom)"), parse_fol("∀x (Cat(x) → Animal(x))")]
    claims = ["Animal(tom)", "¬Animal(tom)", "Black(tom)", "Cat(felix)"]
    verdicts = [
        Z3Prover().prove(story, parse_fol(claim), timeout=TIMEOUT_S, evidence=False).verdict
        for claim in claims
    ]
    assert verdicts == [
        Verdict.ENTAILED,
        Verdict.CONTRADICTED,
        Verdict.UNSUPPORTED,
        Verdict.UNSUPPORTED,
    ]
    claims_asserted = sum(1 for expr in asserted if "claim" in str(expr))
    # Each premise once for the story (after the first problem, only claims are asserted).
    assert len(asserted) - claims_asserted <= len(story)
    # The next story's premise takes the first premise's place: the one left on the solver
    # must not take part in its question.
    other = [parse_fol("Dog(rex)")]
    result = Z3Prover().prove(other, parse_fol("Cat(tom)"), timeout=TIMEOUT_S, evidence=False)
    assert result.verdict is Verdict.UNSUPPORTED
    smaller = [story[0]]  # a subset of the first story: its rule must be gone
    result = Z3Prover().prove(smaller, parse_fol("Animal(tom)"), timeout=TIMEOUT_S, evidence=False)
    assert result.verdict is Verdict.UNSUPPORTED
