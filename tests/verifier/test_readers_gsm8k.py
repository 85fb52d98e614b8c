"""GSM8K records read as chains: the question is the problem, each answer line a step, the
`#### answer` line the final answer (kept in meta, never a claim)."""

from __future__ import annotations

import pytest

from veridot.verifier.diagram import Role
from veridot.verifier.readers import RecordError, detect_format, read_record

RECORD = {
    "question": "Natalia sold clips to 48 of her friends in April, and then she sold half as "
    "many clips in May. How many clips did Natalia sell altogether in April and May?",
    "answer": "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n\n"
    "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72",
}


def test_a_gsm8k_record_is_a_chain_over_its_answer_lines() -> None:
    assert detect_format(RECORD) == "gsm8k"
    diagram = read_record(RECORD, line=3, default_id="train.jsonl:3")
    assert diagram.id == "train.jsonl:3"
    assert diagram.source_format == "gsm8k"
    assert [(n.id, n.role) for n in diagram.nodes] == [
        ("problem", Role.PROBLEM),
        ("s0", Role.PROPOSER),
        ("s1", Role.PROPOSER),
    ]
    assert diagram.node("s1").text.startswith("Natalia sold 48+24")
    assert diagram.node("s1").line == 3  # the line inside the answer (a blank line skipped)
    assert diagram.uses("s1") == ["problem", "s0"]
    assert diagram.meta["final_answer"] == "72"
    assert all("####" not in n.text for n in diagram.nodes)


def test_other_fields_are_kept_and_an_answer_without_final_line_is_not_gsm8k() -> None:
    diagram = read_record({**RECORD, "id": "g1", "source": "train"})
    assert diagram.id == "g1"
    assert diagram.meta["source"] == "train"
    assert detect_format({"question": "q", "answer": "no final line"}) is None
    assert detect_format({"question": "q", "answer": "#1. a step\n#### 3"}) == "natural_program"
    with pytest.raises(RecordError, match="GSM8K"):
        read_record({"question": "q", "answer": "no final line"})
