"""What the checker knows is satisfiable, and the checks it answers without the prover."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import pytest

from veridot.parser.ast import Arith, Const, Eq, Formula, Num, Pred
from veridot.parser.fol import parse_fol
from veridot.parser.semantic import Role, Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary
from veridot.provers import z3_session
from veridot.provers.base import Cause, ProofResult, Verdict
from veridot.verifier.check import verify
from veridot.verifier.report import NodeStatus
from veridot.verifier.satisfiable import Satisfiable, substitution

x, y = Const("x"), Const("y")


def n(value: int) -> Num:
    return Num(Fraction(value))


def known_of(*texts: str) -> tuple[Satisfiable, list[Formula]]:
    formulas = [parse_fol(t) for t in texts]
    return Satisfiable(formulas.__getitem__), formulas


def test_a_ground_claim_over_premises_proved_satisfiable_is_decided_exactly() -> None:
    known, _ = known_of("x = 3", "y = x * x")
    assert known.decide([0, 1], parse_fol("3 * 4 = 12")) is None  # not known yet
    known.learn([0, 1], ProofResult(Verdict.UNSUPPORTED))
    true = known.decide([0, 1], parse_fol("3 * 4 = 12"))
    false = known.decide([0, 1], parse_fol("3 * 4 = 13"))
    assert true is not None
    assert true.verdict is Verdict.ENTAILED
    assert false is not None
    assert false.verdict is Verdict.CONTRADICTED
    assert true.used_premises == false.used_premises == ()  # as the prover answers
    assert known.decide([1], parse_fol("2 < 3")) is not None  # a subset is satisfiable too
    assert known.decide([0, 1], parse_fol("x = 3")) is None  # a symbol: the prover's
    assert known.decide([0, 1], Eq(Arith("/", n(1), n(0)), n(1))) is None  # undefined
    assert known.decide([0, 1], Pred("P", ())) is None


def test_only_verdicts_with_a_world_prove_satisfiable() -> None:
    known, _ = known_of("x = 1", "x = 2")
    for verdict in (Verdict.INCONSISTENT, Verdict.UNKNOWN):
        known.learn([0, 1], ProofResult(verdict))
    assert not known.known([0, 1])
    known.learn([0], ProofResult(Verdict.CONTRADICTED))
    assert known.known([0])
    assert not known.known([0, 1])


def test_exactly_true_ground_premises_never_change_satisfiability() -> None:
    known, _ = known_of("x = 1", "2 * 3 = 6", "2 * 3 = 7")
    known.learn([0], ProofResult(Verdict.ENTAILED))
    assert known.known([0, 1])
    assert known.known([1])
    assert not known.known([0, 2])  # a false one does


def test_a_claim_that_holds_joins_its_premises() -> None:
    known, _ = known_of("x = 1", "x + 1 = 2", "x = 5")
    known.learn_claim([0], Verdict.ENTAILED, [1])
    assert known.known([0, 1])
    known.learn_claim([0, 1], Verdict.CONTRADICTED, [2])
    assert not known.known([0, 1, 2])


def test_substitution_finds_values_in_either_order() -> None:
    env = substitution([parse_fol("y = 2 * x"), parse_fol("x = 3")])
    assert env == {"x": Fraction(3), "y": Fraction(6)}
    assert substitution([parse_fol("x = 1"), parse_fol("x = 2")]) is None
    assert substitution([parse_fol("x * x = 2")]) is None  # no value by substitution
    assert substitution([parse_fol("x = 1 / y"), parse_fol("y = 0")]) is None


def test_new_symbols_with_values_cannot_clash() -> None:
    known, _ = known_of("a = 1", "b * b = 2")
    definitions = [parse_fol("x = 5"), parse_fol("y = 2 * x")]
    assert known.independent([0, 1], definitions)
    assert not known.independent([0, 1], [parse_fol("a = 5")])  # a premise's symbol
    assert not known.independent([0], [parse_fol("x * x = 2")])


def _probe(
    verdict: Verdict, cause: Cause | None = None
) -> tuple[list[Sequence[int]], Callable[[Sequence[int], Formula], ProofResult]]:
    calls: list[Sequence[int]] = []

    def prove(premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        calls.append(premise_ids)
        return ProofResult(verdict, cause=cause)

    return calls, prove


@pytest.mark.parametrize(
    ("verdict", "cause", "settled"),
    [
        (Verdict.CONTRADICTED, None, True),  # ⊥ refuted: satisfiable together
        (Verdict.UNKNOWN, Cause.TIMEOUT, True),  # the sound default: assumed
        (Verdict.INCONSISTENT, None, False),  # a clash, or old: the full check says which
        (Verdict.UNKNOWN, Cause.DIVISION_BY_ZERO, False),
    ],
)
def test_definitions_are_settled_by_one_satisfiability_check(
    verdict: Verdict, cause: Cause | None, settled: bool
) -> None:
    known, _ = known_of("a * a = 2", "a = b * b", "a > 0")
    calls, prove = _probe(verdict, cause)
    assert known.settled([0], [1], [parse_fol("a = b * b")], prove) is settled
    assert calls == [[0, 1]]


def test_definitions_known_or_independent_or_dividing_need_no_probe() -> None:
    known, _ = known_of("a * a = 2", "x = 5", "a = 1 / c")
    calls, prove = _probe(Verdict.CONTRADICTED)
    assert known.settled([0], [1], [parse_fol("x = 5")], prove)
    assert not known.settled([0], [2], [parse_fol("a = 1 / c")], prove)
    known.learn([0, 2], ProofResult(Verdict.ENTAILED))
    assert known.settled([0], [2], [parse_fol("a = 1 / c")], prove)
    assert calls == []


class _Scripted(dict[str, Translation]):
    name = "scripted"

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        return self.get(text) or Translation.untranslated("not scripted", parser=self.name)


def _claims(*formulas: Formula) -> Translation:
    return Translation(TranslationStatus.CLAIM, formulas, parser="scripted")


def test_a_chain_of_arithmetic_asks_the_prover_once(monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[int] = []
    original = z3_session.Z3Session.check

    def counted(self: z3_session.Z3Session, ids: Sequence[int], claim: Formula) -> ProofResult:
        checks.append(len(ids))
        return original(self, ids, claim)

    monkeypatch.setattr(z3_session.Z3Session, "check", counted)
    scripted = _Scripted()
    scripted["p"] = _claims(parse_fol("x * y = 6"))
    scripted["a"] = _claims(parse_fol("2 * 3 = 6"))
    scripted["b"] = _claims(parse_fol("6 + 1 = 7"))
    scripted["c"] = _claims(parse_fol("7 * 2 = 15"))
    report = verify({"id": "r", "premises": ["p"], "steps": ["a", "b", "c"]}, parser=scripted)
    statuses = [report.node(s).status for s in ("s0", "s1", "s2")]
    assert statuses == [NodeStatus.ENTAILED, NodeStatus.ENTAILED, NodeStatus.CONTRADICTED]
    assert report.node("s2").used == ()
    assert len(checks) == 1  # the first proves the premise satisfiable; the rest are exact


def test_premises_not_proved_satisfiable_still_go_to_the_prover() -> None:
    scripted = _Scripted()
    scripted["p"] = _claims(parse_fol("x * x = 2"))
    scripted["q"] = _claims(parse_fol("x * x = 3"))
    scripted["a"] = _claims(parse_fol("2 * 3 = 6"))
    report = verify({"id": "r", "premises": ["p", "q"], "steps": ["a"]}, parser=scripted)
    assert report.node("s0").status is NodeStatus.INCONSISTENT  # never a vacuous `entailed`
