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


# "The answer is 42.", "So the final answer is yes.", "#### 42", "\\boxed{6}": the sentence
# announces a result; reading "yes" or "true" as a predicate of an individual "answer" would be
# an invented claim, so these claim nothing.
_ANSWER = re.compile(
    r"^\W*(?:(?:so|thus|therefore|hence|finally|in conclusion|in summary|overall)\b[\s,:]*)?"
    r"(?:(?:the|my|our|your)\s+)?(?:final\s+|correct\s+|right\s+)?answers?\b"
    r"|^\W*#{2,}|\\boxed\b|^\W*answer\s*:",
    re.IGNORECASE,
)
# Words that talk about the reasoning or about quantities rather than about the problem's
# individuals: "The step is wrong.", "The statement is true.", "The total is big." Outside the
# fragment, so untranslated (a predicate "Wrong(step)" would be a guess).
_META = re.compile(
    r"\b(?:the|this|that|these|those|our|my)\s+(?:final\s+|previous\s+|next\s+)?"
    r"(?:answers?|questions?|steps?|statements?|solutions?|problems?|results?|conclusions?|"
    r"options?|choices?|reasoning|calculations?|equations?|totals?|sums?|amounts?|values?|"
    r"differences?|products?|numbers?|quantit(?:y|ies)|expressions?|claims?|assumptions?|"
    r"hypothes[ie]s|premises?|arguments?)\b"
    r"|\b(?:is|are|was|were|be)\s+(?:not\s+)?(?:yes|no|true|false|correct|incorrect|right|"
    r"wrong|valid|invalid|unknown|uncertain)\b"
    r"|^\W*(?:yes|true|false|correct|incorrect)\b|^\W*no\W*$",
    re.IGNORECASE,
)


def announces_answer(sentence: str) -> bool:
    """True for "The answer is ...", "#### 42", "\\boxed{...}": a result announced, no claim."""
    return bool(_ANSWER.search(sentence.strip()))


def speaks_about_reasoning(sentence: str) -> bool:
    """True when the sentence's subject or predicate is about the reasoning or a quantity
    ("the step", "the answer", "is true", "the total") rather than the problem's individuals."""
    return bool(_META.search(sentence))


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
