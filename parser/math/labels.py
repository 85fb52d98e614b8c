"""A quantity named in words, computed in one sentence and given its value in the next.

Word-problem solutions write `Total time = 20 + 23. Total time = 43 minutes.` or, line by line,
`Total earnings = $3.00 (dishwasher) + $3.00 (laundry) + $1.50 (trash) + $1.50 (room)` then
`Total earnings = $8.00`: the same words name the same quantity, so the two sentences say
`20 + 23 = 43 minutes`. Neither sentence alone claims anything (a label equals a number), so
the step was untranslated. The rule, tight on purpose:

- a sentence that is exactly `<words> = <numbers>` (a label of letters, at least one word of
  two letters or more, then numbers, operators, `$`, `%`, parenthesised labels and a unit
  at the end; no other `=`, no math span), and
- the next such sentence of the same step names the same label (case and spacing aside),
  with no equation in between, and the first holds a computation (an operator);

then the two right sides are read as one prose equation (`prose.py`, with all its rules for
units, scales, rounding), as if written `<first> = <second>`. A sentence that does not assert
(a hypothesis, a question, a correction) breaks the pair.
"""

from __future__ import annotations

import re

from veridot.parser.ast import Formula
from veridot.parser.math import prose

_LABEL_EQUATION = re.compile(
    r"^(?:[A-Za-z]+,\s+)?(?P<label>[A-Za-z][A-Za-z'’ -]{0,60}?)\s*=\s*(?P<value>[^=]+?)\s*[.;]?$"
)
_WORDS_LABEL = re.compile(r"[()][^()\d]*[()]")  # "(dishwasher)": a label of a term
_UNIT_TAIL = re.compile(r"\s[A-Za-z][A-Za-z ]*$")
_NUMBERS = re.compile(r"[\d\s$.,+\-*/×÷xX()%]+")
_OPERATOR = re.compile(r"\d[\s$)]*[-+*/×÷xX][\s$(]*\d")


# a label that opens with these words is a condition or a trial, not a name
_NOT_A_NAME = frozenset(
    [
        "if",
        "when",
        "whenever",
        "unless",
        "suppose",
        "assume",
        "assuming",
        "provided",
        "let",
        "for",
        "case",
        "consider",
        "check",
        "checking",
        "test",
        "testing",
        "verify",
        "try",
        "trying",
    ]
)


def _bare(text: str) -> str | None:
    """The right side without its term labels and unit, when it is numbers only."""
    bare = _UNIT_TAIL.sub("", _WORDS_LABEL.sub(" ", text)).strip()
    if not bare or not re.search(r"\d", bare) or not _NUMBERS.fullmatch(bare):
        return None
    return bare


class LabelledResults:
    """Pairs `<label> = <computation>` with the next `<label> = <result>` within one step."""

    def __init__(self) -> None:
        self._last: tuple[str, str, str] | None = None

    def claims(self, sentence: str, *, asserted: bool) -> list[Formula]:
        """The claims a sentence makes with the one before it (and remember it)."""
        m = _LABEL_EQUATION.fullmatch(sentence.strip())
        label = " ".join(m.group("label").lower().split()) if m is not None else ""
        bare = _bare(m.group("value")) if m is not None and asserted else None
        if (
            m is None
            or bare is None
            or not re.search(r"[a-z]{2}", label)
            or label.split()[0] in _NOT_A_NAME
        ):
            if "=" in sentence or not asserted:
                self._last = None  # another equation, or a hedge, breaks the pair
            return []
        last, self._last = self._last, (label, m.group("value"), bare)
        if last is None or last[0] != label or not _OPERATOR.search(last[2]):
            return []
        return prose.equations(f"{last[1]} = {m.group('value')}")
