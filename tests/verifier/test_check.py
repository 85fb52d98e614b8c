"""verify / iter_verify: statuses, evidence, dependency marks, summarizers, verdicts (codes)."""

from __future__ import annotations

import pytest

from veridot.parser.ast import Const, Formula, Pred
from veridot.parser.semantic import Role, Translation
from veridot.parser.vocabulary import Vocabulary
from veridot.verifier import iter_verify, verify
from veridot.verifier.report import NodeResult, NodeStatus, RecordVerdict, Report


def chain(premises: list[str], steps: list[object], **extra: object) -> dict[str, object]:
    """A plain-chain record whose premises and steps are FOL."""
    return {
        "id": "t",
        "premises": [{"fol": p} for p in premises],
        "steps": [s if isinstance(s, dict) else {"fol": s} for s in steps],
        **extra,
    }


def codes(result: NodeResult) -> list[str]:
    return [f.code for f in result.findings]


CATS = ["∀x (Cat(x) → Animal(x))", "Cat(tom)"]


def test_statuses_and_used_ids() -> None:
    report = verify(chain(CATS, ["Animal(tom)", "Dog(tom)", "¬Animal(tom)"]))
    assert [n.status for n in report.nodes] == [
        NodeStatus.PREMISE,
        NodeStatus.PREMISE,
        NodeStatus.ENTAILED,
        NodeStatus.UNSUPPORTED,
        NodeStatus.CONTRADICTED,
    ]
    s0, s1, s2 = (report.node(i) for i in ("s0", "s1", "s2"))
    assert s0.used == ("p0", "p1")
    assert codes(s0) == ["entailed"]
    assert s1.used == ()
    assert s1.countermodel is not None
    assert "tom" in s1.countermodel["constants"]
    assert codes(s1) == ["unsupported"]
    assert s2.used == ("s0",)  # the core maps prover indices back to node ids
    assert codes(s2)[0] == "contradicted"
    assert report.verdict is RecordVerdict.INVALID
    assert report.first_error == 1
    assert s0.formula == "Animal(tom)"


def test_valid_chain() -> None:
    report = verify(chain(CATS, ["Animal(tom)", "Animal(tom) ∧ Cat(tom)"]))
    assert report.verdict is RecordVerdict.VALID
    assert report.first_error == -1
    assert report.node("s1").used == ("p1", "s0")


def test_no_claim_and_untranslated_steps() -> None:
    record = chain(CATS, [{"text": "   "}, {"text": "(((unbalanced"}, "Animal(tom)"])
    record["steps"][0] = {"text": "", "fol": " "}
    report = verify(record, parser="fol")
    assert report.node("s0").status is NodeStatus.NO_CLAIM
    assert codes(report.node("s0")) == ["no_claim"]
    assert report.node("s1").status is NodeStatus.UNTRANSLATED
    assert codes(report.node("s1")) == ["untranslated"]
    assert report.node("s2").status is NodeStatus.ENTAILED
    assert report.verdict is RecordVerdict.INCOMPLETE
    assert report.first_error == -1


def test_formula_syntax_error_is_untranslated_with_code() -> None:
    report = verify(chain(CATS, ["Animal(tom"]))
    node = report.node("s0")
    assert node.status is NodeStatus.UNTRANSLATED
    assert codes(node) == ["formula_syntax"]
    assert report.verdict is RecordVerdict.INCOMPLETE


def test_sort_clash_is_reported_not_crashed() -> None:
    report = verify(chain(CATS, ["Cat(tom, tom)", "Animal(tom)"]))
    assert report.node("s0").status is NodeStatus.UNTRANSLATED
    assert codes(report.node("s0")) == ["sort_clash"]
    assert report.node("s1").status is NodeStatus.ENTAILED


