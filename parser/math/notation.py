"""Plain-text notations that change what the numbers of an equation mean.

A result written in another scale ("$1 / 2 = 50 cents", "5 thousand dollars ... 5 * 3 =
$15,000"), a clock time or code written with a leading zero ("0900 - 0130 = 0730 hours"), and a
division by a fraction grouped by spacing ("25 / 1/3 = 75" for 25 ÷ (1/3)). The prose reader
(`prose.py`) uses these to claim nothing, or the reading that holds, instead of a false alarm.
"""

from __future__ import annotations

import re
from fractions import Fraction

from veridot.parser.math.prose_tokens import Tok

# A whole number written with a leading zero ("0900", "0130", "07") is a clock time, a code or a
# label: nobody writes a quantity that way, and "0900 - 0130 = 0730" is read on a clock.
PADDED = re.compile(r"0\d")
# Words that name a scale of the number next to them: "50 cents" is 1/100 of a dollar written
# in its own unit, "5 thousand dollars" may be computed as "5 * 3 = $15,000".
_SCALE_WORDS = {
    "cent": 100,
    "cents": 100,
    "hundred": 100,
    "hundreds": 100,
    "thousand": 1000,
    "thousands": 1000,
    "million": 10**6,
    "millions": 10**6,
    "billion": 10**9,
    "billions": 10**9,
}
_SCALE = re.compile(r"(?i)\b(" + "|".join(_SCALE_WORDS) + r")\b|¢")


def rescaled(left: Fraction, right: Fraction, scales: frozenset[Fraction]) -> bool:
    """Whether a false `left = right` holds once one side is read in a scale named in the
    text: the result in cents of an amount in dollars, or in units of the "5 thousand"."""
    return any(left * scale == right or left == right * scale for scale in scales)


def scales(text: str) -> frozenset[Fraction]:
    """The scales named in `text` ("cents", "thousand", "million", "¢")."""
    return frozenset(
        Fraction(_SCALE_WORDS[m.group(1).lower()] if m.group(1) else 100)
        for m in _SCALE.finditer(text)
    )


def _tight(toks: list[Tok], i: int) -> bool:
    """Whether `toks[i:i+3]` is a fraction written without spaces ("1/3")."""
    return toks[i].end == toks[i + 1].start and toks[i + 1].end == toks[i + 2].start


def regrouped(
    sides: list[tuple[list[Tok], bool]], *, spaced: bool
) -> list[tuple[list[Tok], bool]] | None:
    """The chain with `a / b / c` read as `a / (b / c)`, None when no side has that shape.

    In plain text "25 / 1/3" is written for 25 ÷ (1/3): the spacing groups the fraction.
    With `spaced` true only such fractions are grouped (a tight `b/c` after a spaced slash,
    "7/12 / 1/12" is (7/12) ÷ (1/12)); with `spaced` false a last `/ b / c` is grouped
    whatever the spacing ("14 / 1 / 4"), a reading the text does not single out.
    """
    changed = False
    out: list[tuple[list[Tok], bool]] = []
    for toks, approx in sides:
        new: list[Tok] = []
        i = 0
        while i < len(toks):
            shape = (
                i > 0
                and i + 2 < len(toks)
                and toks[i - 1].text == "/"
                and toks[i].kind == "NUM"
                and toks[i + 1].text == "/"
                and toks[i + 2].kind == "NUM"
                and (i + 3 == len(toks) or toks[i + 3].text != "/")
            )
            if shape and spaced:
                shape = _tight(toks, i) and toks[i - 1].end < toks[i].start
            if shape:
                new.extend([Tok("OP", "("), *toks[i : i + 3], Tok("OP", ")")])
                changed = True
                i += 3
                continue
            new.append(toks[i])
            i += 1
        out.append((new, approx))
    return out if changed else None
