"""Incremental sessions: reuse across checks, arbitrary premise subsets, O(N) chains."""

from __future__ import annotations

import gc
import random
import threading
from collections.abc import Sequence
from typing import Any

import pytest
import z3

from veridot.parser.ast import Formula
from veridot.parser.errors import SortError
from veridot.parser.fol import parse_fol
from veridot.provers.base import ProverError, Verdict
from veridot.provers.decision import SUBSET_BUDGET, Answer
from veridot.provers.z3_prover import Z3Prover
from veridot.provers.z3_session import COMPLETE_LIMIT, Z3Session

POOL = [
    "∀x (Dog(x) → Animal(x))",
    "∀x (Animal(x) → Alive(x))",
    "Dog(rex)",
    "Cat(tom)",
    "∀x (Cat(x) → ¬Dog(x))",
    "¬Alive(rex)",
    "Likes(tom, rex)",
    "∀x ∀y (Likes(x, y) → Knows(x, y))",
    "age(rex) = 3",
    "∀x (age(x) < 5 → Young(x))",
]
CLAIMS = ["Alive(rex)", "Animal(rex)", "Knows(tom, rex)", "Dog(tom)", "Young(rex)", "Cat(rex)"]


def _f(text: str) -> Formula:
    return parse_fol(text)


def test_session_matches_fresh_prove_on_random_subsets() -> None:
    rng = random.Random(7)
    prover = Z3Prover()
    session = prover.session()
    ids = [session.add(_f(text)) for text in POOL]
    for _ in range(40):
        chosen = rng.sample(range(len(POOL)), rng.randint(0, len(POOL)))
        claim = rng.choice(CLAIMS)
        got = session.check([ids[i] for i in chosen], _f(claim))
        expected = prover.prove([_f(POOL[i]) for i in chosen], _f(claim))
        assert got.verdict == expected.verdict, (chosen, claim)
        assert set(got.used_premises) <= set(range(len(chosen)))
        if got.verdict in (Verdict.ENTAILED, Verdict.CONTRADICTED, Verdict.INCONSISTENT):
            core = [_f(POOL[chosen[i]]) for i in got.used_premises]
            recheck = prover.prove(core, _f(claim))
            assert recheck.verdict == got.verdict  # the core alone suffices
    session.close()


def test_large_sessions_use_subsets_and_stay_correct() -> None:
    session = Z3Prover().session()
    filler = [session.add(_f(f"Q{i}(c{i})")) for i in range(COMPLETE_LIMIT + 10)]
    rule = session.add(_f("∀x (Dog(x) → Animal(x))"))
    fact = session.add(_f("Dog(rex)"))
    ids = [*filler, rule, fact]
    entailed = session.check(ids, _f("Animal(rex)"))
    assert entailed.verdict is Verdict.ENTAILED
    assert entailed.used_premises == (len(filler), len(filler) + 1)
    contradicted = session.check(ids, _f("¬Animal(rex)"))
    assert contradicted.verdict is Verdict.CONTRADICTED
    unsupported = session.check(ids, _f("Cat(rex)"))
    assert unsupported.verdict is Verdict.UNSUPPORTED
    assert unsupported.countermodel is not None
    assert "Dog(rex)" in unsupported.countermodel.true_atoms
    # a claim that needs a far-away premise: found by the full check, core still exact
    far = session.check(ids, _f("∃x Q3(x)"))
    assert far.verdict is Verdict.ENTAILED
    assert far.used_premises == (3,)
    # inconsistency among many premises
    bad = session.add(_f("¬Animal(rex)"))
    result = session.check([*ids, bad], _f("Cat(tom)"))
    assert result.verdict is Verdict.INCONSISTENT
    assert result.used_premises == (len(ids) - 2, len(ids) - 1, len(ids))
    # the cached core answers a superset at once; a subset without it is fine again
    again = session.check([*ids, bad, session.add(_f("Cat(tom)"))], _f("Cat(tom)"))
    assert again.verdict is Verdict.INCONSISTENT
    assert session.check(ids, _f("Animal(rex)")).verdict is Verdict.ENTAILED
    # a local proof is not trusted when far-away premises are contradictory
    clash = [session.add(_f("Zeta(q)")), session.add(_f("¬Zeta(q)"))]
    far_bad = session.check([*ids, *clash], _f("Animal(rex)"))
    assert far_bad.verdict is Verdict.INCONSISTENT
    assert far_bad.used_premises == (len(ids), len(ids) + 1)
    session.close()


