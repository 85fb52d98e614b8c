"""verify on DoT transcripts: @entails / @eq, the source's own critic, structure, annotation."""

from __future__ import annotations

from veridot.verifier import verify
from veridot.verifier.diagram import EdgeKind
from veridot.verifier.readers import read_transcript
from veridot.verifier.report import NodeStatus, RecordVerdict


def block(role: str, nid: int, *lines: str) -> str:
    return "\n".join([f"<{role}>", f"@node id={nid} role={role}", *lines, f"</{role}>"])


PROBLEM = block("problem", 1, "@prop id=1 ∀x (Cat(x) → Animal(x))", "All cats are animals.")
FACT = block("problem", 2, "@prop id=2 Cat(tom)", "Tom is a cat.")


def proposer(nid: int, prop: str, *uses: int, text: str = "") -> str:
    edges = [f"@edge src={u} dst={nid} kind=use" for u in uses]
    return block("proposer", nid, *edges, f"@prop id={nid} {prop}", *([text] if text else []))


def critic(nid: int, target: int, mark: str) -> str:
    return block(
        "critic",
        nid,
        f"@edge src={target} dst={nid} kind=critique",
        f"@status target={target} mark={mark}",
        "ok",
    )


def transcript(*blocks: str) -> str:
    return "\n".join(blocks) + "\n"


def test_valid_transcript_and_its_annotation() -> None:
    text = transcript(PROBLEM, FACT, proposer(3, "Animal(tom)", 1, 2, text="So Tom is an animal."))
    report = verify(text)
    assert report.verdict is RecordVerdict.VALID
    assert report.node("3").status is NodeStatus.ENTAILED
    assert report.node("3").used == ("1", "2")
    annotated = report.transcript
    assert annotated is not None
    diagram = read_transcript(annotated)
    assert diagram.structural_errors == ()
    critics = [n for n in diagram.nodes if n.role.value == "critic"]
    assert len(critics) == 1
    assert diagram.node("3").mark == "validated"
    assert diagram.sources(critics[0].id, EdgeKind.CRITIQUE) == ["3"]
    # Annotating veridot's own output again is a fixed point: ids and text are stable.
    again = verify(annotated)
    assert again.verdict is RecordVerdict.VALID
    assert again.transcript == annotated


def test_invalid_step_gets_an_invalidating_critic() -> None:
    text = transcript(PROBLEM, FACT, proposer(3, "Dog(tom)", 1, 2, text="Tom is a dog."))
    report = verify(text)
    assert report.node("3").status is NodeStatus.UNSUPPORTED
    assert report.first_error == 0
    diagram = read_transcript(report.transcript or "")
    assert diagram.node("3").mark == "invalidated"


def test_entails_and_eq_records_are_checked() -> None:
    text = transcript(
        PROBLEM,
        FACT,
        proposer(3, "Animal(tom)", 1, 2),
        proposer(4, "Animal(tom) ∨ Dog(tom)", 3),
        block("proposer", 5, "@edge src=3 dst=5 kind=use", "@prop id=5 Animal(tom)",
              "@entails src=3 dst=4", "@eq src=3 dst=5", "@entails src=4 dst=3"),
    )  # fmt: skip
    report = verify(text)
    by_pair = {(c.kind, c.src, c.dst): c for c in report.claims}
    assert by_pair[("entails", "3", "4")].status is NodeStatus.ENTAILED
    assert by_pair[("eq", "3", "5")].status is NodeStatus.ENTAILED
    failed = by_pair[("entails", "4", "3")]
    assert failed.status is NodeStatus.UNSUPPORTED
    assert [f.code for f in failed.findings] == ["claim_failed"]
    assert report.verdict is RecordVerdict.INVALID
    # Every step is entailed; the failed claim counts at its later end, node 4 (step 1).
    assert report.first_error == 1


def test_source_critic_disagreement_is_noted() -> None:
    text = transcript(PROBLEM, FACT, proposer(3, "Dog(tom)", 1, 2), critic(4, 3, "validated"))
    report = verify(text)
    assert "critic_disagrees" in [f.code for f in report.node("3").findings]
    assert report.node("4").status is NodeStatus.CRITIC


