"""Solving for a symbol across a step, real text through `--parser auto` (issue 10 §2): the
solved symbol is bound by the step's first equation, so a later slip in the same step is
flagged, and a value it had before is set aside, never held against the new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from parser.registry import PARSER_NAMES
from verifier.check import verify
from verifier.report import NodeStatus

pytestmark = pytest.mark.skipif("math" not in PARSER_NAMES, reason="no math parser registered")

FLAGGED = {NodeStatus.CONTRADICTED, NodeStatus.UNSUPPORTED, NodeStatus.INCONSISTENT}


@pytest.fixture(autouse=True)
def private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "cache.sqlite3"))


def test_a_slip_after_solving_for_a_symbol_is_contradicted() -> None:
    steps = [
        r"Solving for \( x \) yields: \[ (16 + x)(12) = 324, \] \[ 16 + x = 27, \] \[ x = 8. \]"
    ]
    report = verify({"id": "solve", "steps": steps})
    assert report.node("s0").status is NodeStatus.CONTRADICTED
    assert "x = 8" in report.node("s0").message


def test_solving_again_for_a_symbol_is_not_held_against_its_old_value() -> None:
    steps = [
        r"We have \( n = 3 \).",
        r"Solving for \( n \), we get: \[ 10n = 9(n+1) \implies n = 9 \]",
        r"Solving for \( x \) yields: \[ (16 + x)(12) = 324, \] \[ 16 + x = 27, \] \[ x = 11. \]",
    ]
    report = verify({"id": "solve-again", "steps": steps})
    assert [report.node(s).status in FLAGGED for s in ("s0", "s1", "s2")] == [False] * 3
