"""The DoT transcript syntax layer: blocks, record lines, escapes, and tag errors with positions."""

from __future__ import annotations

import pytest

from veridot.parser.dot import RawBadRecord, RawRecord, parse_record_line, parse_transcript
from veridot.parser.errors import ParseError


def test_inline_tags_and_text_with_angle_brackets() -> None:
    raw = parse_transcript(
        "<proposer> Step 1: 2 < 3 </proposer> <critic> correct </critic>\n"
        "<summarizer>\nSo a<b.\n</summarizer>"
    )
    assert [(b.role, b.line, b.column, b.text) for b in raw.blocks] == [
        ("proposer", 1, 1, "Step 1: 2 < 3"),
        ("critic", 1, 38, "correct"),
        ("summarizer", 2, 1, "So a<b."),
    ]
    assert raw.outside == ()
    assert not raw.has_records


def test_records_and_free_text_are_split_by_line() -> None:
    raw = parse_transcript(
        "<proposer>\n@node id=2 role=proposer\n  @edge src=1 dst=2 kind=use\n"
        "@prop id=2 ∀x (P(x) → x = a)\nfree text\n</proposer>"
    )
    (block,) = raw.blocks
    assert block.text == "free text"
    assert block.end_line == 6
    assert raw.has_records
    assert block.records == (
        RawRecord("node", (("id", "2"), ("role", "proposer")), None, 2, "@node id=2 role=proposer"),
        RawRecord(
            "edge",
            (("src", "1"), ("dst", "2"), ("kind", "use")),
            None,
            3,
            "@edge src=1 dst=2 kind=use",
        ),
        RawRecord("prop", (("id", "2"),), "∀x (P(x) → x = a)", 4, "@prop id=2 ∀x (P(x) → x = a)"),
    )


@pytest.mark.parametrize(
    ("line", "name", "fields", "formula"),
    [
        ("@status target=2 mark=validated just=1", "status", ("target", "mark", "just"), None),
        ('@entails src=1 dst=2 witness="a b"', "entails", ("src", "dst", "witness"), None),
        ("@prop id=3 a=b", "prop", ("id",), "a=b"),
        ("@prop id=3", "prop", ("id",), None),
        ("@foo", "foo", (), None),
        ("@property x=1", "property", ("x",), None),
    ],
)
def test_record_lines(line: str, name: str, fields: tuple[str, ...], formula: str | None) -> None:
    rec = parse_record_line(line, 7)
    assert isinstance(rec, RawRecord)
    assert (rec.name, tuple(k for k, _ in rec.fields), rec.formula, rec.line) == (
        name,
        fields,
        formula,
        7,
    )


def test_quoted_values_lose_their_quotes() -> None:
    rec = parse_record_line('@entails src=1 dst=2 witness="a b"')
    assert isinstance(rec, RawRecord)
    assert dict(rec.fields)["witness"] == "a b"


@pytest.mark.parametrize("line", ["@", "@ node", "@edge src", "@edge src=1 hello", "@prop x=1"])
def test_malformed_record_lines_are_data_not_exceptions(line: str) -> None:
    rec = parse_record_line(line, 4)
    assert isinstance(rec, RawBadRecord)
    assert rec.line == 4
    assert rec.message.startswith("malformed record")


def test_escape_hides_tags_and_records_and_keeps_lines() -> None:
    raw_bytes = "é@x\n</critic>"  # é is two bytes
    n = len(raw_bytes.encode())
    raw = parse_transcript(
        f"<proposer>\n@@len={n}@@{raw_bytes}\n@node id=1 role=proposer\n</proposer>\n<critic>\n"
        "x</critic>"
    )
    first, second = raw.blocks
    assert first.text == raw_bytes
    assert [r.line for r in first.records] == [4]
    assert (second.role, second.line) == ("critic", 6)


@pytest.mark.parametrize(
    ("text", "line", "column", "label"),
    [
        ("<proposer> x", 1, 1, "unclosed tag"),
        ("a\n<problem> p </problem>\n<proposer>\nx\n", 3, 1, "unclosed tag"),
        ("<proposer> x\n <critic> y </critic> </proposer>", 2, 2, "nested tag"),
        ("ok\n  </critic>", 2, 3, "stray tag"),
        ("<proposer> x </critic>", 1, 14, "mismatched tag"),
    ],
)
def test_tag_errors_have_positions(text: str, line: int, column: int, label: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_transcript(text)
    assert (err.value.line, err.value.column, err.value.label) == (line, column, label)
    assert err.value.context.endswith("^")
    if label != "stray tag":
        assert len(err.value.expected) == 1
        assert err.value.expected[0].startswith("</")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<proposer>\n@@len=50@@abc</proposer>", "only"),
        ("<proposer>\n@@len=1@@é</proposer>", "multi-byte"),
        ("<proposer>\ue000</proposer>", "reserved"),
    ],
)
def test_bad_escapes_and_reserved_characters(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as err:
        parse_transcript(text)
    assert err.value.line >= 1


def test_outside_text_is_kept_with_its_line() -> None:
    raw = parse_transcript("Here is my answer:\n<proposer>x</proposer>\n\nThanks!")
    assert raw.outside == ((1, "Here is my answer:"), (4, "Thanks!"))


def test_empty_transcript() -> None:
    assert parse_transcript("").blocks == ()
