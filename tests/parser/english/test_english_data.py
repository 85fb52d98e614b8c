"""Every sentence of the real benchmark data translates (needs ../shared/data)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from veridot.parser.english import parse_sentence, split_sentences
from veridot.parser.semantic import TranslationStatus

DATA = Path(os.environ.get("VERIDOT_DATA", Path(__file__).resolve().parents[3] / "../shared/data"))


def _load(relative: str) -> object:
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"{path} not found")
    return json.loads(path.read_text(encoding="utf-8"))


def _untranslated(sentences: list[str]) -> list[tuple[str, str]]:
    bad = []
    for sentence in dict.fromkeys(sentences):
        parsed = parse_sentence(sentence)
        if parsed.status is not TranslationStatus.CLAIM:
            bad.append((sentence, parsed.reason))
    return bad


@pytest.mark.data
def test_proofwriter_logic_lm_sentences_translate() -> None:
    rows = _load("logic-llm/data/ProofWriter/dev.json")
    assert isinstance(rows, list)
    sentences = [s for r in rows[:150] for s in split_sentences(r["context"])]
    sentences += [r["question"].rsplit("? ", 1)[-1] for r in rows[:150]]
    assert _untranslated(sentences) == []


@pytest.mark.data
def test_prontoqa_sentences_and_chains_translate() -> None:
    rows = _load("logic-llm/data/ProntoQA/dev.json")
    assert isinstance(rows, list)
    sentences = [s for r in rows[:150] for s in split_sentences(r["context"]) + r["explanation"]]
    assert _untranslated(sentences) == []


@pytest.mark.data
def test_prontoqa_true_ontology_uses_numbers_as_names() -> None:
    problems = _load("prontoqa/learning/prontoqa/1hop_random_trueontology.json")
    assert isinstance(problems, dict)
    sentences = [
        s
        for problem in problems.values()
        for example in problem.values()
        for s in split_sentences(example["question"]) + example["chain_of_thought"]
    ]
    assert _untranslated(sentences) == []
    numbered = [s for s in sentences if s[0].isdigit()]
    assert numbered
    assert all(not parse_sentence(s).arithmetic for s in numbered)
