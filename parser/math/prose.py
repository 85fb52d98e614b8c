"""Arithmetic claims inside prose: "she sold 48 / 2 = 24 clips" -> `48 / 2 = 24`.

Math word-problem solutions state their computations as equations inside sentences, in plain
text, Unicode (× ÷ −) or LaTeX (`\\(1/3 \\times 18 = 6\\)`, `\\frac{a}{b}`, `\\text{ pounds}`).
This module finds every equation whose sides are numeric expressions and turns it into exact
rational claims (`Eq` of `Arith` terms over `Num`), each side parsed with the `expr` rule of
`grammars/math.lark`. A chain "a = b = c" gives both `a = b` and `b = c`. It reads numbers
only: symbols are the math reader's (`reader.py`), inside math delimiters.

The reading is conservative, because a false alarm on a correct solution is worse than a missed
check: unit words between numbers and operators are dropped ("2 hours * 60 minutes = 120"),
"per unit" denominators too ("$3/day"), but never a one-letter word (a variable) or a
connective ("x = 20 or x = -4" is two equations, not `20 = -4`); a false equation whose dropped
units differ ("1 hour + 30 minutes = 90") claims nothing. An equation touching algebra ("2x",
"3(12)", "^", "\\sqrt"), words that act as operators ("half of 10 = 5"), a second number right
after the result ("= 5 hours 30 minutes"), a question, or words that qualify or reject it
("quotient", "remainder", "(False)") is skipped. An end side that touches a variable, a function
name or other text without a space ("f(-2) = 20 - 6 + 4", "S_{85,5} = ...", "(3/4)x",
"0.\\overline{6}", "= 7!") is part of a wider expression and is dropped; what remains of the
chain is read ("g(6) = 2 * 6 = 12" claims `2 * 6 = 12`). A pair of bare numbers ("60 minutes =
1 hour", "x = -4": "-4" is one signed number) claims nothing; "≈" states no precision and
claims nothing; a result with more than 12 significant digits is a float print-out and claims
nothing; dates ("4/19/1969") are not fractions.

Results are compared as `rounding.py` says (a decimal result is read as rounded to its
places); "x 100 = 50%" may use "%" as a unit; the running-total habit "3 * 4 = 12 + 5 = 17" is
read as `3 * 4 = 12` and `12 + 5 = 17`.

Three notations change what the numbers mean, and are read as such: a false equation that holds
once one side is read in a scale the text names ("$1 / 2 = 50 cents", "5 thousand dollars ...
5 * 3 = $15,000") claims nothing; a whole number with a leading zero ("0900 - 0130 = 0730
hours") is a clock time or a code, and its equation claims nothing; "25 / 1/3 = 75" groups the
tight fraction by spacing and is read as 25 ÷ (1/3) when the left-to-right reading fails, and
"14 / 1 / 4 = 56", true only grouped from the right, claims nothing (`_read_chain`).
"""

from __future__ import annotations

from fractions import Fraction

from veridot.parser.ast import Formula, Num, Term
from veridot.parser.math.evaluate import evaluate
from veridot.parser.math.grammar import parse_expr
from veridot.parser.math.normalize import normalize
from veridot.parser.math.notation import PADDED, regrouped, rescaled, scales
from veridot.parser.math.prose_tokens import MAX_UNIT_WORDS, PER_UNIT, Tok, drop_units, tokens
from veridot.parser.math.rounding import MAX_SIGNIFICANT, pair_claim, significant
from veridot.parser.math.terms import MathReadError

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
_ITEM_TEXT = (
    "day week month year step page chapter level round grade row floor room question problem "
    "part game episode lap stage phase term quarter semester season lesson unit box bus"
)
_ITEM_NOUNS = frozenset(_ITEM_TEXT.split())
# Words after an equation that say it is not exact ("36 / 5 = 7 with a remainder of 1") or
# not asserted ("2 + 1 = 1 (False)").
_INEXACT = frozenset(
    {
        "remainder",
        "remaining",
        "round",
        "rounded",
        "rounding",
        "approximately",
        "about",
        "roughly",
        "quotient",
        # the writer tests the equation and rejects it: "2 + 1 = 1 (False)"
        "false",
        "incorrect",
        "wrong",
        "contradiction",
        "impossible",
    }
)
_BINARY = frozenset("+-*/")
_MAX_RUN = 200
_MAX_DEPTH = 20


