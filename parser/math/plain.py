"""Algebra written in plain text, outside math delimiters: "2x + 60 = 100", "x = 40 / 2".

Word-problem solutions often solve for a letter in prose: "Combine the 'x' terms: 2x + 60 =
100." A clause is a maximal run of numbers, letters standing alone, operators and parentheses
that holds `=` and at least one such letter; it is read like a LaTeX clause (`symbolic.py`).
A letter counts as a symbol only when it is glued to a number ("2x") or stands next to an
operator or `=`; never "a", "A" or "I" standing alone (English words), never a letter after a
number and a space ("3 x 4" is a product of numbers, "3600 s" a unit). A run that starts with
an operator or touches a word ("kb/s ÷ 3600") is the tail of something else. Parenthesised labels
("x (Sam's fence) + ...") are dropped first, as in prose, but not a parenthesis glued to a
letter: "P(S) = 0.05" is an application (a probability), never the symbol P. A run beside
a word that makes it part of a larger phrase ("half of x = 5") is not read.

Units and labels written around plain algebra are not read as part of it: a run followed by a
word and then an operator goes on past the word ("x = 72 sours / 0.75", "6W / 6 = 30 feet /
6"), so its cut-off part is not read; a letter glued to a number and followed by a word is a
unit ("260g of flour"); an "x" after a number and its unit is a times sign ("200 basketballs
x (20 / 100)"); and a lone number after a word before the first `=` names an item ("section 2
= x + 200"): that side is dropped.
"""

from __future__ import annotations

import re

# a parenthesised label "(Sam's fence)"; one glued to a letter is an application, "P(S)"
_LABEL = re.compile(
    r"(?<![A-Za-z])\((?![^()]*\b(?:quotient|remainder|false|incorrect|wrong)\b)[^()\d=+*/]*\)"
)
_TOKEN = re.compile(
    r"(?P<NUM>\d+(?:\.\d+)?%?)"
    r"|'(?P<QVAR>[A-Za-z])'"
    r"|(?P<VAR>(?<![A-Za-z'])[A-Za-z](?![A-Za-z']))"
    r"|(?P<OP>[-+*/^=()×÷·])"
    r"|(?P<WORD>[A-Za-z][A-Za-z'-]*)"
    r"|(?P<SPACE>\s+)"
    r"|(?P<OTHER>.)"
)
_WORDS_ALONE = frozenset({"a", "A", "I"})
_DANGER = frozenset({"of", "times", "by", "per", "than", "half", "twice", "over", "into"})
_MAX_RUN = 300


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "OTHER"
        if kind == "QVAR":
            out.append(("VAR", m.group("QVAR")))
        elif kind != "SPACE":
            out.append((kind, m.group()))
        elif out:
            out.append(("SPACE", " "))
    return out


def _symbolic_letter(run: list[tuple[str, str]], i: int) -> bool:
    """Whether the letter at `i` of a run is a symbol, not a word or a times sign."""
    text = run[i][1]
    before = run[i - 1] if i > 0 else ("", "")
    after = run[i + 1] if i + 1 < len(run) else ("", "")
    glued = before[0] == "NUM"  # "2x": no SPACE token between
    if text in _WORDS_ALONE and not glued:
        return False
    prev = next((t for t in reversed(run[:i]) if t[0] != "SPACE"), ("", ""))
    nxt = next((t for t in run[i + 1 :] if t[0] != "SPACE"), ("", ""))
    if before[0] == "SPACE" and prev[0] == "NUM":
        return False  # "3 x 4", "3600 s": a times sign or a unit after a number, not a symbol
    return glued or prev[0] == "OP" or nxt[0] == "OP" or after[0] == "OP"


def _solid(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [t for t in toks if t[0] != "SPACE"]


def _named_item(run: list[tuple[str, str]], before: tuple[str, str]) -> list[tuple[str, str]]:
    """The run without a first side that is a lone number after a word: "section 2 = x +
    200" names section 2, it does not say 2 = x + 200 (empty when no `=` is left)."""
    solid = _solid(run)
    if before[0] == "WORD" and len(solid) > 1 and solid[0][0] == "NUM" and solid[1][1] == "=":
        rest = run[run.index(solid[1]) + 1 :]
        return rest if any(t[1] == "=" for t in rest) else []
    return run


def _units_around(
    toks: list[tuple[str, str]], start: int, end: int, run: list[tuple[str, str]]
) -> bool:
    """Whether unit words cut the run or sit inside it, so what it says is not all there."""
    after = _solid(toks[end : end + 8])
    solid = _solid(run)
    if after and after[0][0] == "WORD":
        words = 0
        while words < len(after) and after[words][0] == "WORD":
            words += 1
        if words < len(after) and after[words][0] == "OP":
            return True  # "x = 72 sours / 0.75": the side goes on past its unit
        if len(solid) > 1 and solid[-1][0] == "VAR" and run[-2][0] == "NUM":
            return True  # "260g of flour": a unit glued to its number
    earlier = _solid(toks[max(0, start - 8) : start])
    # "200 basketballs x (20 / 100)": a times sign after a number and its unit
    return (
        bool(solid)
        and solid[0][1] in {"x", "X"}
        and len(earlier) >= 2
        and earlier[-1][0] == "WORD"
        and earlier[-2][0] == "NUM"
    )


def clauses(text: str) -> list[str]:
    """The plain-text algebra clauses of `text`, in order."""
    if "=" not in text:
        return []
    toks = _tokens(_LABEL.sub(" ", text))
    found: list[str] = []
    i = 0
    while i < len(toks):
        if toks[i][0] not in {"NUM", "VAR", "OP"}:
            i += 1
            continue
        j = i
        while j < len(toks) and toks[j][0] in {"NUM", "VAR", "OP", "SPACE"}:
            j += 1
        run = toks[i:j]
        while run and run[-1][0] in {"SPACE"}:
            run.pop()
        before = next((t for t in reversed(toks[:i]) if t[0] != "SPACE"), ("", ""))
        glued = i > 0 and toks[i - 1][0] in {"WORD", "OTHER"}  # "kb/s ÷ 3600": a unit's tail
        run = _named_item(run, before)
        if not run or _units_around(toks, i, j, run):
            i = j
            continue
        starts = run[0][0] != "OP" or run[0][1] in "(-" if run else False
        letters = [k for k, t in enumerate(run) if t[0] == "VAR"]
        if (
            any(t[1] == "=" for t in run)
            and letters
            and all(_symbolic_letter(run, k) for k in letters)
            and not (before[0] == "WORD" and before[1].lower() in _DANGER)
            and not glued
            and starts
            and len(run) <= _MAX_RUN
        ):
            found.append("".join(t[1] for t in run).strip())
        i = j
    return found
