"""Singular forms of plural nouns: irregular ones from spaCy's tables, invented ones by rule.

Irregular plurals come from the English noun tables of `spacy-lookups-data` (the ones spaCy's
rule lemmatizer uses): the exceptions ("men" -> "man", "mice" -> "mouse", "geese" -> "goose",
"children" -> "child", "feet", "teeth", "data" -> "datum"), then the suffix rules kept only
when they give a known noun ("women" -> "woman", "horses" -> "horse"); a known noun that is
its own plural ("sheep", "species") stays as it is.

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

from dataclasses import dataclass
from functools import cache, lru_cache

_NOT_PLURAL_ENDINGS = ("ous", "ss", "us", "is", "ics")
# English nouns without "-s" whose plural is the word itself (a closed class of the language:
# zero plurals, and plural-only collectives). spaCy's tables list them as nouns like any
# other, so without this list a singular count noun in plural position ("Bob are ...",
# "All dog are ...") would pass for its own plural.
ZERO_PLURALS = frozenset(
    {
        "sheep", "deer", "fish", "moose", "swine", "bison", "buffalo", "salmon", "trout",
        "cod", "carp", "pike", "tuna", "halibut", "mackerel", "shrimp", "squid", "elk",
        "reindeer", "caribou", "grouse", "quail", "aircraft", "spacecraft", "hovercraft",
        "watercraft", "offspring", "cattle", "police", "people", "livestock", "poultry",
        "vermin", "clergy", "folk", "personnel",
    }
)  # fmt: skip
_SIBILANT_ES = ("sses", "shes", "ches", "xes", "zes")


@dataclass(frozen=True, slots=True)
class _NounTables:
    exceptions: dict[str, str]  # irregular plural -> singular
    rules: tuple[tuple[str, str], ...]  # plural suffix -> singular suffix
    nouns: frozenset[str]  # known singular nouns
    adjectives: frozenset[str]  # known adjectives


@cache
def _tables() -> _NounTables:
    """spaCy's English noun and adjective tables (from `spacy-lookups-data`, loaded once)."""
    from spacy.lookups import load_lookups

    lookups = load_lookups("en", ["lemma_exc", "lemma_index", "lemma_rules"])
    exc, index = lookups.get_table("lemma_exc"), lookups.get_table("lemma_index")
    return _NounTables(
        exceptions={w: forms[0] for w, forms in exc["noun"].items() if forms},
        rules=tuple((old, new) for old, new in lookups.get_table("lemma_rules")["noun"]),
        nouns=frozenset(index["noun"]),
        adjectives=frozenset(index["adj"]),
    )


@lru_cache(maxsize=1 << 14)
def known_singular(word: str) -> str | None:
    """The singular the noun tables give for the lower-case plural `word`, None if unknown.

    A known noun or adjective that no rule changes is its own answer ("sheep", "big").
    """
    tables = _tables()
    irregular = tables.exceptions.get(word)
    if irregular:
        return irregular
    for old, new in tables.rules:
        if word.endswith(old) and len(word) > len(old):
            form = word[: len(word) - len(old)] + new
            if form in tables.nouns:
                return form
    if word in tables.nouns or word in tables.adjectives:
        return word
    return None


def plural_head(word: str, lemma: str | None = None) -> str | None:
    """The singular of a noun in plural position, or None for a plural nobody knows.

    Words ending in "s" are singularized by the tables, else by the regular rules below
    (PrOntoQA's invented "wumpuses", "impuses"); other words only by the tables' irregular
    plurals ("men", "mice") or as a noun whose plural is itself ("sheep", `ZERO_PLURALS`):
    "All kine are brown" is None rather than a class `Kine`, and so is "Bob are big": the
    tables know "bob" as a noun, but its plural is "bobs", so "Bob" there is a name with a
    plural verb, not a class.
    """
    if word.endswith("s"):
        return singular(word, lemma)
    known = known_singular(word)
    if known == word and word not in ZERO_PLURALS:
        return None
    return known


def singular(word: str, lemma: str | None = None) -> str:
    """The singular of the lower-case plural `word`; `lemma` is spaCy's lookup lemma, if any.

    Irregular plurals without "s" come from the noun tables ("men" -> "man"); words ending
    in "s" that the tables do not know follow the regular rules (invented nouns).
    """
    if not word.endswith("s"):
        return known_singular(word) or word
    if word.endswith(_NOT_PLURAL_ENDINGS):
        return word
    known = known_singular(word)
    if known is not None:
        return known
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