def _runs(toks: list[Tok]) -> list[tuple[int, int]]:
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


def _unsafe(toks: list[Tok], start: int, end: int) -> bool:
    """Whether the run touches something that makes its reading uncertain."""
    if any(t.kind == "NUM" and PADDED.match(t.text) for t in toks[start:end]):
        return True  # "0900 - 0130 = 0730 hours": a clock time or a code, not a quantity
    before = toks[start - 1] if start > 0 else None
    if (
        start > 1
        and before is not None
        and before.text == ","
        and toks[start - 2].kind == "NUM"
        and toks[start - 2].end == before.start
        and before.end < toks[start].start
    ):
        return True  # "14, 400 / 80": a number split by a spaced separator, or a list
    if before is not None and (
        before.kind in {"ALG", "OTHER", "NUM"}
        or (before.kind == "WORD" and before.text.lower() in _DANGER)
    ):
        return True
    after = toks[end : end + MAX_UNIT_WORDS + 1]
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


def _numbered_item(word: str) -> bool:
    """Nouns that a number after them names an item of, not a quantity ("day 1", "step 2")."""
    return word.lower().rstrip("s") in _ITEM_NOUNS


def _variable(tok: Tok | None) -> bool:
    """A one-letter word next to a run is a variable or a function name ("f (2)", "x = 3")."""
    return tok is not None and tok.kind == "WORD" and len(tok.text) == 1


def _glued_before(text: str, tok: Tok) -> bool:
    """The run's first token touches what precedes it: "f(-2)", "S_85,5", "!5"."""
    return tok.start > 0 and not text[tok.start - 1].isspace()


def _glued_after(text: str, tok: Tok) -> bool:
    """The run's last token touches what follows: "(3/4)x", "0.\\overline6", "12f"."""
    if tok.end >= len(text):
        return False
    nxt = text[tok.end]
    if nxt == "!" and tok.kind == "NUM":
        return True  # "= 7!" may be a factorial: the side is not read
    if nxt.isspace() or nxt in ",;:!?" or PER_UNIT.match(text, tok.end):
        return False
    if nxt == ".":  # a full stop, unless something follows it at once ("0.\\overline6")
        return tok.end + 1 < len(text) and not text[tok.end + 1].isspace()
    return True


def _trim_fragments(
    sides: list[tuple[list[Tok], bool]], before: Tok | None, *, open_start: bool, open_end: bool
) -> list[tuple[list[Tok], bool]]:
    """Blank out end sides that belong to a wider, non-numeric expression.

    "Age - 4 = 10 - 4 = 6" gives the run "- 4 = 10 - 4 = 6", whose first side is only the
    tail of "Age - 4"; "in 48 hours = 2400 + 600 = 3000" gives a first side "48" that is a
    description, not a value; "1 inch = 2 * 20 miles" gives a first side that is a unit
    conversion; "= 6 * x" ends in an operator. `open_start`/`open_end` say the run touches a
    variable, a function name or other non-numeric text ("f(-2) = 20 - 6 + 4", "(3/4)x"):
    that end side is part of a wider expression and is dropped.
    """
    first, approx = sides[0]
    fragment = bool(first) and first[0].kind == "OP" and first[0].text in _BINARY
    described = len(first) == 1 and first[0].kind == "NUM" and bool(before)
    # "on day 1 * 2 = 20", "Weeks 1-2 = 96 - 70": a numbered item, not a computation
    numbered = before is not None and before.kind == "WORD" and _numbered_item(before.text)
    with_unit = len(first) == 1 and first[0].kind == "NUM" and bool(first[0].unit)
    if (
        open_start
        or fragment
        or with_unit
        or numbered
        or (described and before is not None and before.kind == "WORD")
    ):
        sides[0] = ([], approx)
    last, approx = sides[-1]
    if open_end or (last and last[-1].kind == "OP" and last[-1].text in _BINARY):
        sides[-1] = ([], approx)
    return sides


def _paren_depth(run: list[Tok]) -> int:
    depth = deepest = 0
    for tok in run:
        if tok.text == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif tok.text == ")":
            depth -= 1
    return deepest


def _split_sides(run: list[Tok]) -> list[tuple[list[Tok], bool]]:
    """The sides of an equation chain, each with whether '~' (approximately) precedes it."""
    sides: list[tuple[list[Tok], bool]] = []
    current: list[Tok] = []
    approx = False
    for tok in run:
        if tok.kind == "OP" and tok.text in "=~":
            sides.append((current, approx))
            current, approx = [], tok.text == "~"
        else:
            current.append(tok)
    sides.append((current, approx))
    return sides


