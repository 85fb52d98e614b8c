"""Quantifier words and irregular plurals: what each becomes, and the verdicts that rest on it.

Every determiner and quantifier pronoun either translates to what it means or is untranslated
with a reason; none is ever read as a name (`Red(nobody)`) or as part of a class (`OnlyCat`).
Irregular plurals are read through spaCy's noun tables, so the textbook syllogism holds.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veridot.parser.ast import Const, Formula, Pred, walk
from veridot.parser.english import EnglishParser
from veridot.parser.fol import parse_fol
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.base import Verdict
from veridot.verifier import prove

UNTRANSLATED = "untranslated"

# Each quantifier word, in a sentence, and what the sentence becomes.
WORD_TABLE: list[tuple[str, str, str]] = [
    ("no", "No cat is red.", "∀x (Cat(x) → ¬Red(x))"),
    ("no", "No cats are red.", "∀x (Cat(x) → ¬Red(x))"),
    ("nobody", "Nobody is big.", "∀x ¬Big(x)"),
    ("nobody", "Nobody likes Bob.", "∀x ¬Likes(x, bob)"),
    ("no one", "No one is big.", "∀x ¬Big(x)"),
    ("noone", "Noone is big.", "∀x ¬Big(x)"),
    ("no-one", "No-one is big.", "∀x ¬Big(x)"),
    ("no-one", "The no-one is big.", UNTRANSLATED),
    ("every-one", "Every-one is big.", "∀x Big(x)"),
    ("all-", "The all-star is big.", UNTRANSLATED),
    ("nothing", "Nothing is big.", "∀x ¬Big(x)"),
    ("nothing", "Nothing that is big is red.", "∀x (Big(x) → ¬Red(x))"),
    ("none", "None is big.", UNTRANSLATED),
    ("none", "None of the cats are big.", UNTRANSLATED),
    ("only", "Only cats are animals.", "∀x (Animal(x) → Cat(x))"),
    ("only", "Only red things are big.", "∀x (Big(x) → Red(x))"),
    ("only", "Only Bob is big.", UNTRANSLATED),
    ("only", "Bob is only big.", UNTRANSLATED),
    ("everybody", "Everybody is big.", "∀x Big(x)"),
    ("everyone", "Everyone is big.", "∀x Big(x)"),
    ("everything", "Everything is big.", "∀x Big(x)"),
    ("anybody", "Anybody who is big is red.", "∀x (Big(x) → Red(x))"),
    ("anyone", "Anyone who is big is red.", "∀x (Big(x) → Red(x))"),
    ("anything", "Anything that is big is red.", "∀x (Big(x) → Red(x))"),
    ("somebody", "Somebody is big.", UNTRANSLATED),
    ("someone", "Someone is big.", UNTRANSLATED),
    ("something", "Something is big.", UNTRANSLATED),
    ("someone", "If someone is big then they are red.", "∀x (Big(x) → Red(x))"),
    ("each", "Each cat is red.", "∀x (Cat(x) → Red(x))"),
    ("each", "Each is big.", UNTRANSLATED),
    ("all", "All cats are red.", "∀x (Cat(x) → Red(x))"),
    ("all", "All are big.", UNTRANSLATED),
    ("both", "Both cats are big.", UNTRANSLATED),
    ("both", "So both cats are big.", UNTRANSLATED),
    ("both", "Bob is both big and red.", "Big(bob) ∧ Red(bob)"),
    ("neither", "Neither is big.", UNTRANSLATED),
    ("neither", "Neither cat is big.", UNTRANSLATED),
    ("neither", "Bob is neither big nor red.", UNTRANSLATED),
    ("few", "Few cats are big.", UNTRANSLATED),
    ("most", "Most cats are big.", UNTRANSLATED),
    ("some", "Some cats are big.", UNTRANSLATED),
    ("many", "Many cats are big.", UNTRANSLATED),
    ("at least n", "At least two cats are big.", UNTRANSLATED),
    ("at most n", "At most 2 cats are big.", UNTRANSLATED),
    ("object position", "Bob likes nobody.", UNTRANSLATED),
    ("object position", "Bob likes everyone.", UNTRANSLATED),
    ("complement", "Bob is a nobody.", UNTRANSLATED),
    ("complement", "Bob is none.", UNTRANSLATED),
]


def translate(text: str) -> tuple[TranslationStatus, tuple[Formula, ...], str]:
    result = EnglishParser().translate(text, Vocabulary())
    return result.status, result.claims, result.reason


@pytest.mark.parametrize(("word", "sentence", "expected"), WORD_TABLE)
def test_each_quantifier_word_translates_or_is_untranslated(
    word: str, sentence: str, expected: str
) -> None:
    status, claims, reason = translate(sentence)
    if expected == UNTRANSLATED:
        assert status is TranslationStatus.UNTRANSLATED, (word, claims)
        assert reason
    else:
        assert status is TranslationStatus.CLAIM, reason
        assert claims == (parse_fol(expected),)


def entailment(premises: list[str], conclusion: str) -> Verdict | None:
    """The verdict on `conclusion` from English premises (None when anything is untranslated)."""
    parser, vocabulary = EnglishParser(), Vocabulary()
    formulas: list[Formula] = []
    for text in [*premises, conclusion]:
        result = parser.translate(text, vocabulary, role="premise")
        if result.status is not TranslationStatus.CLAIM:
            return None
        formulas.extend(result.claims)
    *given_, goal = formulas
    return prove(given_, goal, timeout=5.0).verdict


def test_nobody_is_not_an_individual() -> None:
    # Was entailed through `Big(nobody)`, `∀x (Big(x) → Red(x))` ⊢ `Red(nobody)`.
    verdict = entailment(["Nobody is big.", "Everything that is big is red."], "Nobody is red.")
    assert verdict is Verdict.UNSUPPORTED


@pytest.mark.parametrize("word", ["Nobody", "Nothing", "No one", "Noone"])
def test_nobody_and_a_named_individual_contradict(word: str) -> None:
    assert entailment([f"{word} is big."], "Bob is big.") is Verdict.CONTRADICTED


def test_only_reverses_the_rule() -> None:
    # Was `∀x (OnlyCat(x) → Animal(x))`: a class named "only cat".
    assert entailment(["Only cats are animals.", "Tom is an animal."], "Tom is a cat.") is (
        Verdict.ENTAILED
    )
    assert entailment(["Only cats are animals.", "Tom is a cat."], "Tom is an animal.") is (
        Verdict.UNSUPPORTED
    )


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("people", "person"),
        ("feet", "foot"),
        ("teeth", "tooth"),
    ],
)
def test_irregular_plurals_make_the_syllogism_valid(plural: str, singular: str) -> None:
    verdict = entailment(
        [f"All {plural} are mortal.", f"Socrates is a {singular}."], "Socrates is mortal."
    )
    assert verdict is Verdict.ENTAILED


@pytest.mark.parametrize(
    ("sentence", "fol"),
    [
        ("Men are mortal.", "∀x (Man(x) → Mortal(x))"),
        ("Greeks are men.", "∀x (Greek(x) → Man(x))"),
        ("No mice are big.", "∀x (Mouse(x) → ¬Big(x))"),
        ("No mouse is big.", "∀x (Mouse(x) → ¬Big(x))"),
        ("No mice is big.", None),  # the verb does not agree with the plural
        ("Every mouse is small.", "∀x (Mouse(x) → Small(x))"),
        ("All sheep are white.", "∀x (Sheep(x) → White(x))"),
        ("Wumpuses are yumpuses.", "∀x (Wumpus(x) → Yumpus(x))"),
        ("Every person is mortal.", "∀x (Person(x) → Mortal(x))"),
        ("Red people are kind.", "∀x (Red(x) → Kind(x))"),
    ],
)
def test_plural_classes(sentence: str, fol: str | None) -> None:
    status, claims, reason = translate(sentence)
    if fol is None:
        assert status is TranslationStatus.UNTRANSLATED
    else:
        assert status is TranslationStatus.CLAIM, reason
        assert claims == (parse_fol(fol),)


def test_an_unknown_plural_is_untranslated_not_a_new_class() -> None:
    status, _, reason = translate("All blorp are red.")
    assert status is TranslationStatus.UNTRANSLATED
    assert "'blorp'" in reason


@pytest.mark.parametrize(
    "sentence", ["Bob are big.", "Erin are nice.", "Anne are kind.", "All dog are big."]
)
def test_a_name_or_singular_noun_with_a_plural_verb_is_not_a_class(sentence: str) -> None:
    status, claims, reason = translate(sentence)
    assert status is TranslationStatus.UNTRANSLATED, claims
    assert "singular" in reason


@pytest.mark.parametrize(
    ("sentence", "fol"),
    [
        ("Fish are cold.", "∀x (Fish(x) → Cold(x))"),
        ("Cattle are big.", "∀x (Cattle(x) → Big(x))"),
        ("Bob is big.", "Big(bob)"),
    ],
)
def test_zero_plurals_and_names_still_read(sentence: str, fol: str) -> None:
    status, claims, reason = translate(sentence)
    assert status is TranslationStatus.CLAIM, reason
    assert claims == (parse_fol(fol),)


def test_fullwidth_and_ligature_words_fold() -> None:
    assert translate("Ｂｏｂ is ﬁerce.")[1] == (parse_fol("Fierce(bob)"),)


# ---- property: no quantifier word ever becomes a symbol -------------------------------------

_QUANTIFIER_TEXT = (
    "no nobody noone nothing none only every everybody everyone everything any anybody anyone "
    "anything some somebody someone something each all both neither few most many several least"
)
QUANTIFIER_WORDS = frozenset(_QUANTIFIER_TEXT.split())
_QUANTIFIER_SURFACE = [
    *sorted(QUANTIFIER_WORDS),
    *(w.capitalize() for w in sorted(QUANTIFIER_WORDS)),
    "no one",
    "No one",
    "no-one",
    "No-one",
    "every-body",
    "some-thing",
    "only-child",
    "at least two",
    "at most 2",
]
# Sentences of the fragment; the property puts quantifier words into them anywhere.
_BASE = [
    "Bob is big.",
    "The cat is not red.",
    "All cats are red.",
    "Every cat is a wumpus.",
    "Men are mortal.",
    "People are kind.",
    "If something is big then it is red.",
    "Bob likes the dog.",
    "The cat does not chase Bob.",
    "Everything that is big is red.",
    "So Bob is a cat.",
    "Red things are big.",
    "No cat is red.",
    "Bob is big and red.",
    "Wumpuses are not yumpuses.",
    "Since Bob is big, he is red.",
]
_QUANTIFIERS = st.sampled_from(_QUANTIFIER_SURFACE)


def _with_quantifier(base: str, holes: list[tuple[int, bool, str]]) -> str:
    """`base` with quantifier words put in: at word `index`, replacing it or before it."""
    words = base.rstrip(".").split()
    for index, replace, word in holes:
        at = index % (len(words) + 1)
        if replace and at < len(words):
            words[at] = word
        else:
            words.insert(at, word)
    return " ".join(words) + "."


_HOLE = st.tuples(st.integers(0, 12), st.booleans(), _QUANTIFIERS)
_SENTENCES = st.builds(
    _with_quantifier, st.sampled_from(_BASE), st.lists(_HOLE, min_size=1, max_size=2)
)


def _spellings(formula: Formula) -> set[str]:
    """Every word a predicate or constant of `formula` is spelled from, lower case."""
    out: set[str] = set()
    for node in walk(formula):
        if isinstance(node, Pred):
            out.update(w.lower() for w in re.findall(r"[A-Z][a-z]*|[a-z]+", node.name))
        elif isinstance(node, Const):
            out.update(node.name.split("_"))
    return out


@settings(max_examples=500, deadline=None)
@given(_SENTENCES)
def test_no_sentence_yields_a_symbol_spelled_like_a_quantifier(sentence: str) -> None:
    result = EnglishParser().translate(sentence, Vocabulary())
    for claim in result.claims:
        assert not (_spellings(claim) & QUANTIFIER_WORDS), (sentence, claim)


@pytest.mark.parametrize("sentence", ["Nobody is big.", "Only cats are animals.", "None is big."])
def test_known_offenders_have_no_quantifier_symbol(sentence: str) -> None:
    result = EnglishParser().translate(sentence, Vocabulary())
    for claim in result.claims:
        assert not (_spellings(claim) & QUANTIFIER_WORDS), claim


@pytest.mark.parametrize(
    "sentence",
    [
        "Bob is Anne.",
        "Bob is not Anne.",
        "No Bob is big.",
        "All Bob are big.",
        "Everything are big.",
    ],
)
def test_names_are_not_classes_and_verbs_agree(sentence: str) -> None:
    # "Bob is Anne" was `Anne(bob)`, "No Bob is big" `∀x (Bob(x) → ¬Big(x))`.
    assert translate(sentence)[0] is TranslationStatus.UNTRANSLATED


@pytest.mark.parametrize(
    "sentence",
    [
        "The cats are red.",
        "The mice are small.",
        "The cats chase the dog.",
        "The cats are not red.",
        "Anne chase the dog.",
        "If Bob is big then the cats are red.",
        "Bob is big and the cats are red.",
    ],
)
def test_a_plural_subject_is_not_an_individual(sentence: str) -> None:
    # "The cats are red" was `Red(cats)`: a constant named after a group, so "Tom is a cat" ⊢
    # "Tom is red" was a false alarm, and the countermodel said "the cats is ... a cat".
    status, claims, reason = translate(sentence)
    assert status is TranslationStatus.UNTRANSLATED, claims
    assert "plural" in reason


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The cat is red.", "Red(cat)"),
        ("The bald eagle chases the cat.", "Chases(bald_eagle, cat)"),
        ("If someone is big then they are red.", "∀x (Big(x) → Red(x))"),
        ("If Bob is big then they are red.", "Big(bob) → Red(bob)"),
    ],
)
def test_singular_subjects_and_their_pronouns_still_read(sentence: str, expected: str) -> None:
    status, claims, _ = translate(sentence)
    assert status is TranslationStatus.CLAIM
    assert claims[-1] == parse_fol(expected)
