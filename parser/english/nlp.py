"""The spaCy side of the English parser: one cached pipeline that tokenizes and lemmatizes.

The official English models cannot be downloaded everywhere veridot runs, so the default is
`spacy.blank("en")` plus the rule-free lookup lemmatizer whose table ships in the
`spacy-lookups-data` package (no network). If the user has a trained pipeline installed and
names it in `VERIDOT_SPACY_MODEL`, that one is loaded instead. Either way the pipeline is built
once per process; building it takes a few hundred milliseconds, using it a few microseconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Word:
    """One spaCy token: its text, lower-cased text, lookup lemma and character offsets."""

    text: str
    lower: str
    lemma: str
    start: int
    end: int
    space_after: bool


@cache
def pipeline() -> Any:
    """The shared spaCy `Language` (blank English + lookup lemmatizer, or a user's model)."""
    import spacy

    name = os.environ.get("VERIDOT_SPACY_MODEL", "").strip()
    if name:
        # A trained pipeline brings its own lemmatizer; the parser only needs tokens + lemmas.
        return spacy.load(name, exclude=["ner", "parser", "textcat"])
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def words(text: str) -> list[Word]:
    """Tokenize and lemmatize `text` with the shared pipeline."""
    doc = pipeline()(text)
    return [
        Word(
            text=tok.text,
            lower=tok.lower_,
            lemma=tok.lemma_.lower() if tok.lemma_ else tok.lower_,
            start=tok.idx,
            end=tok.idx + len(tok.text),
            space_after=bool(tok.whitespace_),
        )
        for tok in doc
    ]


@cache
def lemma_of(word: str) -> str:
    """The lookup lemma of one lower-case word (used for words built after tokenization)."""
    doc = pipeline()(word)
    return doc[0].lemma_.lower() if len(doc) == 1 and doc[0].lemma_ else word
