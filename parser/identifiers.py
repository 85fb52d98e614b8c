"""Identifier hygiene: one spelling per symbol, and names that only look like another name.

Two names that print alike must not silently be two symbols. `fold` applies Unicode NFKC to
an identifier, so compatibility variants collapse onto the plain letters (fullwidth `Ｃａｔ`,
the ligature `ﬁ`, mathematical `𝐂𝐚𝐭` all become `Cat`, `fi`); plain ASCII names are returned
as they are. NFKC cannot fold look-alikes from another script: the Cyrillic `С` (U+0421) and
`а` (U+0430) in `Саt` stay what they are, and `Саt(tom)` is a different atom from `Cat(tom)`.
`confusable` reports such a name: one that mixes Latin letters with letters of a script
whose letters imitate Latin ones (Cyrillic, Armenian, Cherokee, Coptic) or with Greek
letters that look like Latin ones (`Α`, `Ο`, `ο`...), and one written wholly in letters
that print exactly like Latin ones (Cyrillic `а`, `Сат`). Greek letters with no Latin twin
(`Δx`, `xα`, `θ1`) and ordinary words of other scripts (`Кошка`) are not reported. Callers refuse a
reported name (a `ConfusableSymbolError` in the FOL parser, a `confusable_symbol` finding in
the verifier) instead of guessing which symbol was meant. `superscript` finds an exponent
written into a name (`x²`), which NFKC would fold into another name (`x2`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from veridot.parser.ast import Const, Formula, Func, Pred, Var
from veridot.parser.by_identity import by_identity, nodes
from veridot.parser.errors import ParseError

# Scripts whose letters are (mostly) drawn to imitate Latin ones.
_IMITATING_SCRIPTS = frozenset({"CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC"})
# Greek letters that look like a Latin letter; the others (α β γ δ Δ θ λ π σ Σ ω ...) do not.
# (Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ and ο ι κ ν ρ υ, spelt as escapes so no editor can confuse them)
_GREEK_CODES = "0391 0392 0395 0396 0397 0399 039A 039C 039D 039F 03A1 03A4 03A5 03A7 03BF 03B9 "
_GREEK_LOOKALIKES = frozenset(
    chr(int(code, 16)) for code in (_GREEK_CODES + "03BA 03BD 03C1 03C5").split()
)


class ConfusableSymbolError(ParseError):
    """An identifier that mixes scripts so that it looks like another name (`Саt` vs `Cat`)."""

    code = "confusable_symbol"


def superscript(name: str) -> str | None:
    """The first superscript character of `name` (`²` in `x²`), or None.

    NFKC would fold it into a plain digit or letter (`x²` into the name `x2`), but written
    after a name it is an exponent: the FOL parser refuses such a name rather than read a
    power as another symbol. Subscripts (`a₁`) are part of a name and fold (`a1`).
    """
    if name.isascii():
        return None
    for ch in name:
        if unicodedata.decomposition(ch).startswith("<super>"):
            return ch
    return None


@lru_cache(maxsize=1 << 14)
def fold(name: str) -> str:
    """`name` in Unicode NFKC (fullwidth letters and ligatures folded); ASCII is unchanged."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def _script(ch: str) -> str:
    """The script word of a letter's Unicode name ("LATIN", "CYRILLIC", ...), "" if none."""
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""


def describe(ch: str) -> str:
    """`U+0421 CYRILLIC CAPITAL LETTER ES`: a code point as users can look it up."""
    try:
        title = unicodedata.name(ch)
    except ValueError:
        title = "unnamed"
    return f"U+{ord(ch):04X} {title}"


# Letters of other scripts drawn exactly like a Latin letter (Cyrillic а е о р с у х і ј ѕ һ ԁ
# ԛ ԝ ӏ, А В Е К М Н О Р С Т Х Ѕ І Ј, Greek capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ and ο):
# a name made only of these reads as a Latin name (`а` as `a`, `Сат` as `Cat`).
_TWIN_CODES = (
    "0430 0435 043E 0440 0441 0443 0445 0456 0458 0455 04BB 0501 051B 051D 04CF "
    "0410 0412 0415 041A 041C 041D 041E 0420 0421 0422 0425 0405 0406 0408 "
    "0391 0392 0395 0396 0397 0399 039A 039C 039D 039F 03A1 03A4 03A5 03A7 03BF"
)
_LATIN_TWINS = frozenset(chr(int(code, 16)) for code in _TWIN_CODES.split())


@lru_cache(maxsize=1 << 14)
def confusable(name: str) -> tuple[str, ...]:
    """The look-alike code points of `name` (described), or () when it reads as written.

    Reported: the non-Latin letters of a name that also holds Latin letters, when they come
    from an imitating script or are Greek letters with a Latin twin (`Саt`); and every letter
    of a name without Latin letters that is made only of Latin twins (`а`, `Сат`), since it
    prints exactly like a Latin name. Other names are in one script and read as written.
    """
    if name.isascii():
        return ()
    letters = [ch for ch in name if ch.isalpha()]
    if any(_script(ch) == "LATIN" for ch in letters):
        suspects = [
            ch
            for ch in letters
            if _script(ch) in _IMITATING_SCRIPTS
            or (_script(ch) == "GREEK" and ch in _GREEK_LOOKALIKES)
        ]
    elif letters and all(ch in _LATIN_TWINS for ch in letters):
        suspects = letters
    else:
        suspects = []
    return tuple(describe(ch) for ch in dict.fromkeys(suspects))


def confusable_message(name: str, points: tuple[str, ...]) -> str:
    """The one-line explanation shared by the parser error and the verifier finding."""
    return (
        f"{name!r} holds letters that look like Latin ones but are not ({', '.join(points)}):"
        " it would be a different symbol from the name it looks like; retype it in one script"
    )


def confusable_reason(formulas: Iterable[Formula]) -> str:
    """Why a symbol of `formulas` looks like another one, or "" when none does.

    For formulas that did not come through the FOL parser (controlled English, the LLM).
    """
    for formula in formulas:
        reason = _confusable_in(formula)
        if reason:
            return reason
    return ""


@by_identity
def _confusable_in(formula: Formula) -> str:
    for node in nodes(formula):
        if isinstance(node, Pred | Func | Const | Var):
            points = confusable(node.name)
            if points:
                return confusable_message(node.name, points)
    return ""


_WORD = re.compile(r"\w+")


def mixed_word_reason(text: str) -> str:
    """Why a word of `text` mixes Latin letters with look-alikes (`Cаt`), or "" when none does.

    Used to name the cause when a text was not formalised at all; a word in one other script
    (`Кошка`, a lone `а`) is not reported here, since the text may simply be in that language.
    """
    for match in _WORD.finditer(text):
        word = fold(match.group())
        if word.isascii() or not any(_script(ch) == "LATIN" for ch in word):
            continue
        points = confusable(word)
        if points:
            return confusable_message(word, points)
    return ""
