"""Words to symbols: how nouns, adjectives, verbs and names become predicate and constant names.

One rule per kind of word, so the same word always gives the same symbol in every sentence of a
problem (and of every problem):
- adjectives and nouns become a CamelCase predicate of their singular form: "big" -> `Big`,
  "wumpuses" -> `Wumpus`, "men" -> `Man`, "prime numbers" -> `PrimeNumber`,
  "six-legged" -> `SixLegged`;
  a compound noun is one concept (PrOntoQA's "prime number" is not "prime" and "number");
- verbs become the third-person form of their lemma: "chase", "chased", "chases" -> `Chases`;
- names become lower-case constants: "Bob" -> `bob`, "the bald eagle" -> `bald_eagle`, and a
  number used as a name ("3 is prime") -> `n3`.
Every symbol comes with the words it stands for, for `Vocabulary.gloss`. No symbol may be spelled
from a quantifier word (`quantifier_part`): "the no-one" is refused, never the constant `no_one`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from veridot.parser.english.plurals import plural_head, third_person, verb_lemma

# Quantifier words: no predicate or constant may be spelled from one ("Red(nobody)",
# `OnlyCat`, `no_one`), whatever route of spelling (hyphens, case) produced it.
_QUANTIFIER_TEXT = (
    "no nobody noone nothing none only every everybody everyone everything any anybody anyone "
    "anything some somebody someone something each all both neither few most"
)
QUANTIFIER_PARTS = frozenset(_QUANTIFIER_TEXT.split())


@lru_cache(maxsize=1 << 14)
def quantifier_part(symbol: str) -> str | None:
    """The quantifier word `symbol` is spelled from (`OnlyCat` -> "only", `no_one` -> "no")."""
    parts = re.findall(r"[A-Z][a-z]*|[a-z]+", symbol)
    return next((p.lower() for p in parts if p.lower() in QUANTIFIER_PARTS), None)


@lru_cache(maxsize=1 << 14)
def _camel(words: tuple[str, ...]) -> str:
    parts = [part for word in words for part in word.replace("'", "").split("-") if part]
    return "".join(part[:1].upper() + part[1:].lower() for part in parts)


@lru_cache(maxsize=1 << 14)
def predicate_symbol(words: tuple[str, ...]) -> tuple[str, str]:
    """(symbol, gloss) for an adjective or a singular (compound) noun given as lower-case words."""
    return _camel(words), " ".join(words)


@lru_cache(maxsize=1 << 14)
def plural_noun_symbol(words: tuple[str, ...], last_lemma: str | None) -> tuple[str, str] | None:
    """(symbol, gloss) for a plural noun phrase: the last word is put in the singular.

    None when the last word is a plural nobody knows (no "s" and not in the noun tables:
    "All blorp are red"), rather than a class named after the plural.
    """
    head = plural_head(words[-1], last_lemma)
    return None if head is None else predicate_symbol((*words[:-1], head))


@lru_cache(maxsize=1 << 14)
def verb_symbol(word: str, lemma: str | None) -> tuple[str, str]:
    """(symbol, gloss) for a transitive verb in any form."""
    form = third_person(verb_lemma(word, lemma))
    return _camel((form,)), form


@lru_cache(maxsize=1 << 14)
def name_constant(text: str) -> tuple[str, str]:
    """(constant, gloss) for a proper name or a number used as a name."""
    if text.isdigit():
        return f"n{text}", text
    return "_".join(text.lower().replace("-", "_").split()), text


@lru_cache(maxsize=1 << 14)
def individual_constant(words: tuple[str, ...]) -> tuple[str, str]:
    """(constant, gloss) for a definite description: "the bald eagle" -> `bald_eagle`."""
    lowered = [w.lower().replace("-", "_") for w in words]
    return "_".join(lowered), "the " + " ".join(w.lower() for w in words)
