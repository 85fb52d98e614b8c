"""Splitting reasoning text into sentences, and recognising sentences that claim nothing.

A step or a context paragraph is cut into sentences at line breaks and at `.`, `!` or `?`
followed by a space and an upper-case letter, digit or opening bracket - but not after common
abbreviations ("Mr.", "e.g.") and never inside a number ("3.5"). Sentences such as "Let's think
step by step." or questions announce work instead of stating a fact: they are `no_claim`.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\\$])")
_ABBREVIATIONS = frozenset(
    {
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "st.",
        "jr.",
        "sr.",
        "vs.",
        "e.g.",
        "i.e.",
        "etc.",
        "no.",
        "approx.",
        "mt.",
        "ft.",
        "oz.",
        "lb.",
        "lbs.",
        "min.",
        "hr.",
        "hrs.",
    }
)
_NO_CLAIM = re.compile(
    r"^(let'?s|let us|let me|we need to|we want to|we have to|we must|we will|we'll|i need to|"
    r"i will|i'll|now,? let|first,? let|next,? let|true or false\b|is the following statement)",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, in order (empty strings dropped)."""
    out: list[str] = []
    for line in text.splitlines():
        merged: list[str] = []
        for piece in _BOUNDARY.split(line.strip()):
            piece = piece.strip()
            if not piece:
                continue
            if merged and merged[-1].split()[-1].lower() in _ABBREVIATIONS:
                merged[-1] = f"{merged[-1]} {piece}"  # "Mr. Marcellus" is one sentence
            else:
                merged.append(piece)
        out.extend(merged)
    return out


def is_no_claim(sentence: str) -> bool:
    """True for sentences that announce work or ask rather than assert ("Let's think ...")."""
    stripped = sentence.strip()
    return stripped.endswith("?") or bool(_NO_CLAIM.match(stripped))
