"""The report's JSON shape is declared once (veridot.verifier.report_json) and written in that
shape.

mypy ties `to_dict()` to the TypedDicts statically; these tests check at run time what mypy
cannot: the key order (the bytes of `--report json`), the optional keys, and that the
Literal names match the enums.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

import pytest

from veridot.verifier import verify
from veridot.verifier.findings import Severity
from veridot.verifier.report import NodeStatus, RecordVerdict, Report
from veridot.verifier.report_json import (
    ClaimJSON,
    FindingJSON,
    NodeJSON,
    ReportJSON,
    SeverityName,
    StatusName,
    StructuralErrorJSON,
    VerdictName,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _block(role: str, nid: int, *lines: str) -> str:
    return "\n".join([f"<{role}>", f"@node id={nid} role={role}", *lines, f"</{role}>"])


# A transcript that breaks the protocol (a use edge from a node that does not exist).
BROKEN = "\n".join(
    [
        _block("problem", 1, "@prop id=1 Cat(tom)", "Tom is a cat."),
        _block("proposer", 2, "@edge src=1 dst=2 kind=use", "@edge src=9 dst=2 kind=use"),
        "",
    ]
)
CHAIN = {
    "id": "r1",
    "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Cat(tom)"}],
    "steps": [{"fol": "Animal(tom)"}, {"fol": "Dog(tom)"}],
}


def reports() -> list[Report]:
    """Reports with every part filled somewhere: claims, structural errors, countermodels,
    findings on the record, nodes and claims, a transcript, meta."""
    v2 = verify((EXAMPLES / "transcript_v2.txt").read_text(encoding="utf-8"))
    chain = verify(CHAIN)
    return [v2, chain, verify(BROKEN), replace(chain, meta={"file": "x.jsonl", "line": 3})]


def _keys(td: Any) -> list[str]:
    return list(td.__annotations__)


def test_enum_values_are_the_declared_names() -> None:
    assert set(get_args(StatusName)) == {s.value for s in NodeStatus}
    assert set(get_args(VerdictName)) == {v.value for v in RecordVerdict}
    assert set(get_args(SeverityName)) == {s.value for s in Severity}


def test_the_parts_are_filled() -> None:
    v2, chain, broken, with_meta = (r.to_dict() for r in reports())
    assert v2["claims"]
    assert broken["structural_errors"]
    assert broken["findings"]
    assert any(n["countermodel"] for n in chain["nodes"])
    assert "transcript" in v2
    assert "meta" in with_meta
    assert "meta" not in chain


@pytest.mark.parametrize("index", range(4))
def test_keys_are_written_in_the_declared_order(index: int) -> None:
    data = reports()[index].to_dict()
    optional = ReportJSON.__optional_keys__
    assert list(data) == [k for k in _keys(ReportJSON) if k not in optional or k in data]
    for node in data["nodes"]:
        assert list(node) == _keys(NodeJSON)
        for finding in node["findings"]:
            assert list(finding) == _keys(FindingJSON)
    for claim in data["claims"]:
        assert list(claim) == _keys(ClaimJSON)
        for finding in claim["findings"]:
            assert list(finding) == _keys(FindingJSON)
    for error in data["structural_errors"]:
        assert list(error) == _keys(StructuralErrorJSON)
    for finding in data["findings"]:
        assert list(finding) == _keys(FindingJSON)


def test_from_dict_reads_back_what_to_dict_writes() -> None:
    for report in reports():
        data = report.to_dict()
        assert Report.from_dict(data).to_dict() == data
