"""Each controlled-English sentence form maps to the expected formula."""

from __future__ import annotations

import pytest

from veridot.parser.english import EnglishParser, parse_sentence
from veridot.parser.fol import parse_fol
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary


def claims(text: str) -> tuple[object, ...]:
    result = EnglishParser().translate(text, Vocabulary())
    assert result.status is TranslationStatus.CLAIM, result.reason
    return result.claims


@pytest.mark.parametrize(
    ("sentence", "fol"),
    [
        # facts
        ("The cat is big.", "Big(cat)"),
        ("Bob is not blue.", "¬Blue(bob)"),
        ("Bob isn't blue.", "¬Blue(bob)"),
        ("The lion chases the bear.", "Chases(lion, bear)"),
        ("The bear does not visit the tiger.", "¬Visits(bear, tiger)"),
        ("The bald eagle needs the dog.", "Needs(bald_eagle, dog)"),
        ("The dog eats the bald eagle.", "Eats(dog, bald_eagle)"),
        ("Rex is a wumpus.", "Wumpus(rex)"),
        ("Sally is not a yumpus.", "¬Yumpus(sally)"),
        ("Max is an impus.", "Impus(max)"),
        ("Bob is big and red.", "Big(bob) ∧ Red(bob)"),
        ("Bob is big and Anne is not red.", "Big(bob) ∧ ¬Red(anne)"),
        ("Alex is six-legged.", "SixLegged(alex)"),
        ("Alex is a painted lady.", "PaintedLady(alex)"),
        ("3 is a Mersenne prime.", "MersennePrime(n3)"),
        ("127 is not composite.", "¬Composite(n127)"),
        # rules
        ("If something is big then it is red.", "∀x (Big(x) → Red(x))"),
        ("If someone is cold and round then they are nice.", "∀x (Cold(x) ∧ Round(x) → Nice(x))"),
        ("If something is big and not red then it is kind.", "∀x (Big(x) ∧ ¬Red(x) → Kind(x))"),
        ("If something is not big then it is not red.", "∀x (¬Big(x) → ¬Red(x))"),
        (
            "If the dog chases the cat then the dog likes the cat.",
            "Chases(dog, cat) → Likes(dog, cat)",
        ),
        (
            "If something visits the mouse and the mouse is quiet then it is kind.",
            "∀x (Visits(x, mouse) ∧ Quiet(mouse) → Kind(x))",
        ),
        (
            "If someone is nice and they chase the tiger then they do not see the cow.",
            "∀x (Nice(x) ∧ Chases(x, tiger) → ¬Sees(x, cow))",
        ),
        (
            "If something chases the lion then the lion chases the rabbit.",
            "∀x (Chases(x, lion) → Chases(lion, rabbit))",
        ),
        (
            "If Erin is red and Erin is not round then Erin is nice.",
            "Red(erin) ∧ ¬Round(erin) → Nice(erin)",
        ),
        ("If Bob is big, then Bob is red.", "Big(bob) → Red(bob)"),
        ("If the bear is big then it is red.", "Big(bear) → Red(bear)"),
        ("All red things are kind.", "∀x (Red(x) → Kind(x))"),
        ("Red, big things are kind.", "∀x (Red(x) ∧ Big(x) → Kind(x))"),
        ("All rough, nice people are white.", "∀x (Rough(x) ∧ Nice(x) → White(x))"),
        ("Young people are smart.", "∀x (Young(x) → Smart(x))"),
        ("Big things are not young.", "∀x (Big(x) → ¬Young(x))"),
        ("All red things chase the dog.", "∀x (Red(x) → Chases(x, dog))"),
        ("Every wumpus is a tumpus.", "∀x (Wumpus(x) → Tumpus(x))"),
        ("Each wumpus is a tumpus.", "∀x (Wumpus(x) → Tumpus(x))"),
        ("Wumpuses are not opaque.", "∀x (Wumpus(x) → ¬Opaque(x))"),
        ("Jompuses are yumpuses.", "∀x (Jompus(x) → Yumpus(x))"),
        ("Each real number is not imaginary.", "∀x (RealNumber(x) → ¬Imaginary(x))"),
        ("Prime numbers are natural numbers.", "∀x (PrimeNumber(x) → NaturalNumber(x))"),
        ("Each Mersenne prime is prime.", "∀x (MersennePrime(x) → Prime(x))"),
        ("No cat is red.", "∀x (Cat(x) → ¬Red(x))"),
        ("Everything that is big is red.", "∀x (Big(x) → Red(x))"),
        ("Everything is red.", "∀x Red(x)"),
        ("Things that are big are red.", "∀x (Big(x) → Red(x))"),
        ("All people who are big are red.", "∀x (Big(x) → Red(x))"),
        ("Anyone who is big is red.", "∀x (Big(x) → Red(x))"),
        ("If something is big, it is red.", "∀x (Big(x) → Red(x))"),
    ],
)
def test_sentence_form(sentence: str, fol: str) -> None:
    assert claims(sentence) == (parse_fol(fol),)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("Wumpuses", "Wumpus"),
        ("Yumpuses", "Yumpus"),
        ("Impuses", "Impus"),
        ("Jompuses", "Jompus"),
        ("Lepidopterans", "Lepidopteran"),
        ("Butterflies", "Butterfly"),
        ("Tabbies", "Tabby"),
        ("Sheep", "Sheep"),
    ],
)
def test_plurals_of_invented_and_real_nouns(plural: str, singular: str) -> None:
    (formula,) = claims(f"{plural} are nervous.")
    assert formula == parse_fol(f"∀x ({singular}(x) → Nervous(x))")