def test_untranslated_premise_makes_a_needing_step_unknown_not_unsupported() -> None:
    record = {
        "id": "u",
        "premises": [{"text": "All cats are animals, sort of."}, {"fol": "Cat(tom)"}],
        "steps": [{"fol": "Animal(tom)"}, {"fol": "Cat(tom) ∨ Dog(tom)"}, {"fol": "¬Cat(tom)"}],
    }
    report = verify(record, parser="fol")
    assert report.node("p0").status is NodeStatus.PREMISE
    assert codes(report.node("p0")) == ["premise_untranslated"]
    s0 = report.node("s0")
    assert s0.status is NodeStatus.UNKNOWN
    assert codes(s0) == ["rests_on_untranslated"]
    assert s0.findings[0].args["missing"] == ["p0"]
    # What follows from the translated premises alone is still entailed / contradicted.
    assert report.node("s1").status is NodeStatus.ENTAILED
    assert report.node("s2").status is NodeStatus.CONTRADICTED
    assert report.verdict is RecordVerdict.INVALID


def test_inconsistent_premises_reported_once() -> None:
    report = verify(chain(["P(a)", "¬P(a)", "Q(b)"], ["R(a)", "S(a)", "Q(b)"]))
    s0, s1 = report.node("s0"), report.node("s1")
    assert s0.status is NodeStatus.INCONSISTENT
    assert codes(s0) == ["inconsistent_premises"]
    assert set(s0.used) == {"p0", "p1"}
    assert s1.status is NodeStatus.UNKNOWN
    assert codes(s1)[0] == "rests_on_inconsistent"
    assert s1.findings[0].args["at"] == "s0"
    all_codes = [f.code for f in report.all_findings()]
    assert all_codes.count("inconsistent_premises") == 1
    assert report.verdict is RecordVerdict.INVALID
    assert report.first_error == 0


def test_refuted_claims_are_not_assumed_later() -> None:
    # s0 is contradicted; were it assumed, s1 would rest on an inconsistent set.
    report = verify(chain(["P(a)"], ["¬P(a)", "Q(a)"]))
    assert report.node("s0").status is NodeStatus.CONTRADICTED
    assert report.node("s1").status is NodeStatus.UNSUPPORTED


def test_depends_on_invalid_follows_the_proof() -> None:
    report = verify(
        chain(["P(a)", "∀x (P(x) → Q(x))"], ["R(a)", "R(a) ∧ P(a)", "Q(a)", "R(a) ∨ Z(a)"])
    )
    assert report.node("s0").status is NodeStatus.UNSUPPORTED
    # s1's proof uses s0: it is a valid inference from an invalid step.
    assert report.node("s1").status is NodeStatus.ENTAILED
    assert report.node("s1").depends_on_invalid == ("s0",)
    assert "depends_on_invalid" in codes(report.node("s1"))
    # s2 is proved from the premises alone: not tainted by the unrelated bad step.
    assert report.node("s2").depends_on_invalid == ()
    # s3 rests on s1 (its proof), and so transitively on s0.
    assert report.node("s3").status is NodeStatus.ENTAILED
    assert report.node("s3").depends_on_invalid == ("s0",)
    assert report.first_error == 0


def test_explicit_from_limits_what_a_step_rests_on() -> None:
    record = chain(["P(a)", "∀x (P(x) → Q(x))"], [{"fol": "Q(a)", "from": ["p0"]}])
    report = verify(record)
    assert report.node("s0").status is NodeStatus.UNSUPPORTED
    assert report.node("s0").findings[0].args["rests_on"] == ["p0"]


def test_conclusion_after_a_wrong_step_is_decided_from_the_valid_steps() -> None:
    # Issue 11 item 8: the conclusion follows from the valid nodes, so it is entailed (with
    # its evidence); its declared use of the wrong step s0 is a finding of its own.
    record = chain(["P(a)"], ["Q(a)", "P(a)"], conclusion={"fol": "P(a)"})
    report = verify(record)
    conclusion = report.node("conclusion")
    assert conclusion.status is NodeStatus.ENTAILED
    assert codes(conclusion) == ["summary_uses_invalid", "entailed"]
    assert conclusion.findings[0].args["invalid"] == ["s0"]
    assert conclusion.depends_on_invalid == ("s0",)
    assert conclusion.used == ("p0",)
    assert report.verdict is RecordVerdict.INVALID
    assert report.first_error == 0


