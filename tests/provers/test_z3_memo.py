"""Translations shared by verdict-only sessions (`veridot.provers.z3_memo`): reused only when the
formula and the sorts of its symbols are the same, and verdicts unchanged either way."""

from __future__ import annotations

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
