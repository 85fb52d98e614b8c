"""Translations shared by verdict-only sessions (`veridot.provers.z3_memo`): reused only when the
formula and the sorts of its symbols are the same, and verdicts unchanged either way."""

from __future__ import annotations

import pytest
import z3

from veridot.parser.ast import Const, Pred
from veridot.parser.fol import parse_fol
from veridot.parser.sorts import infer_signature
from veridot.provers.base import Verdict
from veridot.provers.z3_convert import Z3Converter
from veridot.provers.z3_memo import LIMIT, SharedTranslations, shared_translations
from veridot.provers.z3_prover import Z3Prover
from veridot.provers.z3_solver import thread_context


def test_the_same_formula_with_the_same_sorts_is_translated_once() -> None:
    ctx = z3.Context()
    memo = SharedTranslations(ctx)
    formula = parse_fol("∀x (Dog(x) → Animal(x))")
    signature = infer_signature([formula])
    first = memo.convert(Z3Converter(ctx, signature), formula)
    again = memo.convert(Z3Converter(ctx, signature), formula)  # another problem's session
    assert again is first
    fresh = Z3Converter(ctx, signature).convert(formula, checked=True)
    assert fresh.expr.get_id() == first.expr.get_id()  # what rebuilding would have given


def test_other_sorts_get_their_own_translation() -> None:
    ctx = z3.Context()
    memo = SharedTranslations(ctx)
    formula = parse_fol("Score(a)")
    as_object = infer_signature([formula])
    as_number = infer_signature([formula, parse_fol("a = 3")])
    first = memo.convert(Z3Converter(ctx, as_object), formula)
    second = memo.convert(Z3Converter(ctx, as_number), formula)
    assert first.expr.arg(0).sort() != second.expr.arg(0).sort()
    assert second.expr.arg(0).sort() == z3.RealSort(ctx)


def test_an_equal_formula_that_is_another_object_is_translated_again() -> None:
    ctx = z3.Context()
    memo = SharedTranslations(ctx)
    one, other = parse_fol("P(a) ∧ Q(b)"), parse_fol("P(a)  ∧ Q(b)")
    assert one == other
    assert one is not other
    signature = infer_signature([one])
    first = memo.convert(Z3Converter(ctx, signature), one)
    second = memo.convert(Z3Converter(ctx, signature), other)
    assert second is not first  # identity, not equality: no recursive hash per look-up
    assert second.expr.get_id() == first.expr.get_id()


def test_the_memo_is_bounded_and_belongs_to_one_context() -> None:
    ctx = thread_context()
    memo = shared_translations(ctx)
    assert shared_translations(ctx) is memo
    assert shared_translations(z3.Context()) is not memo
    bounded = SharedTranslations(ctx)
    signature = infer_signature([parse_fol("P(a)")])
    converter = Z3Converter(ctx, signature)
    kept = [Pred("P", (Const("a"),)) for _ in range(LIMIT + 5)]  # equal, distinct objects
    for formula in kept:
        bounded.convert(converter, formula)
    assert 0 < len(bounded) <= LIMIT


def test_verdicts_do_not_depend_on_what_was_proved_before() -> None:
    # The same premise object, typed Obj in one problem and a number in the next.
    score = parse_fol("Score(a) → Passed(a)")
    prover = Z3Prover()
    one = prover.prove([score, parse_fol("Score(a)")], parse_fol("Passed(a)"), evidence=False)
    two = prover.prove(
        [score, parse_fol("Score(a)"), parse_fol("a = 3")],
        parse_fol("Passed(3)"),
        evidence=False,
    )
    three = prover.prove([score], parse_fol("Passed(a)"), evidence=False)
    assert (one.verdict, two.verdict, three.verdict) == (
        Verdict.ENTAILED,
        Verdict.ENTAILED,
        Verdict.UNSUPPORTED,
    )


def test_tracking_literals_and_guarded_premises_are_made_once_per_context() -> None:
    ctx = z3.Context()
    memo = SharedTranslations(ctx)
    assert memo.literal("!p0") is memo.literal("!p0")
    assert memo.literal("!p0").eq(z3.Bool("!p0", ctx))
    formula = parse_fol("∀x (Dog(x) → Animal(x))")
    converted = memo.convert(Z3Converter(ctx, infer_signature([formula])), formula)
    guarded = memo.tracked("!p0", converted)
    assert memo.tracked("!p0", converted) is guarded
    assert guarded.eq(z3.Implies(z3.Bool("!p0", ctx), converted.expr))
    assert not memo.tracked("!p1", converted).eq(guarded)


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count Z3's checks from here on (each appends to the list returned)."""
    calls: list[int] = []
    check = z3.Z3_solver_check_assumptions

    def counted(*args: object) -> object:
        calls.append(1)
        return check(*args)

    monkeypatch.setattr(z3, "Z3_solver_check_assumptions", counted)
    return calls


