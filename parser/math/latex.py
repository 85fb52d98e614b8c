"""LaTeX math mode reduced to the plain form `grammars/math.lark` reads.

One clause of a math span (`spans.py` has already cut it at `\\Rightarrow`, `\\quad`, top-level
commas and line breaks) is rewritten: `\\cdot \\times × ·` to `*`, `\\div ÷` to `/`, `\\le \\ge
\\ne \\approx` to `≤ ≥ ≠ ≈`, `\\dfrac \\tfrac` to `\\frac`, `\\dbinom` to `\\binom`, `x^2` to
`x^{2}`, `\\frac12` to `\\frac{1}{2}`, `a_{10}` to `a_10`; sizing (`\\left \\right \\big`),
spacing and `\\boxed`, `\\displaystyle` vanish; thousands separators (`10,\\!000`, `1{,}000`,
`9,300`) and degree marks (`90^\\circ`) go; `\\%` is a percent and `\\$` a currency mark.
`\\text{...}` after a number is a unit, written `#apple#` ("5 \\text{ apples}"); anywhere else it
is a label, written `@...@`, and a side holding a label is not read (`symbolic.py`). Words
written in math mode without `\\text` ("Total Paid = 25 \\times 11", "5 cm") are read the same
way (but not capitals "AB": a segment, nor two letters "xy": a product). A two-letter English
word ("or", "if") or a command outside the grammar (`\\pi`, `\\sin`, `\\sum`, `\\pm`,
`\\infty`...) makes the clause untranslated, with that word as the reason.
"""

from __future__ import annotations

import re

from veridot.parser.math.bars import pair_bars, sized_bars
from veridot.parser.math.bases import base_numbers
from veridot.parser.math.terms import MathReadError

_SUBS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\\(?:displaystyle|textstyle|limits|nonumber|notag)\b", " "),
        (r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|bigg|Bigg)\s*(?=[()\[\]|.]|\\)", ""),
        # an angle is one symbol: "m\angle ABD" (its measure) or "\angle A" is ∠ABD, ∠A
        (r"(?:\bm\s*)?\\angle\s*([A-Z]{1,3})\b", r" ∠\1 "),
        (r"\\left\.|\\right\.", ""),
        (r"\^\s*\{?\s*\\circ\s*\}?", ""),  # degrees
        (r"°", ""),
        # thousands separators: 10,\!000  1{,}000  9,300  10\,000
        (r"(?<=\d)(?:\{,\}|,\\!|\\!,|,|\\,|\\;|\\ )(?=\d{3}(?!\d))", ""),
        (r"\\operatorname\s*\{\s*(gcd|lcm)\s*\}", r"\\\1"),
        (r"\\(?:text|textrm|textnormal|mathrm|mbox|textit|textbf)\s*\{([^{}@#]*)\}", r" @\1@ "),
        # a logarithm with a written base: \log_2 8, \log_{10} 1000 (no base: ambiguous)
        (r"\\log_\s*\{([^{}]*)\}", r"\\log{\1}"),
        (r"\\log_\s*(\d+)", r"\\log{\1}"),
        (r"\\log(?!\{)", r"\\logUnstatedBase"),
        (r"\\[dt]frac", r"\\frac"),
        (r"\\[dt]binom", r"\\binom"),
        (r"\\(frac|binom)\s*(\d)\s*(\d)", r"\\\1{\2}{\3}"),
        (r"\\sqrt\s*(\d)", r"\\sqrt{\1}"),
        (r"\\times|\\cdot|\\ast|[×⋅∙·]", " * "),
        (r"\\div|÷", " / "),
        (r"\\leq?(?:slant)?\b|≤", " ≤ "),
        (r"\\geq?(?:slant)?\b|≥", " ≥ "),
        (r"\\neq?\b|≠", " ≠ "),
        (r"\\approx\b|≈", " ≈ "),
        (r"\\lt\b", " < "),
        (r"\\gt\b", " > "),
        (r"\\%", "%"),
        (r"\\\$|\$", " "),
        (r"−|–", "-"),
        (r"\\[,;:! ]|\\q?quad\b|~", " "),
        # "2!3!", "4!(13-4)!": a factorial followed by a term is a product
        (r"!\s*(?=[\d(A-Za-z]|\\(?:frac|binom|sqrt|lvert|left)\b)", "! * "),
        (r"\^\s*(\d)", r"^{\1}"),  # x^23 is x^{2}3 in LaTeX
        (r"\^\s*([A-Za-z])", r"^{\1}"),
        # "z_1z_2", "r_{1}r_{2}": a lower-case symbol's subscript ends before the next letter
        # (capitals "O_1O_2" name a segment: left unread)
        (
            r"(?<![A-Za-z])([a-z])_\s*(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))(?=[a-z])",
            r"\1_\2\3 ",
        ),
        (r"_\s*\{\s*([A-Za-z0-9]+)\s*\}", r"_\1"),
        (r"_\s*([A-Za-z0-9])", r"_\1"),
    )
)
_UNITS = frozenset(
    {"cm", "mm", "km", "kg", "mg", "ml", "ft", "in", "lb", "oz", "hr", "mi", "yd", "ms", "mph"}
)
_WORD = re.compile(r"(?<![\\A-Za-z_@])[A-Za-z]{2,}")
# English words of two letters: "x = 20 or x = -4" in math mode is no product o·r
_SMALL_TEXT = "or if is of to on at as so by be we it an no do"
_SMALL_WORDS = frozenset(_SMALL_TEXT.split())
# an existing label (kept as it is) or a run of words
_WORD_RUN = re.compile(r"(@[^@]*@)|(?<![\\A-Za-z_@∠])[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})*(?![A-Za-z(])")
_UNIT_AFTER_NUMBER = re.compile(r"(?<=[\d%)}])\s*@([^@]*)@")
_LABEL = re.compile(r"@[^@]*@|#[^#]*#")
UNIT = re.compile(r"#([^#]*)#")


