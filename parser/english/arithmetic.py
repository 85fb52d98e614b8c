"""Arithmetic claims inside prose: "she sold 48 / 2 = 24 clips" -> `48 / 2 = 24`.

Math word-problem solutions state their computations as equations inside sentences, in plain
text, Unicode (× ÷ −) or LaTeX (`\\(1/3 \\times 18 = 6\\)`, `\\frac{a}{b}`, `\\text{ pounds}`).
This module finds every equation whose sides are numeric expressions and turns it into exact
rational claims (`Eq` of `Arith` terms over `Num`), parsed with the `equation` rule of
`grammars/english.lark`. A chain "a = b = c" gives both `a = b` and `b = c`.

The reading is conservative, because a false alarm on a correct solution is worse than a missed
check: unit words between numbers and operators are dropped ("2 hours * 60 minutes = 120"),
"per unit" denominators too ("$3/day"); an equation touching algebra ("2x", "3(12)"), words that
act as operators ("half of 10 = 5"), or a second number right after the result ("= 5 hours 30
minutes") is skipped. A pair of bare numbers ("60 minutes = 1 hour") claims nothing. Two
notations are read as their writers mean them: a decimal result is a rounding (`100/3 = 33.33`
holds to two places), and "x 100 = 50%" may use "%" as a unit; the running-total habit "3 * 4 =
12 + 5 = 17" is read as `3 * 4 = 12` and `12 + 5 = 17`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from parser.ast import And, Arith, ArithOp, Compare, Eq, Formula, Num, Term

_LATEX_SUBS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(?m)^\s*[-*•]\s+", " "),  # list bullets are not minus signs
        # \text{...} is a label or a unit: a word, so it separates or is dropped as a unit
        (r"\\(?:text|mathrm|textbf|mbox|operatorname)\s*\{[^{}]*\}", " TEXT "),
        (r"\\boxed\s*\{([^{}]*)\}", r" \1 "),
        (r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"((\1)/(\2))"),
        (r"\\times|\\cdot|[×⋅∙·]", " * "),
        (r"\\div|÷", " / "),
        (r"\\approx|≈|\\sim", " ~ "),
        (r"\\left|\\right|\\[,;!: ]|\\quad|\\qquad", " "),
        (r"\\[()\[\]]", " ; "),  # math delimiters end one equation
        (r"\\?\$", " "),  # currency, also LaTeX-escaped "\\$"
        (r"\\%", "%"),
        (r"−", "-"),
        (r"[{}]", " "),
        (r"(?<=\d),(?=\d{3}(?!\d))", ""),  # thousands separators
        (r"(?<=[\d)])\s*[xX]\s*(?=[\d(])|(?<=[A-Za-z])\s+[xX]\s+(?=[\d(])", " * "),
        (r"(?<=[\d)])\s+times\s+(?=[\d(])", " * "),
        (r"(?<=[\d)])\s+divided\s+by\s+(?=[\d(])", " / "),
        (r"(?<=[\d)])\s+plus\s+(?=[\d(])", " + "),
        (r"(?<=[\d)])\s+minus\s+(?=[\d(])", " - "),
        (r"(?<=%)\s*of\s+(?=[\d(])", " * "),
        (r"\((?:[^()\d=+*/]*)\)", " "),  # parenthetical comments: "(lost income)"
    )
)

_TOKEN = re.compile(
    r"(?P<ALG>\d+(?:\.\d+)?[A-Za-z(])"  # 2x, 3(12): algebra or implicit product
    r"|(?P<NUM>\d+(?:\.\d+)?%?)"
    r"|(?P<UNIT>/\s*[A-Za-z]+)"  # "$3/day": a per-unit denominator
    r"|(?P<OP>[-+*/()=~])"
    r"|(?P<WORD>[A-Za-z][A-Za-z'-]*)"
    r"|(?P<PUNCT>[.,;:!?])"
    r"|(?P<OTHER>\S)"
)
_OPS = {"+": "PLUS", "-": "MINUS", "*": "TIMES", "/": "DIVIDE", "(": "LPAR", ")": "RPAR"}
# Words that make the number after them part of a larger expression ("half of 10 = 5").
_DANGER = frozenset(
    {
        "of",
        "times",
        "by",
        "per",
        "than",
        "half",
        "twice",
        "thrice",
        "double",
        "triple",
        "quarter",
        "third",
        "over",
        "into",
        "plus",
        "minus",
        "divided",
        "multiplied",
        "and",
        "sqrt",
        "root",
        "squared",
        "cubed",
        "power",
    }
)
_MAX_UNIT_WORDS = 4
# Words after an equation that say it is not exact: "36 / 5 = 7 with a remainder of 1".
_INEXACT = frozenset(
    {"remainder", "remaining", "round", "rounded", "rounding", "approximately", "about", "roughly"}
)
_BINARY = frozenset("+-*/")
_MAX_RUN = 200
_MAX_DEPTH = 20


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str


def normalize(text: str) -> str:
    """Rewrite LaTeX, Unicode and wordy operators to plain `+ - * / ( ) = ~` text."""
    for pattern, repl in _LATEX_SUBS:
        text = pattern.sub(repl, text)
    return text


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.lastgroup or "OTHER", m.group()) for m in _TOKEN.finditer(text)]


def _drop_units(toks: list[_Tok]) -> list[_Tok]:
    """Remove unit words that sit between a number and an operator, and '/unit' suffixes."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "UNIT":
            i += 1
            continue
        if tok.kind == "WORD" and out and out[-1].kind == "NUM":
            j = i
            while j < len(toks) and toks[j].kind in {"WORD", "UNIT"} and j - i < _MAX_UNIT_WORDS:
                j += 1
            if j < len(toks) and toks[j].kind == "OP" and toks[j].text not in "()":
                i = j
                continue
        out.append(tok)
        i += 1
    return out


