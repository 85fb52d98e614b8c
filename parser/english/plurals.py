"""Singular forms of plural nouns, including the invented ones spaCy cannot know.

spaCy's lookup table turns "butterflies" into "butterfly" but leaves "wumpuses", "impuses" or
"lepidopterans" unchanged, because they are not in it. PrOntoQA is built from such words, so
this module adds the few regular English plural rules for words the table does not know. It is
only applied where the grammar says a plural noun stands ("Wumpuses are ...", "are yumpuses"),
never to adjectives in singular position, so "nervous" and "luminous" are safe; words ending in
"-ous", "-ss", "-us" or "-is" are never treated as plurals.

The lookup lemma is trusted only when it is a plural-to-singular change (the word ends in "s"
and the lemma is shorter): the same table maps "painted" to "paint", which is right for a verb
and wrong for "painted lady".
"""

from __future__ import annotations

_NOT_PLURAL_ENDINGS = ("ous", "ss", "us", "is", "ics")
_SIBILANT_ES = ("sses", "shes", "ches", "xes", "zes")


def singular(word: str, lemma: str | None = None) -> str:
    """The singular of the lower-case plural `word`; `lemma` is spaCy's lookup lemma, if any."""
    if not word.endswith("s") or word.endswith(_NOT_PLURAL_ENDINGS):
        return word
    if lemma and lemma != word and len(lemma) < len(word):
        return lemma
    if word.endswith("uses"):  # wumpuses, impuses, jompuses -> wumpus, impus, jompus
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_SIBILANT_ES):
        return word[:-2]
    return word[:-1]


def third_person(lemma: str) -> str:
    """The third-person singular of a verb lemma ("chase" -> "chases", "carry" -> "carries")."""
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def verb_lemma(word: str, lemma: str | None = None) -> str:
    """The base form of a verb form ("chases", "chased", "chase" -> "chase")."""
    if lemma and lemma != word:
        return lemma
    # Unknown (invented) verb: undo a regular third-person "-s" only.
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
