"""`both` and `portfolio`: the verdict policy, the child processes, and disagreement findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from veridot.parser.ast import Formula
from veridot.parser.fol import parse_fol
from veridot.provers import registry
from veridot.provers.base import Cause, Model, ProofResult, Verdict
from veridot.provers.combined_policy import combine_both, disagreement, first_definite

pytestmark = pytest.mark.skipif(
    "both" not in registry.available_provers(), reason="both needs z3 and cvc5"
)

E, C, U, N, K = (
    Verdict.ENTAILED,
    Verdict.CONTRADICTED,
    Verdict.UNSUPPORTED,
    Verdict.INCONSISTENT,
    Verdict.UNKNOWN,
)


def result(
    verdict: Verdict, prover: str, used: tuple[int, ...] = (), reason: str = ""
) -> ProofResult:
    return ProofResult(verdict, used_premises=used, reason=reason, prover=prover)


def test_agreement_keeps_the_first_backends_evidence() -> None:
    got = combine_both({"z3": result(E, "z3", (0, 2)), "cvc5": result(E, "cvc5", (0, 1, 2))})
    assert got.verdict is E
    assert got.used_premises == (0, 2)
    assert got.prover == "both"


@pytest.mark.parametrize("definite", [E, C, U, N])
def test_one_gives_up_the_other_decides(definite: Verdict) -> None:
    for gives_up in ("z3", "cvc5"):
        other = "cvc5" if gives_up == "z3" else "z3"
        got = combine_both(
            {gives_up: result(K, gives_up, reason="timeout"), other: result(definite, other)}
        )
        assert got.verdict is definite
        assert f"{gives_up} gave up: timeout" in got.reason
        assert disagreement(got) is None


@pytest.mark.parametrize(("a", "b"), [(E, U), (E, C), (C, U), (N, E), (U, N)])
def test_different_definite_verdicts_are_never_reported(a: Verdict, b: Verdict) -> None:
    got = combine_both({"cvc5": result(b, "cvc5"), "z3": result(a, "z3", (0,))})
    assert got.verdict is K
    assert got.used_premises == ()
    assert disagreement(got) == {"z3": a.value, "cvc5": b.value}
    assert got.cause is Cause.DISAGREEMENT
    assert got.reason == f"prover_disagreement: z3={a.value}, cvc5={b.value}"


def test_both_give_up() -> None:
    timeout = replace(result(K, "z3", reason="timeout"), cause=Cause.TIMEOUT)
    got = combine_both({"z3": timeout, "cvc5": result(K, "cvc5")})
    assert got.verdict is K
    assert "z3: timeout" in got.reason
    assert got.cause is Cause.TIMEOUT  # the first backend's
    assert disagreement(got) is None


def test_a_disagreement_is_known_by_its_cause_not_its_text() -> None:
    lookalike = result(K, "both", reason="prover_disagreement: z3=entailed, cvc5=unsupported")
    assert disagreement(lookalike) is None


def test_portfolio_takes_the_first_definite_answer() -> None:
    got = first_definite({"cvc5": result(K, "cvc5"), "z3": result(U, "z3")})
    assert (got.verdict, got.prover) == (U, "portfolio:z3")
    assert first_definite({"z3": result(K, "z3"), "cvc5": result(K, "cvc5")}).verdict is K


def formulas(texts: Sequence[str]) -> list[Formula]:
    return [parse_fol(text) for text in texts]


@pytest.mark.parametrize("name", ["both", "portfolio"])
def test_processes_decide_and_keep_evidence(name: str) -> None:
    prover = registry.get_prover(name)
    premises = formulas(["Cat(tom)", "Dog(rex)", "∀x (Dog(x) → Barks(x))"])
    got = prover.prove(premises, parse_fol("Barks(rex)"), timeout=10.0)
    assert got.verdict is E
    assert set(got.used_premises) >= {1, 2}
    assert 0 not in got.used_premises
    assert got.prover.startswith(name)
    open_ = prover.prove(premises[:1], parse_fol("Barks(tom)"), timeout=10.0)
    assert open_.verdict is U
    assert isinstance(open_.countermodel, Model)


def test_session_survives_a_killed_child() -> None:
    from veridot.provers.worker_process import prover_process

    session = registry.get_prover("both").session(timeout=10.0)
    try:
        rule = session.add(parse_fol("∀x (Man(x) → Mortal(x))"))
        fact = session.add(parse_fol("Man(socrates)"))
        assert session.check([rule, fact], parse_fol("Mortal(socrates)")).verdict is E
        prover_process("z3").kill()  # as if it had overrun its deadline
        again = session.check([rule, fact], parse_fol("¬Mortal(socrates)"))
        assert again.verdict is C  # the restarted child got the session replayed
        assert again.used_premises == (0, 1)
    finally:
        session.close()


def test_a_child_that_overruns_its_deadline_is_killed_and_restarted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from veridot.provers.worker_process import prover_process
    from veridot.provers.z3_session import Z3Session

    z3_child = prover_process("z3")
    z3_child.kill()  # the next check forks a child that has the patch below
    session = registry.get_prover("both").session(timeout=0.5)
    try:
        rule = session.add(parse_fol("∀x (Man(x) → Mortal(x))"))
        fact = session.add(parse_fol("Man(socrates)"))
        assert session.check([rule, fact], parse_fol("Mortal(socrates)")).verdict is E
        with monkeypatch.context() as patch:  # a Z3 deaf to every deadline, in a new child
            z3_child.kill()
            check = Z3Session.check
            deaf = lambda self, ids, claim: time.sleep(20) or check(self, ids, claim)  # noqa: E731
            patch.setattr(Z3Session, "check", deaf)
            z3_child.ensure()
        generation = z3_child.generation
        while time.monotonic() - z3_child.started_at < 1.0:  # past a first start's allowance
            time.sleep(0.05)
        stuck = session.check([fact], parse_fol("Mortal(socrates)"))
        assert stuck.verdict is U  # cvc5's answer; z3's child was killed, not waited for
        assert stuck.reason == "z3 gave up: timeout: the z3 process overran its deadline, stopped"
        again = session.check([rule, fact], parse_fol("¬Mortal(socrates)"))
        assert again.verdict is C  # a new child, with the session replayed
        assert again.used_premises == (0, 1)
        assert z3_child.generation == generation + 1
    finally:
        session.close()


class _Disagreeing:
    """A backend stand-in whose every check is a z3/cvc5 disagreement."""

    name = "both"

    def prove(self, premises: Sequence[Formula], claim: Formula, *, timeout: float = 2.0) -> Any:
        return self.session().check([], claim)

    def session(self, *, timeout: float = 2.0, signature: object = None) -> Any:
        return self

    def add(self, formula: Formula) -> int:
        return 0

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        return combine_both({"z3": result(E, "z3", (0,)), "cvc5": result(U, "cvc5")})

    def close(self) -> None:
        pass


def test_verifier_reports_a_disagreement_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from veridot.verifier import verify
    from veridot.verifier.report import NodeStatus, RecordVerdict

    monkeypatch.setattr(registry, "get_prover", lambda name="z3": _Disagreeing())
    record = {"id": "d", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]}
    report = verify(record, prover="both", parser="fol")
    step = report.node("s0")
    assert step.status is NodeStatus.UNKNOWN
    (finding,) = [f for f in step.findings if f.code == "prover_disagreement"]
    assert finding.args["verdicts"] == {"z3": "entailed", "cvc5": "unsupported"}
    assert report.verdict is RecordVerdict.INCOMPLETE  # undecided, never invalid
