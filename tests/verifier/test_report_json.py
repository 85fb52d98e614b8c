"""The report's JSON shape is declared once (veridot.verifier.report_json) and written in that
shape.

mypy ties `to_dict()` to the TypedDicts statically; these tests check at run time what mypy
cannot: the key order (the bytes of `--report json`), the optional keys, and that the
Literal names match the enums.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from filled_reports import filled_reports

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


def _keys(td: Any) -> list[str]:
    return list(td.__annotations__)


def test_enum_values_are_the_declared_names() -> None:
    assert set(get_args(StatusName)) == {s.value for s in NodeStatus}
    assert set(get_args(VerdictName)) == {v.value for v in RecordVerdict}
    assert set(get_args(SeverityName)) == {s.value for s in Severity}


def test_the_parts_are_filled() -> None:
    v2, chain, broken, with_meta = (r.to_dict() for r in filled_reports())
    assert v2["claims"]
    assert broken["structural_errors"]
    assert broken["findings"]
    assert any(n["countermodel"] for n in chain["nodes"])
    assert "transcript" in v2
    assert "meta" in with_meta
    assert "transcript" not in with_meta
    assert "meta" not in chain


@pytest.mark.parametrize("index", range(4))
def test_keys_are_written_in_the_declared_order(index: int) -> None:
    data = filled_reports()[index].to_dict()
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
    for report in filled_reports():
        data = report.to_dict()
        assert Report.from_dict(data).to_dict() == data