def test_conclusion_resting_only_on_a_wrong_step_gets_a_countermodel() -> None:
    # Follows from the wrong step s0 and from the step s1 that rests on it, not from what
    # holds: unsupported with a world where the valid nodes hold and it is false.
    record = chain(["P(a)"], ["Q(a)", "Q(a) ∨ R(a)"], conclusion={"fol": "Q(a) ∨ R(a)"})
    report = verify(record)
    conclusion = report.node("conclusion")
    assert report.node("s1").depends_on_invalid == ("s0",)
    assert conclusion.status is NodeStatus.UNSUPPORTED
    assert codes(conclusion) == ["summary_uses_invalid", "unsupported"]
    assert conclusion.findings[1].args["rests_on"] == ["p0"]
    assert conclusion.countermodel is not None
    assert conclusion.findings[0].args["invalid"] == ["s0"]
    assert conclusion.depends_on_invalid == ("s0",)
    assert report.first_error == 0


def test_summarizer_is_checked_like_a_claim_otherwise() -> None:
    good = verify(chain(["P(a)", "∀x (P(x) → Q(x))"], ["Q(a)"], conclusion={"fol": "Q(a)"}))
    assert good.node("conclusion").status is NodeStatus.ENTAILED
    assert good.verdict is RecordVerdict.VALID
    bad = verify(chain(["P(a)"], ["P(a)"], conclusion={"fol": "Q(a)"}))
    assert bad.node("conclusion").status is NodeStatus.UNSUPPORTED
    assert codes(bad.node("conclusion")) == ["unsupported"]
    assert bad.verdict is RecordVerdict.INVALID
    # An invalid record always says where: after the last step (index len(steps)).
    assert bad.first_error == 1
    assert bad.node("conclusion").countermodel is not None


def test_allow_unsupported_relaxes_the_verdict() -> None:
    record = chain(["P(a)"], ["Q(a)"])
    assert verify(record).verdict is RecordVerdict.INVALID
    relaxed = verify(record, allow_unsupported=True)
    assert relaxed.verdict is RecordVerdict.VALID
    assert relaxed.first_error == -1
    assert relaxed.node("s0").status is NodeStatus.UNSUPPORTED
    assert relaxed.node("s0").findings[0].severity.value == "warning"


def test_iter_verify_yields_each_node_then_the_report() -> None:
    items = list(iter_verify(chain(CATS, ["Animal(tom)"])))
    assert [type(i) for i in items] == [NodeResult, NodeResult, NodeResult, Report]
    assert [i.id for i in items[:-1] if isinstance(i, NodeResult)] == ["p0", "p1", "s0"]


def test_record_parser_field_is_used() -> None:
    record = {"id": "r", "premises": ["Cat(tom)"], "steps": ["Cat(tom)"], "parser": "fol"}
    report = verify(record, parser="english")
    assert report.node("s0").status is NodeStatus.ENTAILED
    assert report.node("s0").parser == "fol"


# --- several claims per node, competing translations: a scripted semantic parser ----------


class ScriptedParser(dict[str, Translation]):
    """Maps exact texts to translations (a test double for the semantic-parser protocol),
    handed to `verify` as its parser."""

    name = "scripted"

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        return self.get(text) or Translation.untranslated("not scripted", parser=self.name)


def atom(name: str, const: str = "a") -> Formula:
    return Pred(name, (Const(const),))


@pytest.fixture
def scripted() -> ScriptedParser:
    return ScriptedParser()


def test_each_claim_is_checked_and_the_worst_wins(scripted: ScriptedParser) -> None:
    scripted["p"] = Translation.of(atom("P"), parser="scripted")
    scripted["since P, Q"] = Translation.of(atom("P"), atom("Q"), parser="scripted")
    scripted["since P, P"] = Translation.of(atom("P"), atom("P"), parser="scripted")
    record = {"id": "m", "premises": ["p"], "steps": ["since P, Q", "since P, P"]}
    report = verify(record, parser=scripted)
    s0 = report.node("s0")
    assert s0.status is NodeStatus.UNSUPPORTED
    assert codes(s0) == ["entailed", "unsupported"]
    assert s0.formulas == ("P(a)", "Q(a)")
    assert report.node("s1").status is NodeStatus.ENTAILED


def test_competing_translations_are_reported(scripted: ScriptedParser) -> None:
    scripted["p"] = Translation.of(atom("P"), parser="scripted")
    scripted["q"] = Translation(
        Translation.of(atom("P"), parser="scripted").status,
        (atom("P"),),
        parser="scripted",
        alternatives=(atom("Q"),),
    )
    report = verify({"id": "a", "premises": ["p"], "steps": ["q"]}, parser=scripted)
    assert report.node("s0").status is NodeStatus.ENTAILED
    assert codes(report.node("s0")) == ["entailed", "ambiguous"]


