"""FOL syntax errors: positions, expected tokens, caret context, labels, deep nesting."""

from __future__ import annotations

import sys

import pytest

from veridot.parser.ast import Not, Pred, depth
from veridot.parser.errors import NestingError, ParseError
from veridot.parser.fol import MAX_DEPTH, parse_fol, parse_fol_term
from veridot.parser.printer import to_unicode


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_fol(text)
    return info.value


@pytest.mark.parametrize(
    ("text", "label", "line", "column"),
    [
        ("(P(x) ∧ Q(x)", "unbalanced parenthesis", 1, 1),
        ("P(x) ∧ Q(x))", "unbalanced parenthesis", 1, 12),
        ("P(x) ∧", "dangling operator", 1, 6),
        ("P(x) ∧ ∨ Q(x)", "dangling operator", 1, 6),
        ("(P(x) →) ∨ Q", "dangling operator", 1, 7),
        ("¬", "dangling operator", 1, 1),
        ("∀ (P(x))", "quantifier without variable", 1, 3),
        ("all . P(x)", "quantifier without variable", 1, 5),
        ("exists", "quantifier without variable", 1, 1),
        ("P(x) Q(x)", "missing operator", 1, 6),
        ("P(a), Q(a)", "comma outside an argument list", 1, 5),
        ("P(a,)", "missing argument", 1, 5),
        ("P($1)", "unknown character", 1, 3),
        ("R(a) ∧ ... ∧ R(z)", "ellipsis", 1, 8),
        ("R(a) ∧ … ∧ R(z)", "ellipsis", 1, 8),
        ("Has(x, [a, b])", "list or set literal", 1, 8),
        ("S(m) = {a}", "list or set literal", 1, 8),
        ("P('fever')", "quoted string", 1, 3),
        ("x ⊆ S", "unknown character", 1, 3),
        ("P(_, a)", "anonymous variable", 1, 3),
        ("1 + 2", "term used as formula", 1, 1),
        ("P(a ∧ b)", "formula as argument", 1, 5),
        ("P(x = y)", "formula as argument", 1, 5),
        ("¬Feud(a, ∃y Stable(y))", "formula as argument", 1, 10),
        ("a < b < c", "chained comparison", 1, 7),
        ("Foo x. P(x)", "missing operator", 1, 5),
        ("-5 < x", "ambiguous minus", 1, 1),
        ("∀x x", "variable used as predicate", 1, 4),
        ("", "empty formula", 1, 1),
        ("   ", "empty formula", 1, 1),
    ],
)
def test_labels_and_positions(text: str, label: str, line: int, column: int) -> None:
    err = error_of(text)
    assert (err.label, err.line, err.column) == (label, line, column)


def test_error_on_a_later_line() -> None:
    err = error_of("A ∧\n  B ∧\n  ∧ C")
    assert (err.line, err.column) == (2, 5)
    assert err.label == "dangling operator"


def test_expected_tokens_are_shown_as_symbols() -> None:
    err = error_of("P(x) ∧")
    assert "a name" in err.expected
    assert "∀" in err.expected
    assert "(" in err.expected
    assert not any(name.endswith("_KW") for name in err.expected)


def test_expected_tokens_are_exact() -> None:
    # Inside an argument list only term operators, `,` and `)` can follow a term.
    assert error_of("P(x = y)").expected == (")", "+", ",", "-")


def test_caret_context_points_at_the_column() -> None:
    err = error_of("P(x) Q(x)")
    source, caret = err.context.split("\n")
    assert source == "P(x) Q(x)"
    assert caret.index("^") == err.column - 1
    text = str(err)
    assert text.startswith("line 1, column 6: missing operator")
    assert err.to_dict()["label"] == "missing operator"


def test_caret_context_is_clipped_on_long_lines() -> None:
    text = "A ∧ " * 100 + "∧ B"
    err = error_of(text)
    source, caret = err.context.split("\n")
    assert len(source) < 100
    assert source[caret.index("^")] == "∧"


def test_non_string_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_fol(None)  # type: ignore[arg-type]


def test_term_errors() -> None:
    with pytest.raises(ParseError) as info:
        parse_fol_term("a +")
    assert info.value.label == "dangling operator"


# --- deep nesting: a clear NestingError (or a result), never a RecursionError -------------

DEEP = 50_000  # brackets and prefix operators: the pre-scan or the first reductions stop them
LONG = 5_000  # operator chains: lark shifts every token before the first reduction (slower)


@pytest.mark.parametrize(
    "text",
    [
        "(" * DEEP + "A" + ")" * DEEP,
        "¬" * DEEP + "A",
        "-" * DEEP + "A",
        "not " * LONG + "A",
        "A → " * LONG + "B",
        "∀x " * LONG + "P(x)",
        "all x. " * LONG + "P(x)",
        "f(" * DEEP + "a" + ")" * DEEP + " = b",
        "a = " + "1 + (" * DEEP + "1" + ")" * DEEP,
        "x > " + "-" * LONG + "5",
        "A ⊕ " * LONG + "B",
        "A ↔ " * LONG + "B",
    ],
)
def test_deep_input_raises_nesting_error(text: str) -> None:
    with pytest.raises(NestingError) as info:
        parse_fol(text)
    assert info.value.label == "nested too deeply"
    assert info.value.line == 1


def test_unbalanced_deep_input_is_caught_before_parsing() -> None:
    with pytest.raises(NestingError):
        parse_fol("(" * DEEP)


@pytest.mark.parametrize("op", ["∧", "∨"])
def test_long_flat_chains_are_fine(op: str) -> None:
    # n-ary ∧ and ∨ keep a 5,000-operand chain shallow: a result, not an error, in linear time.
    parsed = parse_fol(f" {op} ".join(f"P(c{i})" for i in range(5000)))
    assert depth(parsed) == 3
    assert parse_fol(to_unicode(parsed)) == parsed


def test_depth_limit_is_exact() -> None:
    ok = "¬" * (MAX_DEPTH - 1) + "A"
    parsed = parse_fol(ok)
    assert depth(parsed) == MAX_DEPTH
    with pytest.raises(NestingError):
        parse_fol("¬" + ok)
    assert sys.getrecursionlimit() > MAX_DEPTH * 3


def test_nesting_error_is_a_parse_error_with_context() -> None:
    with pytest.raises(ParseError) as info:
        parse_fol("¬" * 1000 + "A")
    assert "^" in info.value.context
    assert parse_fol("¬¬A") == Not(Not(Pred("A")))


def test_expected_tokens_of_a_parser_state_are_computed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `auto` tries FOL on nearly every math step and it fails; asking lark which tokens go on
    # (a copy of the parser fed every candidate) was most of that cost, in a few states.
    from lark.parsers.lalr_interactive_parser import InteractiveParser

    from veridot.parser import fol_errors

    calls: list[int] = []
    original = InteractiveParser.accepts

    def counted(self: InteractiveParser) -> set[str]:
        calls.append(1)
        return original(self)  # type: ignore[no-untyped-call,no-any-return]

    monkeypatch.setattr(InteractiveParser, "accepts", counted)
    fol_errors.forget_expected_tokens()  # the first error below asks lark, whatever ran before
    first, second = error_of("So x = 5 and y"), error_of("So y = 7 and z")
    assert len(calls) == 1  # the same state: answered from the first
    assert first.expected == second.expected
    assert first.label == second.label
