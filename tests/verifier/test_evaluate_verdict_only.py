"""Evaluation asks a backend for the verdict only when its `prove` takes `evidence`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from veridot.parser.ast import Formula, Pred
from veridot.parser.fol import FolParser
from veridot.provers.base import ProofResult, Verdict
from veridot.verifier.datasets import Sample
from veridot.verifier.evaluate import evaluate_sample


@dataclass
class EvidenceProver:
    """Records the `evidence` flag of every call."""

    name: str = "spy"
    flags: list[bool] = field(default_factory=list)

    def prove(
        self,
        premises: Sequence[Formula],
        claim: Formula,
        *,
        timeout: float = 2.0,
        evidence: bool = True,
    ) -> ProofResult:
        self.flags.append(evidence)
        return ProofResult(Verdict.ENTAILED)


@dataclass
class PlainProver:
    """A backend whose `prove` has no `evidence` parameter (e.g. cvc5)."""

    name: str = "plain"
    calls: int = 0

    def prove(
        self, premises: Sequence[Formula], claim: Formula, *, timeout: float = 2.0
    ) -> ProofResult:
        self.calls += 1
        assert isinstance(claim, Pred)
        return ProofResult(Verdict.CONTRADICTED)


SAMPLE = Sample(premises=("Cat(tom)",), conclusion="Cat(tom)")


def test_eval_asks_for_the_verdict_only() -> None:
    prover = EvidenceProver()
    result = evaluate_sample(SAMPLE, FolParser(), prover, timeout=1.0)
    assert result.outcome == "True"
    assert prover.flags == [False]


def test_backends_without_the_option_are_called_as_before() -> None:
    prover = PlainProver()
    result = evaluate_sample(SAMPLE, FolParser(), prover, timeout=1.0)
    assert result.outcome == "False"
    assert prover.calls == 1
