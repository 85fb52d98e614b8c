"""JSON-record readers: plain chains, ProcessBench, Natural Program, and shape detection."""

from __future__ import annotations

import pytest

from veridot.verifier.diagram import Diagram, EdgeKind, Role
from veridot.verifier.readers import RecordError, detect_format, read_record


def _edges(d: Diagram) -> list[tuple[str, str]]:
    return [(e.src, e.dst) for e in d.edges if e.kind is EdgeKind.USE]


def test_chain_ids_roles_and_default_edges() -> None:
    d = read_record(
        {
            "id": "c1",
            "premises": ["Bob is blue.", {"fol": "∀x (Blue(x) → Cold(x))"}],
            "steps": ["Bob is cold.", {"text": "So Bob is cold.", "fol": "Cold(bob)"}],
            "parser": "english",
            "label": -1,
            "source": "test",
        }
    )
    assert d.id == "c1"
    assert d.source_format == "chain"
    assert d.parser == "english"
    assert d.label == -1
    assert d.meta == {"source": "test"}
    assert [(n.id, n.role) for n in d.nodes] == [
        ("p0", Role.PREMISE),
        ("p1", Role.PREMISE),
        ("s0", Role.PROPOSER),
        ("s1", Role.PROPOSER),
    ]
    assert d.node("p1").formula == "∀x (Blue(x) → Cold(x))"
    assert d.node("p1").text == ""
    assert d.node("s1").formula == "Cold(bob)"
    assert d.uses("s0") == ["p0", "p1"]
    assert d.uses("s1") == ["p0", "p1", "s0"]
    assert d.steps() == ["s0", "s1"]
    # One prefix marker per step instead of ~n²/2 edges (issue 12 item 13).
    assert d.edges == ()
    assert d.prefix_uses == {"s0": "p0", "s1": "p0"}


def test_chain_from_problem_and_conclusion() -> None:
    d = read_record(
        {
            "question": "Is Bob cold?",
            "premises": ["Bob is blue.", "If something is blue then it is cold."],
            "steps": [{"text": "Bob is cold.", "from": ["p1", "p0", "p1"]}, "Bob is cold."],
            "conclusion": {"text": "Bob is cold.", "from": ["s0"]},
        },
        line=3,
    )
    assert d.id == "line-3"
    assert d.meta["source_line"] == 3
    assert d.node("problem").role is Role.PROBLEM
    assert d.uses("s0") == ["p1", "p0"]  # a repeated citation adds nothing
    assert d.uses("s1") == ["p0", "p1", "s0"]  # the question is context, never a premise
    assert d.node("conclusion").role is Role.SUMMARIZER
    assert d.uses("conclusion") == ["s0"]
    assert d.steps() == ["s0", "s1"]


def test_chain_conclusion_defaults_to_everything() -> None:
    d = read_record({"premises": ["A."], "steps": ["B."], "conclusion": "C."})
    assert d.uses("conclusion") == ["p0", "s0"]


@pytest.mark.parametrize(
    ("record", "code", "index", "fragment"),
    [
        ({"steps": [{"text": "x", "from": ["p3"]}]}, "dangling_ref", 0, "unknown node 'p3'"),
        ({"steps": ["a", {"text": "x", "from": ["s1"]}]}, "forward_ref", 1, "not an earlier"),
        ({"steps": ["a", {"text": "x", "from": ["s2"]}, "b"]}, "forward_ref", 1, "s2"),
        ({"steps": [{"text": "x", "from": "p0"}]}, "bad_record", 0, "list of node ids"),
        ({"steps": [{"txt": "x"}]}, "bad_record", 0, "unknown key(s) 'txt'"),
        ({"steps": [{"from": []}]}, "bad_record", 0, "neither 'text' nor 'fol'"),
        ({"steps": [3]}, "bad_record", 0, "a string or an object, not a number"),
        ({"steps": ["a"], "premises": [{"text": "x", "from": []}]}, "bad_record", 0, "'from'"),
        ({"steps": [{"text": 1}]}, "bad_record", 0, "'text' must be a string"),
    ],
)
def test_chain_errors_name_the_step(
    record: dict[str, object], code: str, index: int, fragment: str
) -> None:
    with pytest.raises(RecordError) as err:
        read_record(record, line=7)
    assert (err.value.code, err.value.index, err.value.line) == (code, index, 7)
    assert fragment in err.value.message


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ([1, 2], "must be a JSON object, not a list"),
        ({"text": "hi"}, "unknown record shape"),
        ({"steps": "abc"}, "'steps' must be a list"),
        ({"steps": [], "id": 1.5}, "'id' must be a string or an integer"),
        ({"steps": [], "parser": 3}, "'parser' must be a string"),
        ({"steps": [], "label": "x"}, "'label' must be an integer"),
        ({"steps": [], "premises": {"a": 1}}, "'premises' must be a list"),
        ({"answer": "no steps here", "question": "q"}, "unknown record shape"),
    ],
)
def test_shape_errors(record: object, fragment: str) -> None:
    with pytest.raises(RecordError) as err:
        read_record(record)
    assert fragment in err.value.message


