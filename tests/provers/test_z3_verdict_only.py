"""Z3 without evidence (`prove(..., evidence=False)`, used by `veridot eval`): same verdicts.

The verdict-only path skips rendering models and minimising cores; these tests check that it
decides every corpus case exactly as the full path does, and that it really renders nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parser.fol import parse_fol
from provers.base import Verdict
from provers.z3_prover import Z3Prover

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
    premises = [parse_fol("c = a / b")]
    for evidence in (True, False):
        result = Z3Prover().prove(premises, parse_fol("c = a / b"), evidence=evidence)
        assert result.verdict is Verdict.UNKNOWN
        assert result.reason.startswith("division_by_zero")
    guarded = [parse_fol("b ≠ 0"), *premises]
    result = Z3Prover().prove(guarded, parse_fol("a = c * b"), evidence=False)
    assert result.verdict is Verdict.ENTAILED