_WRAPPERS = re.compile(r"\\(?:boxed|mathbf|mathit|boldsymbol|fbox)\s*\{")


def _unwrap(text: str) -> str:
    """`\\boxed{a = b}` -> ` a = b `: a wrapper's braces are not a group of the formula."""
    while (m := _WRAPPERS.search(text)) is not None:
        depth, end = 1, m.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        if depth:
            raise MathReadError("unbalanced braces")
        text = text[: m.start()] + " " + text[m.end() : end - 1] + " " + text[end:]
    return text


def _as_label(m: re.Match[str]) -> str:
    words = m.group()
    if m.group(1):
        return words
    if all(w.isupper() and len(w) <= 3 for w in words.split()):
        return words  # "AB", "PQR": a segment or a length (one symbol, see grammar.py)
    if all(len(w) == 2 and w.lower() not in _UNITS for w in words.split()):
        return words  # "xy": a product of two letters
    return f" @{words}@ "


def _unit(words: str) -> str:
    """One spelling per unit: "Pounds " and "pound" are the same unit."""
    return " ".join(w.rstrip("s") for w in words.lower().split())


def to_plain(clause: str) -> str:
    """The grammar's form of one LaTeX clause (raises MathReadError when it is not read)."""
    text = sized_bars(base_numbers(_unwrap(clause)))
    for pattern, repl in _SUBS:
        text = pattern.sub(repl, text)
    for m in _WORD.finditer(_LABEL.sub(" ", text)):
        if m.group().lower() in _SMALL_WORDS:
            raise MathReadError(f"the word {m.group()!r} in math mode")
    # words written in math mode without \text are labels or units, like \text{...}
    text = _WORD_RUN.sub(_as_label, text)
    text = _UNIT_AFTER_NUMBER.sub(lambda m: f" #{_unit(m.group(1))}# ", text)
    return pair_bars(text.strip().rstrip(".,;:").strip())
