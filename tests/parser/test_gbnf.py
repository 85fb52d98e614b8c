"""Grammar export: GBNF for llama.cpp and plain Lark for guided decoding, checked by recognizers."""

from __future__ import annotations

import re

import pytest
from gbnf_recognizer import admits, gbnf_to_lark
from lark import Lark

from veridot.parser.fol import parse_fol
from veridot.parser.gbnf import (
    GrammarExportError,
    export_grammar,
    regex_to_gbnf,
    regex_without_lookaround,
    to_gbnf,
)

# Formulas in every dialect the FOL grammar reads; each must be admitted by both exports.
VALID = [
    "∀x (Cat(x) → Animal(x))",
    "Cat(tom) ∧ ¬Dog(tom)",
    "all x. (Student(x) -> Human(x))",
    "exists x y. (Loves(x, y) & -Loves(y, x))",
    "Open(museum) ⊕ Holiday",
    "age(tom) ≥ 18 ∧ price = 48 / 2",
    "forall x. (P(x) implies not Q(x))",
    "∀x ∀y (Parent(x, y) ↔ Child(y, x))",
    "36 - 10 = 26",
]
INVALID = ["Cat(tom", "Cat(tom) ∧", "∀ (Cat(x))", "→ Cat(tom)", "Cat(tom))"]


@pytest.fixture(scope="module")
def gbnf_formula() -> Lark:
    return gbnf_to_lark(export_grammar("gbnf", start="formula"))


@pytest.fixture(scope="module")
def gbnf_answer() -> Lark:
    return gbnf_to_lark(export_grammar("gbnf", start="answer"))


@pytest.mark.parametrize("formula", VALID)
def test_gbnf_admits_what_the_fol_parser_reads(gbnf_formula: Lark, formula: str) -> None:
    parse_fol(formula)  # the fixture list itself must be valid FOL
    assert admits(gbnf_formula, formula)


@pytest.mark.parametrize("text", INVALID)
def test_gbnf_rejects_broken_formulas(gbnf_formula: Lark, text: str) -> None:
    assert not admits(gbnf_formula, text)


def test_gbnf_answer_format(gbnf_answer: Lark) -> None:
    assert admits(gbnf_answer, "FOL: Cat(tom)\nFOL: ∀x (Cat(x) → Animal(x))\n")
    assert admits(gbnf_answer, "NO CLAIM")
    assert not admits(gbnf_answer, "Cat(tom)\n")  # the prefix is required
    assert not admits(gbnf_answer, "FOL: Cat(tom)\nSo Tom is a cat.\n")


def test_gbnf_is_llama_cpp_shaped() -> None:
    text = export_grammar("gbnf")
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    names = [line.split("::=")[0].strip() for line in rules]
    assert names[0] == "root"
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z][a-z-]*", name) for name in names)
    # llama.cpp refuses left recursion: no rule may start with a reference to itself.
    for line in rules:
        name, body = (part.strip() for part in line.split("::=", 1))
        alternatives = [alt.strip().lstrip("(").split(" ")[0] for alt in body.split("|")]
        assert name not in alternatives, line


def test_lark_export_parses_answers_with_lalr() -> None:
    parser = Lark(export_grammar("lark"), parser="lalr")
    parser.parse("FOL: " + "\nFOL: ".join(VALID) + "\n")
    parser.parse("NO CLAIM")
    with pytest.raises(Exception):  # noqa: B017, PT011 - any lark error will do
        parser.parse("FOL: Cat(tom\n")


def test_lark_export_is_self_contained_and_lookaround_free() -> None:
    text = export_grammar("lark", start="formula")
    assert "%import" not in text
    assert "(?<" not in text
    assert "(?=" not in text
    assert "(?!" not in text
    Lark(text, parser="lalr").parse("∀x (Cat(x) → Animal(x))")


def test_left_recursion_is_rewritten_as_repetition() -> None:
    toy = """
    start: sum
    sum: sum "+" NUMBER | NUMBER
    NUMBER: /[0-9]+/
    %ignore " "
    """
    gbnf = to_gbnf(toy, start="formula")
    assert "r-sum ::= (t-number) (t-plus t-number)*" in gbnf
    recognizer = gbnf_to_lark(gbnf)
    assert admits(recognizer, "1 + 22 + 3")
    assert not admits(recognizer, "1 +")


def test_indirect_left_recursion_is_refused() -> None:
    toy = """
    start: a
    a: b "x" | "y"
    b: a "z"
    """
    with pytest.raises(GrammarExportError, match="left-recursive"):
        to_gbnf(toy)


def test_regex_translation() -> None:
    assert regex_to_gbnf(r"[0-9]+") == "([0-9])+"
    assert regex_to_gbnf("ab|c") == '("ab" | "c")'
    assert regex_to_gbnf("all", ignore_case=True) == "[aA] [lL] [lL]"
    assert regex_to_gbnf(r"[^\W\d]") == "[A-Z_a-z]"
    assert regex_to_gbnf(r"x(?!y)") == '"x"'  # lookarounds are dropped
    assert regex_without_lookaround(r"\d+(?<=5)") == "(?:[0-9])+"
    # an optional piece guarded by a lookaround is dropped, never widened
    assert regex_without_lookaround(r"a(?:(?<=a)\.b)?") == "a"
    assert regex_to_gbnf(r"[-^a]") == "[\\x2D\\x5Ea]"
