"""Tokens of arithmetic in prose, and the unit words dropped between numbers and operators.

The prose reader (`prose.py`) reads "2 hours * 60 minutes = 120" as `2 * 60 = 120`: this module
splits normalized text into numbers, operators, words and "per unit" suffixes ("$3/day"), and
drops the unit words that sit between a number and an operator, remembering them on the number
so that an equation between different units can be told apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS

_TOKEN = re.compile(
    r"(?P<ALG>\d+(?:\.\d+)?[A-Za-z(])"  # 2x, 3(12): algebra or implicit product
    r"|(?P<NUM>\d+(?:\.\d+)?%?)"
    r"|(?P<UNIT>/\s*[A-Za-z]{2,}(?![A-Za-z(_^]))"  # "$3/day": per unit (not "18/x")
    r"|(?P<OP>[-+*/()=~])"
    r"|(?P<WORD>[A-Za-z][A-Za-z'-]*)"
    r"|(?P<PUNCT>[.,;:!?])"
    r"|(?P<OTHER>\S)"
)
PER_UNIT = re.compile(r"/\s*[A-Za-z]{2,}(?![A-Za-z(_^])")
MAX_UNIT_WORDS = 4
# Words that join alternatives or clauses ("x = 3 or x = -3"): never dropped as units.
_CONNECTIVES = frozenset(
    {"or", "and", "implies", "gives", "yields", "means", "equals", "thus", "hence", "so"}
)


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str
    text: str
    start: int = 0  # offsets in the normalized text, for the glue checks
    end: int = 0
    unit: str = ""  # unit words dropped after this number ("hours" in "2 hours * 60")


def tokens(text: str) -> list[Tok]:
    return [
        Tok(m.lastgroup or "OTHER", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def unit_word(tok: Tok) -> bool:
    """Whether a word may be a unit ("hours", "pounds"): not a variable ("x"), not a
    connective ("or", "and", "so", "then") that starts a new clause or an alternative."""
    if tok.kind == "UNIT":
        return True
    word = tok.text.lower()
    return len(word) > 1 and word not in STOP_WORDS and word not in _CONNECTIVES


def drop_units(toks: list[Tok]) -> list[Tok]:
    """Remove unit words that sit between a number and an operator, and '/unit' suffixes."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "UNIT":
            i += 1
            continue
        if tok.kind == "WORD" and out and out[-1].kind == "NUM":
            j = i
            while j < len(toks) and toks[j].kind in {"WORD", "UNIT"} and j - i < MAX_UNIT_WORDS:
                j += 1
            words = toks[i:j]
            if (
                j < len(toks)
                and toks[j].kind == "OP"
                and toks[j].text not in "()"
                and all(unit_word(w) for w in words)
            ):
                unit = " ".join(w.text.lower().rstrip("s") for w in words if w.kind == "WORD")
                out[-1] = replace(out[-1], unit=unit)
                i = j
                continue
        out.append(tok)
        i += 1
    return out
