"""Reasoning steps: connectives, several sentences, no-claim and untranslated sentences."""

from __future__ import annotations

import pytest

from veridot.parser.english import EnglishParser, split_sentences
from veridot.parser.fol import parse_fol
from veridot.parser.semantic import Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary


def translate(text: str) -> Translation:
    return EnglishParser().translate(text, Vocabulary())


@pytest.mark.parametrize(
    ("text", "fols"),
    [
        ("So Max is a dumpus.", ["Dumpus(max)"]),
        ("Therefore, Bob is red.", ["Red(bob)"]),
        ("Thus the cat is not big.", ["¬Big(cat)"]),
        ("Hence Bob is red.", ["Red(bob)"]),
        ("Since Bob is big, Bob is red.", ["Big(bob)", "Red(bob)"]),
        ("Because Bob is big, Bob is red.", ["Big(bob)", "Red(bob)"]),
        ("Bob is big, so Bob is red.", ["Big(bob)", "Red(bob)"]),
        ("Bob is big, and so Bob is red.", ["Big(bob)", "Red(bob)"]),
        ("Bob is red because Bob is big.", ["Big(bob)", "Red(bob)"]),
        ("Bob is red, because Bob is big.", ["Big(bob)", "Red(bob)"]),
        (
            "Since all red things are kind, Bob is kind.",
            ["∀x (Red(x) → Kind(x))", "Kind(bob)"],
        ),
        ("We know that Bob is big.", ["Big(bob)"]),
        ("Bob is big, so he is red.", ["Big(bob)", "Red(bob)"]),
        ("Since the bear is big, it is red.", ["Big(bear)", "Red(bear)"]),
        ("It follows that Max is not sour.", ["¬Sour(max)"]),
        ("Bob is big, which means that Bob is red.", ["Big(bob)", "Red(bob)"]),
        ("Since Bob is big, then Bob is red.", ["Big(bob)", "Red(bob)"]),
        ("Bob is also red.", ["Red(bob)"]),
        ("Bob is both big and red.", ["Big(bob) ∧ Red(bob)"]),
        (
            "Since Bob is big and all big things are red, Bob is red.",
            ["Big(bob) ∧ ∀x (Big(x) → Red(x))", "Red(bob)"],
        ),
        (
            "Since Max is a yumpus and yumpuses are dumpuses, Max is a dumpus.",
            ["Yumpus(max) ∧ ∀x (Yumpus(x) → Dumpus(x))", "Dumpus(max)"],
        ),
        (
            "Max is a yumpus and each yumpus is a dumpus, so Max is a dumpus.",
            ["Yumpus(max) ∧ ∀x (Yumpus(x) → Dumpus(x))", "Dumpus(max)"],
        ),
        (
            "Max is a yumpus. Each yumpus is a dumpus. So Max is a dumpus.",
            ["Yumpus(max)", "∀x (Yumpus(x) → Dumpus(x))", "Dumpus(max)"],
        ),
    ],
)
def test_connectives_keep_the_main_claim_last(text: str, fols: list[str]) -> None:
    result = translate(text)
    assert result.status is TranslationStatus.CLAIM, result.reason
    assert result.claims == tuple(parse_fol(f) for f in fols)
    assert result.main == parse_fol(fols[-1])


@pytest.mark.parametrize(
    "text",
    ["Let's think step by step.", "Let us check the rules.", "Is Bob red?", "", "   "],
)
def test_no_claim(text: str) -> None:
    assert translate(text).status is TranslationStatus.NO_CLAIM


def test_no_claim_sentence_beside_a_claim() -> None:
    result = translate("Let's think step by step. Bob is big, so Bob is red.")
    assert result.claims == (parse_fol("Big(bob)"), parse_fol("Red(bob)"))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Bob is very red.", "expected one adjective"),
        ("Bob quickly chases the dog.", "'chases' does not agree"),
        ("Anne chases quickly the dog.", "unexpected 'the'"),
        ("It is red.", "'it' has no antecedent"),
        ("The dog chases the cat, so it is big.", "'it' is ambiguous between dog, cat"),
        ("If Bob is big and Anne is red then she is kind.", "'she' is ambiguous"),
        ("If Bob is big then something is red.", "'something' after 'then' is ambiguous"),
        ("Something is red.", "'something' here refers to nothing"),
        ("If something is not big and red then it is kind.", "ambiguous negation"),
        ("Bob is big or red.", "unexpected 'or'"),
        ("If something is big and all big things are red then it is red.", "general statement"),
        ("Bob is", "the end of the sentence"),
        ("The dog chases a cat.", "unexpected"),
        ("Bob is big; Anne is red.", "unexpected ';'"),
    ],
)
def test_untranslated_sentences_say_why(text: str, fragment: str) -> None:
    result = translate(text)
    assert result.status is TranslationStatus.UNTRANSLATED
    assert fragment in result.reason
    assert result.claims == ()


