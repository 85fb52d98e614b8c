"""JSON-term propositions (`@prop id=N {"gt": [4, 2]}`) read as FOL, or kept as written."""

from __future__ import annotations

import pytest

from veridot.parser.fol import parse_fol
from veridot.verifier.json_terms import json_term_to_fol
from veridot.verifier.readers import read_transcript


@pytest.mark.parametrize(
    ("term", "fol"),
    [
        ('{ "gt": [4, 2] }', "(4 > 2)"),
        ('{"not": {"Dog": "tom"}}', "¬(Dog(tom))"),
        (
            '{"and": [{"Cat": ["tom"]}, true, {"le": [{"add": [1, 2, 3]}, 6]}]}',
            "(Cat(tom) ∧ ⊤ ∧ ((1 + 2 + 3) ≤ 6))",
        ),
        ('{"eq": [{"sub": [1, -2.5]}, 3.5]}', "((1 - (0 - 2.5)) = 3.5)"),
        ('{"implies": [{"P": "a"}, {"Q": ["a", "b"]}]}', "(P(a) → Q(a, b))"),
    ],
)
def test_terms_become_fol_the_parser_reads(term: str, fol: str) -> None:
    out = json_term_to_fol(term)
    assert out == fol
    parse_fol(out)  # raises if the text is not FOL


@pytest.mark.parametrize(
    "term",
    [
        '{"gt": [1]}',
        "[1, 2]",
        '{"a b": [1]}',
        '{"P": []}',
        '{"gt": [1, 1e30]}',
        '{"gt": [1, NaN]}',
        '{"P": ["not an identifier"]}',
        '{"gt": [1, 2], "lt": [1, 2]}',
        "{not json",
        '{"not": [{"P": "a"}, {"P": "b"}]}',
        "[" * 5000,
    ],
)
def test_unknown_terms_are_left_alone(term: str) -> None:
    assert json_term_to_fol(term) is None


def test_deep_terms_are_refused() -> None:
    term = '{"not": ' * 200 + "true" + "}" * 200
    assert json_term_to_fol(term) is None


def test_transcript_prop_with_json_term() -> None:
    text = (
        '<proposer>\n@node id=1 role=proposer\n@prop id=1 { "gt": [4, 2] }\n4 > 2\n</proposer>\n'
        '<proposer>\n@node id=2 role=proposer\n@prop id=2 {"odd": [4 }\nbroken\n</proposer>'
    )
    d = read_transcript(text)
    assert d.node("1").formula == "(4 > 2)"
    assert d.node("2").formula == '{"odd": [4 }'  # kept as written: the checker reports it
