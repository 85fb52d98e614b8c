"""Size limits on numbers (`veridot.parser.limits`): a clear error with its position, never
Python's."""

from __future__ import annotations

from fractions import Fraction

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app
from veridot.parser.errors import ParseError, TooComplexError
from veridot.parser.fol import parse_fol
from veridot.parser.limits import MAX_NUMBER_DIGITS, literal_digits, value_digits


def test_a_numeral_at_the_limit_parses_exactly() -> None:
    formula = parse_fol(f"x = {'9' * MAX_NUMBER_DIGITS}")
    assert formula.right.value == 10**MAX_NUMBER_DIGITS - 1  # type: ignore[union-attr]


@pytest.mark.parametrize("digits", [MAX_NUMBER_DIGITS + 1, 5_000, 50_000])
def test_a_longer_numeral_is_too_complex_at_its_position(digits: int) -> None:
    # 5,000 digits used to fail inside `Fraction` with Python's int-to-str limit message.
    with pytest.raises(TooComplexError) as caught:
        parse_fol(f"P(a) ∧ x = {'7' * digits}")
    error = caught.value
    assert isinstance(error, ParseError)
    assert error.code == "too_complex"
    assert (error.line, error.column) == (1, 12)
    assert f"{digits} digits (at most {MAX_NUMBER_DIGITS})" in str(error)
    assert "^" in error.context
    assert "int_max_str_digits" not in str(error)


def test_decimal_digits_count_on_both_sides_of_the_point() -> None:
    with pytest.raises(TooComplexError):
        parse_fol(f"x = {'1' * 600}.{'5' * 401}")
    assert literal_digits("42.50") == 4


def test_value_digits_matches_the_decimal_text() -> None:
    for number in (0, 9, 10, 99, 100, 10**50 - 1, 10**50, 2**64):
        assert value_digits(Fraction(number)) == len(str(number)), number
    assert value_digits(Fraction(10**5000)) == 5001  # past Python's int-to-str limit
    assert value_digits(Fraction(-12345, 7)) == 5


def test_cli_prove_reports_a_long_number_as_an_input_error() -> None:
    result = CliRunner().invoke(app, ["prove", "-p", f"x = {'9' * 5000}", "-c", "x > 1"])
    assert result.exit_code == 2
    assert "number too long: a number of 5000 digits (at most 1000)" in result.stderr
    assert "Exceeds the limit" not in result.stderr
