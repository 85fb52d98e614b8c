"""The printer: readable output, and parse(print(f)) == f for random ASTs (hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Not,
    Num,
    Or,
    Pred,
    Term,
    Var,
    Xor,
    depth,
)
from veridot.parser.errors import NestingError
from veridot.parser.fol import MAX_DEPTH, parse_fol, parse_fol_term
from veridot.parser.printer import format_number, to_ascii, to_unicode


@pytest.mark.parametrize(
    ("source", "unicode", "ascii"),
    [
        ("∀x (Dog(x) → ¬Cat(x))", "∀x (Dog(x) → ¬Cat(x))", "all x. (Dog(x) -> -Cat(x))"),
        ("exists x y. R(x, y)", "∃x ∃y R(x, y)", "exists x. exists y. R(x, y)"),
        ("A & B | C", "A ∧ B ∨ C", "A & B | C"),
        ("(A | B) & C", "(A ∨ B) ∧ C", "(A | B) & C"),
        ("A -> B -> C", "A → B → C", "A -> B -> C"),
        ("(A -> B) -> C", "(A → B) → C", "(A -> B) -> C"),
        ("A xor B", "A ⊕ B", "A xor B"),
        ("A <-> B", "A ↔ B", "A <-> B"),
        ("a != b", "a ≠ b", "a != b"),
        ("not a < b", "¬a < b", "-(a < b)"),
        ("age(tom) >= 18", "age(tom) ≥ 18", "age(tom) >= 18"),
        ("36 - 10 = 26", "36 - 10 = 26", "36 - 10 = 26"),
        ("x > -5", "x > -5", "x > -5"),
        ("(-5) < x", "(-5) < x", "(-5) < x"),
        ("(a + b) * c <= d", "(a + b) * c ≤ d", "(a + b) * c <= d"),
        ("p = 42.5", "p = 42.5", "p = 42.5"),
        ("true & ⊥", "⊤ ∧ ⊥", "true & false"),
        ("(∀x P(x)) ∧ Q", "(∀x P(x)) ∧ Q", "(all x. P(x)) & Q"),
        ("Q ∧ ∀x P(x)", "Q ∧ ∀x P(x)", "Q & all x. P(x)"),
        ("¬(∀x P(x)) ∧ Q", "¬(∀x P(x)) ∧ Q", "-(all x. P(x)) & Q"),
        ("Raining", "Raining", "Raining"),
        ("∀y (y ∈ s → P(y))", "∀y (y ∈ s → P(y))", "all y. (y in s -> P(y))"),
        ("a ∉ s", "a ∉ s", "-(a in s)"),
    ],
)
def test_examples(source: str, unicode: str, ascii: str) -> None:
    formula = parse_fol(source)
    assert to_unicode(formula) == unicode
    assert to_ascii(formula) == ascii


def test_terms_print() -> None:
    assert to_unicode(parse_fol_term("f(a, -1) * (b - c)")) == "f(a, -1) * (b - c)"
    assert to_ascii(Num(Fraction(-3, 4))) == "(-0.75)"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(5), "5"),
        (Fraction(-5), "-5"),
        (Fraction(1, 8), "0.125"),
        (Fraction(-17, 20), "-0.85"),
        (Fraction(1, 3), "1 / 3"),
        (Fraction(0), "0"),
    ],
)
def test_format_number(value: Fraction, text: str) -> None:
    assert format_number(value) == text


def test_non_decimal_number_prints_as_an_equal_quotient() -> None:
    printed = to_unicode(Eq(Const("p"), Num(Fraction(1, 3))))
    assert printed == "p = (1 / 3)"
    assert parse_fol(printed) == Eq(Const("p"), Arith("/", Num(Fraction(1)), Num(Fraction(3))))


def test_refuses_too_deep_asts() -> None:
    formula: Formula = Pred("A")
    for _ in range(MAX_DEPTH + 5):
        formula = Not(formula)
    with pytest.raises(NestingError):
        to_unicode(formula)


# --- property: print then parse gives the same AST ---------------------------------------

VARIABLES = ("x", "y", "z", "All")  # disjoint from constants: no constant is captured
CONSTANTS = ("a", "tom", "c1", "Bob", "2008Games", "y42.3billion", "x1")
FUNCTIONS = ("f", "ageOf")
PREDICATES = ("P", "Likes", "R", "Raining", "Companies’Stocks", "Exists")

numbers = st.builds(
    Fraction,
    st.integers(min_value=-999, max_value=999),
    st.sampled_from((1, 2, 4, 5, 8, 10, 100)),
).map(Num)


@st.composite
def terms(draw: st.DrawFn, bound: tuple[str, ...] = (), budget: int = 2) -> Term:
    kinds = ["const", "num", "var"] if bound else ["const", "num"]
    kind = draw(st.sampled_from(kinds + (["func", "arith"] if budget > 0 else [])))
    match kind:
        case "const":
            return Const(draw(st.sampled_from(CONSTANTS)))
        case "num":
            return draw(numbers)
        case "var":
            return Var(draw(st.sampled_from(bound)))
        case "func":
            size = draw(st.integers(min_value=1, max_value=2))
            args = tuple(draw(terms(bound, budget - 1)) for _ in range(size))
            return Func(draw(st.sampled_from(FUNCTIONS)), args)
        case _:
            op = draw(st.sampled_from(("+", "-", "*", "/")))
            return Arith(op, draw(terms(bound, budget - 1)), draw(terms(bound, budget - 1)))


@st.composite
def formulas(draw: st.DrawFn, bound: tuple[str, ...] = (), budget: int = 3) -> Formula:
    term = terms(bound)
    atoms = st.one_of(
        st.builds(Pred, st.sampled_from(PREDICATES), st.lists(term, max_size=2).map(tuple)),
        st.builds(Eq, term, term),
        st.builds(Compare, st.sampled_from(("<", "<=", ">", ">=")), term, term),
        st.builds(Bool, st.booleans()),
        st.builds(lambda left, right: Pred("∈", (left, right)), term, term),
    )
    if budget <= 0:
        return draw(atoms)
    kind = draw(
        st.sampled_from(("atom", "not", "and", "or", "xor", "implies", "iff", "forall", "exists"))
    )
    sub = formulas(bound, budget - 1)
    match kind:
        case "atom":
            return draw(atoms)
        case "not":
            return Not(draw(sub))
        case "and":
            return And(tuple(draw(st.lists(sub, min_size=2, max_size=3))))
        case "or":
            return Or(tuple(draw(st.lists(sub, min_size=2, max_size=3))))
        case "xor":
            return Xor(draw(sub), draw(sub))
        case "implies":
            return Implies(draw(sub), draw(sub))
        case "iff":
            return Iff(draw(sub), draw(sub))
        case _:
            name = draw(st.sampled_from(VARIABLES))
            body = draw(formulas((*bound, name), budget - 1))
            return (Forall if kind == "forall" else Exists)(Var(name), body)


ROUND_TRIP = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(formulas())
def test_round_trip_unicode_and_ascii(formula: Formula) -> None:
    assert parse_fol(to_unicode(formula)) == formula
    assert parse_fol(to_ascii(formula)) == formula


@ROUND_TRIP
@given(terms((), 3))
def test_term_round_trip(term: Term) -> None:
    assert parse_fol_term(to_unicode(term)) == term


@pytest.mark.parametrize(
    "text",
    [
        "(A ∧ " * 150 + "A" + ")" * 150,
        "(" * 150 + "A" + " → A)" * 150,
        "¬" * 190 + "(a < b)",
        "∀x " * 190 + "P(x)",
        "a = " + "(1 + " * 95 + "1" + ")" * 95,
        "a = " + "1 - (" * 95 + "1" + ")" * 95,
        "(¬(∀x P(x)) ∧ " * 60 + "A" + ")" * 60,
    ],
)
def test_deep_formulas_print_in_linear_time_and_round_trip(text: str) -> None:
    # Each node is printed once: deciding on brackets after printing would be exponential.
    formula = parse_fol(text)
    assert parse_fol(to_unicode(formula)) == formula
    assert parse_fol(to_ascii(formula)) == formula


def _with_stack(frames: int, fn: Callable[[], object]) -> object:
    return fn() if frames == 0 else _with_stack(frames - 1, fn)


@pytest.mark.parametrize(
    "text",
    [
        "¬" * (MAX_DEPTH - 2) + "Deep1",
        "∀x " * (MAX_DEPTH - 2) + "Deep2(x)",
        "Deep3(" + "f(" * (MAX_DEPTH - 2) + "a" + ")" * (MAX_DEPTH - 1),
        "(Deep4 ∧ ¬" * (MAX_DEPTH // 3) + "A" + ")" * (MAX_DEPTH // 3),
    ],
)
def test_maximal_depth_leaves_stack_headroom(text: str) -> None:
    # Parsing and printing a formula of the deepest allowed kind works even when the caller
    # already uses 400 of Python's 1,000 frames (a web framework, a test runner, ...).
    formula = _with_stack(400, lambda: parse_fol(text))
    assert isinstance(formula, Not | Forall | Pred | And)
    assert depth(formula) > MAX_DEPTH // 2
    printed = _with_stack(400, lambda: (to_unicode(formula), to_ascii(formula)))
    assert isinstance(printed, tuple)
    assert parse_fol(printed[1]) == formula
