"""Math chains in the checker: definitions assumed and never flagged, claims within a step
checked in order, contradictions with the forced value, unsupported steps with a witness.

A scripted parser stands in for the math reader, so these tests pin the checker's policy
whatever the reader makes of a text; `tests/verifier/test_math_chains.py` runs real text.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from veridot.parser.ast import Arith, Compare, Const, Eq, Formula, Num, Term
from veridot.parser.semantic import Role, Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary
from veridot.verifier.check import verify
from veridot.verifier.report import NodeStatus, RecordVerdict
from veridot.verifier.values import holds

x, y = Const("x"), Const("y")


def n(value: int) -> Num:
    return Num(Fraction(value))


def add(a: Term, b: Term) -> Arith:
    return Arith("+", a, b)


def mul(a: Term, b: Term) -> Arith:
    return Arith("*", a, b)


def given(*formulas: Formula) -> Translation:
    return Translation(TranslationStatus.NO_CLAIM, definitions=formulas, parser="scripted")


def claims(*formulas: Formula, defs: tuple[Formula, ...] = ()) -> Translation:
    return Translation(TranslationStatus.CLAIM, formulas, parser="scripted", definitions=defs)


class ScriptedParser(dict[str, Translation]):
    """Maps exact texts to translations (a test double for the semantic-parser protocol),
    handed to `verify` as its parser."""

    name = "scripted"

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        return self.get(text) or Translation.untranslated("not scripted", parser=self.name)


@pytest.fixture
def scripted() -> ScriptedParser:
    return ScriptedParser()


def codes(report_node: object) -> list[str]:
    return [f.code for f in report_node.findings]  # type: ignore[attr-defined]


def test_a_definition_is_assumed_never_checked(scripted: ScriptedParser) -> None:
    # x = 5 "out of nowhere" would be unsupported as a claim; as a definition it is given.
    scripted["Let x = 5."] = given(Eq(x, n(5)))
    scripted["So 2x = 10."] = claims(Eq(mul(n(2), x), n(10)))
    report = verify({"id": "d", "steps": ["Let x = 5.", "So 2x = 10."]}, parser=scripted)
    s0, s1 = report.node("s0"), report.node("s1")
    assert s0.status is NodeStatus.NO_CLAIM
    assert codes(s0) == ["definition"]
    assert s0.formulas == ("x = 5",)
    assert s1.status is NodeStatus.ENTAILED
    assert s1.used == ("s0",)
    assert report.verdict is RecordVerdict.VALID
    assert report.first_error == -1


def test_binding_a_symbol_again_starts_a_new_case(scripted: ScriptedParser) -> None:
    u = Const("u")
    # Case u = 0 gives x = 1; "For u = 2" starts another case: x = 1 is set aside with it.
    scripted["For u = 0, x = u + 1."] = given(Eq(u, n(0)), Eq(x, add(u, n(1))))
    scripted["For u = 2:"] = given(Eq(u, n(2)))
    scripted["x = 3"] = claims(Eq(x, n(3)))
    scripted["u + 1 = 3"] = claims(Eq(add(u, n(1)), n(3)))
    steps = ["For u = 0, x = u + 1.", "For u = 2:", "x = 3", "u + 1 = 3"]
    report = verify({"id": "c", "steps": steps}, parser=scripted)
    s1, s2, s3 = report.node("s1"), report.node("s2"), report.node("s3")
    assert s1.status is NodeStatus.NO_CLAIM  # a new case is never flagged
    assert codes(s1) == ["definition_conflict"]
    assert s1.findings[0].args["retired"] == ["s0"]
    # x = 3 is not checked against the old case's x = 1: undecided, never contradicted
    assert s2.status is NodeStatus.UNKNOWN
    assert codes(s2) == ["rests_on_untranslated"]
    assert s3.status is NodeStatus.ENTAILED
    assert s3.used == ("s1",)
    assert report.verdict is RecordVerdict.INCOMPLETE


def test_cross_step_algebra_contradiction_names_the_value(
    scripted: ScriptedParser,
) -> None:
    scripted["We have 2x + 3 = 11."] = given(Eq(add(mul(n(2), x), n(3)), n(11)))
    scripted["So 2x = 8."] = claims(Eq(mul(n(2), x), n(8)))
    scripted["Therefore x = 5."] = claims(Eq(x, n(5)))
    steps = ["We have 2x + 3 = 11.", "So 2x = 8.", "Therefore x = 5."]
    report = verify({"id": "alg", "steps": steps}, parser=scripted)
    assert [report.node(s).status for s in ("s0", "s1", "s2")] == [
        NodeStatus.NO_CLAIM,
        NodeStatus.ENTAILED,
        NodeStatus.CONTRADICTED,
    ]
    assert report.first_error == 2
    finding = report.node("s2").findings[0]
    assert finding.code == "contradicted"
    assert finding.args["value"] == "x is 4"
    assert finding.args["formula"] == "x = 5"
    assert "x is 4" in report.node("s2").message


def test_a_claim_is_checked_from_the_claims_before_it_in_its_step(
    scripted: ScriptedParser,
) -> None:
    # "x = 4, so x + 1 = 5": the second claim needs the first, which is not in s0.
    scripted["2x = 8"] = given(Eq(mul(n(2), x), n(8)))
    scripted["y = x, so y + 1 = 5"] = claims(Eq(y, x), Eq(add(y, n(1)), n(5)))
    scripted["Let y = 2x, so y + 1 = 9"] = claims(
        Eq(add(y, n(1)), n(9)), defs=(Eq(y, mul(n(2), x)),)
    )
    record = {"id": "w", "steps": ["2x = 8", "y = x, so y + 1 = 5"]}
    report = verify(record, parser=scripted)
    s1 = report.node("s1")
    assert codes(s1) == ["unsupported", "entailed"]  # y = x is open; y + 1 = 5 follows from it
    assert s1.findings[1].args.get("within") is True
    assert report.node("s1").used == ("s0",)  # never listed as resting on itself
    record = {"id": "w2", "steps": ["2x = 8", "Let y = 2x, so y + 1 = 9"]}
    report = verify(record, parser=scripted)
    assert report.node("s1").status is NodeStatus.ENTAILED
    assert codes(report.node("s1")) == ["definition", "entailed"]


def test_a_refuted_claim_is_not_assumed_by_the_next_in_its_step(
    scripted: ScriptedParser,
) -> None:
    scripted["2x = 8"] = given(Eq(mul(n(2), x), n(8)))
    scripted["x = 5, so x + 1 = 6"] = claims(Eq(x, n(5)), Eq(add(x, n(1)), n(6)))
    report = verify({"id": "r", "steps": ["2x = 8", "x = 5, so x + 1 = 6"]}, parser=scripted)
    s1 = report.node("s1")
    assert codes(s1) == ["contradicted", "contradicted"]
    assert s1.findings[1].args["value"] == "x + 1 is 5"


def _env(text: str) -> dict[str, Fraction]:
    return {m[1]: Fraction(m[2]) for m in re.finditer(r"(\w+) = (-?[\d./]+)", text)}


def test_unsupported_step_gives_a_witness_that_evaluates_as_printed(
    scripted: ScriptedParser,
) -> None:
    s0 = Eq(add(x, y), n(10))
    claim = Eq(x, n(3))
    scripted["x + y = 10"] = given(s0)
    scripted["So x = 3."] = claims(claim)
    report = verify({"id": "u", "steps": ["x + y = 10", "So x = 3."]}, parser=scripted)
    s1 = report.node("s1")
    assert s1.status is NodeStatus.UNSUPPORTED
    finding = s1.findings[0]
    assert finding.args["satisfies"] == ["s0"]
    env = _env(finding.args["witness"])
    assert set(env) == {"x", "y"}
    assert holds(s0, env) is True
    assert holds(claim, env) is False
    assert f"{finding.args['witness']} satisfies s0 but not this step" in s1.message


def test_a_symbol_nothing_fixes_is_named(scripted: ScriptedParser) -> None:
    scripted["x = 4"] = given(Eq(x, n(4)))
    scripted["y > 2"] = claims(Compare(">", y, n(2)))
    report = verify({"id": "f", "steps": ["x = 4", "y > 2"]}, parser=scripted)
    finding = report.node("s1").findings[0]
    assert finding.code == "unsupported"
    assert finding.args["unfixed"] == ["y"]
    assert holds(Compare(">", y, n(2)), _env(finding.args["witness"])) is False
    assert "nothing before it fixes y" in report.node("s1").message


def test_a_stated_division_presupposes_a_nonzero_divisor(
    scripted: ScriptedParser,
) -> None:
    # 6/10 = x/(8 - x): with x/0 left unspecified, x = 8 would be a "world" where it holds.
    ratio = Eq(Arith("/", n(6), n(10)), Arith("/", x, Arith("-", n(8), x)))
    scripted["6/10 = x/(8-x)"] = given(ratio)
    scripted["x = 3"] = claims(Eq(x, n(3)))
    scripted["x = 8/5"] = claims(Eq(x, Arith("/", n(8), n(5))))
    report = verify({"id": "q", "steps": ["6/10 = x/(8-x)", "x = 3"]}, parser=scripted)
    assert report.node("s1").status is NodeStatus.ENTAILED
    report = verify({"id": "q", "steps": ["6/10 = x/(8-x)", "x = 8/5"]}, parser=scripted)
    assert report.node("s1").status is NodeStatus.CONTRADICTED
    assert report.node("s1").findings[0].args["value"] == "x is 3"


def test_definitions_that_cannot_all_hold_leave_later_steps_undecided(
    scripted: ScriptedParser,
) -> None:
    # A misread setup (or a symbol reused) can make definitions clash; they are never
    # checked, so the clash is never a step's fault: undecided, not inconsistent.
    scripted["x = 1 and x = 2"] = given(Eq(x, n(1)), Eq(x, n(2)))
    scripted["x + 1 = 2"] = claims(Eq(add(x, n(1)), n(2)))
    scripted["x + 2 = 3"] = claims(Eq(add(x, n(2)), n(3)))
    steps = ["x = 1 and x = 2", "x + 1 = 2", "x + 2 = 3"]
    report = verify({"id": "i", "steps": steps}, parser=scripted)
    assert report.node("s1").status is NodeStatus.UNKNOWN
    assert codes(report.node("s1")) == ["definitions_inconsistent"]
    assert codes(report.node("s2")) == ["rests_on_inconsistent"]
    assert report.verdict is RecordVerdict.INCOMPLETE


def test_a_plain_value_given_again_is_a_letter_reused_not_a_slip(
    scripted: ScriptedParser,
) -> None:
    m = Const("n")
    scripted["A pentagon has n = 5 sides."] = given(Eq(m, n(5)))
    scripted["An octagon has n = 8 sides."] = claims(Eq(m, n(8)))
    scripted["n + 1 = 9"] = claims(Eq(add(m, n(1)), n(9)))
    steps = ["A pentagon has n = 5 sides.", "An octagon has n = 8 sides.", "n + 1 = 9"]
    report = verify({"id": "n", "steps": steps}, parser=scripted)
    assert report.node("s1").status is NodeStatus.NO_CLAIM
    assert codes(report.node("s1")) == ["definition_conflict"]
    assert report.node("s2").status is NodeStatus.ENTAILED
    assert report.node("s2").used == ("s1",)
    # a value derived before is still a contradiction: x = 5 against 2x + 3 = 11
    scripted["2x + 3 = 11"] = given(Eq(add(mul(n(2), x), n(3)), n(11)))
    scripted["x = 5"] = claims(Eq(x, n(5)))
    report = verify({"id": "x", "steps": ["2x + 3 = 11", "x = 5"]}, parser=scripted)
    assert report.node("s1").status is NodeStatus.CONTRADICTED
