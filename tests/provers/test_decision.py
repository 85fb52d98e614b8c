"""The decision policy on scripted solver answers: no solver, every rule on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from veridot.parser.ast import Pred
from veridot.provers.base import Cause, Model, ProofResult, Verdict
from veridot.provers.deadline import Deadline
from veridot.provers.decision import UNDEFINED_CLAIM, UNDEFINED_PREMISES, Answer, Decision, Query

SAT = Answer("sat", model="a model")
GAVE_UP = Answer("unknown", reason="solver_gave_up: incomplete quantifiers", cause=Cause.GAVE_UP)


def unsat(*core: int, claim: bool = True) -> Answer:
    return Answer("unsat", core=frozenset(core), claim_in_core=claim)


@dataclass
class Claim:
    partial: bool = False
    expr: object = "C"
    false_expr: object = None

    def refuted(self) -> object:
        return "not C"

    def supported(self) -> object:
        return "C"


@dataclass
class Oracle:
    """Answers from a script keyed by the question; records the questions asked."""

    script: dict[Query | None, Answer]
    persist: bool = False
    complete_limit: int | None = None
    evidence: bool = True
    divides: frozenset[int] = frozenset()
    asked: list[Query | None] = field(default_factory=list)
    satisfiable: list[frozenset[int]] = field(default_factory=list)

    def ask(
        self,
        ids: Sequence[int],
        claim: Claim,
        query: Query | None,
        deadline: Deadline,
        *,
        tracked: bool = True,
    ) -> Answer:
        self.asked.append(query)
        return self.script[query]

    def partial(self, formula_id: int) -> bool:
        return formula_id in self.divides

    def known_sat(self, ids: Sequence[int]) -> bool:
        return any(set(ids) <= known for known in self.satisfiable)

    def remember(self, answer: Answer, ids: Sequence[int]) -> None:
        self.satisfiable.append(frozenset(ids))

    def read(self, answer: Answer, symbols: frozenset[str], seeds: frozenset[str]) -> Model:
        return Model(domain=(str(answer.model),))


def decision(count: int = 3) -> Decision:
    """A policy memory that knows premises 0 .. count - 1 (`P0`, `P1`, ...)."""
    memory = Decision()
    for i in range(count):
        memory.add(i, Pred(f"P{i}"))
    return memory


def decide(oracle: Oracle, claim: Claim | None = None, ids: Sequence[int] = (0, 1)) -> ProofResult:
    with Deadline(10.0) as deadline:
        return decision().decide(oracle, list(ids), claim or Claim(), frozenset(), deadline)


R, S, F, T = Query.REFUTED, Query.SUPPORTED, Query.FALSE, Query.TRUE


def test_entailed_needs_the_claim_in_the_core_and_satisfiable_premises() -> None:
    oracle = Oracle({R: unsat(1), S: SAT})
    result = decide(oracle)
    assert (result.verdict, result.used_premises) == (Verdict.ENTAILED, (1,))
    assert oracle.asked == [R, S]  # the witness search shows the premises satisfiable
    alone = Oracle({R: unsat(0, 1), S: unsat(0), None: unsat(0, claim=False)})
    result = decide(alone)
    assert (result.verdict, result.used_premises) == (Verdict.INCONSISTENT, (0,))


def test_a_core_without_the_claim_is_inconsistent_and_remembered() -> None:
    oracle = Oracle({R: unsat(0, claim=False)})
    memory = decision()
    with Deadline(10.0) as deadline:
        first = memory.decide(oracle, [0, 1, 2], Claim(), frozenset(), deadline)
        again = memory.decide(oracle, [0, 2], Claim(), frozenset(), deadline)
    assert first.verdict is again.verdict is Verdict.INCONSISTENT
    assert oracle.asked == [R]  # the second check is answered from the kept core


def test_contradicted_and_unsupported() -> None:
    contradicted = decide(Oracle({R: SAT, S: unsat(0)}))
    assert (contradicted.verdict, contradicted.used_premises) == (Verdict.CONTRADICTED, (0,))
    unsupported = decide(Oracle({R: SAT, S: SAT}))
    assert unsupported.verdict is Verdict.UNSUPPORTED
    assert unsupported.countermodel is not None
    assert unsupported.witness is not None
    verdict_only = decide(Oracle({R: SAT, S: SAT}, evidence=False))
    assert verdict_only.verdict is Verdict.UNSUPPORTED
    assert verdict_only.countermodel is None


def test_division_guard_on_premises_and_claim() -> None:
    premises = decide(Oracle({R: unsat(1, claim=False)}, divides=frozenset({1})))
    assert (premises.verdict, premises.cause) == (Verdict.UNKNOWN, Cause.DIVISION_BY_ZERO)
    assert premises.reason == UNDEFINED_PREMISES
    # Not definitely true, not definitely false, and never false: undefined somewhere.
    claim = decide(Oracle({R: SAT, S: SAT, F: unsat(), T: SAT}), Claim(partial=True))
    assert (claim.verdict, claim.cause, claim.reason) == (
        Verdict.UNKNOWN,
        Cause.DIVISION_BY_ZERO,
        UNDEFINED_CLAIM,
    )
    both = decide(Oracle({R: SAT, S: SAT, F: SAT, T: SAT}), Claim(partial=True))
    assert both.verdict is Verdict.UNSUPPORTED


@pytest.mark.parametrize(
    ("persist", "verdict"), [(False, Verdict.UNKNOWN), (True, Verdict.CONTRADICTED)]
)
def test_an_unknown_ends_the_decision_only_for_an_oracle_that_does_not_persist(
    persist: bool, verdict: Verdict
) -> None:
    oracle = Oracle({R: GAVE_UP, S: unsat(0), None: SAT}, persist=persist)
    result = decide(oracle)
    assert result.verdict is verdict
    if persist:  # the countermodel search gave up: are the premises satisfiable alone?
        assert oracle.asked == [R, S, None]
    else:
        assert (result.cause, result.reason) == (Cause.GAVE_UP, GAVE_UP.reason)
        assert oracle.asked == [R]


def test_a_persisting_oracle_with_no_answer_is_unknown_with_the_first_cause() -> None:
    result = decide(Oracle({R: GAVE_UP, S: SAT}, persist=True))
    assert (result.verdict, result.cause) == (Verdict.UNKNOWN, Cause.GAVE_UP)


def test_the_subset_strategy_is_for_oracles_that_stop() -> None:
    with pytest.raises(ValueError, match="subset"):
        decide(Oracle({}, persist=True, complete_limit=4))
