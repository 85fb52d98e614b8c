"""Any spelling of true/false (`True`, `FALSE`, ⊤, ⊥) is the truth constant, never an atom."""

from __future__ import annotations

import pytest

from veridot.parser.ast import Bool, Const, Implies, Not, Pred
from veridot.parser.errors import ParseError, SortError
from veridot.parser.fol import parse_fol
from veridot.parser.sorts import infer_signature


@pytest.mark.parametrize("word", ["true", "True", "TRUE", "tRUE", "⊤"])
def test_every_spelling_of_true_is_the_constant(word: str) -> None:
    assert parse_fol(word) == Bool(True)
    assert parse_fol(f"P(a) ∧ {word}").args[1] == Bool(True)  # type: ignore[union-attr]


@pytest.mark.parametrize("word", ["false", "False", "FALSE", "⊥"])
def test_every_spelling_of_false_is_the_constant(word: str) -> None:
    assert parse_fol(f"P(a) → {word}") == Implies(Pred("P", (Const("a"),)), Bool(False))
    assert parse_fol(f"¬{word}") == Not(Bool(False))


@pytest.mark.parametrize(
    "text", ["True(x)", "P(False)", "∀True P(a)", "all FALSE. P(a)", "Exists True. P(a)"]
)
def test_truth_words_cannot_name_symbols_or_variables(text: str) -> None:
    with pytest.raises(ParseError):
        parse_fol(text)


@pytest.mark.parametrize("name", ["True", "false", "FALSE"])
def test_hand_built_asts_cannot_use_truth_words_as_symbols(name: str) -> None:
    with pytest.raises(SortError, match="truth constant"):
        infer_signature([Pred(name, ())])
    with pytest.raises(SortError, match="truth constant"):
        infer_signature([Pred("P", (Const(name),))])
