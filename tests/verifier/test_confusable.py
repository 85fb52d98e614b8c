"""A look-alike symbol is a `confusable_symbol` finding and never a decided step."""

from __future__ import annotations

from veridot.verifier import verify
from veridot.verifier.report import NodeStatus, RecordVerdict


def test_cyrillic_name_in_a_formula_is_reported_not_silently_consistent() -> None:
    # `Cat(tom)`, `¬Cаt(tom)` (Cyrillic а) used to be consistent: two different predicates.
    record = {"id": "t", "premises": [{"fol": "Cat(tom)"}], "steps": [{"fol": "¬Cаt(tom)"}]}
    report = verify(record)
    node = report.node("s0")
    assert node.status is NodeStatus.UNTRANSLATED
    assert [f.code for f in node.findings] == ["confusable_symbol"]
    assert "U+0430" in node.findings[0].args["reason"]
    assert report.verdict is not RecordVerdict.VALID


def test_look_alike_word_in_english_is_reported() -> None:
    record = {
        "id": "t",
        "parser": "english",
        "premises": ["Tom is a cat."],
        "steps": ["Tom is not a cаt."],
    }
    report = verify(record)
    node = report.node("s0")
    assert [f.code for f in node.findings] == ["confusable_symbol"]
    assert report.verdict is not RecordVerdict.VALID


def test_look_alike_in_a_fol_text_step_is_reported() -> None:
    record = {"id": "t", "parser": "fol", "premises": ["Cat(tom)"], "steps": ["¬Cаt(tom)"]}
    node = verify(record).node("s0")
    assert [f.code for f in node.findings] == ["confusable_symbol"]
    assert "U+0430" in node.findings[0].args["reason"]


def test_fullwidth_names_fold_onto_plain_ones() -> None:
    record = {"id": "t", "premises": [{"fol": "Ｃａｔ(ｔｏｍ)"}], "steps": [{"fol": "Cat(tom)"}]}
    report = verify(record)
    assert report.node("s0").status is NodeStatus.ENTAILED
    assert report.verdict is RecordVerdict.VALID


def test_eval_does_not_decide_a_sample_with_a_look_alike_symbol() -> None:
    from veridot.parser.english import EnglishParser
    from veridot.provers.registry import get_prover
    from veridot.verifier.datasets.base import Sample
    from veridot.verifier.evaluate import evaluate_sample

    sample = Sample(premises=("Tom is a cat.",), conclusion="Tom is not a cаt.")
    result = evaluate_sample(sample, EnglishParser(), get_prover("z3"), timeout=5.0)
    assert result.outcome == "untranslated"
    assert "U+0430" in result.reason