def test_chain_costs_linear_solver_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every solver call is one question of the decision policy (`Z3Session.ask`).
    subset_sizes: list[int] = []
    original_ask = Z3Session.ask

    def recording_ask(self: Z3Session, ids: Sequence[int], *args: Any, **kwargs: Any) -> Answer:
        if kwargs.get("tracked", True):
            subset_sizes.append(len(ids))
        else:
            subset_sizes.append(-1)  # the main solver: all the premises, no core
        return original_ask(self, ids, *args, **kwargs)

    monkeypatch.setattr(Z3Session, "ask", recording_ask)
    steps = 150
    session = Z3Prover().session()
    ids = [session.add(_f("Q0(a)"))]
    ids += [session.add(_f(f"∀x (Q{i}(x) → Q{i + 1}(x))")) for i in range(steps)]
    for i in range(1, steps + 1):
        result = session.check(ids, _f(f"Q{i}(a)"))
        assert result.verdict is Verdict.ENTAILED, (i, result.reason)
        assert len(result.used_premises) == 2
        ids.append(session.add(_f(f"Q{i}(a)")))
    session.close()
    assert len(subset_sizes) <= 2 * steps + 5  # O(N) solver checks for N steps
    assert max(subset_sizes) <= SUBSET_BUDGET  # each check asserts a bounded subset


def test_used_premises_are_positions_in_the_request() -> None:
    session = Z3Prover().session()
    ids = [session.add(_f(text)) for text in ["A(a)", "B(b)", "A(a) → C(a)", "D(d)"]]
    result = session.check([ids[3], ids[2], ids[1], ids[0]], _f("C(a)"))
    assert result.verdict is Verdict.ENTAILED
    assert result.used_premises == (1, 3)
    session.close()


def test_signature_grows_incrementally_and_clashes_are_sort_errors() -> None:
    session = Z3Prover().session()
    first = session.add(_f("P(a)"))
    second = session.add(_f("price = 48 / 2"))
    with pytest.raises(SortError):
        session.add(_f("P(a, b)"))
    with pytest.raises(SortError):
        session.check([first], _f("price(a) = 3"))
    assert session.check([second], _f("price = 24")).verdict is Verdict.ENTAILED
    assert session.check([first], _f("P(a)")).verdict is Verdict.ENTAILED
    session.close()


def test_late_numeric_use_rebuilds_the_session_with_new_sorts() -> None:
    session = Z3Prover().session()
    same = session.add(_f("a = b"))  # nothing says a and b are numbers: objects for now
    tom = session.add(_f("Cat(tom)"))
    assert session.check([same, tom], _f("Cat(tom)")).verdict is Verdict.ENTAILED
    result = session.check([same], _f("a = 3"))  # now they are numbers: rebuilt, not refused
    assert result.verdict is Verdict.UNSUPPORTED
    assert session.signature.constants["a"] == "number"
    three = session.add(_f("b = 1 + 2"))
    entailed = session.check([tom, same, three], _f("a = 3"))
    assert entailed.verdict is Verdict.ENTAILED
    assert entailed.used_premises == (1, 2)
    with pytest.raises(SortError):
        session.add(_f("Cat(tom, tom)"))  # a real clash (arity) is still an error
    session.close()


def test_bad_ids_and_closed_sessions_are_errors_other_threads_may_continue() -> None:
    session = Z3Prover().session()
    ident = session.add(_f("P(a)"))
    with pytest.raises(ProverError):
        session.check([ident + 5], _f("P(a)"))
    results = []

    def use() -> None:  # one thread at a time may use a session
        results.append(session.check([ident], _f("P(a)")).verdict)

    worker = threading.Thread(target=use)
    worker.start()
    worker.join()
    assert results == [Verdict.ENTAILED]
    session.close()
    with pytest.raises(ProverError):
        session.check([ident], _f("P(a)"))
    with pytest.raises(ProverError):
        session.add(_f("P(b)"))


def test_same_formula_twice_and_empty_premises() -> None:
    session = Z3Prover().session()
    a = session.add(_f("P(a)"))
    b = session.add(_f("P(a)"))
    result = session.check([a, b, a], _f("P(a)"))
    assert result.verdict is Verdict.ENTAILED
    assert len(result.used_premises) == 1
    assert session.check([], _f("P(a) ∨ ¬P(a)")).verdict is Verdict.ENTAILED
    assert session.check([], _f("P(a)")).verdict is Verdict.UNSUPPORTED
    session.close()


def _live_contexts() -> int:
    return sum(isinstance(o, z3.Context) for o in gc.get_objects())


def test_close_releases_the_context_at_once_even_in_a_reference_cycle() -> None:
    # A checker's session sits in a reference cycle, so only the garbage collector frees
    # it; a context left to the collector dies with its terms alive, Z3's slow path.
    gc.collect()
    gc.disable()
    try:
        before = _live_contexts()
        session = Z3Prover().session()
        ids = [session.add(_f(text)) for text in POOL[:4]]
        assert session.check(ids, _f("Alive(rex)")).verdict is Verdict.ENTAILED
        assert session.check(ids, _f("Cat(rex)")).verdict is Verdict.UNSUPPORTED
        cycle: list[object] = [session]
        cycle.append(cycle)
        session.close()
        session.close()  # closing twice is harmless
        assert _live_contexts() == before
    finally:
        gc.enable()
