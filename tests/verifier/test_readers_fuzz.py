"""Property tests: arbitrary input never escapes the readers as anything but their own errors."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veridot.parser.errors import ParseError
from veridot.verifier.diagram import Diagram, DiagramError
from veridot.verifier.readers import RecordError, read_record, read_transcript

_PIECES = st.sampled_from(
    [
        "<problem>",
        "</problem>",
        "<proposer>",
        "</proposer>",
        "<critic>",
        "</critic>",
        "<summarizer>",
        "</summarizer>",
        "\n",
        "@node id=1 role=problem",
        "@node id=2 role=proposer",
        "@node id=3 role=critic",
        "@node id=4 role=summarizer",
        "@edge src=1 dst=2 kind=use",
        "@edge src=2 dst=3 kind=critique",
        "@edge src=2 dst=4 kind=use",
        "@edge src=3 dst=2 kind=refine",
        "@status target=2 mark=invalidated",
        "@status target=2 mark=validated",
        "@prop id=2 P(a)",
        "@entails src=1 dst=2",
        "@eq src=9 dst=2",
        "@@len=3@@",
        "@",
        "correct",
        "incorrect",
        "text",
        "<",
        " ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40))
def test_any_transcript_reads_or_raises_parse_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        d = read_transcript(text)
    except ParseError as err:
        error: ParseError | None = err
    except RecordError as err:  # a text without any role block is not a transcript
        code = err.code
        assert code == "no_role_tags"
        return
    else:
        error = None
    if error is not None:
        assert error.line >= 1
        return
    assert isinstance(d, Diagram)
    # the Diagram is a DAG whose order covers every node
    assert sorted(d.topological_order()) == sorted(n.id for n in d.nodes)
    assert all(e.line is not None for e in d.structural_errors)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=10,
)
_KEYS = st.sampled_from(
    [
        "id",
        "premises",
        "steps",
        "problem",
        "question",
        "label",
        "from",
        "text",
        "fol",
        "answer",
        "transcript",
        "conclusion",
        "parser",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _JSON | st.lists(_JSON | st.text(max_size=6), max_size=4)))
def test_any_record_reads_or_raises_a_reader_error(record: dict[str, Any]) -> None:
    try:
        d = read_record(record, line=1)
    except (DiagramError, ParseError):
        return
    assert isinstance(d, Diagram)
