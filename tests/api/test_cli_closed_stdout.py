"""A closed stdout is one clear line on stderr and exit 2 for every command that prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "args",
    [
        ["prove", "-p", "P(a)", "-c", "P(a)"],
        ["--version"],
        ["eval", "-f", "folio", str(ROOT / "pyproject.toml")],
        ["grammar"],
    ],
)
def test_closed_stdout_is_an_error(tmp_path: Path, args: list[str]) -> None:
    env = {**os.environ, "VERIDOT_CACHE": str(tmp_path / "c.sqlite3"), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "veridot", *args]
    # Close fd 1 in the child (`>&-`): sys.stdout is None there.
    proc = subprocess.run(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1),
        timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().splitlines() == [
        "error: stdout is closed; there is nowhere to print the answer"
    ]
