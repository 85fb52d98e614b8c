"""Loaders of FOLIO, Logic-LM and LINC files (fixtures written for veridot, plus real data)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from veridot.verifier.datasets import DatasetError, load_problems, normalize_label
from veridot.verifier.datasets.linc import references_path, split_sample
from veridot.verifier.datasets.logic_llm import question_statement, split_program

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"
DATA = Path(os.environ.get("VERIDOT_DATA", Path(__file__).resolve().parents[3] / "shared/data"))


def test_folio_reads_gold_fol_and_text() -> None:
    problems = load_problems(FIXTURES / "folio_small.jsonl", "folio")
    assert [p.label for p in problems] == ["True", "False", "Uncertain", "True", "Uncertain"]
    first = problems[0]
    assert first.id == "0"
    assert first.samples[0].premises == ("∀x (Owl(x) → HuntsAtNight(x))", "Owl(hedwig)")
    assert first.samples[0].conclusion == "HuntsAtNight(hedwig)"
    assert first.text is not None
    assert first.text.conclusion == "Hedwig hunts at night."


def test_folio_without_conclusion_fol_offers_only_text(tmp_path: Path) -> None:
    row = {
        "example_id": 7,
        "premises": ["A is B."],
        "premises-FOL": ["B(a)"],
        "conclusion": "A is B.",
        "label": "Unknown",
    }
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    (problem,) = load_problems(path, "folio")
    assert problem.id == "7"
    assert problem.label == "Uncertain"
    assert problem.samples == ()
    assert problem.text is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"premises": [], "label": "True"', "invalid JSON"),
        ('{"premises-FOL": ["P(a)"], "conclusion-FOL": "P(a)", "label": "Maybe"}', "label"),
        ('{"premises-FOL": "P(a)", "conclusion-FOL": "P(a)", "label": "True"}', "premises-FOL"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_folio_bad_files_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"premises-FOL": [], "conclusion-FOL": "P", "label": "True"}\n' + content)
    with pytest.raises(DatasetError, match=message) as info:
        load_problems(path, "folio")
    assert "line 2" in str(info.value)


def test_folio_lines_are_read_as_veridot_check_reads_them(tmp_path: Path) -> None:
    # One JSONL reader: a byte order mark (Windows editors write one) is not part of the data.
    row = {"premises-FOL": ["P(a)"], "conclusion-FOL": "P(a)", "label": "True"}
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(row).encode() + b"\n")
    (problem,) = load_problems(path, "folio")
    assert problem.label == "True"


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="cannot read"):
        load_problems(tmp_path / "nope.jsonl", "folio")
    with pytest.raises(DatasetError, match="unknown format"):
        load_problems(FIXTURES / "folio_small.jsonl", "csv")


def test_logic_llm_programs_cut_at_separator() -> None:
    problems = load_problems(FIXTURES / "logic_llm_programs.json", "logic-llm")
    assert [p.id for p in problems] == ["TOY_0", "TOY_1", "TOY_2", "TOY_3"]
    assert [p.label for p in problems] == ["True", "False", "Uncertain", "Uncertain"]
    (sample,) = problems[0].samples
    assert sample.premises == ("∀x (Kitten(x) → Cat(x))", "Kitten(tom)")
    assert sample.conclusion == "Cat(tom)"
    assert problems[0].text is not None
    assert problems[0].text.conclusion == "Tom is a cat."
    assert problems[0].text.context.startswith("All kittens are cats.")


def test_split_program_conclusion_is_first_line_and_missing_blocks_are_errors() -> None:
    program = "Premises:\nP(a) ::: a is P\n\nConclusion:\nQ(a) ::: a is Q\nR(a) ::: extra\n"
    sample = split_program(program)
    assert sample.premises == ("P(a)",)
    assert sample.conclusion == "Q(a)"
    assert split_program("Facts:\nBlue(bob, True)\nQuery:\nBlue(bob, True)").error
    assert split_program("Premises:\nP(a)\nConclusion:\n\n").error == "empty 'Conclusion:' block"


def test_logic_llm_evaluation_set_text_view() -> None:
    problems = load_problems(FIXTURES / "logic_llm_eval.json", "logic-llm")
    assert [p.label for p in problems] == ["True", "False", "True"]
    assert all(p.samples == () for p in problems)
    assert [p.text.conclusion for p in problems if p.text] == [
        "The dog is strong.",
        "The cat is red.",
        "Kim is shiny.",
    ]


def test_question_statement_shapes() -> None:
    ask = "Based on the above information, is the following statement true, false, or unknown?"
    assert question_statement(f"{ask} Bob is cold.") == "Bob is cold."
    assert question_statement("Is the following statement true or false? Max is sour.") == (
        "Max is sour."
    )
    assert question_statement("Which of the following is correct?") is None


def test_logic_llm_answer_must_match_an_option(tmp_path: Path) -> None:
    record = {"id": "x", "context": "A.", "question": "true or false? A.", "options": ["A) True"]}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([{**record, "answer": "D"}]))
    with pytest.raises(DatasetError, match="matches none of the options"):
        load_problems(path, "logic-llm")
    path.write_text(json.dumps({"not": "a list"}))
    with pytest.raises(DatasetError, match="JSON list"):
        load_problems(path, "logic-llm")


def test_linc_samples_and_references() -> None:
    raw = FIXTURES / "toy-folio-neurosymbolic_generations_raw.json"
    problems = load_problems(raw, "linc")
    assert [p.label for p in problems] == ["True", "False", "Uncertain"]
    assert [len(p.samples) for p in problems] == [4, 3, 3]
    first = problems[0].samples[0]
    assert first.premises == ("all x. (Frog(x) -> Green(x))", "Frog(kermit)")
    assert first.conclusion == "Green(kermit)"
    assert problems[2].samples[1].error == "no 'FOL:' line in the sample"
    assert problems[0].text is not None
    assert problems[0].text.conclusion == "Kermit is green."


def test_linc_reference_file_lookup(tmp_path: Path) -> None:
    raw = tmp_path / "m_folio-neurosymbolic-8shot_generations_raw.json"
    assert references_path(raw).name == "m_folio-neurosymbolic-8shot_references.json"
    raw.write_text(json.dumps([["FOL:\tP(a)"]]))
    with pytest.raises(DatasetError, match="--references"):
        load_problems(raw, "linc")
    other = tmp_path / "gold.json"
    other.write_text(json.dumps(["True", "False"]))
    with pytest.raises(DatasetError, match="has 2 labels but"):
        load_problems(raw, "linc", references=other)
    other.write_text(json.dumps(["True"]))
    (problem,) = load_problems(raw, "linc", references=other)
    assert problem.samples[0].conclusion == "P(a)"
    assert problem.samples[0].premises == ()
    with pytest.raises(DatasetError, match="ends in"):
        references_path(tmp_path / "generations.json")


def test_split_sample_ignores_other_lines() -> None:
    sample = split_sample("TEXT:\tA.\nFOL:\tA\nANSWER:\tTrue\nFOL:\t\nTEXT:\tB.\nFOL:\tB\n")
    assert sample.premises == ("A",)
    assert sample.conclusion == "B"


@pytest.mark.parametrize(
    ("raw", "label"), [("True", "True"), (" false", "False"), ("Unknown", "Uncertain")]
)
def test_normalize_label(raw: str, label: str) -> None:
    assert normalize_label(raw, where="t") == label


@pytest.mark.data
def test_real_files_load() -> None:
    if not DATA.exists():
        pytest.skip(f"no data at {DATA}")
    folio = load_problems(DATA / "folio" / "folio-validation.jsonl", "folio")
    programs = load_problems(
        DATA / "logic-llm" / "outputs" / "logic_programs" / "FOLIO_dev_gpt-4.json", "logic-llm"
    )
    linc = load_problems(
        DATA / "linc" / "outputs" / "gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json",
        "linc",
    )
    assert (len(folio), len(programs), len(linc)) == (204, 204, 182)
    # FOLIO line i is Logic-LM's FOLIO_dev_i: same gold labels.
    assert [p.label for p in folio] == [p.label for p in programs]
    assert {len(p.samples) for p in linc} == {10}
