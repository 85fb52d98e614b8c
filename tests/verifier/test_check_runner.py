"""Dataset runs: input kinds, order under parallel workers, unreadable inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veridot.verifier.options import CheckOptions
from veridot.verifier.runner import Summary, run, run_all


def records(n: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(n):
        step = f"P{i}(a)" if i % 3 else f"Q{i}(a)"  # every third record is invalid
        out.append({"id": f"r{i}", "premises": [{"fol": f"P{i}(a)"}], "steps": [{"fol": step}]})
    return out


@pytest.mark.slow
def test_parallel_workers_keep_input_order(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records(8)) + "\n", encoding="utf-8")
    serial, _ = run_all([str(data)], CheckOptions())
    parallel, s2 = run_all([str(data)], CheckOptions(), workers=2)
    assert [o.report.id for o in parallel if o.report] == [f"r{i}" for i in range(8)]
    assert [o.verdict for o in serial] == [o.verdict for o in parallel]
    assert (s2.valid, s2.invalid) == (5, 3)


def test_json_list_transcript_file_and_missing_file(tmp_path: Path) -> None:
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps(records(2)), encoding="utf-8")
    dot = tmp_path / "cats.dot"
    dot.write_text(
        "<problem>\n@node id=1 role=problem\n@prop id=1 Cat(tom)\n</problem>\n"
        "<proposer>\n@node id=2 role=proposer\n@edge src=1 dst=2 kind=use\n"
        "@prop id=2 Cat(tom) ∨ Dog(tom)\n</proposer>\n",
        encoding="utf-8",
    )
    outcomes, summary = run_all(
        [str(listing), str(dot), str(tmp_path / "absent.jsonl")], CheckOptions()
    )
    assert [o.verdict for o in outcomes] == ["invalid", "valid", "valid", "error"]
    assert outcomes[2].report is not None
    assert outcomes[2].report.id == "cats"
    assert outcomes[3].failure is not None
    assert outcomes[3].failure.code == "unreadable_file"
    assert summary.exit_code() == 1


def test_unreadable_transcript_is_a_failure_with_a_line(tmp_path: Path) -> None:
    dot = tmp_path / "broken.dot"
    dot.write_text("<proposer>\nunclosed\n", encoding="utf-8")
    outcomes, summary = run_all([str(dot)], CheckOptions())
    assert outcomes[0].failure is not None
    assert summary.exit_code() == 2


def test_records_stream_through_the_run(tmp_path: Path) -> None:
    # The first report is out before the next input is even opened: inputs are read lazily,
    # so a huge input never sits in memory and a slow record does not hold up earlier ones.
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps(records(1)[0]) + "\n", encoding="utf-8")
    later = tmp_path / "b.jsonl"
    totals: list[int] = []
    outcomes = run([str(first), str(later)], CheckOptions(), on_total=totals.append)
    assert next(outcomes).verdict == "invalid"
    later.write_text("\n".join(json.dumps(r) for r in records(3)) + "\n", encoding="utf-8")
    rest = list(outcomes)
    assert [o.verdict for o in rest] == ["invalid", "valid", "valid"]
    assert totals == [4]


def test_cached_records_stream_too(tmp_path: Path) -> None:
    from veridot.verifier.cache import Cache

    first = tmp_path / "a.jsonl"
    first.write_text("\n".join(json.dumps(r) for r in records(3)) + "\n", encoding="utf-8")
    cache = Cache(tmp_path / "c.sqlite3")
    run_all([str(first)], CheckOptions(), cache=cache)
    later = tmp_path / "b.jsonl"
    outcomes = run([str(first), str(later)], CheckOptions(), cache=cache, workers=2)
    assert next(outcomes).cached  # out before b.jsonl is opened
    later.write_text(json.dumps(records(2)[1]) + "\n", encoding="utf-8")
    rest = list(outcomes)
    assert [(o.verdict, o.cached) for o in rest] == [
        ("valid", True),
        ("valid", True),
        ("valid", True),
    ]


@pytest.mark.parametrize(
    ("records", "head"), [(0, "0 records in"), (1, "1 record in"), (2, "2 records in")]
)
def test_summary_line_agrees_in_number(records: int, head: str) -> None:
    assert Summary(records=records, errors=records).line().startswith(head)
