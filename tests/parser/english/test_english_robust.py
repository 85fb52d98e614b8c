"""Bad or odd input never raises: it is untranslated, no claim, or a bounded claim."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from veridot.parser.english import EnglishParser
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary

_VOCABULARY = (
    "if then and not is are does do a the all every each something someone it they "
    "things people so since because Bob Anne cat dog big red chases sees wumpuses , . "
    "= + - * / ( ) 3 12 48 $ % \\( \\) \\frac{1}{2} \\text{ x} ; ? ! x 2x"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=25).map(" ".join))
def test_random_word_salad_never_raises(text: str) -> None:
    result = EnglishParser().translate(text, Vocabulary())
    assert result.status in set(TranslationStatus)
    if result.status is TranslationStatus.UNTRANSLATED:
        assert result.reason
    else:
        assert result.reason or result.claims or result.status is TranslationStatus.NO_CLAIM


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    EnglishParser().translate(text, Vocabulary())


def test_deeply_nested_arithmetic_is_skipped_not_crashing() -> None:
    text = "(" * 5000 + "1" + ")" * 5000 + " = 1"
    result = EnglishParser().translate(text, Vocabulary())
    assert result.status is not TranslationStatus.CLAIM


def test_very_long_sentence_is_untranslated_quickly() -> None:
    text = "Bob is " + " and ".join(["big"] * 3000) + " or red."
    result = EnglishParser().translate(text, Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "'or'" in result.reason


def test_long_conjunction_translates() -> None:
    text = "Bob is " + " and ".join(["big"] * 2000) + "."
    result = EnglishParser().translate(text, Vocabulary())
    assert result.status is TranslationStatus.CLAIM