def test_unknown_parser_name_raises_but_a_records_own_is_untranslated() -> None:
    with pytest.raises(ValueError, match="unknown parser"):
        verify({"id": "x", "premises": ["a"], "steps": ["b"]}, parser="nonsense")
    with pytest.raises(ValueError, match="needs a chat model"):
        verify({"id": "x", "premises": ["a"], "steps": ["b"]}, parser="llm")
    record = {"id": "x", "premises": ["P(a)"], "steps": ["P(a)"], "parser": "nonsense"}
    report = verify(record)
    assert report.node("s0").status is NodeStatus.UNTRANSLATED
    assert report.verdict is RecordVerdict.INCOMPLETE


def test_a_chain_costs_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 12 item 13: each step rests on every earlier one, yet the checker looks at each
    # node a bounded number of times (before: every step walked its whole prefix, ~n²/2).
    from veridot.verifier.translate import Formaliser

    calls = 0
    original = Formaliser.get

    def counted(self: Formaliser, nid: str) -> object:
        nonlocal calls
        calls += 1
        return original(self, nid)

    monkeypatch.setattr(Formaliser, "get", counted)
    n = 300
    premises = ["P0(a)", *(f"∀x (P{i}(x) → P{i + 1}(x))" for i in range(n))]
    report = verify(chain(premises, [f"P{i + 1}(a)" for i in range(n)]))
    assert report.verdict is RecordVerdict.VALID
    assert report.node(f"s{n - 1}").used == (f"p{n}", f"s{n - 2}")
    assert calls <= 10 * (2 * n + 1)


def test_invalid_and_undecided_chains_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 12 item 13: an unsupported step is wrong by itself and rests on nothing in
    # particular (before, each listed every earlier bad step: n² output, n³ set unions);
    # an undecided step still carries every invalid node it was checked against.
    from veridot.verifier.checking.taint import Taint

    calls = 0
    original = Taint.is_bad

    def counted(self: Taint, nid: str) -> bool:
        nonlocal calls
        calls += 1
        return original(self, nid)

    monkeypatch.setattr(Taint, "is_bad", counted)
    n = 150
    report = verify(chain(["P0(a)"], [f"Q{i}(a)" for i in range(n)]), transcript=False)
    assert report.node(f"s{n - 1}").status is NodeStatus.UNSUPPORTED
    assert report.node(f"s{n - 1}").depends_on_invalid == ()
    assert calls <= 10 * n
    calls = 0
    # p1 cannot be formalised, so each step that does not follow is unknown (p1 might have
    # given it), and rests on the contradicted s0 among everything else.
    steps = ["¬P0(a)", *(f"Q(a) ∧ R{i}(a)" for i in range(n))]
    record = {
        "id": "u",
        "premises": [{"fol": "P0(a)"}, "§ not a formula"],
        "steps": [{"fol": s} for s in steps],
    }
    report = verify(record, transcript=False)
    last = report.node(f"s{n}")
    assert report.node("s0").status is NodeStatus.CONTRADICTED
    assert last.status is NodeStatus.UNKNOWN
    assert last.depends_on_invalid == ("s0",)
    assert calls <= 10 * n


def test_the_keyword_options_are_the_check_options() -> None:
    # verify / iter_verify / verify_each take CheckOptions as keywords: the two lists agree.
    from veridot.verifier.options import OPTION_NAMES, CheckKeywords

    assert set(CheckKeywords.__annotations__) == set(OPTION_NAMES)


def test_options_travel_to_workers_by_name() -> None:
    # The runner pickles its options into spawned workers: names, a model spec, a cache path.
    import pickle

    from veridot.verifier.options import CheckOptions

    options = CheckOptions(parser="fol", llm="ollama:llama3.1", cache="/tmp/c.sqlite3")
    assert pickle.loads(pickle.dumps(options)) == options
    assert options.key()["llm"] == "ollama:llama3.1"
    assert CheckOptions(llm=object()).key()["llm"] is None
