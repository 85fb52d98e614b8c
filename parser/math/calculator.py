"""GSM8K calculator annotations: `<<16-3-4=9>>` is the claim `16 - 3 - 4 = 9`.

GSM8K solutions mark each computation for a calculator: `16 - 3 - 4 = <<16-3-4=9>>9 duck
eggs`. The annotation is a claim about numbers (read with `grammars/math.lark`, the result
compared as `rounding.py` says, so `<<10/3=3.33>>` holds); the prose around it states the
same computation, and `strip` removes the annotation so the prose reader checks that copy
too (`16 - 3 - 4 = 9`): when the copy states another value, that is a second, separate claim.
A line `#### 18` announces the final answer and claims nothing.
"""

from __future__ import annotations

import re
from fractions import Fraction

from veridot.parser.ast import Formula
from veridot.parser.math.grammar import parse_expr
from veridot.parser.math.rounding import MAX_SIGNIFICANT, pair_claim, significant
from veridot.parser.math.terms import MathReadError

ANNOTATION = re.compile(r"<<([^<>]*)>>")
FINAL_ANSWER = re.compile(r"(?m)^\s*####.*$")
_PERCENT = Fraction(1, 100)  # annotations carry no '%', so the reading never matters
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")


def strip(text: str) -> str:
    """`text` without its annotations and its final-answer line."""
    return FINAL_ANSWER.sub(" ", ANNOTATION.sub("", text))


def has_annotations(text: str) -> bool:
    return "<<" in text and ANNOTATION.search(text) is not None


def annotation_claim(body: str) -> Formula:
    """The claim of one annotation body `"16-3-4=9"` (raises MathReadError)."""
    expr, sep, result = body.rpartition("=")
    result = result.strip()
    if not sep or not expr.strip() or not _NUMBER.fullmatch(result):
        raise MathReadError(f"calculator annotation {body!r} is not 'expression=number'")
    if significant([result.lstrip("-")]) > MAX_SIGNIFICANT:
        raise MathReadError(f"calculator annotation {body!r}: a float print-out")
    plain = re.sub(r"\*\*\s*(\d+)", r"^{\1}", expr)
    left = parse_expr(plain)
    right = parse_expr(result)
    try:
        claim, _ = pair_claim(left, right, result.lstrip("-") or None, _PERCENT)
    except ZeroDivisionError as err:
        raise MathReadError("division by zero") from err
    return claim


def claims(text: str) -> tuple[list[Formula], list[str]]:
    """The claims of every annotation in `text`, in order, and why any was not read."""
    found: list[Formula] = []
    problems: list[str] = []
    for m in ANNOTATION.finditer(text):
        try:
            found.append(annotation_claim(m.group(1)))
        except MathReadError as err:
            problems.append(str(err))
    return found, problems