def test_adjectives_ending_in_s_are_not_singularized() -> None:
    assert claims("Rex is nervous.") == (parse_fol("Nervous(rex)"),)
    assert claims("Rompuses are luminous.") == (parse_fol("∀x (Rompus(x) → Luminous(x))"),)


def test_verb_forms_share_one_predicate() -> None:
    vocab = Vocabulary()
    parser = EnglishParser()
    texts = [
        "The dog chases the cat.",
        "The cow does not chase the cat.",
        "If someone chases the dog then they chased the cat.",
    ]
    for text in texts:
        assert parser.translate(text, vocab).status is TranslationStatus.CLAIM
    assert vocab.predicates == {"Chases": 2}


def test_the_x_is_a_constant_and_a_noun_is_a_predicate() -> None:
    vocab = Vocabulary()
    parser = EnglishParser()
    parser.translate("The cat is a feline.", vocab)
    parser.translate("Cats are mammals.", vocab)
    assert "cat" in vocab.constants
    assert vocab.predicates == {"Feline": 1, "Cat": 1, "Mammal": 1}


def test_vocabulary_glosses() -> None:
    vocab = Vocabulary()
    EnglishParser().translate("The bald eagle chases Bob. Wumpuses are yumpuses.", vocab)
    assert vocab.glosses["Chases"] == "chases"
    assert vocab.glosses["bald_eagle"] == "the bald eagle"
    assert vocab.glosses["bob"] == "Bob"
    # A noun's gloss carries its article, so a countermodel says "Rex is a wumpus".
    assert vocab.glosses["Wumpus"] == "a wumpus"
    assert vocab.constants == {"bald_eagle", "bob"}
    vocab = Vocabulary()
    EnglishParser().translate("Bob is blue. Bob is an eagle. Every owl is a bird.", vocab)
    assert vocab.glosses["Blue"] == "blue"  # an adjective has none
    assert (vocab.glosses["Eagle"], vocab.glosses["Owl"]) == ("an eagle", "an owl")
    assert vocab.glosses["Bird"] == "a bird"


def test_results_are_cached_by_text() -> None:
    first = parse_sentence("The tiger is young.")
    assert parse_sentence("The tiger is young.") is first


def test_literal_negation_reading() -> None:
    from veridot.parser.english.negation import complement, literal_negation

    (rule,) = claims("If something is big and not red then it is not kind.")
    assert literal_negation(rule) == parse_fol("∀x (Big(x) ∧ NotRed(x) → NotKind(x))")
    (fact,) = claims("Bob is not blue.")
    assert literal_negation(fact) == parse_fol("NotBlue(bob)")
    assert complement(literal_negation(fact)) == parse_fol("Blue(bob)")
    assert complement(parse_fol("Nothing(bob)")) == parse_fol("NotNothing(bob)")