def _runs(toks: list[_Tok]) -> list[tuple[int, int]]:
    """[start, end) spans of maximal runs of NUM/OP tokens that contain '=' or '~'."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i].kind not in {"NUM", "OP"}:
            i += 1
            continue
        j = i
        while j < len(toks) and toks[j].kind in {"NUM", "OP"}:
            j += 1
        if any(t.text in "=~" for t in toks[i:j] if t.kind == "OP"):
            spans.append((i, j))
        i = j
    return spans


def _unsafe(toks: list[_Tok], start: int, end: int) -> bool:
    """Whether the run touches something that makes its reading uncertain."""
    before = toks[start - 1] if start > 0 else None
    if before is not None and (
        before.kind in {"ALG", "OTHER", "NUM"}
        or (before.kind == "WORD" and before.text.lower() in _DANGER)
    ):
        return True
    after = toks[end : end + _MAX_UNIT_WORDS + 1]
    if after and after[0].kind in {"ALG", "OTHER"}:
        return True
    # "= 5 hours 30 minutes", "= 5 hours and 30 minutes": the result goes on.
    for tok in after:
        if tok.kind in {"NUM", "ALG"}:
            return True
        if tok.kind != "WORD":
            break
    following = toks[end : end + 10]
    return any(t.kind == "WORD" and t.text.lower() in _INEXACT for t in following)


def _trim_fragments(
    sides: list[tuple[list[_Tok], bool]], before: _Tok | None
) -> list[tuple[list[_Tok], bool]]:
    """Blank out end sides that belong to a wider, non-numeric expression.

    "Age - 4 = 10 - 4 = 6" gives the run "- 4 = 10 - 4 = 6", whose first side is only the
    tail of "Age - 4"; "in 48 hours = 2400 + 600 = 3000" gives a first side "48" that is a
    description, not a value; "= 6 * x" ends in an operator.
    """
    first, approx = sides[0]
    fragment = bool(first) and first[0].kind == "OP" and first[0].text in _BINARY
    described = len(first) == 1 and first[0].kind == "NUM" and bool(before)
    if fragment or (described and before is not None and before.kind == "WORD"):
        sides[0] = ([], approx)
    last, approx = sides[-1]
    if last and last[-1].kind == "OP" and last[-1].text in _BINARY:
        sides[-1] = ([], approx)
    return sides


def _paren_depth(run: list[_Tok]) -> int:
    depth = deepest = 0
    for tok in run:
        if tok.text == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif tok.text == ")":
            depth -= 1
    return deepest


def _split_sides(run: list[_Tok]) -> list[tuple[list[_Tok], bool]]:
    """The sides of an equation chain, each with whether '~' (approximately) precedes it."""
    sides: list[tuple[list[_Tok], bool]] = []
    current: list[_Tok] = []
    approx = False
    for tok in run:
        if tok.kind == "OP" and tok.text in "=~":
            sides.append((current, approx))
            current, approx = [], tok.text == "~"
        else:
            current.append(tok)
    sides.append((current, approx))
    return sides


class ArithmeticBuilder:
    """Parses one side of an equation with the grammar's `expr` rules."""

    def __init__(self, lark: Lark) -> None:
        self.lark = lark

    def side(self, toks: list[_Tok], *, percent: Fraction) -> Term | None:
        if not toks:
            return None
        lark_toks = [_lark_token(t) for t in toks] + [Token("EQUALS", "="), Token("NUM", "0")]
        try:
            tree = self.lark.parse(lark_toks, start="equation")  # type: ignore[arg-type,unused-ignore]
        except LarkError:
            return None
        return _term(tree.children[0], percent)


