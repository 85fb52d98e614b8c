"""The checker's output is data; the words are made at the edge (`veridot.verifier.prose`), once."""

from __future__ import annotations

import pickle
from dataclasses import fields

import pytest

from veridot.verifier import findings as F
from veridot.verifier.check import iter_verify, verify
from veridot.verifier.findings import Finding
from veridot.verifier.messages import Names, render
from veridot.verifier.prose import Prose
from veridot.verifier.report import NodeResult, RelationResult, Report

# Findings of many kinds: an untranslatable premise, a step that follows, one that does not,
# one resting on an invalid step, a conclusion using it.
RECORD = {
    "id": "mixed",
    "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)", "P(("],
    "steps": ["Animal(tom)", "Dog(tom)", "Dog(tom) ∨ Fish(tom)"],
    "conclusion": "Animal(tom) ∧ (Dog(tom) ∨ Fish(tom))",
}

TRANSCRIPT = """<problem>
@node id=1 role=problem
@prop id=1 P(a)
</problem>
<proposer>
@node id=2 role=proposer
@edge src=1 dst=2 kind=use
@prop id=2 Q(a)
@entails src=1 dst=2
</proposer>
"""


def _sentences(report: Report) -> list[str]:
    """Every finding's sentence, rendered here with the report's names (as before: by
    `messages.render`, which this module does not change)."""
    names = Names(roles={n.id: n.role for n in report.nodes})
    return [render(f, names) for f in report.all_findings()]


def test_the_checker_output_holds_no_sentence() -> None:
    for report in (verify(RECORD, transcript=False), verify(TRANSCRIPT, transcript=False)):
        sentences = [s for s in _sentences(report) if len(s) > 20]
        assert len(sentences) >= 2
        data = pickle.dumps(report)  # everything the report holds, as a worker would send it
        for sentence in sentences:
            assert sentence.encode() not in data, sentence
    for cls in (Finding, NodeResult, RelationResult, Report):
        assert "message" not in {f.name for f in fields(cls)}, cls


def test_the_json_words_every_finding_as_the_renderer_does() -> None:
    report = verify(RECORD, transcript=False)
    data = report.to_dict()
    names = Names(roles={n.id: n.role for n in report.nodes})
    for node, node_json in zip(report.nodes, data["nodes"], strict=True):
        for finding, finding_json in zip(node.findings, node_json["findings"], strict=True):
            assert finding.node == node.id  # a node's findings are about it: its role names it
            assert finding_json["message"] == render(finding, names)
    premise = report.node("p2")
    assert premise.message.startswith("Premise p2 could not be formalised")
    s1 = data["nodes"][4]
    assert s1["message"] == report.node("s1").message
    assert s1["message"].startswith("Step s1 does not follow")


def test_a_node_alone_reads_as_in_its_report() -> None:
    """A streamed node (`iter_verify`, the service's node events) is worded without the rest
    of the report, from its own role: the same words."""
    streamed = [item for item in iter_verify(RECORD) if isinstance(item, NodeResult)]
    report = verify(RECORD, transcript=False)
    in_report = report.to_dict()["nodes"]
    assert [n.to_dict()["message"] for n in streamed] == [n["message"] for n in in_report]
    assert any(n["message"] for n in in_report)


def test_one_prose_renders_each_finding_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import veridot.verifier.prose as prose_module

    report = verify(RECORD, transcript=False)
    calls: list[Finding] = []

    def counting(finding: Finding, names: Names) -> str:
        calls.append(finding)
        return render(finding, names)

    monkeypatch.setattr(prose_module, "render", counting)
    prose = Prose()
    for node in report.nodes:  # streamed first ...
        node.to_dict(prose)
    first = report.to_dict(prose)  # ... then the whole report, then a reporter
    report.sentences(prose)
    assert len(calls) == len(report.all_findings())
    assert first == report.to_dict()  # the same words as a fresh rendering


def test_the_entailed_sentence_is_dropped_when_another_claim_fails() -> None:
    held = Finding(F.STEP_ENTAILED, node="s0", args={"used": ["p0"]})
    failed = Finding(F.STEP_UNSUPPORTED, node="s0", args={"rests_on": ["p0"], "claim": "Q(a)"})
    said = Prose().say((held, failed), "proposer")
    assert said.sentences[0] == "Step s0 follows from p0."
    assert said.message == said.sentences[1]
    assert Prose().say((held,), "premise").message == "Premise s0 follows from p0."