def test_processbench_record() -> None:
    d = read_record(
        {
            "id": "gsm8k-0",
            "generator": "m",
            "problem": "Ann has 3 apples and buys 2. How many?",
            "steps": ["3 + 2 = 5.", "So 6 apples.", "The answer is 6."],
            "final_answer_correct": False,
            "label": 1,
        }
    )
    assert detect_format({"problem": "", "steps": [], "label": -1}) == "processbench"
    assert detect_format({"problem": "", "steps": [{"fol": "P(a)"}], "label": -1}) == "chain"
    assert detect_format({"premises": [], "problem": "", "steps": [], "label": -1}) == "chain"
    assert d.source_format == "processbench"
    assert d.label == 1
    assert d.meta == {"generator": "m", "final_answer_correct": False}
    assert [n.id for n in d.nodes] == ["problem", "s0", "s1", "s2"]
    assert d.uses("s0") == ["problem"]
    assert d.uses("s2") == ["problem", "s0", "s1"]
    assert d.steps() == ["s0", "s1", "s2"]
    assert d.edges == ()  # implicit: one prefix marker per step


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ({"problem": "p", "steps": ["a"], "label": 1}, "not the index of a step"),
        ({"problem": "p", "steps": ["a"], "label": -2}, "integer >= -1"),
        ({"problem": "p", "steps": ["a"], "label": True}, "integer >= -1"),
        ({"problem": 5, "steps": ["a"], "label": 0}, "'problem' must be a string"),
    ],
)
def test_processbench_errors(record: dict[str, object], fragment: str) -> None:
    with pytest.raises(RecordError) as err:
        read_record(record)
    assert fragment in err.value.message


NP = """First, let's write down all the statements and relationships in the question with labels.
#1. Ann has 3 apples.
#2: She buys 2 more.
#3. How many apples does she have?

Next, let's answer the question step by step with reference to the question and reasoning process:

#4. (by #1 #2) Step 1: Add.
3 + 2 = 5

#5. (by arithmetic) 5 is odd.

#6. (by #3, #4) The answer is 5."""


def test_natural_program_record() -> None:
    d = read_record({"question": "How many apples?", "answer": NP, "flag": 1, "correct": True})
    assert d.source_format == "natural_program"
    assert d.meta["flag"] == 1
    assert d.meta["preamble"].startswith("First, let's")
    assert [(n.id, n.role) for n in d.nodes] == [
        ("question", Role.PROBLEM),
        ("#1", Role.PREMISE),
        ("#2", Role.PREMISE),
        ("#3", Role.PREMISE),
        ("#4", Role.PROPOSER),
        ("#5", Role.PROPOSER),
        ("#6", Role.PROPOSER),
    ]
    assert d.node("#3").text == "How many apples does she have?"  # section line removed
    assert d.node("#4").text == "Step 1: Add.\n3 + 2 = 5"
    assert d.node("#4").line == 8
    assert d.uses("#4") == ["#1", "#2"]
    assert d.uses("#5") == []
    assert d.uses("#6") == ["#3", "#4"]
    assert _edges(d) == [("#1", "#4"), ("#2", "#4"), ("#3", "#6"), ("#4", "#6")]


@pytest.mark.parametrize(
    ("answer", "code", "fragment"),
    [
        ("#1. a\n#1. b", "duplicate_id", "answer line 2 repeats"),
        ("#1. a\n#2. (by #3) b\n#3. c", "forward_ref", "not an earlier step"),
        ("#1. a\n#2. (by #9) b", "dangling_ref", "does not exist"),
        ("#1. a\n#2. (by #2) b", "forward_ref", "not an earlier step"),
    ],
)
def test_natural_program_errors(answer: str, code: str, fragment: str) -> None:
    with pytest.raises(RecordError) as err:
        read_record({"answer": answer}, line=2)
    assert (err.value.code, err.value.line) == (code, 2)
    assert fragment in err.value.message
