"""Word classes for prose about a world: is a predicate's word a noun, an adjective or a verb?

Countermodels are told in English ("Rex is a dog and an animal", "Pingu is a penguin, flies
and does not swim"), so each one-place predicate needs its word class: a noun takes an
article, an adjective stands after "is", a verb stands alone and is negated with "does not".
The English parser knows the class of the words it read and says so in the gloss (a noun's
gloss carries its article, `noun_gloss`); a bare FOL symbol (`Dog`, `Flies`) is classed by
spaCy's English word tables (`spacy-lookups-data`, as `veridot.parser.english.plurals` uses them): a
third-person verb form whose lemma is a verb ("flies", "swims") is a verb, a word the tables
know only as a noun ("dog", "mammal") a noun, anything else (an adjective, a word that is both,
an unknown word) an adjective, which is how it was rendered before.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Literal

WordClass = Literal["noun", "adjective", "verb"]
_NOT_VERB_ENDINGS = ("ss", "us", "is", "ous", "ics")
# "a" or "an" goes by the sound, which spelling shows for most words; these are the usual
# exceptions (a silent h, a "you" or "wuh" sound).
_AN_CONSONANT_SOUND = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")
_AN_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


@cache
def _tables() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(nouns, adjectives, verbs) from spaCy's English lemma index, loaded once."""
    from spacy.lookups import load_lookups

    index = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
    return frozenset(index["noun"]), frozenset(index["adj"]), frozenset(index["verb"])


def article(words: str) -> str:
    """`a` or `an` for the noun phrase `words` ("an animal", "a unicorn", "an hour")."""
    first = words.lower()
    if first.startswith(_AN_SILENT_H):
        return "an"
    if first.startswith(_AN_CONSONANT_SOUND):
        return "a"
    return "an" if first[:1] in ("a", "e", "i", "o", "u") else "a"


def noun_gloss(words: str) -> str:
    """The gloss of a noun: its singular with an article ("a dog", "an eagle")."""
    return f"{article(words)} {words}"


def _verb_lemma(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=1 << 12)
def word_class(words: str) -> WordClass:
    """The class of a predicate's words (its last word decides: "prime number" is a noun)."""
    if words.startswith(("a ", "an ")):  # a noun gloss from the English parser
        return "noun"
    last = words.rsplit(" ", 1)[-1].lower()
    if not last.isalpha():
        return "adjective"
    nouns, adjectives, verbs = _tables()
    if (
        last.endswith("s")
        and not last.endswith(_NOT_VERB_ENDINGS)
        and last not in adjectives
        and _verb_lemma(last) in verbs
    ):
        return "verb"
    if last in nouns and last not in adjectives:
        return "noun"
    return "adjective"


def negated_verb(words: str) -> str:
    """ "flies" -> "does not fly" (the third-person form back to its lemma)."""
    head, _, rest = words.partition(" ")
    lemma = _verb_lemma(head) if head.endswith("s") else head
    return " ".join(p for p in ("does not", lemma, rest) if p)