def test_a_kept_model_answers_another_claim_about_the_same_premises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Names of their own: the thread's memo keeps models from other tests' premises too.
    premises = [parse_fol(t) for t in ("∀x (Kept1Dog(x) → Kept1Pet(x))", "Kept1Dog(rex)")]
    premises.append(parse_fol("Kept1Cat(tom)"))
    prover = Z3Prover()
    first = prover.prove(premises, parse_fol("Kept1Pet(rex)"), evidence=False)
    assert first.verdict is Verdict.ENTAILED  # the premises' satisfiability check kept a model
    checks = _counting_checks(monkeypatch)
    second = prover.prove(premises, parse_fol("Kept1Pet(tom)"), evidence=False)
    assert second.verdict is Verdict.UNSUPPORTED
    assert len(checks) == 1  # one of its two questions is answered by the kept model
    assert prover.prove(premises, parse_fol("Kept1Pet(tom)")).verdict is Verdict.UNSUPPORTED


def test_a_kept_model_answers_only_for_premises_it_satisfies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    premises = [parse_fol(t) for t in ("∀x (Kept2Dog(x) → Kept2Pet(x))", "Kept2Dog(rex)")]
    prover = Z3Prover()
    assert prover.prove(premises, parse_fol("Kept2Pet(rex)"), evidence=False).verdict is (
        Verdict.ENTAILED
    )
    checks = _counting_checks(monkeypatch)
    more = [*premises, parse_fol("¬Kept2Pet(tom)")]  # a premise the kept model never saw
    result = prover.prove(more, parse_fol("Kept2Dog(tom)"), evidence=False)
    assert result.verdict is Verdict.CONTRADICTED
    assert len(checks) == 2


def test_a_claim_quantified_over_numbers_is_left_to_z3(monkeypatch: pytest.MonkeyPatch) -> None:
    premises = [parse_fol("Kept3Size(a) = 3"), parse_fol("∀x (Kept3Big(x) → Kept3Size(x) > 2)")]
    prover = Z3Prover()
    prover.prove(premises, parse_fol("Kept3Big(a)"), evidence=False)
    checks = _counting_checks(monkeypatch)
    claim = parse_fol("∃n (n > Kept3Size(a) ∧ Kept3Bound(n))")
    assert prover.prove(premises, claim, evidence=False).verdict is Verdict.UNSUPPORTED
    assert len(checks) == 2  # no model is asked about a quantifier over numbers


def test_a_session_of_its_own_keeps_no_model() -> None:
    ctx = z3.Context()
    memo = SharedTranslations(ctx)
    formula = parse_fol("Kept4(a)")
    converted = memo.convert(Z3Converter(ctx, infer_signature([formula])), formula)
    solver = z3.Solver(ctx=ctx)
    solver.add(converted.expr)
    assert solver.check() == z3.sat
    assert memo.keep([converted], [0], solver.model()) is not None
    assert memo.model_satisfying([converted], [0], converted, converted.expr) is None
    shared = SharedTranslations(ctx, keep_models=True)
    shared.keep([converted], [0], solver.model())
    assert shared.model_satisfying([converted], [0], converted, converted.expr) is not None


def test_converters_of_one_context_share_its_sorts_and_declarations() -> None:
    ctx = z3.Context()
    memo = SharedTranslations(ctx)
    formula = parse_fol("∀x (Dog(x) → Owner(x) = bob)")
    signature = infer_signature([formula])
    first = Z3Converter(ctx, signature, memo.made)
    second = Z3Converter(ctx, signature, memo.made)  # another problem's session
    assert second.obj is first.obj
    assert second.predicate("Dog") is first.predicate("Dog")
    assert second.constant("bob") is first.constant("bob")
    alone = Z3Converter(ctx, signature)  # its own table: the same Z3 declarations
    assert alone.predicate("Dog") is not first.predicate("Dog")
    assert alone.predicate("Dog").eq(first.predicate("Dog"))
    assert first.convert(formula).expr.eq(alone.convert(formula).expr)
    numeric = Z3Converter(ctx, infer_signature([parse_fol("bob = 3")]), memo.made)
    assert numeric.constant("bob").sort() == z3.RealSort(ctx)  # another sort: its own
    assert first.constant("bob").sort() == first.obj
