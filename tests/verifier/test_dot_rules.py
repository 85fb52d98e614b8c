"""The DoT v2 well-formedness rules: each rule has a transcript that breaks it (code + line)."""

from __future__ import annotations

import pytest

from veridot.verifier.diagram import EdgeKind, Role
from veridot.verifier.readers import read_transcript

PROBLEM = """<problem>
@node id=1 role=problem
@prop id=1 Cat(tom)
Tom is a cat.
</problem>"""  # lines 1-5

PROPOSER = """<proposer>
@node id=2 role=proposer
@edge src=1 dst=2 kind=use
@prop id=2 Animal(tom)
So Tom is an animal.
</proposer>"""  # lines 6-11 after PROBLEM


def _errors(text: str) -> list[tuple[str, int | None]]:
    return [(e.code, e.line) for e in read_transcript(text).structural_errors]


def test_well_formed_transcript_has_no_errors() -> None:
    text = "\n".join(
        [
            PROBLEM,
            PROPOSER,
            "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=critique\n"
            "@status target=2 mark=validated just=1\nFine.\n</critic>",
            "<proposer>\n@node id=4 role=proposer\n@edge src=2 dst=4 kind=use\n"
            "@edge src=3 dst=4 kind=refine\n@eq src=2 dst=4 witness=w\nStill Tom.\n</proposer>",
            "<summarizer>\n@node id=5 role=summarizer\n@edge src=2 dst=5 kind=use\n"
            "@edge src=1 dst=5 kind=use\n@entails src=1 dst=2\nDone.\n</summarizer>",
        ]
    )
    d = read_transcript(text, "ok")
    assert d.structural_errors == ()
    assert d.source_format == "dot_v2"
    assert [n.id for n in d.nodes] == ["1", "2", "3", "4", "5"]
    assert d.node("2").mark == "validated"
    assert d.node("2").formula == "Animal(tom)"
    assert d.node("1").text == "Tom is a cat."
    assert d.node("2").line == 7
    assert d.uses("5") == ["2", "1"]
    assert d.sources("3", EdgeKind.CRITIQUE) == ["2"]
    assert d.sources("4", EdgeKind.REFINE) == ["3"]
    assert [(c.kind, c.src, c.dst, c.witness) for c in d.claims] == [
        ("eq", "2", "4", "w"),
        ("entails", "1", "2", None),
    ]


@pytest.mark.parametrize(
    ("block", "code", "offset"),
    [
        # offset: line of the violation inside `block`, which starts at line 12
        ("<proposer>\n@node id=2 role=proposer\nx\n</proposer>", "duplicate_id", 1),
        ("<proposer>\n@node id=0 role=proposer\nx\n</proposer>", "id_not_increasing", 1),
        ("<proposer>\n@node id=3 role=critic\nx\n</proposer>", "role_mismatch", 1),
        ("<proposer>\nno node here\n</proposer>", "missing_node", 0),
        (
            "<proposer>\n@node id=3 role=proposer\n@node id=4 role=proposer\n</proposer>",
            "duplicate_node_record",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=1 dst=2 kind=use\n</proposer>",
            "edge_dst_mismatch",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=3 dst=3 kind=use\n</proposer>",
            "edge_src_not_less",
            2,
        ),
        (
            "<proposer>\n@node id=9 role=proposer\n@edge src=5 dst=9 kind=use\n</proposer>",
            "dangling_ref",
            2,
        ),
        (
            "<critic>\n@node id=3 role=critic\n@edge src=1 dst=3 kind=critique\n</critic>",
            "bad_critique_edge",
            2,
        ),
        (
            "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=use\n</critic>",
            "critic_non_critique_edge",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=1 dst=3 kind=refine\n</proposer>",
            "bad_refine_edge",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=2 dst=3 kind=critique\n</proposer>",
            "bad_critique_edge",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=2 dst=3 kind=use\n"
            "@edge src=2 dst=3 kind=use\n</proposer>",
            "duplicate_edge",
            3,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@status target=2 mark=validated\n</proposer>",
            "status_not_by_critic",
            2,
        ),
        (
            "<critic>\n@node id=3 role=critic\n@status target=2 mark=validated\n</critic>",
            "status_without_critique",
            2,
        ),
        (
            "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=critique\n"
            "@status target=7 mark=validated\n</critic>",
            "dangling_ref",
            3,
        ),
        (
            "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=critique\n"
            "@status target=2 mark=great\n</critic>",
            "bad_record",
            3,
        ),
        (
            "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=critique\n"
            "@status target=2 mark=validated just=8\n</critic>",
            "dangling_ref",
            3,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@prop id=2 P(a)\n</proposer>",
            "prop_id_mismatch",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@prop id=3 P(a)\n@prop id=3 Q(a)\n</proposer>",
            "duplicate_prop",
            3,
        ),
        ("<proposer>\n@node id=3 role=proposer\n@prop id=3\n</proposer>", "bad_record", 2),
        ("<proposer>\n@node id=3 role=proposer\n@frobnicate x=1\n</proposer>", "unknown_record", 2),
        ("<proposer>\n@node id=3 role=proposer\n@edge src=1 dst=3\n</proposer>", "bad_record", 2),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=a dst=3 kind=use\n</proposer>",
            "bad_record",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=1 dst=3 kind=use extra=1\n</proposer>",
            "bad_record",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n@edge src=1 dst=3 kind=uses\n</proposer>",
            "bad_record",
            2,
        ),
        (
            "<proposer>\n@node id=3 role=proposer\n  @ this line starts with an at\n</proposer>",
            "bad_record",
            2,
        ),
        ("<proposer>\n@node id=3 role=premise\n</proposer>", "bad_record", 1),
        ("<proposer>\n@node id=3 role=proposer\n@eq src=1 dst=30\n</proposer>", "dangling_ref", 2),
        ("stray words\n<proposer>\n@node id=3 role=proposer\n</proposer>", "text_outside_block", 0),
    ],
)
def test_each_rule_reports_its_violation(block: str, code: str, offset: int) -> None:
    text = f"{PROBLEM}\n{PROPOSER}\n{block}"
    assert (code, 12 + offset) in _errors(text)