def _lark_token(tok: _Tok) -> Token:
    if tok.kind == "NUM":
        return Token("NUM", tok.text)
    return Token(_OPS.get(tok.text, "OTHER"), tok.text)


def _term(node: Tree[Token] | Token, percent: Fraction) -> Term:
    if isinstance(node, Token):
        raise ValueError(f"unexpected token {node!r}")
    kids = [c for c in node.children if isinstance(c, Tree)]
    match node.data:
        case "num":
            text = str(node.children[0])
            value = Fraction(text.rstrip("%"))
            return Num(value * percent if text.endswith("%") else value)
        case "neg":
            return Arith("-", Num(Fraction(0)), _term(kids[0], percent))
        case "add" | "sub" | "mul" | "div":
            op: ArithOp = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[node.data]  # type: ignore[assignment]
            return Arith(op, _term(kids[0], percent), _term(kids[1], percent))
        case _:
            if len(kids) == 1:  # parenthesized
                return _term(kids[0], percent)
            raise ValueError(f"unexpected node {node.data!r}")


def evaluate(term: Term) -> Fraction:
    """The exact value of a numeric term (raises ZeroDivisionError on division by zero)."""
    match term:
        case Num(value=value):
            return value
        case Arith(op=op, left=left, right=right):
            a, b = evaluate(left), evaluate(right)
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return a / b
        case _:
            raise ValueError(f"not a numeric term: {term!r}")


def _leftmost(term: Term) -> Term:
    while isinstance(term, Arith):
        term = term.left
    return term


def _decimals(toks: list[_Tok]) -> int | None:
    """Fraction digits of a side that is one plain decimal number ("33.33" -> 2), else None."""
    text = toks[0].text if len(toks) == 1 and toks[0].kind == "NUM" else ""
    if "." in text and not text.endswith("%"):
        return len(text.split(".")[1])
    return None


def _pair_claim(
    left: Term, right: Term, right_toks: list[_Tok], approx: bool
) -> tuple[Formula, bool]:
    """The claim `left = right` as the writer means it, and whether it holds."""
    lv, rv = evaluate(left), evaluate(right)
    places = _decimals(right_toks)
    if (places is not None or approx) and lv != rv and isinstance(right, Num):
        eps = Fraction(1, 10 ** (places or 0))
        claim = And((Compare(">", left, Num(rv - eps)), Compare("<", left, Num(rv + eps))))
        return claim, abs(lv - rv) < eps
    if lv != rv and isinstance(right, Arith):
        first = _leftmost(right)
        if isinstance(first, Num) and first.value == lv:  # running total: "12 + 5 = 17"
            return Eq(left, first), True
    return Eq(left, right), lv == rv


def _chain_claims(
    builder: ArithmeticBuilder, sides: list[tuple[list[_Tok], bool]], percent: Fraction
) -> tuple[list[Formula], bool] | None:
    terms = [builder.side(toks, percent=percent) for toks, _ in sides]
    if any(term is None and toks for term, (toks, _) in zip(terms, sides, strict=True)):
        return None  # a side that does not parse: the chain is not read at all
    claims: list[Formula] = []
    ok = True
    for i in range(len(sides) - 1):
        left, right = terms[i], terms[i + 1]
        if left is None or right is None:
            continue
        if isinstance(left, Num) and isinstance(right, Num):
            continue  # "60 minutes = 1 hour", "= 24 = 24": nothing computed
        claim, holds = _pair_claim(left, right, sides[i + 1][0], sides[i + 1][1])
        claims.append(claim)
        ok = ok and holds
    return claims, ok


def equations(text: str, lark: Lark) -> list[Formula]:
    """Every arithmetic claim in `text`, in order (empty when there is none)."""
    if "=" not in text and "≈" not in text and "approx" not in text:
        return []
    toks = _drop_units(_tokens(normalize(text)))
    builder = ArithmeticBuilder(lark)
    found: list[Formula] = []
    for start, end in _runs(toks):
        if _unsafe(toks, start, end):
            continue
        run = toks[start:end]
        if len(run) > _MAX_RUN or _paren_depth(run) > _MAX_DEPTH:
            continue  # not a computation anyone checks by hand; keeps recursion bounded
        sides = _trim_fragments(_split_sides(run), toks[start - 1] if start else None)
        try:
            result = _chain_claims(builder, sides, Fraction(1, 100))
            if result is not None and not result[1] and any("%" in t.text for t in run):
                # "(2/4) x 100 = 50%": "%" written as a unit; keep the reading that holds.
                alt = _chain_claims(builder, sides, Fraction(1))
                if alt is not None and alt[1]:
                    result = alt
        except ZeroDivisionError:
            continue
        if result is not None:
            found.extend(result[0])
    return found