def test_untranslated_reason_lists_what_was_expected() -> None:
    result = translate("Bob is")
    assert "expected" in result.reason
    assert "an adjective or noun" in result.reason


def test_one_untranslated_sentence_makes_the_step_untranslated() -> None:
    result = translate("Bob is big. Bob probably likes cheese.")
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "Bob probably likes cheese." in result.reason


def test_split_sentences() -> None:
    text = "Mr. Smith paid $3.5 for it. Bob is big!\nIs Bob red? 2 + 2 = 4."
    assert split_sentences(text) == [
        "Mr. Smith paid $3.5 for it.",
        "Bob is big!",
        "Is Bob red?",
        "2 + 2 = 4.",
    ]


def test_premise_and_claim_roles_share_the_grammar() -> None:
    parser = EnglishParser()
    vocab = Vocabulary()
    premise = parser.translate("All red things are kind.", vocab, role="premise")
    claim = parser.translate("All red things are kind.", vocab, role="claim")
    assert premise.claims == claim.claims
    assert premise.parser == claim.parser == "english"


@pytest.mark.parametrize(
    "text",
    [
        "The answer is yes.",
        "So the answer is no.",
        "The answer is true.",
        "Therefore, the final answer is false.",
        "The answer is 42.",
        "The answer is (A).",
        "Answer: B",
        "#### 42",
        "So the answer is \\(\\boxed{6}\\).",
    ],
)
def test_answer_announcements_claim_nothing(text: str) -> None:
    result = translate(text)
    assert result.status is TranslationStatus.NO_CLAIM
    assert result.claims == ()


@pytest.mark.parametrize(
    "text",
    [
        "The step is wrong.",
        "This statement is true.",
        "The question is hard.",
        "The total is big.",
        "The result is correct.",
        "Bob is true.",
        "True, Bob is red.",
    ],
)
def test_sentences_about_the_reasoning_are_untranslated(text: str) -> None:
    result = translate(text)
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "speaks about the reasoning" in result.reason


def test_answer_sentence_with_arithmetic_keeps_the_arithmetic() -> None:
    result = translate("So the answer is 3 + 4 = 7.")
    assert result.claims == (parse_fol("3 + 4 = 7"),)


def test_logic_sentences_near_meta_words_still_translate() -> None:
    assert translate("No cat is red.").claims == (parse_fol("∀x (Cat(x) → ¬Red(x))"),)
    assert translate("Bob is not big.").claims == (parse_fol("¬Big(bob)"),)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("This is possible.", "This"),
        ("This is not an integer.", "This"),
        ("We consider the parity.", "We"),
        ("We can use the linearity of expectation.", "We"),
        ("Two lines can divide the plane into at most four regions.", "Two"),
        ("All three numbers are semiprimes.", "three"),
        ("Continue to the next smallest two-digit prime number.", "to"),
        ("The spiral staircase wraps around the cylinder exactly once.", "around"),
        ("Since the octagon is regular, all interior angles are equal.", "equal"),
        ("Both solutions are integers.", "Both"),
    ],
)
def test_generic_words_are_not_individuals_or_classes(text: str, word: str) -> None:
    result = translate(text)
    assert result.status is TranslationStatus.UNTRANSLATED
    assert repr(word) in result.reason


def test_both_as_a_filler_still_works() -> None:
    assert translate("Bob is both big and red.").claims == (parse_fol("Big(bob) ∧ Red(bob)"),)


@pytest.mark.parametrize(
    "text",
    [
        "Some retailers are offering additional discounts.",
        "The sphere fits inside the cube.",
        "The remaining students are not football players.",
    ],
)
def test_quantifiers_and_prepositions_outside_the_fragment(text: str) -> None:
    assert translate(text).status is TranslationStatus.UNTRANSLATED


def test_generic_rules_about_numbers_still_translate() -> None:
    # PrOntoQA's false ontologies: "number" is a class there, not a quantity of the reasoning
    assert translate("Every number is a real number.").claims == (
        parse_fol("∀x (Number(x) → RealNumber(x))"),
    )
