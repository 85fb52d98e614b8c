"""The shared entailment corpus (`tests/corpus/entailment.jsonl`) against every available prover.

Each case gives premises and a claim in FOL text, the expected verdict and, where the unsat
core is unique, the premises every correct core must contain. A backend registered in
`veridot.provers.registry` is picked up here automatically.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veridot.parser.fol import parse_fol
from veridot.provers.base import Verdict
from veridot.provers.registry import available_provers, get_prover

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "entailment.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()
]
# Generous: the cases take milliseconds, but CI machines can be heavily loaded.
TIMEOUT_S = 10.0


def test_corpus_is_large_and_covers_every_verdict() -> None:
    assert len(CASES) >= 40
    assert {case["verdict"] for case in CASES} == {verdict.value for verdict in Verdict}
    assert len({case["id"] for case in CASES}) == len(CASES)
    for case in CASES:
        assert case["note"]
        assert set(case.get("used", [])) <= set(range(len(case["premises"])))


@pytest.mark.parametrize("prover_name", available_provers())
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_case(prover_name: str, case: dict[str, Any]) -> None:
    premises = [parse_fol(text) for text in case["premises"]]
    claim = parse_fol(case["claim"])
    result = get_prover(prover_name).prove(premises, claim, timeout=TIMEOUT_S)
    assert result.verdict.value == case["verdict"], result.reason
    assert set(case.get("used", [])) <= set(result.used_premises)
    assert all(0 <= i < len(premises) for i in result.used_premises)
    if result.verdict is Verdict.UNSUPPORTED:
        assert result.countermodel is not None
        assert result.witness is not None
    else:
        assert result.countermodel is None
    if result.verdict is Verdict.UNKNOWN:
        assert result.reason