def _side(toks: list[Tok], percent: Fraction) -> Term | None:
    """One side of an equation, read with the math grammar (None when it does not parse)."""
    if not toks:
        return None
    try:
        return parse_expr(" ".join(t.text for t in toks), percent=percent)
    except MathReadError:
        return None


def _literal(toks: list[Tok]) -> str | None:
    return toks[0].text if len(toks) == 1 and toks[0].kind == "NUM" else None


def _chain_claims(
    sides: list[tuple[list[Tok], bool]], percent: Fraction, scales: frozenset[Fraction]
) -> tuple[list[Formula], bool] | None:
    terms = [_side(toks, percent) for toks, _ in sides]
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
        literals = [t.text for t in sides[i + 1][0] if t.kind == "NUM"]
        if sides[i + 1][1] or significant(literals) > MAX_SIGNIFICANT:
            continue  # "≈" states no precision; a long float print-out is noise at its end
        claim, holds = pair_claim(left, right, _literal(sides[i + 1][0]), percent)
        if not holds and rescaled(evaluate(left), evaluate(right), scales):
            continue  # "$1 / 2 = 50 cents", "5 * 3 = $15,000" (thousands): a unit changed
        claims.append(claim)
        ok = ok and holds
    return claims, ok


def _read_chain(
    sides: list[tuple[list[Tok], bool]], percent_sign: bool, scales: frozenset[Fraction]
) -> tuple[list[Formula], bool] | None:
    """The chain's claims, in the reading that holds when the notation allows several.

    "(2/4) x 100 = 50%" may use "%" as a unit, and "25 / 1/3 = 75" groups the fraction by
    spacing: a false chain whose other reading holds claims that reading. A last `a / b / c`
    that holds only as `a / (b / c)` ("14 / 1 / 4 = 14 * 4") claims nothing: the spacing does
    not say which was meant, and a chain false under every reading is flagged as read.
    """
    result = _chain_claims(sides, Fraction(1, 100), scales)
    if result is None or result[1]:
        return result
    others: list[tuple[list[tuple[list[Tok], bool]], Fraction, bool]] = []
    if percent_sign:
        others.append((sides, Fraction(1), True))
    for spaced in (True, False):
        grouped = regrouped(sides, spaced=spaced)
        if grouped is not None:
            others.append((grouped, Fraction(1, 100), spaced))
    for other, percent, claimed in others:
        try:
            alt = _chain_claims(other, percent, scales)
        except ZeroDivisionError:
            continue
        if alt is not None and alt[1]:
            return alt if claimed else ([], True)
    return result


def equations(text: str) -> list[Formula]:
    """Every arithmetic claim in `text`, in order (empty when there is none)."""
    if "=" not in text and "≈" not in text and "approx" not in text:
        return []
    if text.rstrip().endswith("?"):
        return []  # "Is 3 * 4 = 13?" asks, it does not claim
    plain = normalize(text)
    toks = drop_units(tokens(plain))
    named = scales(text)
    found: list[Formula] = []
    for start, end in _runs(toks):
        if _unsafe(toks, start, end):
            continue
        if any(
            t.kind == "WORD" and t.text.lower() in _INEXACT for t in toks[max(0, start - 3) : start]
        ):
            continue  # "is approximately 11.5 * 720 = 8286": no exact claim
        run = toks[start:end]
        if len(run) > _MAX_RUN or _paren_depth(run) > _MAX_DEPTH:
            continue  # not a computation anyone checks by hand; keeps recursion bounded
        before = toks[start - 1] if start else None
        after = toks[end] if end < len(toks) else None
        sides = _trim_fragments(
            _split_sides(run),
            before,
            open_start=_variable(before) or _glued_before(plain, run[0]),
            open_end=_variable(after) or _glued_after(plain, run[-1]),
        )
        try:
            result = _read_chain(sides, any("%" in t.text for t in run), named)
        except ZeroDivisionError:
            continue
        units = {t.unit for t in run if t.unit}
        if result is not None and not result[1] and len(units) > 1:
            continue  # "1 hour + 30 minutes = 90": mixed units, the numbers alone say nothing
        if result is not None:
            found.extend(result[0])
    return found
