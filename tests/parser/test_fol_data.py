"""The FOL parser on real recorded formulas (FOLIO gold, Logic-LM and LINC GPT-4 outputs)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from veridot.parser.errors import ParseError
from veridot.parser.fol import parse_fol
from veridot.parser.printer import to_ascii, to_unicode

DATA = Path(os.environ.get("VERIDOT_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))

pytestmark = pytest.mark.data


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not available (set VERIDOT_DATA)")
    return path


def folio_formulas() -> list[str]:
    out: list[str] = []
    with need(DATA / "folio" / "folio-validation.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            out.extend([*record["premises-FOL"], record["conclusion-FOL"]])
    return out


def linc_formulas(limit: int) -> list[str]:
    path = need(
        DATA / "linc" / "outputs" / "gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json"
    )
    out: list[str] = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        for sample in item:
            out.extend(line[4:].strip() for line in sample.split("\n") if line.startswith("FOL:"))
    return out[:limit]


def check(formulas: list[str], min_share: float) -> dict[str, int]:
    labels: dict[str, int] = {}
    parsed = 0
    for text in formulas:
        try:
            formula = parse_fol(text)
        except ParseError as err:
            labels[err.label] = labels.get(err.label, 0) + 1
            continue
        parsed += 1
        assert parse_fol(to_unicode(formula)) == formula, text
        assert parse_fol(to_ascii(formula)) == formula, text
    assert parsed / len(formulas) >= min_share, labels
    return labels


def test_folio_gold_parses_except_malformed_annotations() -> None:
    labels = check(folio_formulas(), 0.995)
    # What fails is malformed in the source: unbalanced brackets, a comma used as a connective.
    assert set(labels) <= {"unbalanced parenthesis", "comma outside an argument list"}


def test_linc_nltk_samples_parse() -> None:
    check(linc_formulas(2500), 0.98)
