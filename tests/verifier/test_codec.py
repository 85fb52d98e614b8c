"""Reports stay objects inside a run; JSON only at the edges, one cache entry format."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from cache_entries import overwrite_entries, report_entries, timeless, write_dataset

from veridot.verifier import codec
from veridot.verifier.cache import Cache
from veridot.verifier.options import CheckOptions
from veridot.verifier.report import Report
from veridot.verifier.reporters import JsonReporter, TextReporter
from veridot.verifier.runner import run_all


def test_a_run_passes_reports_as_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a cache and a JSON report, nothing is written as JSON nor read back.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a report was serialized inside the run")

    monkeypatch.setattr(Report, "to_dict", refuse)
    monkeypatch.setattr(Report, "from_dict", refuse)
    outcomes, summary = run_all([write_dataset(tmp_path / "d.jsonl")], CheckOptions())
    assert [o.verdict for o in outcomes] == ["valid", "invalid"]
    assert summary.errors == 0
    text = io.StringIO()
    reporter = TextReporter(text)
    for outcome in outcomes:
        reporter.outcome(outcome)
    assert "bad: invalid" in text.getvalue()


def test_the_cache_entry_is_the_reports_json_line(tmp_path: Path) -> None:
    data, path = write_dataset(tmp_path / "d.jsonl"), tmp_path / "c.sqlite3"
    first, _ = run_all([data], CheckOptions(), cache=Cache(path))
    printed = io.StringIO()
    reporter = JsonReporter(printed)
    for outcome in first:
        reporter.outcome(outcome)
    lines = [json.loads(line) for line in printed.getvalue().splitlines()]
    stored = [json.loads(entry.partition("\n")[2]) for entry in report_entries(path)]
    # What --report json prints is the stored entry plus where it came from.
    bare = [{k: v for k, v in line.items() if k not in ("meta", "cached")} for line in lines]
    assert sorted(stored, key=lambda r: str(r["id"])) == sorted(bare, key=lambda r: str(r["id"]))
    # The second run prints the stored text itself, byte for byte (cached: true aside).
    second, summary = run_all([data], CheckOptions(), cache=Cache(path))
    assert summary.cached == 2
    again = io.StringIO()
    reporter = JsonReporter(again)
    for outcome in second:
        reporter.outcome(outcome)
    assert again.getvalue() == printed.getvalue().replace('"cached": false', '"cached": true')


HEADER = json.dumps({"verdict": "valid", "counts": {"premise": 1, "entailed": 1}})
BAD_ENTRIES = [
    "not json",
    "[1]",
    '{"id": "x"}',
    '{"verdict": "valid"}\n{"id": "x"}',
    '{"verdict": "maybe", "counts": {}}\n{"id": "x"}',
    '{"verdict": "valid", "counts": {"premise": "one"}}\n{"id": "x"}',
    HEADER,  # no report after it
    HEADER + '\n{"id": "ok", "verdict": "valid", "nodes": [',  # cut short
]


@pytest.mark.parametrize("entry", BAD_ENTRIES)
def test_an_entry_that_is_no_report_is_a_miss(tmp_path: Path, entry: str) -> None:
    data, path = write_dataset(tmp_path / "d.jsonl"), tmp_path / "c.sqlite3"
    first, _ = run_all([data], CheckOptions(), cache=Cache(path))
    overwrite_entries(path, entry)
    second, summary = run_all([data], CheckOptions(), cache=Cache(path))
    assert summary.cached == 0
    assert summary.errors == 0
    assert [timeless(o.report.to_dict()) for o in second if o.report] == [
        timeless(o.report.to_dict()) for o in first if o.report
    ]
    _, third = run_all([data], CheckOptions(), cache=Cache(path))  # checked again and replaced
    assert third.cached == 2


def test_the_service_s_old_header_less_entry_is_a_miss(tmp_path: Path) -> None:
    data, path = write_dataset(tmp_path / "d.jsonl"), tmp_path / "c.sqlite3"
    run_all([data], CheckOptions(), cache=Cache(path))
    header, _, text = report_entries(path)[0].partition("\n")
    assert codec.read_entry(header + "\n" + text) is not None
    assert codec.read_entry(text) is None  # what the service stored before


def test_a_hit_is_not_parsed_until_a_reporter_reads_it(tmp_path: Path) -> None:
    data, path = write_dataset(tmp_path / "d.jsonl"), tmp_path / "c.sqlite3"
    run_all([data], CheckOptions(), cache=Cache(path))
    overwrite_entries(path, HEADER + "\n" + '{"id": "junk"}')  # a valid header, then no report
    outcomes, summary = run_all([data], CheckOptions(), cache=Cache(path))
    assert summary.cached == 2  # counted from the header alone
    text = io.StringIO()
    reporter = TextReporter(text)
    for outcome in outcomes:  # reading the report finds it unreadable: an error, no crash
        reporter.outcome(outcome)
    assert text.getvalue().count("error [bad_cache_entry]") == 2


def test_worker_processes_send_the_entry_and_print_the_same(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "d.jsonl")
    lines = {}
    for workers in (1, 2):
        path = tmp_path / f"c{workers}.sqlite3"
        outcomes, summary = run_all([data], CheckOptions(), cache=Cache(path), workers=workers)
        assert summary.errors == 0
        printed = io.StringIO()
        reporter = JsonReporter(printed)
        for outcome in outcomes:
            reporter.outcome(outcome)
        lines[workers] = [timeless(json.loads(line)) for line in printed.getvalue().splitlines()]
        assert [o.report.verdict.value for o in outcomes if o.report] == ["valid", "invalid"]
        assert len(report_entries(path)) == 2
    assert lines[1] == lines[2]
