"""Reading inputs (`veridot.verifier.inputs`): wrong inputs are errors, reads are bounded,
positions."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from veridot.verifier.inputs import InputRecord, read_inputs
from veridot.verifier.options import CheckOptions
from veridot.verifier.runner import run_all

GOOD = {"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}


def read(path: Path, **kwargs: int) -> list[InputRecord]:
    return list(read_inputs([str(path)], **kwargs))


def codes(records: list[InputRecord]) -> list[str | None]:
    return [r.failure.code if r.failure else None for r in records]


@pytest.mark.parametrize(
    ("name", "text"),
    [("empty.jsonl", ""), ("blank.jsonl", "\n  \n"), ("space.txt", "  \n\t\n"), ("e.json", "[]")],
)
def test_an_input_without_records_is_an_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [record] = read(path)
    assert record.failure is not None
    assert record.failure.code == "no_records"
    assert "expected JSONL records" in record.failure.message


def test_jsonl_saved_as_txt_is_read_as_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text(json.dumps(GOOD) + "\n" + '{"oops": 1}\n' + "{cut\n", encoding="utf-8")
    records = read(path)
    assert [r.line for r in records] == [1, 2, 3]
    assert codes(records) == [None, None, "bad_json"]  # line 2 fails when it is read
    assert records[1].obj == {"oops": 1}
    outcomes, summary = run_all([str(path)], CheckOptions())
    assert [o.verdict for o in outcomes] == ["valid", "error", "error"]
    assert summary.exit_code() == 2


def test_a_pretty_printed_json_document_saved_as_txt(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(json.dumps([GOOD, GOOD], indent=2), encoding="utf-8")
    assert [r.default_id for r in read(path)] == ["one.txt[0]", "one.txt[1]"]


@pytest.mark.parametrize(
    ("name", "text"),
    [("pyproject.toml", "[project]\nname = 'x'\n"), ("table.csv", "a,b\n1,2\n")],
)
def test_a_text_without_role_tags_is_an_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    outcomes, summary = run_all([str(path)], CheckOptions())
    [outcome] = outcomes
    assert outcome.failure is not None
    assert outcome.failure.code == "no_role_tags"
    assert "<proposer>" in outcome.failure.message
    assert summary.exit_code() == 2


def test_truncated_json_reports_its_real_column(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "x", "steps": [\n{"id": 1,, "steps": []}\n', encoding="utf-8")
    first, second = read(path)
    assert first.failure is not None
    assert "column 23" in first.failure.message
    assert "line ends" in first.failure.message
    assert second.failure is not None
    assert "column 10" in second.failure.message


def test_an_oversized_line_is_one_failure_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    big = json.dumps({"id": "big", "premises": ["x" * 5000], "steps": ["y"]})
    path.write_text("\n".join([json.dumps(GOOD), big, json.dumps(GOOD)]) + "\n", encoding="utf-8")
    records = read(path, max_record_bytes=1000)
    assert codes(records) == [None, "too_large", None]
    assert [r.line for r in records] == [1, 2, 3]
    assert records[1].failure is not None
    assert "1,000 bytes" in records[1].failure.message


def test_oversized_json_and_transcript_files(tmp_path: Path) -> None:
    listing = tmp_path / "l.json"
    listing.write_text(json.dumps([GOOD] * 50), encoding="utf-8")
    assert codes(read(listing, max_record_bytes=500)) == ["too_large"]
    dot = tmp_path / "t.dot"
    dot.write_text("<proposer>\n" + "x" * 2000 + "\n</proposer>\n", encoding="utf-8")
    assert codes(read(dot, max_record_bytes=500)) == ["too_large"]
    assert codes(read(dot)) == [None]


def test_binary_input_stops_at_once(tmp_path: Path) -> None:
    path = tmp_path / "zeros.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + b"\0" * 100_000 + b"\n" + b"{}\n")
    assert codes(read(path)) == [None, "binary_input"]
    raw = tmp_path / "zeros"
    raw.write_bytes(b"\0" * 100_000)
    assert codes(read(raw)) == ["binary_input"]


def test_dev_zero_is_unreadable_in_bounded_time() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    [record] = read_inputs(["/dev/zero"])
    assert record.failure is not None
    assert record.failure.code == "binary_input"


def test_stdin_is_read_as_a_bounded_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(GOOD).encode() + b"\n" + b"z" * 3000 + b"\n" + json.dumps(GOOD).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert codes(list(read_inputs(["-"], max_record_bytes=1000))) == [None, "too_large", None]


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("name", ["data.jsonl", "data.json", "data.txt"])
def test_a_utf8_byte_order_mark_is_not_part_of_the_first_record(tmp_path: Path, name: str) -> None:
    # Windows editors and PowerShell's Out-File start UTF-8 files with a BOM: the first record
    # was `bad_json` ("Unexpected UTF-8 BOM (decode using utf-8-sig)").
    path = tmp_path / name
    body = json.dumps(GOOD) + ("\n" + json.dumps(GOOD) if name != "data.json" else "")
    path.write_bytes(BOM + body.encode("utf-8") + b"\n")
    records = read(path)
    assert codes(records) == [None] * len(records)
    assert records[0].obj == GOOD


def test_a_bom_before_a_transcript_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(BOM + b"<problem>\nTom is a cat.\n</problem>\n")
    [record] = read(path)
    assert record.obj["transcript"].startswith("<problem>")


def test_a_non_utf8_byte_is_named_with_its_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "caf\xe9"}\n')
    [record] = read(path)
    assert record.failure is not None
    assert record.failure.code == "bad_encoding"
    assert record.failure.message == "not UTF-8: byte 0xE9 at column 12"
