"""Shared by the math reader's tests: read a text with `MathParser`, show formulas in Unicode,
and the exact truth of each ground claim.

Imported by its bare name (pytest puts this folder on sys.path for the test modules in it).
"""

from __future__ import annotations

from veridot.parser.ast import Formula
from veridot.parser.math.reader import MathParser
from veridot.parser.math.rounding import true_of_numbers
from veridot.parser.printer import to_unicode
from veridot.parser.semantic import Translation
from veridot.parser.vocabulary import Vocabulary


def read(text: str, vocabulary: Vocabulary | None = None) -> Translation:
    """What the math reader makes of `text` (with a fresh vocabulary unless one is given)."""
    return MathParser().translate(text, vocabulary if vocabulary is not None else Vocabulary())


def shown(formulas: tuple[Formula, ...]) -> list[str]:
    """`formulas` in Unicode, for comparing with the expected text."""
    return [to_unicode(f) for f in formulas]


def truths(text: str) -> list[bool]:
    """Whether each claim read from `text` holds of its numbers (`true_of_numbers`)."""
    return [true_of_numbers(c) for c in read(text).claims]
