"""Where the mathematics is in a step: LaTeX math spans and the clauses inside them.

`protect` finds every math span (`$$…$$`, `\\[…\\]`, `\\(…\\)`, `$…$`, and `align`,
`equation`, `gather` environments) and replaces it with a placeholder, so sentences can be
split and hedges found in the prose around it. `$…$` is a span only by the usual TeX rule
(Pandoc's): the opening `$` is followed by a non-space, the closing one preceded by a
non-space and not followed by a digit, so "$5 and $3" is currency, not mathematics.

`clauses` cuts one span into the clauses it asserts, in order: at `\\Rightarrow \\implies
\\iff \\therefore`, `\\quad`, `;`, line breaks `\\\\`, connective words in `\\text{and}`,
`\\text{so}`, and top-level commas (`x = 1, y = 2`). `align` rows joined by `&=` continue the
chain of the row above (`a &= b \\\\ &= c` is `a = b = c`). A span that offers alternatives
(`\\text{or}`, `\\lor`, `\\pm` outside a formula), a condition (`\\text{if}`, `\\text{for}`)
or the writer's verdict that what it tests fails (`\\text{(False)}`, `\\text{incorrect}`)
asserts none of its clauses: None. A comma list whose items are not all relations
(`x = 1, 2, 3`) is not read either.
"""

from __future__ import annotations

import re

PLACEHOLDER = "\x00{}\x00"
PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")

_ENV = r"(?:align|aligned|equation|gather|gathered|eqnarray|split|multline)\*?"
_SPAN = re.compile(
    r"\\begin\{(" + _ENV + r")\}(?P<env>.*?)\\end\{\1\}"
    r"|\$\$(?P<dd>.+?)\$\$"
    r"|\\\[(?P<br>.+?)\\\]"
    r"|\\\((?P<pa>.+?)\\\)"
    r"|(?<![\\$])\$(?P<d>[^\s$](?:[^$]*?[^\s\\$])?)\$(?!\d)",
    re.DOTALL,
)
_CONNECTIVE = (
    r"and|so|thus|hence|therefore|then|which gives|which means|gives|giving|we get|i\.?e\.?,?|"
    r"where|with|since|because|implies|means|yields|so that|that is"
)
_SEPARATORS = re.compile(
    r"\\(?:Rightarrow|Longrightarrow|rightarrow|longrightarrow|implies|iff|Leftrightarrow|Longleftrightarrow|therefore"
    r"|because|qquad|quad|to)\b"
    r"|\\\\|;|&&"
    r"|\\(?:text|textrm|mathrm|mbox)\s*\{\s*,?\s*(?:" + _CONNECTIVE + r")\s*,?\s*\}",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(
    r"\\(?:lor|vee|pm|mp)\b|\\(?:text|textrm|mathrm|mbox)\s*\{\s*,?\s*(?:or|either|if|when"
    r"|whenever|for|unless|suppose|assume|assuming|provided|otherwise|not)\b[^{}]*\}",
    re.IGNORECASE,
)
# the writer's verdict on what the span tests: "4 \\nmid 3 + 1 = 4 \\quad \\text{(False)}"
_VERDICT = re.compile(
    r"\\(?:text|textrm|mathrm|mbox|textbf)\s*\{[^{}]*\b(?:false|not\s+true|untrue|incorrect"
    r"|wrong|fails?|invalid|impossible|contradiction|no)\b[^{}]*\}",
    re.IGNORECASE,
)
_INNER_ENV = re.compile(r"\\(?:begin|end)\{(?:aligned|align|split|gathered|gather|equation)\*?\}")
_THOUSANDS = re.compile(r"(?<=\d)(?:\{,\}|,\\!|,)(?=\d{3}(?!\d))")
_RELATION = re.compile(r"[=<>≤≥≠≈]|\\(?:le|ge|leq|geq|ne|neq|approx|lt|gt|equiv|mid|nmid)\b")


def protect(text: str) -> tuple[str, list[str]]:
    """`text` with each math span replaced by a numbered placeholder, and the spans."""
    found: list[str] = []

    def keep(m: re.Match[str]) -> str:
        body = next(g for g in (m.group("env"), m["dd"], m["br"], m["pa"], m["d"]) if g)
        found.append(body)
        return " " + PLACEHOLDER.format(len(found) - 1) + " "

    return _SPAN.sub(keep, text), found


def _split_top(text: str, sep: str) -> list[str]:
    """Split at `sep` outside any bracket; an escaped one (`\\,` a thin space) is not `sep`."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for i, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == sep and depth == 0 and not (i and text[i - 1] == "\\"):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _rows(span: str) -> list[str]:
    """Rows of the span, continuation rows (`&= c`) joined to the row above."""
    rows: list[str] = []
    span = _INNER_ENV.sub(" ", span)  # "\\[ \\begin{aligned} ... \\end{aligned} \\]": rows
    for raw in re.split(r"\\\\(?:\[[^\]]*\])?", span):
        row = raw.replace("&", " ").strip()
        if not row:
            continue
        if rows and re.match(r"(?:[=<>≤≥≈]|\\(?:le|ge|leq|geq|approx)\b)", row):
            rows[-1] = rows[-1] + " " + row
        else:
            rows.append(row)
    return rows


def clauses(span: str) -> list[str] | None:
    """The clauses `span` asserts, in order; None when it asserts none (alternatives)."""
    if _ALTERNATIVE.search(span) or _VERDICT.search(span):
        return None
    out: list[str] = []
    for row in _rows(_THOUSANDS.sub("", span)):
        for piece in _SEPARATORS.split(row):
            items = [p.strip() for p in _split_top(piece, ",")]
            items = [p for p in items if p]
            if len(items) > 1 and not all(_RELATION.search(p) for p in items):
                continue  # "x = 1, 2, 3": a list, not one relation per item
            out.extend(items)
    return [c for c in out if _RELATION.search(c)]
