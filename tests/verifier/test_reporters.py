"""Reporters: text, JSON lines, JUnit XML and GitHub annotations over a small dataset run."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from verifier.reporters import (
    GithubReporter,
    JsonReporter,
    JunitReporter,
    TextReporter,
    make_reporter,
)
from verifier.runner import Outcome, RunOptions, Summary, run_all

VALID = {"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
INVALID = {"id": "bad", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]}
INCOMPLETE = {"id": "open", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a"}]}


def write_dataset(path: Path) -> Path:
    lines = [json.dumps(VALID), json.dumps(INVALID), "{not json", json.dumps(INCOMPLETE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def outcomes(tmp_path: Path) -> tuple[list[Outcome], Summary]:
    return run_all([str(write_dataset(tmp_path / "data.jsonl"))], RunOptions(parser="fol"))


def feed(reporter: object, outcomes: tuple[list[Outcome], Summary]) -> None:
    items, summary = outcomes
    reporter.start()  # type: ignore[attr-defined]
    for o in items:
        reporter.outcome(o)  # type: ignore[attr-defined]
    reporter.finish(summary)  # type: ignore[attr-defined]


def test_run_order_lines_and_summary(outcomes: tuple[list[Outcome], Summary]) -> None:
    items, summary = outcomes
    assert [o.verdict for o in items] == ["valid", "invalid", "error", "incomplete"]
    assert [o.line for o in items] == [1, 2, 3, 4]
    assert (summary.valid, summary.invalid, summary.incomplete, summary.errors) == (1, 1, 1, 1)
    assert summary.exit_code() == 1
    assert summary.exit_code(strict=True) == 1


def test_exit_code_rules() -> None:
    assert Summary(records=1, valid=1).exit_code() == 0
    assert Summary(records=2, valid=1, errors=1).exit_code() == 2
    assert Summary(records=2, invalid=1, errors=1).exit_code() == 1
    assert Summary(records=1, incomplete=1).exit_code() == 0
    assert Summary(records=1, incomplete=1).exit_code(strict=True) == 1


def test_json_lines(outcomes: tuple[list[Outcome], Summary]) -> None:
    out, err = io.StringIO(), io.StringIO()
    feed(JsonReporter(out, summary_stream=err), outcomes)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["verdict"] for r in rows] == ["valid", "invalid", "error", "incomplete"]
    assert rows[1]["first_error"] == 0
    assert rows[1]["meta"]["line"] == 2
    assert rows[2]["error"]["line"] == 3
    assert rows[2]["error"]["code"]
    assert "1 invalid" in err.getvalue()


def test_junit_xml(outcomes: tuple[list[Outcome], Summary]) -> None:
    out = io.StringIO()
    feed(JunitReporter(out), outcomes)
    root = ET.fromstring(out.getvalue().split("\n", 1)[1])
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "4",
        "1",
        "1",
        "1",
    )
    cases = {c.get("name"): c for c in root.iter("testcase")}
    failure = cases["bad"].find("failure")
    assert failure is not None
    assert "[unsupported]" in (failure.text or "")
    assert cases["good"].find("failure") is None
    assert cases["open"].find("skipped") is not None
    assert cases["line 3"].find("error") is not None


def test_github_annotations(outcomes: tuple[list[Outcome], Summary]) -> None:
    out = io.StringIO()
    feed(GithubReporter(out), outcomes)
    lines = out.getvalue().splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert any("line=2" in e and "unsupported" in e for e in errors)
    assert any("line=3" in e for e in errors)  # the malformed line
    assert any("line=4" in w and "formula_syntax" in w for w in warnings)
    assert all("file=" in line and "::" in line[2:] for line in errors + warnings)
    assert not any("line=1," in line for line in lines)  # the valid record is silent


def test_github_escaping() -> None:
    out = io.StringIO()
    GithubReporter(out)._emit("error", "a,b:c.jsonl", 3, "t", "50%\nnext")
    assert out.getvalue() == "::error file=a%2Cb%3Ac.jsonl,line=3,title=t::50%25%0Anext\n"


def test_text(outcomes: tuple[list[Outcome], Summary]) -> None:
    out = io.StringIO()
    feed(TextReporter(out), outcomes)
    text = out.getvalue()
    assert "bad: invalid (first error at step 0)" in text
    assert "s0 unsupported:" in text
    assert "data.jsonl:3: error" in text
    assert text.rstrip().splitlines()[-1].startswith("4 records")


def test_make_reporter_rejects_unknown_formats() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        make_reporter("xml", io.StringIO())
