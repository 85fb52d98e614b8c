"""`veridot eval` on small FOLIO, Logic-LM and LINC fixtures: tables, JSON, errors."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"
DATA = Path(os.environ.get("VERIDOT_DATA", Path(__file__).resolve().parents[3] / "shared/data"))


def run_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_folio_json_figures() -> None:
    data = run_json(str(FIXTURES / "folio_small.jsonl"), "--format", "folio", "--details")
    assert {"n", "accuracy", "untranslated", "by_label", "elapsed_s"} <= data.keys()
    assert data["n"] == 5
    # four well-formed problems are answered right; the fifth has an unbalanced parenthesis
    assert data["correct"] == 4
    assert data["accuracy"] == pytest.approx(0.8)
    assert data["untranslated"] == 1
    assert data["by_label"]["Uncertain"] == {"n": 2, "correct": 1, "accuracy": 0.5}  # type: ignore[index]
    answers = {p["id"]: p["predicted"] for p in data["problems"]}  # type: ignore[attr-defined]
    assert answers == {
        "0": "True",
        "1": "False",
        "2": "Uncertain",
        "3": "True",
        "4": "untranslated",
    }


def test_folio_table_output() -> None:
    result = runner.invoke(app, ["eval", str(FIXTURES / "folio_small.jsonl"), "-f", "folio"])
    assert result.exit_code == 0
    assert "4/5 right (80.0%)" in result.stdout
    assert "untranslated 1" in result.stdout
    assert "Uncertain" in result.stdout


def test_limit() -> None:
    data = run_json(str(FIXTURES / "folio_small.jsonl"), "--format", "folio", "--limit", "2")
    assert (data["n"], data["correct"]) == (2, 2)


def test_logic_llm_programs() -> None:
    data = run_json(str(FIXTURES / "logic_llm_programs.json"), "--format", "logic-llm", "--details")
    answers = [p["predicted"] for p in data["problems"]]  # type: ignore[attr-defined]
    # TOY_2 compares numbers (Prover9 could not); TOY_3 has an unbalanced parenthesis
    assert answers == ["True", "False", "Uncertain", "untranslated"]
    assert data["parser"] == "fol"


def test_linc_majority_vote() -> None:
    raw = FIXTURES / "toy-folio-neurosymbolic_generations_raw.json"
    data = run_json(str(raw), "--format", "linc", "--details")
    problems = data["problems"]
    assert [p["predicted"] for p in problems] == ["True", "False", "untranslated"]  # type: ignore[attr-defined]
    first = [s["outcome"] for s in problems[0]["samples"]]  # type: ignore[index]
    assert first == ["True", "True", "untranslated", "Uncertain"]
    assert data["untranslated"] == 1
    assert data["samples"] == 10
    assert data["samples_untranslated"] == 4


def test_linc_references_option(tmp_path: Path) -> None:
    raw = tmp_path / "copy.json"
    raw.write_text((FIXTURES / "toy-folio-neurosymbolic_generations_raw.json").read_text())
    result = runner.invoke(app, ["eval", str(raw), "--format", "linc"])
    assert result.exit_code == 2
    assert "--references" in result.stderr
    refs = FIXTURES / "toy-folio-neurosymbolic_references.json"
    data = run_json(str(raw), "--format", "linc", "--references", str(refs))
    assert data["correct"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "unknown format"),
        (["--format", "folio", "--parser", "magic"], "unknown parser"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["eval", str(FIXTURES / "folio_small.jsonl"), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    for path in (bad, tmp_path / "missing.jsonl"):
        result = runner.invoke(app, ["eval", str(path), "--format", "folio"])
        assert result.exit_code == 2
        assert result.stderr.startswith("error: ")
        assert "Traceback" not in result.stderr


def test_fol_parser_on_a_text_only_file_is_refused() -> None:
    args = ["eval", str(FIXTURES / "logic_llm_eval.json"), "--format", "logic-llm"]
    result = runner.invoke(app, [*args, "--parser", "fol"])
    assert result.exit_code == 2
    assert "--parser english" in result.stderr


def test_installed_script_eval_json() -> None:
    script = Path(sys.executable).with_name("veridot")
    if not script.exists():
        pytest.fail("the veridot console script is not installed: run pip install -e '.[dev]'")
    done = subprocess.run(
        [str(script), "eval", str(FIXTURES / "folio_small.jsonl"), "--format", "folio", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["correct"] == 4


@pytest.mark.data
def test_folio_gold_subset_from_shared_data() -> None:
    path = DATA / "folio" / "folio-validation.jsonl"
    if not path.exists():
        pytest.skip(f"no data at {path}")
    data = run_json(str(path), "--format", "folio", "--limit", "20")
    assert data["n"] == 20
    assert float(data["accuracy"]) >= 0.75  # type: ignore[arg-type]


def test_logic_llm_evaluation_set_with_the_english_parser() -> None:
    path = str(FIXTURES / "logic_llm_eval.json")
    data = run_json(path, "--format", "logic-llm", "--parser", "english", "--details")
    assert data["parser"] == "english"
    assert [p["predicted"] for p in data["problems"]] == ["True", "False", "True"]  # type: ignore[attr-defined]
    # without --parser, a file with no FOL is read with the English parser
    assert run_json(path, "--format", "logic-llm")["parser"] == "english"


def test_auto_parser_reads_the_fol_of_program_files() -> None:
    path = str(FIXTURES / "logic_llm_programs.json")
    data = run_json(path, "--format", "logic-llm", "--parser", "auto", "--limit", "2")
    assert (data["parser"], data["correct"]) == ("auto", 2)


@pytest.mark.parametrize("option", ["--workers", "--jobs"])  # --jobs: the old, hidden name
def test_workers_give_the_same_answers_in_the_same_order(option: str) -> None:
    path = str(FIXTURES / "folio_small.jsonl")
    serial = run_json(path, "--format", "folio", "--details")
    parallel = run_json(path, "--format", "folio", "--details", option, "2")
    assert [(p["id"], p["predicted"]) for p in parallel["problems"]] == [  # type: ignore[attr-defined]
        (p["id"], p["predicted"])
        for p in serial["problems"]  # type: ignore[attr-defined]
    ]
    assert parallel["correct"] == serial["correct"] == 4


def _logic_llm_file(tmp_path: Path, records: list[dict[str, object]]) -> str:
    path = tmp_path / "set.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def _record(
    pid: str, context: str, statement: str, answer: str, **extra: object
) -> dict[str, object]:
    return {
        "id": pid,
        "context": context,
        "question": f"Is the following statement true, false, or unknown? {statement}",
        "options": ["A) True", "B) False", "C) Unknown"],
        "answer": answer,
        **extra,
    }


def test_semantics_proofwriter_option(tmp_path: Path) -> None:
    # Issue 11 item 11: ProofWriter's generator does not contrapose; its gold says Unknown.
    path = _logic_llm_file(
        tmp_path,
        [
            _record(
                "pw",
                "If something is rough then it is cold. Harry is not cold.",
                "Harry is not rough.",
                "C",
            )
        ],
    )
    base = ["--format", "logic-llm", "--parser", "english", "--details"]
    classical = run_json(path, *base)
    assert classical["problems"][0]["predicted"] == "True"  # type: ignore[index]
    assert classical["semantics"] == "classical"
    literal = run_json(path, *base, "--semantics", "proofwriter")
    assert literal["problems"][0]["predicted"] == "Uncertain"  # type: ignore[index]
    assert literal["semantics"] == "proofwriter"


def test_free_variables_universal_option(tmp_path: Path) -> None:
    program = (
        "Predicates:\nDog(x) ::: x is a dog.\nAnimal(x) ::: x is an animal.\nPremises:\n"
        "Dog(x) → Animal(x) ::: Dogs are animals.\nDog(rex) ::: Rex is a dog.\n"
        "Conclusion:\nAnimal(rex) ::: Rex is an animal."
    )
    path = _logic_llm_file(
        tmp_path,
        [_record("fv", "Dogs are animals. Rex is a dog.", "Rex is an animal.", "A",
                 raw_logic_programs=[program])],
    )  # fmt: skip
    assert run_json(path, "--format", "logic-llm")["correct"] == 0
    universal = run_json(path, "--format", "logic-llm", "--free-variables", "universal")
    assert (universal["correct"], universal["free_variables"]) == (1, "universal")
    table = runner.invoke(app, ["eval", path, "-f", "logic-llm", "--free-variables", "universal"])
    assert "free variables universal" in table.stdout


@pytest.mark.parametrize(
    ("option", "value"), [("--semantics", "closed-world"), ("--free-variables", "free")]
)
def test_unknown_reading_exits_2(option: str, value: str) -> None:
    path = str(FIXTURES / "logic_llm_programs.json")
    result = runner.invoke(app, ["eval", path, "--format", "logic-llm", option, value])
    assert result.exit_code == 2
    assert value in result.stderr


# --- Ctrl-C in a real process ---------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# Only models of infinite size satisfy these premises: z3 searches until its deadline.
ENDLESS = ["∀x ∃y L(x, y)", "∀x ¬L(x, x)", "∀x ∀y ∀z (L(x, y) ∧ L(y, z) → L(x, z))"]


def _read_until(fd: int, text: bytes, seconds: float) -> bytes:
    """What `fd` (a pty) gave until `text` appeared; fails after `seconds` without it."""
    seen = b""
    deadline = time.monotonic() + seconds
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {text!r} within {seconds} s: {seen[-300:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the pty
                chunk = b""
            assert chunk, f"the run ended before {text!r}: {seen[-300:]!r}"
            seen += chunk
    return seen


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_mid_check_exits_130(tmp_path: Path, workers: str) -> None:
    # Z3 swallows SIGINT while it solves: without the guard the check ends `unknown`, the
    # run goes on and exits 0. stderr is a terminal so that eval shows its progress bar:
    # 25% means the quick problem is done and z3 is searching the first endless one.
    quick = {"premises-FOL": ["Owl(hedwig)"], "conclusion-FOL": "Owl(hedwig)", "label": "True"}
    endless = {"premises-FOL": ENDLESS, "conclusion-FOL": "P(a)", "label": "Uncertain"}
    data = tmp_path / "slow.jsonl"
    records = [quick, endless, endless, endless]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    parent, child = os.openpty()
    command = [sys.executable, "-m", "veridot", "eval", str(data)]
    proc = subprocess.Popen(
        [*command, "-f", "folio", "--timeout", "20", "--workers", workers, "--json"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=child,
    )  # fmt: skip
    os.close(child)
    try:
        _read_until(parent, b"25%", 30)
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        out, _ = proc.communicate(timeout=10)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:  # never leave a run behind, even when the test fails
            proc.kill()
            proc.communicate()
        os.close(parent)
    assert proc.returncode == 130
    assert elapsed < 2.0
    assert out == b""  # no scores for a run that did not finish
