"""`veridot export` never loses a problem: one file per check, a clear line when it cannot write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from veridot.api.cli.main import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def record(rid: str, fact: str) -> str:
    return json.dumps(
        {"id": rid, "parser": "fol", "premises": [fact], "steps": [{"fol": fact}]},
        ensure_ascii=False,
    )


def test_records_with_one_name_are_each_written(tmp_path: Path) -> None:
    # Two records with the same id, a third in another file of the same stem, ids that only
    # differ by characters a file name cannot hold, ids too long for a file name: six checks,
    # six files.
    one = tmp_path / "a" / "data.jsonl"
    two = tmp_path / "b" / "data.jsonl"
    one.parent.mkdir()
    two.parent.mkdir()
    one.write_text(
        "\n".join([record("dup", "P(a)"), record("dup", "Q(a)"), record("x/y", "R(a)")]) + "\n",
        encoding="utf-8",
    )
    two.write_text(
        "\n".join([record("x_y", "S(a)"), record("z" * 300, "T(a)"), record("z" * 301, "U(a)")])
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(one), str(two), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "6 problems written" in result.stderr
    texts = [path.read_text(encoding="utf-8") for path in sorted(out.iterdir())]
    assert len(texts) == 6
    for predicate in ("P", "Q", "R", "S", "T", "U"):
        assert sum(f"({predicate} a)" in text for text in texts) == 1, predicate


def test_output_that_is_a_file_is_refused_and_kept(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(record("r", "P(a)") + "\n", encoding="utf-8")
    before = data.read_bytes()
    result = runner.invoke(app, ["export", str(data), "-o", str(data)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: --output {data} is a file; export writes one file per problem into a directory"
    ]
    assert data.read_bytes() == before


def test_closed_stdout_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(record("r", "P(a)") + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # Close fd 1 in the child: sys.stdout is None there.
    proc = subprocess.run(
        [sys.executable, "-m", "veridot", "export", str(data)],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, timeout=120,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().splitlines() == [
        "error: stdout is closed; write the problems to a directory with --output"
    ]
