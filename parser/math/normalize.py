"""Spellings of arithmetic in prose reduced to one plain form: `+ - * / ( ) = ~`.

Math word-problem solutions write the same computation in plain text, Unicode (× ÷ −) or
LaTeX (`\\(1/3 \\times 18 = 6\\)`, `\\frac{a}{b}`, `\\text{ pounds}`). `normalize` rewrites them
for the prose reader (`prose.py`): LaTeX groups become parentheses, labels stay words, math
delimiters end an equation, dates and thousands separators are not arithmetic, and "half of
10", "a third of 9", "twice 7" before a lone number are that number's fraction or multiple.
"""

from __future__ import annotations

import re

# A number standing alone: not followed by an operator, a digit or another number word.
_LONE = r"(\d+(?:\.\d+)?)(?!\s*[-+*/^(×÷]|\d|\.\d|\s*(?:times|plus|minus|divided|%))"

_LATEX_SUBS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(?m)^\s*[-*•]\s+", " "),  # list bullets are not minus signs
        # \text{...} is a label, a unit or a connective ("or"): its words stay words
        (r"\\(?:text|mathrm|textbf|mbox|operatorname)\s*\{([^{}]*)\}", r" \1 "),
        (r"\\boxed\s*\{([^{}]*)\}", r" \1 "),
        (r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"((\1)/(\2))"),
        (r"\\times|\\cdot|[×⋅∙·]", " * "),
        (r"\\div|÷", " / "),
        (r"\\approx|≈|\\sim", " ~ "),
        (r"\\left|\\right|\\[,;!: ]|\\quad|\\qquad", " "),
        (r"\\[()\[\]]", " ; "),  # math delimiters end one equation
        (r"\\?\$", " "),  # currency, also LaTeX-escaped "\\$"
        (r"\b\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\b", " DATE "),  # 4/19/1969, 2023-01-05: dates
        (r"\\%", "%"),
        (r"−", "-"),
        (r"[{}]", ""),  # sub/superscript groups: "S_{85,5}" stays glued to its letter
        (r"(?<=\d),(?=\d{3}(?!\d))", ""),  # thousands separators
        # "3x4", "3 x 4", "(2 + 1) x 4": but ")x(" in "(1/2)x(x + 1)" is a variable
        (r"(?<=\d)\s*[xX]\s*(?=\d)|(?<=[\d)A-Za-z])\s+[xX]\s+(?=[\d(])", " * "),
        (r"(?<=[\d)])\s+times\s+(?=[\d(])", " * "),
        (r"(?<=[\d)])\s+divided\s+by\s+(?=[\d(])", " / "),
        (r"(?<=[\d)])\s+plus\s+(?=[\d(])", " + "),
        (r"(?<=[\d)])\s+minus\s+(?=[\d(])", " - "),
        (r"(?<=%)\s*of\s+(?=[\d(])", " * "),
        # a fraction or multiple of one number: "half of 10" is (10 / 2), "twice 7" is (2 * 7);
        # only before a lone number, so "half of 10 + 4" keeps its words (and is not read)
        (r"(?i)\b(?:one\s+|a\s+)?half\s+of\s+\$?" + _LONE, r" (\1 / 2) "),
        (r"(?i)\b(?:one\s+|a\s+)?third\s+of\s+\$?" + _LONE, r" (\1 / 3) "),
        (r"(?i)\b(?:one\s+|a\s+)?(?:quarter|fourth)\s+of\s+\$?" + _LONE, r" (\1 / 4) "),
        (r"(?i)\b(?:twice|double)\s+(?:of\s+)?\$?" + _LONE, r" (2 * \1) "),
        (r"(?i)\b(?:thrice|triple)\s+\$?" + _LONE, r" (3 * \1) "),
        # parenthetical labels: "(lost income)"; kept when they qualify the result ("(quotient)")
        (r"\((?![^()]*\b(?:quotient|remainder|false|incorrect|wrong)\b)[^()\d=+*/]*\)", " "),
    )
)


def normalize(text: str) -> str:
    """Rewrite LaTeX, Unicode and wordy operators to plain `+ - * / ( ) = ~` text."""
    for pattern, repl in _LATEX_SUBS:
        text = pattern.sub(repl, text)
    return text
