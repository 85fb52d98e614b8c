"""DoT transcripts through the readers: v1 implicit edges, critic verdicts, transcript records."""

from __future__ import annotations

import pytest

from veridot.parser.errors import ParseError
from veridot.verifier.diagram import EdgeKind, Role
from veridot.verifier.readers import read_record, read_transcript
from veridot.verifier.readers.dot import critic_verdict

V1 = """Here is my reasoning.
<problem> Bob is blue. If something is blue then it is cold. </problem>
<proposer> Bob is cold. </proposer> <critic> The step is correct. </critic>
<proposer> Bob is red. </proposer>
<critic> This is wrong: nothing says Bob is red. </critic>
<proposer> Bob is not hot. </proposer>
<summarizer> Bob is cold. </summarizer>"""


def test_v1_implicit_edges_and_marks() -> None:
    d = read_transcript(V1, "t1")
    assert d.source_format == "dot_v1"
    assert d.id == "t1"
    assert [(n.id, n.role, n.line) for n in d.nodes] == [
        ("1", Role.PROBLEM, 2),
        ("2", Role.PROPOSER, 3),
        ("3", Role.CRITIC, 3),
        ("4", Role.PROPOSER, 4),
        ("5", Role.CRITIC, 5),
        ("6", Role.PROPOSER, 6),
        ("7", Role.SUMMARIZER, 7),
    ]
    assert d.node("2").mark == "validated"
    assert d.node("4").mark == "invalidated"
    assert d.node("6").mark is None
    assert d.node("3").text == "The step is correct."
    assert d.uses("2") == ["1"]
    assert d.uses("4") == ["1", "2"]
    assert d.uses("6") == ["1", "2"]  # the invalidated proposer 4 is dropped
    assert d.uses("7") == ["1", "2", "6"]
    assert d.sources("3", EdgeKind.CRITIQUE) == ["2"]
    assert d.sources("5", EdgeKind.CRITIQUE) == ["4"]
    assert d.structural_errors == ()
    assert d.meta["outside_text"] == ["Here is my reasoning."]


def test_v1_first_critic_wins_and_orphan_critic_is_reported() -> None:
    d = read_transcript(
        "<critic> fine </critic>\n<proposer> A </proposer>\n"
        "<critic> incorrect </critic>\n<critic> correct </critic>"
    )
    assert [(e.code, e.line) for e in d.structural_errors] == [("critic_without_proposer", 1)]
    assert d.node("2").mark == "invalidated"
    assert d.sources("4", EdgeKind.CRITIQUE) == ["2"]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("The step is correct.", "validated"),
        ("Valid: it follows from the premises.", "validated"),
        ("The proposition is validated.", "validated"),
        ("This is incorrect.", "invalidated"),
        ("The step is not correct.", "invalidated"),
        ("It isn't valid because 4 > 5 is false.", "invalidated"),
        ("This does not follow from step 1.", "invalidated"),
        ("Wrong: the sum is 7.", "invalidated"),
        ("The arithmetic is correct but the conclusion is wrong.", None),
        ("Let us look at this more closely.", None),
        ("", None),
    ],
)
def test_critic_verdict_is_conservative(text: str, verdict: str | None) -> None:
    assert critic_verdict(text) == verdict


def test_transcript_record_keeps_parser_and_meta() -> None:
    d = read_record(
        {"id": 7, "transcript": "<proposer> A </proposer>", "parser": "english", "model": "m"},
        line=4,
    )
    assert (d.id, d.parser, d.source_format) == ("7", "english", "dot_v1")
    assert d.meta == {"model": "m", "source_line": 4}


def test_transcript_syntax_error_is_a_parse_error_with_position() -> None:
    with pytest.raises(ParseError) as err:
        read_transcript("<problem> p </problem>\n<proposer> x")
    assert (err.value.line, err.value.column) == (2, 1)


def test_v2_is_chosen_when_any_record_is_present() -> None:
    d = read_transcript(
        "<proposer>\n@node id=1 role=proposer\nA\n</proposer>\n<critic> ok </critic>"
    )
    assert d.source_format == "dot_v2"
    assert [(e.code, e.line) for e in d.structural_errors] == [("missing_node", 5)]


def test_annotated_transcript_reads_back_well_formed() -> None:
    # veridot answers as a DoT critic; its annotated transcript must pass our own validator.
    from pathlib import Path

    from veridot.verifier import verify

    source = (Path(__file__).resolve().parents[2] / "examples" / "transcript_v2.txt").read_text()
    report = verify(source, parser="fol")
    assert report.transcript
    again = read_transcript(report.transcript)
    assert again.structural_errors == ()
    marks = {n.text: n.mark for n in again.nodes if n.role is Role.PROPOSER}
    assert marks["So Tom is a dog."] == "invalidated"
    assert marks["So Tom is an animal."] == "validated"