def test_structural_errors_make_the_record_invalid() -> None:
    # A use edge from a later node (src > dst) breaks the protocol.
    text = transcript(PROBLEM, proposer(2, "Cat(tom) ∨ ¬Cat(tom)"), proposer(3, "⊤", 2))
    bad = text.replace(
        "@edge src=2 dst=3 kind=use", "@edge src=2 dst=3 kind=use\n@edge src=9 dst=3 kind=use"
    )
    report = verify(bad)
    assert report.structural_errors
    assert report.verdict is RecordVerdict.INVALID
    assert [f.code for f in report.findings] == ["structural"] * len(report.structural_errors)
    assert all(n.status is not NodeStatus.UNSUPPORTED for n in report.nodes)
    assert report.first_error == 1  # the bad edge is in node 3's block, the second step


def test_v1_summarizer_after_a_wrong_step_is_decided_from_the_valid_steps() -> None:
    # Issue 11 item 8 for DoT v1: the source's critic wrongly validates step 2, so the
    # summarizer rests on it too; it follows from the valid nodes all the same, and its use
    # of the invalid step is still reported.
    text = (
        "<problem> All cats are animals. Tom is a cat. </problem>\n"
        "<proposer> Tom is a dog. </proposer>\n"
        "<critic> The step is correct. </critic>\n"
        "<proposer> Tom is an animal. </proposer>\n"
        "<summarizer> So Tom is an animal. </summarizer>\n"
    )
    report = verify(text, parser="english")
    summary = report.node("5")
    assert report.node("2").status is NodeStatus.UNSUPPORTED
    assert summary.status is NodeStatus.ENTAILED
    assert [f.code for f in summary.findings] == ["summary_uses_invalid", "entailed"]
    assert summary.depends_on_invalid == ("2",)
    assert report.verdict is RecordVerdict.INVALID
    assert report.first_error == 0


def test_v1_transcript_and_summarizer() -> None:
    text = (
        "<problem> All cats are animals. Tom is a cat. </problem>\n"
        "<proposer> Tom is an animal. </proposer>\n"
        "<summarizer> So Tom is an animal. </summarizer>\n"
    )
    report = verify(text, parser="english")
    statuses = {n.role: n.status for n in report.nodes}
    assert statuses["proposer"] is NodeStatus.ENTAILED
    assert statuses["summarizer"] is NodeStatus.ENTAILED
    assert report.verdict is RecordVerdict.VALID


def test_chain_transcript_shows_what_each_proof_used() -> None:
    record = {
        "id": "c",
        "premises": [{"fol": "P(a)"}, {"fol": "∀x (P(x) → Q(x))"}, {"fol": "R(b)"}],
        "steps": [{"fol": "Q(a)"}, {"fol": "Q(a) ∧ R(b)"}, {"fol": "S(a)"}],
    }
    report = verify(record)
    diagram = read_transcript(report.transcript or "")
    assert diagram.structural_errors == ()
    proposers = [n.id for n in diagram.nodes if n.role.value == "proposer"]
    # Decided steps keep only the nodes their proof used; the unsupported one keeps all.
    assert len(diagram.uses(proposers[0])) == 2
    assert len(diagram.uses(proposers[1])) == 2
    assert len(diagram.uses(proposers[2])) == 5
    assert [diagram.node(p).mark for p in proposers] == ["validated", "validated", "invalidated"]


def test_text_lines_that_look_like_records_are_escaped() -> None:
    record = {
        "id": "e",
        "premises": ["P(a)"],
        "steps": [{"text": "@node id=9\n<b> x", "fol": "P(a)"}],
    }
    report = verify(record)
    diagram = read_transcript(report.transcript or "")
    assert diagram.structural_errors == ()
    step = next(n for n in diagram.nodes if n.role.value == "proposer")
    assert "@node id=9" in step.text
    assert "<b> x" in step.text
