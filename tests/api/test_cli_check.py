"""`veridot check`: exit codes, report formats, --output, --allow, the cache, bad usage."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

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
