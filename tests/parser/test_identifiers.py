"""Identifier hygiene: NFKC folding, and names whose letters only look Latin are refused."""

from __future__ import annotations

import pytest

from veridot.parser.errors import ParseError
from veridot.parser.fol import parse_fol
from veridot.parser.identifiers import ConfusableSymbolError, confusable, fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ｃａｔ(ｔｏｍ)", "Cat(tom)"),  # fullwidth letters
        ("ﬁsh(tom)", "fish(tom)"),  # the ligature ﬁ
        ("𝐂𝐚𝐭(tom)", "Cat(tom)"),  # mathematical bold
        ("∀ｘ (Cat(ｘ) → Animal(x))", "∀x (Cat(x) → Animal(x))"),  # one bound variable
        ("ｆ(ａ) = ｂ", "f(a) = b"),
    ],
)
def test_identifiers_are_nfkc_folded(text: str, expected: str) -> None:
    assert parse_fol(text) == parse_fol(expected)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Саt(tom)", ["U+0421", "U+0430"]),  # Cyrillic С and а inside Latin "Cat"
        ("Cat(tom) ∧ ¬Cаt(tom)", ["U+0430"]),
        ("Cat(tоm)", ["U+043E"]),  # a constant
        ("∀x (Cat(x) → Αnimal(x))", ["U+0391"]),  # Greek capital alpha
        ("P(а)", ["U+0430"]),  # a lone Cyrillic а prints exactly like the Latin a
    ],
)
def test_look_alike_names_are_refused_with_their_code_points(text: str, points: list[str]) -> None:
    with pytest.raises(ConfusableSymbolError) as info:
        parse_fol(text)
    err = info.value
    assert isinstance(err, ParseError)
    assert err.code == "confusable_symbol"
    assert err.line == 1
    assert err.column > 0
    for point in points:
        assert point in err.message


@pytest.mark.parametrize("name", ["Cat", "Δx", "xα", "θ1", "Кошка", "café", "Zoë", "λ", "ν"])
def test_ordinary_names_are_not_confusable(name: str) -> None:
    assert confusable(name) == ()


def test_fold_leaves_ascii_alone() -> None:
    assert fold("Cat_2") == "Cat_2"
    assert fold("ﬁ") == "fi"


@pytest.mark.parametrize("text", ["x² = 4", "P(aⁿ)", "y = x³ + 1", "x²(a) = b", "∀x² P(x²)"])
def test_a_superscript_in_a_name_is_refused_not_folded(text: str) -> None:
    # NFKC folds `x²` into the name `x2`: `x = 2` |- `x² = 4` was unsupported with a world
    # `x2 = 3`, and `x2 = 5`, `x = 3` |- `x² = 5` was entailed.
    with pytest.raises(ParseError) as info:
        parse_fol(text)
    assert info.value.label == "superscript in a name"
    assert info.value.column > 0
    assert "x^2" in info.value.message or "^" in info.value.message


def test_subscripts_still_fold_into_names() -> None:
    assert parse_fol("P(a₁)") == parse_fol("P(a1)")


def test_prove_never_reads_a_superscript_as_a_name() -> None:
    from veridot.verifier import prove

    # Refused (the math reader does not read `²` either), never a verdict about `x2`.
    for premises, claim in ((["x2 = 5", "x = 3"], "x² = 5"), (["x = 2"], "x² = 4")):
        with pytest.raises(ParseError, match="superscript"):
            prove(premises, claim, timeout=30)
