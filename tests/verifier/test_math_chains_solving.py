"""Algebra over symbols within a step, real text through `--parser auto` (issue 10 §2): a
symbol solved for is bound by the step's first equation, so a later slip in the same step is
flagged, and a value it had before is set aside, never held against the new one; an equation
that no value of its new symbols satisfies is a slip, not a definition."""

from __future__ import annotations

from pathlib import Path

import pytest

from veridot.parser.registry import PARSER_NAMES
from veridot.verifier.check import verify
from veridot.verifier.report import NodeStatus

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


def test_an_equation_no_value_satisfies_is_contradicted_and_an_identity_is_not() -> None:
    steps = [
        r"The general term is \[a_n = 9 - 18(n-1) = 18 - 18n\]",
        r"We factor \[ x^3 - 1 = (x - 1)(x^2 + x + 1). \]",
    ]
    report = verify({"id": "never-equal", "steps": steps})
    assert report.node("s0").status is NodeStatus.CONTRADICTED
    assert "9 - 18 * (n - 1) = 18 - 18 * n" in report.node("s0").message
    assert report.node("s1").status not in FLAGGED