def test_violating_records_stay_out_of_the_graph() -> None:
    text = (
        f"{PROBLEM}\n{PROPOSER}\n"
        "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=critique\n"
        "@edge src=1 dst=3 kind=use\n</critic>\n"  # lines 12-16
        "<proposer>\n@node id=4 role=proposer\n@edge src=3 dst=4 kind=use\n"
        "@edge src=2 dst=4 kind=use\n</proposer>"  # lines 17-21
    )
    d = read_transcript(text)
    assert _errors(text) == [("critic_non_critique_edge", 15), ("bad_use_edge", 19)]
    assert d.uses("3") == []
    assert d.uses("4") == ["2"]  # the critic is never a premise


def test_status_first_writer_wins() -> None:
    critic = (
        "<critic>\n@node id={n} role=critic\n@edge src=2 dst={n} kind=critique\n"
        "@status target=2 mark={mark}\n</critic>"
    )
    text = "\n".join(
        [
            PROBLEM,
            PROPOSER,
            critic.format(n=3, mark="invalidated"),  # lines 12-16
            critic.format(n=4, mark="validated"),  # lines 17-21
        ]
    )
    assert _errors(text) == [("status_already_set", 20)]
    assert read_transcript(text).node("2").mark == "invalidated"


def test_summarizer_rules() -> None:
    critic = (
        "<critic>\n@node id=3 role=critic\n@edge src=2 dst=3 kind=critique\n"
        "@status target=2 mark=invalidated\n</critic>"
    )  # lines 12-16
    extra = "<proposer>\n@node id=4 role=proposer\n@edge src=1 dst=4 kind=use\n</proposer>"
    summ = (
        "<summarizer>\n@node id=5 role=summarizer\n@edge src=2 dst=5 kind=use\n"
        "@edge src=4 dst=5 kind=use\n@edge src=1 dst=5 kind=use\n</summarizer>"
    )  # lines 21-26
    text = "\n".join([PROBLEM, PROPOSER, critic, extra, summ])
    assert _errors(text) == [
        ("summarizer_uses_invalidated", 23),
        ("summarizer_uses_unvalidated", 24),
    ]
    # the edge to the invalidated proposer is kept: the checker reports the summarizer too
    assert read_transcript(text).uses("5") == ["2", "4", "1"]


def test_unvalidated_use_is_fine_without_any_critic() -> None:
    summ = "<summarizer>\n@node id=3 role=summarizer\n@edge src=2 dst=3 kind=use\n</summarizer>"
    text = f"{PROBLEM}\n{PROPOSER}\n{summ}"
    assert _errors(text) == []
    assert read_transcript(text).node("3").role is Role.SUMMARIZER


def test_every_violation_is_reported_in_line_order() -> None:
    text = (
        "<problem>\n@node id=5 role=problem\n@bogus\n</problem>\n"  # 1-4
        "<proposer>\n@node id=5 role=proposer\n</proposer>\n"  # 5-7
        "<proposer>\n@node id=2 role=critic\n@edge src=9 dst=2 kind=use\n"
        "@prop id=7 P(a)\n</proposer>"  # 8-12
    )
    assert _errors(text) == [
        ("unknown_record", 3),
        ("duplicate_id", 6),
        ("role_mismatch", 9),
        ("id_not_increasing", 9),
        ("edge_src_not_less", 10),
        ("dangling_ref", 10),
        ("prop_id_mismatch", 11),
    ]


def test_escaped_bytes_are_text_and_keep_line_numbers() -> None:
    raw = "@edge src=1 dst=2 kind=use\n</proposer>"
    text = (
        f"{PROBLEM}\n<proposer>\n@node id=2 role=proposer\n"
        f"@@len={len(raw.encode())}@@{raw}\n@frob\n</proposer>"
    )
    d = read_transcript(text)
    assert d.node("2").text == raw
    assert d.uses("2") == []  # the escaped record is text, not an edge
    assert _errors(text) == [("unknown_record", 10)]
