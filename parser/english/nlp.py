"""The spaCy side of the English parser: one cached pipeline that tokenizes and lemmatizes.

The official English models cannot be downloaded everywhere veridot runs, so the default is
`spacy.blank("en")` plus the rule-free lookup lemmatizer whose table ships in the
`spacy-lookups-data` package (no network). If the user has a trained pipeline installed and
names it in `VERIDOT_SPACY_MODEL`, that one is loaded instead. Either way the pipeline is built
once per process; building it takes a few hundred milliseconds, using it a few microseconds.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

_log = logging.getLogger(__name__)


@dataclass(slots=True)
class Word:
    """One spaCy token: its text, lower-cased text, lookup lemma and character offsets.

    Not frozen on purpose: this is the per-token hot path, and a frozen dataclass's
    `__init__` costs about 25 times more. Nothing mutates a `Word` after tokenization.
    """

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
        try:
            return spacy.load(name, exclude=["ner", "parser", "textcat"])
        except (OSError, ImportError, ValueError) as err:
            _log.warning(
                "VERIDOT_SPACY_MODEL=%s cannot be loaded (%s); using blank English", name, err
            )
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def words(text: str) -> list[Word]:
    """Tokenize `text` with the shared pipeline's tokenizer and lemmatize each token.

    Only the tokenizer runs per sentence; lemmas come from `lemma_of`, which runs the full
    pipeline once per distinct word and caches the answer (the lookup lemmatizer ignores
    context, so this gives the same lemmas at a fraction of the cost).
    """
    from spacy.attrs import IDX, LENGTH, SPACY

    # One Cython call for the offsets instead of a Python `Token` object per token.
    rows = pipeline().tokenizer(text).to_array([IDX, LENGTH, SPACY]).tolist()
    out: list[Word] = []
    for start, length, space in rows:
        surface = text[start : start + length]
        lower = surface.lower()
        out.append(Word(surface, lower, lemma_of(lower), start, start + length, bool(space)))
    return out


@lru_cache(maxsize=1 << 16)
def lemma_of(word: str) -> str:
    """The lemma of one lower-case word, from the full pipeline (cached per word)."""
    doc = pipeline()(word)
    return doc[0].lemma_.lower() if len(doc) == 1 and doc[0].lemma_ else word
