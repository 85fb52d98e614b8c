"""Math chains end to end, real text through `--parser auto`: GSM8K records, cross-step
algebra in LaTeX, `veridot check` exit codes and `veridot prove` with math notation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app
from veridot.parser.registry import PARSER_NAMES
from veridot.verifier.check import verify
from veridot.verifier.report import NodeStatus, RecordVerdict

pytestmark = pytest.mark.skipif("math" not in PARSER_NAMES, reason="no math parser registered")

runner = CliRunner()

GSM8K = {
    "question": "Natalia sold clips to 48 of her friends in April, and then she sold half as "
    "many clips in May. How many clips did Natalia sell altogether in April and May?",
    "answer": "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
    "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72",
}
WRONG = {
    "question": "Tom has 9 boxes of 2 apples each. How many apples does he have?",
    "answer": "He has 9*2 = <<9*2=20>>20 apples.\n#### 20",
}
ALGEBRA = ["We have \\(2x + 3 = 11\\).", "So \\(2x = 8\\).", "Therefore \\(x = 5\\)."]


@pytest.fixture(autouse=True)
def private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "cache.sqlite3"))


def test_a_gsm8k_solution_checks_valid_and_its_annotations_are_entailed() -> None:
    report = verify(GSM8K)
    assert report.source_format == "gsm8k"
    assert [report.node(s).status for s in ("s0", "s1")] == [NodeStatus.ENTAILED] * 2
    assert report.verdict is RecordVerdict.VALID


def test_a_wrong_annotation_is_flagged_and_check_exits_1(tmp_path: Path) -> None:
    report = verify(WRONG)
    assert report.node("s0").status is NodeStatus.CONTRADICTED
    assert report.first_error == 0
    assert "9 * 2 is 18" in report.node("s0").message
    path = tmp_path / "gsm8k.jsonl"
    path.write_text(f"{json.dumps(GSM8K)}\n{json.dumps(WRONG)}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "invalid (first error at step 0)" in result.stdout


def test_cross_step_algebra_is_contradicted_with_the_value() -> None:
    report = verify({"id": "alg", "steps": ALGEBRA})
    statuses = [report.node(s).status for s in ("s0", "s1", "s2")]
    assert statuses == [NodeStatus.NO_CLAIM, NodeStatus.ENTAILED, NodeStatus.CONTRADICTED]
    assert [f.code for f in report.node("s0").findings] == ["definition"]
    assert report.node("s2").findings[0].args["value"] == "x is 4"
    right = verify({"id": "alg", "steps": [*ALGEBRA[:2], "Therefore \\(x = 4\\)."]})
    assert right.verdict is RecordVerdict.VALID


def test_prove_reads_math_notation() -> None:
    result = runner.invoke(app, ["prove", "-p", "2x + 3 = 11", "-c", "x = 5"])
    assert result.exit_code == 0
    assert result.stdout.startswith("contradicted")
    result = runner.invoke(app, ["prove", "-p", "x + 3 = 11", "-c", "x = 8"])
    assert result.stdout.startswith("entailed")
    result = runner.invoke(app, ["prove", "-p", "x^2 = 9", "-p", "x > 0", "-c", "x = 3"])
    assert result.stdout.startswith("entailed")
    result = runner.invoke(app, ["prove", "-p", "2x + = 11", "-c", "x = 5"])
    assert result.exit_code == 2  # neither FOL nor mathematics: the FOL error, no traceback


def test_the_bundled_math_examples_come_out_as_the_readme_shows() -> None:
    from veridot.verifier.readers import read_jsonl

    path = Path(__file__).resolve().parents[2] / "examples" / "math.jsonl"
    reports = {d.id: verify(d) for d in read_jsonl(path) if not isinstance(d, Exception)}
    assert {k: (r.verdict.value, r.first_error) for k, r in reports.items()} == {
        "gsm8k-clips": ("valid", -1),
        "gsm8k-wrong-annotation": ("invalid", 0),
        "latex-slip": ("invalid", 2),
        "latex-product": ("valid", -1),
    }
    assert "x is 4" in reports["latex-slip"].node("s2").message
