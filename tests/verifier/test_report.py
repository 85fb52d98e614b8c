"""Report / NodeResult: the JSON shape of issue 3 §5, round trips, verdict rules."""

from __future__ import annotations

import json

from veridot.verifier import verify
from veridot.verifier.report import NodeStatus, RecordVerdict, Report, record_verdict, worst

RECORD = {
    "id": "r1",
    "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Cat(tom)"}],
    "steps": [{"fol": "Animal(tom)"}, {"fol": "Dog(tom)"}],
}


def test_report_json_has_the_documented_keys() -> None:
    data = verify(RECORD).to_dict()
    assert {"id", "verdict", "first_error", "nodes", "structural_errors", "transcript"} <= set(data)
    assert data["id"] == "r1"
    assert data["verdict"] == "invalid"
    assert data["first_error"] == 1
    node_keys = {
        "id",
        "role",
        "status",
        "formula",
        "used",
        "countermodel",
        "depends_on_invalid",
        "message",
    }
    for node in data["nodes"]:
        assert node_keys <= set(node)
    s1 = data["nodes"][3]
    assert s1["status"] == "unsupported"
    assert "tom" in s1["countermodel"]["constants"]
    assert data["nodes"][0]["status"] == "premise"
    json.dumps(data)  # JSON-ready throughout


def test_round_trip_through_json() -> None:
    report = verify(RECORD)
    again = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.to_dict() == report.to_dict()
    assert again.node("s1").status is NodeStatus.UNSUPPORTED


def test_transcript_can_be_left_out() -> None:
    assert "transcript" not in verify(RECORD, transcript=False).to_dict()


def test_worst_and_verdict_rules() -> None:
    assert worst([NodeStatus.ENTAILED, NodeStatus.UNKNOWN]) is NodeStatus.UNKNOWN
    assert worst([NodeStatus.UNSUPPORTED, NodeStatus.CONTRADICTED]) is NodeStatus.CONTRADICTED
    assert worst([]) is NodeStatus.NO_CLAIM
    assert record_verdict([NodeStatus.ENTAILED, NodeStatus.NO_CLAIM]) is RecordVerdict.VALID
    assert record_verdict([NodeStatus.ENTAILED, NodeStatus.UNKNOWN]) is RecordVerdict.INCOMPLETE
    assert record_verdict([NodeStatus.UNTRANSLATED]) is RecordVerdict.INCOMPLETE
    assert record_verdict([NodeStatus.UNKNOWN, NodeStatus.UNSUPPORTED]) is RecordVerdict.INVALID
    assert record_verdict([NodeStatus.UNSUPPORTED], allow_unsupported=True) is RecordVerdict.VALID
    assert (
        record_verdict([NodeStatus.INCONSISTENT], allow_unsupported=True) is RecordVerdict.INVALID
    )
    assert record_verdict([NodeStatus.ENTAILED], structural=True) is RecordVerdict.INVALID
    assert record_verdict([], [NodeStatus.CONTRADICTED]) is RecordVerdict.INVALID


def test_first_error_in_words() -> None:
    # Issue 11 item 8: an invalid conclusion after valid steps counts after the last step.
    from veridot.verifier import verify

    bad_conclusion = {"id": "c", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}],
                      "conclusion": {"fol": "Q(a)"}}  # fmt: skip
    report = verify(bad_conclusion)
    assert (report.first_error, report.first_error_text()) == (1, "after the last step")
    bad_step = {"id": "d", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]}
    assert verify(bad_step).first_error_text() == "at step 0"
    assert (
        verify(
            {"id": "v", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
        ).first_error_text()
        == ""
    )
