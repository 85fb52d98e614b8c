"""The lean LALR driver (`veridot.parser.fol_lalr`) gives what lark's own driver gives.

Both run the FOL grammar's tables with the same callbacks; the lean one must build the very
same `Raw` records, token positions included, and leave every error to lark.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from lark import Lark, Token

from veridot.parser.errors import ParseError
from veridot.parser.fol import fol_lark, parse_fol
from veridot.parser.fol_lalr import FAILED, LeanParser, lean_parser
from veridot.parser.fol_raw import Raw

DATA = Path(os.environ.get("VERIDOT_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))

# Every dialect and operator, names that are keywords elsewhere, positions over several lines.
FORMULAS = [
    "∀x (Dog(x) → ¬Cat(x))",
    "all x y. (P(x) -> -Q(y))",
    "exists x. (P(x) & Q(x)) | R(a)",
    "forall x. not P(x) or Q(x) implies R(x) iff S(x) xor T(x)",
    "Exists x. P(x)",
    "ForAll x y. L(x, y)",
    "∀x, y: L(x, y) ∧ x ≠ y",
    "P(a) ⊕ P(b) ⊻ P(c) ∨ P(d)",
    "⊤ ∧ ⊥ ∧ true ∧ False",
    "36 - 10 = 26 ∧ x > -5",
    "-Flies(pingu)",
    "-(A & B)",
    "(-5) < x",
    "(a + b) * c < d ∧ f(x) / 2 ≥ 3.5 ∧ 2 × 3 ÷ 4 ≤ 1",
    "a ∈ b ∧ a ∉ c ∧ a in d",
    "P(all) ∧ Q(in, or)",  # keywords in term position are names
    "GrowthCompanies’Stocks(x) ∧ y42.3billion = 2008SummerOlympics",
    "Ｃａｔ(tom) ∧ A₁(b)",
    "P(f()) ∧ Q()",
    "x = 1 ∧ a != b ∧ c <= d ∧ e >= f ∧ g < h",
    "((((P(a)))))",
    "A <=> B => C <-> D -> E",
    "∀x (P(x)\n  → Q(x))\n∧ R(a)\r\n ∧ S(b)",
    "\n\n  P(a)  \n",
]
TERMS = ["age(tom) + 1", "-5", "fatherOf(x) * -(2 - y)", "\nf(a,\n b)"]
# Syntax errors, and errors raised by a callback while parsing (a superscript, a huge number).
MALFORMED = ["P(a) ∧", "P(a)) ", "P(a) # Q", "", "   ", "x y", "P(x²)", "1" * 5000 + " = a"]


def dump(value: Any) -> Any:
    """Everything the parse made, token positions included (Raw equality skips them)."""
    if isinstance(value, Raw):
        fields = [getattr(value, name) for name in Raw.__slots__]  # type: ignore[attr-defined]
        return ("Raw", *(dump(field) for field in fields))
    if isinstance(value, Token):
        return ("Token", value.type, str(value), value.start_pos, value.end_pos, value.line,
                value.column, value.end_line, value.end_column)  # fmt: skip
    if isinstance(value, list | tuple):
        return tuple(dump(item) for item in value)
    return value


@pytest.fixture(scope="module")
def lean() -> LeanParser:
    parser = lean_parser(fol_lark())
    assert parser is not None, "lark's tables are no longer readable: every parse is lark's"
    return parser


def lark_result(text: str, start: str) -> Any:
    try:
        return dump(fol_lark().parse(text, start=start))
    except Exception as exc:  # lark's errors, or one raised by a callback
        return type(exc)


def lean_result(lean: LeanParser, text: str, start: str) -> Any:
    raw = lean.parse(text, start)
    return raw if raw is FAILED else dump(raw)


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_parse_as_lark_parses_them(lean: LeanParser, text: str) -> None:
    assert lean_result(lean, text, "start") == lark_result(text, "start")


@pytest.mark.parametrize("text", TERMS)
def test_terms_parse_as_lark_parses_them(lean: LeanParser, text: str) -> None:
    assert lean_result(lean, text, "term_start") == lark_result(text, "term_start")


@pytest.mark.parametrize("text", MALFORMED)
def test_errors_are_left_to_lark(lean: LeanParser, text: str) -> None:
    assert lean.parse(text, "start") is FAILED
    assert isinstance(lark_result(text, "start"), type)  # lark raises: the error users see
    with pytest.raises(ParseError):
        parse_fol(text)


def test_a_parser_it_cannot_read_is_refused() -> None:
    earley = Lark('start: "a"', parser="earley")
    assert lean_parser(earley) is None


def test_a_lark_release_it_was_not_checked_against_parses_through_lark() -> None:
    assert lean_parser(fol_lark()) is not None
    assert lean_parser(fol_lark(), version="1.4.0") is None
    assert lean_parser(fol_lark(), version="2.0.0") is None


@pytest.mark.data
def test_every_recorded_formula_parses_as_lark_parses_it(lean: LeanParser) -> None:
    folio = DATA / "folio" / "folio-validation.jsonl"
    linc = DATA / "linc" / "outputs" / "gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json"
    if not folio.exists() or not linc.exists():
        pytest.skip(f"{DATA} has no FOLIO or LINC data (set VERIDOT_DATA)")
    texts: list[str] = []
    for line in folio.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.extend([*record["premises-FOL"], record["conclusion-FOL"]])
    for item in json.loads(linc.read_text(encoding="utf-8")):
        for sample in item:
            texts.extend(row[4:].strip() for row in sample.split("\n") if row.startswith("FOL:"))
    failed = 0
    for text in dict.fromkeys(texts):
        expected = lark_result(text, "start")
        got = lean_result(lean, text, "start")
        if got is FAILED:
            failed += 1
            assert isinstance(expected, type), text  # lark failed too
        else:
            assert got == expected, text
    assert failed < len(texts) / 4  # most recorded formulas are well-formed
