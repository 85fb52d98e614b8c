"""Recorded real LLM output (Logic-LM, LINC) served through LlmParser: the adapter path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from veridot.parser.errors import ParseError
from veridot.parser.fol import parse_fol
from veridot.parser.llm import LlmParser
from veridot.parser.llm.recorded import RecordedChatModel, linc_pairs, logic_lm_pairs
from veridot.parser.llm.vote import canonical_key
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary

DATA = Path(os.environ.get("VERIDOT_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
LOGIC_LM_GPT4 = DATA / "logic-llm" / "outputs" / "logic_programs" / "FOLIO_dev_gpt-4.json"
LINC_GPT4 = DATA / "linc" / "outputs" / "gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json"

pytestmark = pytest.mark.data


def _load(path: Path) -> list:  # type: ignore[type-arg]
    if not path.exists():
        pytest.skip(f"{path} not available (set VERIDOT_DATA)")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _direct(formula: str) -> object:
    try:
        return parse_fol(formula)
    except ParseError:
        return None


def test_logic_lm_programs_through_the_llm_parser_match_the_direct_parse() -> None:
    records = _load(LOGIC_LM_GPT4)[:25]
    translated = total = 0
    for record in records:
        split = logic_lm_pairs(record["raw_logic_programs"][0])
        assert split is not None
        premises, conclusion = split
        parser = LlmParser(
            RecordedChatModel.from_pairs([*premises, conclusion], model_name="gpt-4")
        )
        vocabulary = Vocabulary()
        for sentence, formula in [*premises, conclusion]:
            total += 1
            result = parser.translate(sentence, vocabulary, role="premise")
            direct = _direct(formula)
            if result.status is TranslationStatus.CLAIM:
                translated += 1
                assert result.claims == (direct,), (sentence, formula)
            elif direct is not None:
                # refused although it parses: only a clash with the vocabulary may cause that
                assert "in the vocabulary" in result.reason or "disagree" in result.reason
    assert total > 100
    assert translated / total > 0.9


def test_linc_samples_vote_per_sentence() -> None:
    items = _load(LINC_GPT4)[:3]
    for samples in items:
        runs = [linc_pairs(s) for s in samples]
        reference = runs[0]
        answers: dict[str, list[str]] = {}
        for run in runs:
            for sentence, formula in run:
                answers.setdefault(sentence, []).append(f"FOL: {formula}")
        model = RecordedChatModel.from_mapping(answers, model_name="gpt-4-0613")
        sentence = reference[0][0]
        k = len(answers[sentence])
        result = LlmParser(model, samples=k).translate(sentence, Vocabulary())
        formulas = [a.removeprefix("FOL: ") for a in answers[sentence]]
        if result.status is TranslationStatus.CLAIM:
            # the winner is one of the recorded answers, and it is a strict plurality
            assert any(result.claims == (_direct(f),) for f in formulas)
            parsed = [p for p in map(_direct, formulas) if p is not None]
            distinct = {canonical_key(p) for p in parsed}  # type: ignore[arg-type]
            assert bool(result.alternatives) == (len(distinct) > 1)
