"""`veridot check`: exit codes, report formats, --output, --allow, the cache, bad usage."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app

runner = CliRunner()

VALID = {"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
INVALID = {"id": "bad", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]}
UNDECIDED = {"id": "open", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a"}]}


@pytest.fixture(autouse=True)
def private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite3"
    monkeypatch.setenv("VERIDOT_CACHE", str(path))
    return path


def dataset(tmp_path: Path, *lines: object, name: str = "d.jsonl") -> str:
    path = tmp_path / name
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_all_valid_exits_0(tmp_path: Path) -> None:
    code, out, _ = check(dataset(tmp_path, VALID, VALID))
    assert code == 0
    assert "2 records" in out


def test_any_invalid_exits_1(tmp_path: Path) -> None:
    code, out, _ = check(dataset(tmp_path, VALID, INVALID))
    assert code == 1
    assert "bad: invalid" in out


def test_exit_zero(tmp_path: Path) -> None:
    assert check(dataset(tmp_path, INVALID), "--exit-zero")[0] == 0
    assert check(dataset(tmp_path, VALID, "{oops", name="e.jsonl"), "--exit-zero")[0] == 2


def test_incomplete_exits_0_unless_strict(tmp_path: Path) -> None:
    data = dataset(tmp_path, VALID, UNDECIDED)
    assert check(data)[0] == 0
    assert check(data, "--strict")[0] == 1


def test_malformed_line_exits_2_and_the_rest_is_checked(tmp_path: Path) -> None:
    code, out, _ = check(dataset(tmp_path, VALID, "{oops", VALID), "--report", "json")
    assert code == 2
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["verdict"] for r in rows] == ["valid", "error", "valid"]
    assert rows[1]["line"] == 2
    # An invalid record outranks an unreadable one.
    assert check(dataset(tmp_path, INVALID, "{oops", name="e.jsonl"))[0] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    data = dataset(tmp_path, VALID)
    for args in (
        [data, "--parser", "magic"],
        [data, "--report", "xml"],
        [data, "--allow", "everything"],
        [data, "--prover", "nope"],
        [data, "--parser", "llm"],
        [str(tmp_path / "missing.jsonl")],
    ):
        code, _, err = check(*args)
        assert code == 2, args
        assert "Traceback" not in err
    # The choices named are the registry's parsers and the reporters' formats plus html.
    _, _, err = check(data, "--parser", "magic")
    assert "choose one of auto, fol, math, english, llm" in err
    _, _, err = check(data, "--report", "xml")
    assert "choose one of text, json, junit, github, html" in err


def test_allow_unsupported(tmp_path: Path) -> None:
    data = dataset(tmp_path, INVALID)
    assert check(data)[0] == 1
    assert check(data, "--allow", "unsupported")[0] == 0


def test_json_report_to_output_file(tmp_path: Path) -> None:
    out_path = tmp_path / "out.jsonl"
    code, out, err = check(
        dataset(tmp_path, VALID, INVALID), "--report", "json", "-o", str(out_path)
    )
    assert code == 1
    assert out == ""
    rows = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["good", "bad"]
    assert rows[1]["first_error"] == 0
    assert rows[1]["nodes"][1]["status"] == "unsupported"
    assert "transcript" in rows[1]
    assert "2 records" in err


def test_junit_and_github(tmp_path: Path) -> None:
    data = dataset(tmp_path, VALID, INVALID)
    code, out, _ = check(data, "--report", "junit")
    assert code == 1
    root = ET.fromstring(out.split("\n", 1)[1])
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    code, out, _ = check(data, "--report", "github")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert "line=2" in errors[0]


def test_cache_and_no_cache(tmp_path: Path, private_cache: Path) -> None:
    data = dataset(tmp_path, VALID, INVALID)
    check(data)
    assert private_cache.exists()
    _, out, _ = check(data)
    assert "(2 from cache)" in out
    _, out, _ = check(data, "--no-cache")
    assert "(0 from cache)" in out


def test_stdin_and_json_list(tmp_path: Path) -> None:
    stdin = json.dumps(VALID) + "\n\n" + json.dumps(INVALID) + "\n"
    result = runner.invoke(app, ["check", "-", "--report", "json"], input=stdin)
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["meta"]["line"]) for r in rows] == [("good", 1), ("bad", 3)]
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([VALID, {"premises": [], "steps": []}]), encoding="utf-8")
    code, out, _ = check(str(listing), "--report", "json")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good", "list.json[1]"]


# --- the CI gate never passes silently (issue 12 items 1-7) ----------------------------------


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("pyproject.toml", "[build-system]\nrequires = ['hatchling']\n", "no_role_tags"),
        ("table.csv", "a,b\n1,2\n", "no_role_tags"),
        ("empty.txt", "", "no_records"),
        ("space.txt", " \n\n", "no_records"),
        ("empty.jsonl", "", "no_records"),
    ],
)
def test_wrong_inputs_exit_2_and_say_what_was_expected(
    tmp_path: Path, name: str, text: str, code: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status, out, _ = check(str(path), "--report", "json")
    assert status == 2
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["verdict"] == "error"
    assert row["error"]["code"] == code
    assert "expected" in row["error"]["message"]


def test_jsonl_renamed_txt_keeps_its_invalid_records(tmp_path: Path) -> None:
    path = dataset(tmp_path, VALID, INVALID, {"oops": 1}, name="chains.txt")
    status, out, _ = check(path, "--report", "json")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["verdict"] for r in rows] == ["valid", "invalid", "error"]


def test_nothing_checked_is_never_valid(tmp_path: Path) -> None:
    empty = {"id": "empty", "premises": [{"fol": "P(a)"}], "steps": []}
    transcript = {"id": "t", "transcript": "<problem>Cats are cute.</problem>"}
    status, out, _ = check(dataset(tmp_path, empty, transcript), "--report", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["verdict"] for r in rows] == ["incomplete", "incomplete"]
    assert [f["code"] for f in rows[0]["findings"]] == ["nothing_checked"]
    assert status == 0
    assert check(dataset(tmp_path, empty, name="e.jsonl"), "--strict")[0] == 1


def test_exit_zero_never_hides_unreadable_input(tmp_path: Path) -> None:
    bad = dataset(tmp_path, INVALID)
    status, _, _ = check(str(tmp_path / "missing.jsonl"), bad, "--exit-zero")
    assert status == 2
    assert check(bad, "--exit-zero")[0] == 0
    help_text = " ".join(runner.invoke(app, ["check", "--help"]).stdout.replace("│", " ").split())
    assert "unreadable input still exits 2" in help_text


def test_export_exits_2_on_unreadable_records(tmp_path: Path) -> None:
    for args in (
        [dataset(tmp_path, VALID, "{oops", name="bad.jsonl")],
        [str(tmp_path / "missing.jsonl")],
        [dataset(tmp_path, "", name="empty.jsonl")],
    ):
        result = runner.invoke(app, ["export", *args])
        assert result.exit_code == 2, args
    csv = tmp_path / "t.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(csv)])
    assert result.exit_code == 2
    assert "no_role_tags" in result.stderr or "not a DoT transcript" in result.stderr
    assert runner.invoke(app, ["export", dataset(tmp_path, VALID, name="ok.jsonl")]).exit_code == 0


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    data = dataset(tmp_path, VALID, INVALID)
    before = Path(data).read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(data)
    hard = tmp_path / "hard.jsonl"
    hard.hardlink_to(data)
    for output in (data, str(link), str(hard)):
        status, _, err = check(data, "-o", output)
        assert status == 2
        assert "refusing to overwrite an input" in err
        assert Path(data).read_bytes() == before
    assert check(str(link), "-o", data)[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_output_is_replaced_only_when_the_report_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import veridot.verifier.runner

    out_path = tmp_path / "report.txt"
    out_path.write_text("the previous report\n", encoding="utf-8")
    real_run = veridot.verifier.runner.run

    def failing_run(*args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from itertools.islice(real_run(*args, **kwargs), 1)
        raise OSError(5, "Input/output error")  # the run breaks after the first record

    monkeypatch.setattr(veridot.verifier.runner, "run", failing_run)
    status, _, err = check(dataset(tmp_path, VALID, VALID), "-o", str(out_path))
    assert status == 2
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert "Errno" not in err
    assert out_path.read_text(encoding="utf-8") == "the previous report\n"
    monkeypatch.setattr(veridot.verifier.runner, "run", real_run)
    assert check(dataset(tmp_path, VALID), "-o", str(out_path))[0] == 0
    assert "good: valid" in out_path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("fmt", ["text", "junit", "json", "github"])
def test_summary_reaches_stderr_with_output_in_every_format(tmp_path: Path, fmt: str) -> None:
    out_path = tmp_path / "out"
    status, out, err = check(dataset(tmp_path, VALID), "--report", fmt, "-o", str(out_path))
    assert status == 0
    assert out == ""
    assert "1 record in" in err


def test_text_report_shows_why_a_needed_node_is_untranslated_and_structural_lines(
    tmp_path: Path,
) -> None:
    rests = {"id": "u", "premises": ["P(a"], "steps": [{"fol": "P(a)"}]}
    critic = {"id": "t", "transcript": "<critic>bad</critic>\n<proposer>P(a) ∨ ¬P(a)</proposer>"}
    _, out, _ = check(dataset(tmp_path, rests, critic), "--parser", "fol")
    assert "p0 premise:" in out
    assert "unbalanced parenthesis" in out
    assert "[structural] line 1:" in out


def test_oversized_record_is_unreadable_and_the_rest_is_checked(tmp_path: Path) -> None:
    big = {"id": "big", "premises": ["x" * 3000], "steps": ["y"]}
    data = dataset(tmp_path, VALID, big, VALID)
    status, out, _ = check(data, "--report", "json", "--max-record-bytes", "1000")
    assert status == 2
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["verdict"] for r in rows] == ["valid", "error", "valid"]
    assert rows[1]["error"]["code"] == "too_large"


def test_huge_numbers_never_show_python_advice(tmp_path: Path) -> None:
    nines = "9" * 5000
    records = [
        {"id": "fol", "premises": [{"fol": f"x = {nines}"}], "steps": [{"fol": "x > 1"}]},
        {"id": "text", "premises": [f"x = {nines}"], "steps": ["x > 1"]},
        {"id": "dot", "transcript": f"<problem>x = {nines}</problem><proposer>x > 1</proposer>"},
    ]
    for fmt in ("text", "json"):
        status, out, err = check(dataset(tmp_path, *records), "--report", fmt)
        assert status in (0, 2)
        assert "set_int_max_str_digits" not in out + err
        assert "ValueError" not in out + err


# --- in a real process: Ctrl-C, closed streams, odd output files -----------------------------

ROOT = Path(__file__).resolve().parents[2]
# Only models of infinite size satisfy these premises: z3 searches until its deadline.
ENDLESS = [
    {"fol": "∀x ∃y L(x, y)"},
    {"fol": "∀x ¬L(x, x)"},
    {"fol": "∀x ∀y ∀z (L(x, y) ∧ L(y, z) → L(x, z))"},
]


def veridot(*args: str, cache: Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VERIDOT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "veridot", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, **kwargs)


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_within_2_s_with_130(tmp_path: Path, workers: str) -> None:
    slow = [{"id": f"slow{i}", "premises": ENDLESS, "steps": [{"fol": "P(a)"}]} for i in range(4)]
    data = dataset(tmp_path, VALID, *slow)
    cache = tmp_path / "cache.sqlite3"
    proc = veridot(
        "check", data, "--timeout", "30", "--workers", workers, "--report", "json",
        cache=cache, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline()  # the quick record is done: the slow ones are running
        assert json.loads(first)["id"] == "good"
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:  # never leave a run behind, even when the test fails
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert elapsed < 2.0
    assert err.decode().strip().splitlines() == ["interrupted"]
    with sqlite3.connect(cache) as db:  # the cache is whole and holds the finished record
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM kv WHERE namespace = 'report'").fetchone() == (1,)


def test_closed_stdout_and_unwritable_output_are_one_line(tmp_path: Path) -> None:
    data = dataset(tmp_path, VALID)
    cache = tmp_path / "cache.sqlite3"
    proc = veridot("check", data, cache=cache, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc.communicate(timeout=60)
    # Close fd 1 in the child: sys.stdout is None there.
    closed = veridot(
        "check", data, cache=cache, stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    _, err = closed.communicate(timeout=60)
    assert closed.returncode == 2
    assert err.decode().strip().splitlines() == [
        "error: stdout is closed; write the report to a file with --output"
    ]
    if Path("/proc/version").exists():
        status, _, err_text = check(data, "-o", "/proc/version")
        assert status == 2
        assert err_text.count("\n") == 1
        assert "cannot write /proc/version" in err_text
        assert "Errno" not in err_text
