"""Reporters: text, JSON lines, JUnit XML and GitHub annotations over a small dataset run."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from veridot.verifier.options import CheckOptions
from veridot.verifier.reporters import (
    GithubReporter,
    JsonReporter,
    JunitReporter,
    TextReporter,
    make_reporter,
)
from veridot.verifier.runner import Outcome, Summary, run_all

VALID = {"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
INVALID = {"id": "bad", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]}
INCOMPLETE = {"id": "open", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a"}]}


def write_dataset(path: Path) -> Path:
    lines = [json.dumps(VALID), json.dumps(INVALID), "{not json", json.dumps(INCOMPLETE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def outcomes(tmp_path: Path) -> tuple[list[Outcome], Summary]:
    return run_all([str(write_dataset(tmp_path / "data.jsonl"))], CheckOptions(parser="fol"))


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


# Record ids and texts are the user's (or a model's): a newline must not start a line of its own
# (in GitHub Actions a stdout line '::error ...' or '::add-mask::' is a workflow command), a
# terminal escape must not reach the terminal, and JUnit XML must stay well-formed.
HOSTILE = {
    "id": "evil\n::error file=x.py,line=1::INJECTED\x1b[2J\x00\x08",
    "premises": [{"fol": "P(a)"}],
    "steps": [{"fol": "Q(a)", "text": "Q\x1b[31m\x01(a)"}],
}


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[list[Outcome], Summary]:
    path = tmp_path / "evil\nname.jsonl"
    path.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return run_all([str(path)], CheckOptions(parser="fol"))


def controls(text: str) -> list[str]:
    return [ch for ch in text if ch != "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0)]


@pytest.mark.parametrize("make", [TextReporter, GithubReporter])
def test_control_characters_never_reach_the_output(
    make: type[TextReporter] | type[GithubReporter], hostile: tuple[list[Outcome], Summary]
) -> None:
    out = io.StringIO()
    feed(make(out), hostile)
    lines = out.getvalue().splitlines()
    assert not any(line.startswith("::error file=x.py") for line in lines)
    assert not any(line.startswith("name.jsonl") for line in lines)
    assert controls(out.getvalue()) == []
    assert "\\x1b" in out.getvalue()  # shown, not dropped


def test_junit_stays_well_formed_with_control_characters(
    hostile: tuple[list[Outcome], Summary],
) -> None:
    out = io.StringIO()
    feed(JunitReporter(out), hostile)
    root = ET.fromstring(out.getvalue())
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("name", "").startswith("evil\\n::error")
    assert root.find("testsuite/testcase/failure") is not None
