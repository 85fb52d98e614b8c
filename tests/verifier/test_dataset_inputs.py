"""Dataset inputs: Parquet files (written here with pyarrow), column mappings (`--map`), and
the library's `verify_each` over iterables of dicts such as a Hugging Face `Dataset`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app
from veridot.verifier.check import verify, verify_each
from veridot.verifier.inputs import read_inputs
from veridot.verifier.options import CheckOptions
from veridot.verifier.readers import RecordError
from veridot.verifier.readers.columns import MappingError, apply_mapping, parse_mapping
from veridot.verifier.runner import run_all

GOOD = {"id": "good", "premises": ["P(a)"], "steps": ["P(a)"], "parser": "fol"}
BAD = {"id": "bad", "premises": ["P(a)"], "steps": ["Q(a)"], "parser": "fol"}
# The same two chains under other column names (a dataset's own layout).
ROWS = [
    {"name": "good", "facts": ["P(a)"], "solution": ["P(a)"], "question": "Is P(a)?"},
    {"name": "bad", "facts": ["P(a)"], "solution": ["Q(a)"], "question": "Is Q(a)?"},
]
MAP = {"id": "name", "premises": "facts", "steps": "solution", "problem": "question"}
MAP_ARGS = ["--map", "id=name", "--map", "premises=facts", "--map", "steps=solution"]
MAP_ARGS += ["--map", "problem=question"]


def write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def check(*args: str, cache: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *args], env={"VERIDOT_CACHE": str(cache)})
    return result.exit_code, result.stdout, result.stderr


# --- column mappings --------------------------------------------------------------------------


def test_parse_mapping_and_apply() -> None:
    assert parse_mapping(["steps=solution", " problem = question "]) == {
        "steps": "solution",
        "problem": "question",
    }
    record = {"solution": [1], "question": "q", "other": 3}
    mapped = apply_mapping(record, {"steps": "solution", "problem": "question"})
    assert mapped == {"steps": [1], "problem": "q", "other": 3}
    assert record == {"solution": [1], "question": "q", "other": 3}  # the input is not changed
    assert apply_mapping({"a": 1, "b": 2}, {"id": "a", "steps": "missing"}) == {"id": 1, "b": 2}


@pytest.mark.parametrize("item", ["steps", "=solution", "steps=", "stpes=solution"])
def test_bad_mapping_items_are_refused(item: str) -> None:
    with pytest.raises(MappingError):
        parse_mapping([item])


def test_jsonl_records_are_mapped_before_they_are_read(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    code, out, _ = check(str(data), "--parser", "fol", *MAP_ARGS, cache=tmp_path / "c")
    assert code == 1, out
    assert "good: valid" in out
    assert "bad: invalid" in out
    # Without the mapping the same file is two unreadable records.
    code, out, _ = check(str(data), "--parser", "fol", cache=tmp_path / "c")
    assert code == 2
    assert "unknown record shape" in out


def test_a_bad_map_option_is_a_usage_error(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    code, _, err = check(str(data), "--map", "stpes=solution", cache=tmp_path / "c")
    assert code == 2
    assert "unknown record field 'stpes'" in err


# --- Parquet ----------------------------------------------------------------------------------


def test_parquet_rows_are_records(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "d.parquet", [GOOD, BAD, {"premises": ["R(b)"], "steps": []}])
    items = list(read_inputs([str(path)]))
    assert [i.line for i in items] == [1, 2, 3]
    assert items[0].obj == GOOD
    assert items[2].default_id == "d.parquet:3"
    outcomes, summary = run_all([str(path)], CheckOptions(parser="fol"))
    assert [o.verdict for o in outcomes] == ["valid", "invalid", "incomplete"]
    assert (summary.valid, summary.invalid, summary.incomplete) == (1, 1, 1)


def test_parquet_with_a_column_mapping_through_the_cli(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "rows.parquet", ROWS)
    out_file = tmp_path / "report.jsonl"
    code, _, _ = check(
        str(path), *MAP_ARGS, "--report", "json", "-o", str(out_file), cache=tmp_path / "c"
    )
    assert code == 1
    reports = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["verdict"]) for r in reports] == [("good", "valid"), ("bad", "invalid")]
    assert reports[1]["meta"] == {"file": str(path), "line": 2}  # the row number
    assert any(n["id"] == "problem" for n in reports[0]["nodes"])  # question -> problem


def test_a_corrupt_parquet_file_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet PAR1")
    code, out, _ = check(str(path), cache=tmp_path / "c")
    assert code == 2
    assert "unreadable_file" in out
    assert "not a readable Parquet file" in out


def test_without_pyarrow_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    [item] = list(read_inputs([str(path)]))
    assert item.failure is not None
    assert "veridot[parquet]" in item.failure.message


# --- the library ------------------------------------------------------------------------------


class FakeDataset:
    """What `verify_each` relies on in a Hugging Face `datasets.Dataset`: iterating its rows
    gives dicts (no `datasets` import anywhere)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)


def test_verify_each_over_a_dataset_with_a_mapping() -> None:
    reports = list(verify_each(FakeDataset(ROWS), mapping=MAP, transcript=False))
    assert [(r.id, r.verdict.value) for r in reports] == [("good", "valid"), ("bad", "invalid")]


def test_verify_each_over_a_generator_names_records_without_id() -> None:
    rows = ({"premises": ["P(a)"], "steps": [s]} for s in ("P(a)", "Q(a)"))
    reports = list(verify_each(rows, parser="fol", transcript=False))
    assert [r.id for r in reports] == ["record[0]", "record[1]"]
    assert [r.verdict.value for r in reports] == ["valid", "invalid"]


def test_verify_each_names_the_record_it_cannot_read() -> None:
    records = iter([GOOD, {"premises": ["P(a)"]}])
    first = next(verify_each(records, transcript=False))
    assert first.verdict.value == "valid"
    with pytest.raises(RecordError, match="record 1"):
        list(verify_each([GOOD, {"premises": ["P(a)"]}], transcript=False))
    with pytest.raises(RecordError, match="record 0 is a int"):
        list(verify_each([3], transcript=False))  # type: ignore[list-item]


def test_verify_takes_a_mapping_too() -> None:
    report = verify(ROWS[1], mapping=MAP, parser="fol", transcript=False)
    assert (report.id, report.verdict.value) == ("bad", "invalid")
    with pytest.raises(MappingError):
        verify(ROWS[1], mapping={"stpes": "solution"})
