"""Datasets: JSONL (one record per line, mixed formats) and `.json` lists, errors with lines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from veridot.verifier.diagram import Diagram
from veridot.verifier.inputs import read_inputs
from veridot.verifier.readers import RecordError, read_jsonl

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("VERIDOT_DATA", REPO.parent / "shared" / "data"))


def test_mixed_jsonl_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "c", "premises": ["A."], "steps": ["A."]}),
        "",
        "{not json",
        json.dumps({"transcript": "<proposer> x </proposer>"}),
        json.dumps({"steps": [{"text": "x", "from": ["p9"]}]}),
        json.dumps({"problem": "p", "steps": ["a"], "label": -1}),
        json.dumps(["a list"]),
        json.dumps({"question": "q", "answer": "#1. a\n#2. (by #1) b"}),
        json.dumps({"transcript": "<proposer> x"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    out = list(read_jsonl(path))
    kinds = [
        (x.line, x.code) if isinstance(x, RecordError) else (x.meta["source_line"], x.source_format)
        for x in out
    ]
    assert kinds == [
        (1, "chain"),
        (3, "bad_json"),
        (4, "dot_v1"),
        (5, "dangling_ref"),
        (6, "processbench"),
        (7, "bad_record"),
        (8, "natural_program"),
        (9, "syntax_error"),
        (10, "bad_encoding"),
    ]
    assert [x.id for x in out if isinstance(x, Diagram)] == [
        "c",
        "mixed.jsonl:4",
        "mixed.jsonl:6",
        "mixed.jsonl:8",
    ]
    errors = [x for x in out if isinstance(x, RecordError)]
    assert "invalid JSON at column 2" in errors[0].message
    assert "line 1, column 1" in errors[3].message  # the transcript's own position
    assert "not UTF-8" in errors[4].message
    assert str(errors[0]).startswith("line 3: ")


def test_lines_are_read_as_veridot_check_reads_them(tmp_path: Path) -> None:
    # One reader for both: the same byte order mark, limit, codes, messages and binary stop.
    record = json.dumps({"premises": ["A."], "steps": ["A."]})
    path = tmp_path / "d.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + record.encode() + b"\n"  # a BOM before the first record
        + b'{"steps": ["' + b"x" * 200 + b'"]}\n'  # over the limit below
        + b"{not json\n"
        + b"\xff\n"
        + record.encode() + b"\n"
        + b"\x00\n"  # binary: nothing after it is read
        + record.encode() + b"\n"
    )  # fmt: skip
    out = list(read_jsonl(path, max_record_bytes=100))
    raw = list(read_inputs([str(path)], max_record_bytes=100))
    assert len(out) == len(raw) == 6
    for diagram, item in zip(out, raw, strict=True):
        if item.failure is None:
            assert isinstance(diagram, Diagram)
            assert diagram.meta["source_line"] == item.line
        else:
            assert isinstance(diagram, RecordError)
            assert (diagram.code, diagram.message, diagram.line) == (
                item.failure.code,
                item.failure.message,
                item.line,
            )
    assert [x.code for x in out if isinstance(x, RecordError)] == [
        "too_large",
        "bad_json",
        "bad_encoding",
        "binary_input",
    ]


def test_json_list_file(tmp_path: Path) -> None:
    path = tmp_path / "set.json"
    path.write_text(json.dumps([{"steps": ["a"]}, {"nope": 1}, {"id": "x", "steps": []}]))
    out = list(read_jsonl(path))
    assert isinstance(out[0], Diagram)
    assert (out[0].id, out[0].meta["source_index"]) == ("set.json[0]", 0)
    assert isinstance(out[1], RecordError)
    assert (out[1].index, out[1].line) == (1, None)
    assert isinstance(out[2], Diagram)
    assert out[2].id == "x"


def test_json_file_with_one_record_and_bad_json(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"steps": ["a"]}))
    (d,) = read_jsonl(one)
    assert isinstance(d, Diagram)
    bad = tmp_path / "bad.json"
    bad.write_text('[\n{"steps": [}\n]')
    (err,) = read_jsonl(bad)
    assert isinstance(err, RecordError)
    assert err.line == 2


def test_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="nope"):
        list(read_jsonl(tmp_path / "nope.jsonl"))


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (err,) = read_jsonl(path)
    assert isinstance(err, RecordError)


@pytest.mark.parametrize(
    "name",
    [
        "examples/chain.jsonl",
        "examples/natural_program.jsonl",
        "examples/processbench.jsonl",
        "examples/mixed.jsonl",
        "examples/math.jsonl",
    ],
)
def test_bundled_examples_read_cleanly(name: str) -> None:
    out = list(read_jsonl(REPO / name))
    assert out
    assert all(isinstance(x, Diagram) for x in out), [str(x) for x in out]


@pytest.mark.data
@pytest.mark.parametrize(
    ("rel", "fmt", "count"),
    [
        ("processbench/dataset/gsm8k.json", "processbench", 400),
        ("verify_cot/data/human_annotation/addsub_100.json", "natural_program", 100),
        ("verify_cot/data/human_annotation/MATH_100.json", "natural_program", 100),
        ("gsm8k/train.jsonl", "gsm8k", 7473),
    ],
)
def test_shared_datasets(rel: str, fmt: str, count: int) -> None:
    path = DATA / rel
    if not path.exists():
        pytest.skip(f"{path} is absent")
    out = list(read_jsonl(path))
    assert len(out) == count
    diagrams = [x for x in out if isinstance(x, Diagram)]
    assert len(diagrams) == count
    assert {d.source_format for d in diagrams} == {fmt}
    if fmt == "processbench":
        assert all(d.label is not None and d.label < len(d.steps()) for d in diagrams)
