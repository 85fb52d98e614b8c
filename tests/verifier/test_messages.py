"""Plain-English rendering: node naming, countermodels in words, one sentence per finding code."""

from __future__ import annotations

import pytest

from veridot.provers.base import Model
from veridot.verifier import findings as F
from veridot.verifier.findings import KINDS, Finding
from veridot.verifier.messages import Names, join_and, quote, render
from veridot.verifier.worlds import describe_world, words_of


def test_names_for_chain_and_dot_ids() -> None:
    names = Names(roles={"p0": "premise", "s1": "proposer", "conclusion": "summarizer"})
    assert names.refs(["p0", "p2"]) == "p0 and p2"
    assert names.refs(["p0", "p1", "s0"]) == "p0, p1 and s0"
    assert names.subject("s1") == "Step s1"
    assert names.subject("p0") == "Premise p0"
    assert names.subject("conclusion") == "The conclusion"
    assert names.ref("conclusion") == "the conclusion"
    assert names.refs(["1", "2"]) == "nodes 1 and 2"
    assert names.subject("4") == "Node 4"
    renamed = Names(alias={"s1": "5"})
    assert renamed.ref("s1") == "node 5"


def test_long_reference_lists_are_shortened() -> None:
    text = Names().refs([f"s{i}" for i in range(40)])
    assert text.startswith("s0, s1")
    assert text.endswith("and 34 more nodes")


def test_join_quote_words() -> None:
    assert join_and([]) == ""
    assert join_and(["a"]) == "a"
    assert join_and(["a", "b", "c"], "or") == "a, b or c"
    assert quote("Bob  is\nnice.") == "'Bob is nice'"
    assert len(quote("x" * 1000)) < 200
    assert words_of("TalentShows") == "talent shows"


def test_world_in_words() -> None:
    model = Model(domain=("e0",), constants={"bob": "e0"}, true_atoms=("Blue(bob)", "Cold(bob)"))
    relevant = {"Blue": 1, "Cold": 1, "Round": 1, "Nice": 1}
    text = describe_world(model, relevant=relevant, exclude_negative=["Nice"])
    assert text == "Bob is blue and cold but not round"


def test_world_relations_numbers_and_glosses() -> None:
    model = Model(
        domain=("e0", "e1"),
        constants={"bob": "e0", "ann": "e1"},
        true_atoms=("Chases(bob, ann)",),
        numbers={"price": "24"},
    )
    text = describe_world(model, relevant={"Chases": 2})
    assert "Bob chases Ann" in text
    assert "price = 24" in text
    assert describe_world(None) == ""


def test_world_for_a_quantified_claim_names_elements() -> None:
    model = Model(domain=("e0",), true_atoms=("Bird(e0)",))
    assert "individual e0 is a bird" in describe_world(model, relevant={"Bird": 1, "Lands": 1})


def test_world_sentences_have_articles_and_negated_verbs() -> None:
    # FOL symbols: spaCy's word tables say "dog" and "mammal" are nouns, "flies" and "swims"
    # verbs; "blue" stays an adjective.
    rex = Model(domain=("e0",), constants={"rex": "e0"}, true_atoms=("Dog(e0)", "Mammal(e0)"))
    assert describe_world(rex, relevant={"Dog": 1, "Mammal": 1}) == "Rex is a dog and a mammal"
    pingu = Model(
        domain=("e0",),
        constants={"pingu": "e0"},
        true_atoms=("Penguin(e0)", "Bird(e0)", "Flies(e0)"),
    )
    relevant = {"Penguin": 1, "Bird": 1, "Flies": 1, "Swims": 1}
    text = describe_world(pingu, relevant=relevant)
    assert text == "Pingu is a penguin and a bird, flies and does not swim"
    bob = Model(domain=("e0",), constants={"bob": "e0"}, true_atoms=("Blue(e0)",))
    text = describe_world(bob, relevant={"Blue": 1, "Swims": 1, "Round": 1})
    assert text == "Bob is blue, is not round and does not swim"


def test_english_nouns_keep_the_article_they_were_read_with() -> None:
    from veridot.verifier.check import verify

    record = {
        "id": "rex",
        "premises": ["Rex is a dog.", "Every dog is a mammal.", "Every mammal is an animal."],
        "steps": ["Rex is a cat."],
    }
    message = verify(record, transcript=False).node("s0").message
    assert "Rex is a dog, a mammal and an animal," in message


@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_code_renders_a_sentence(code: str) -> None:
    args = {
        "used": ["p0"],
        "rests_on": ["p0", "p1"],
        "missing": ["p1"],
        "invalid": ["s0"],
        "statuses": ["unsupported"],
        "at": "s0",
        "claim": "Bob is nice",
        "world": "Bob is blue",
        "reason": "timeout",
        "mark": "validated",
        "status": "unsupported",
        "alternatives": ["P(a)", "Q(a)"],
        "kind": "entails",
        "src": "s0",
        "dst": "s1",
        "rule": "edge_order",
        "detail": "src must be smaller than dst",
        "formulas": ["x = 4"],
        "retired": ["s0"],
    }
    finding = Finding(KINDS[code], node="s1", args=args)
    text = render(finding, Names())
    assert text
    assert text[0].isupper()
    assert text.endswith(".")
    assert "?" not in finding.short()


def test_unsupported_message_carries_the_evidence() -> None:
    finding = Finding(
        F.STEP_UNSUPPORTED,
        node="s1",
        args={"rests_on": ["p0", "p2"], "world": "Bob is blue", "claim": "Bob is nice."},
    )
    text = render(finding, Names())
    for part in ("s1", "p0 and p2", "Bob is blue", "'Bob is nice'"):
        assert part in text


def test_finding_round_trip_and_severity_override() -> None:
    finding = Finding(
        F.STEP_UNSUPPORTED,
        node="s0",
        line=3,
        args={"rests_on": []},
        severity_override=F.Severity.WARNING,
    )
    again = Finding.from_dict(finding.to_dict("m"))
    assert again == finding
    assert again.severity is F.Severity.WARNING
    assert Finding.from_dict(Finding(F.NO_CLAIM, node="s2").to_dict()).severity is F.Severity.INFO


def test_arithmetic_slips_are_spelled_out() -> None:
    from veridot.parser.fol import parse_fol
    from veridot.verifier.worlds import arithmetic_slip

    assert arithmetic_slip(parse_fol("2 / 5 * 4000 = 800")) == "2 / 5 * 4000 is 1600, not 800"
    assert arithmetic_slip(parse_fol("1 / 3 = 1")).startswith("1 / 3 is 1/3 ≈ 0.333")
    assert arithmetic_slip(parse_fol("2 + 2 = 4")) == ""
    assert arithmetic_slip(parse_fol("x0 + 2 = 4")) == ""  # not ground
    assert arithmetic_slip(parse_fol("1 / 0 = 4")) == ""


def test_contradicted_ground_equation_message() -> None:
    from veridot.verifier import verify

    report = verify({"id": "m", "premises": [], "steps": [{"fol": "495 * 15 = 7455"}]})
    node = report.node("s0")
    assert node.status.value == "contradicted"
    assert node.findings[0].args["arithmetic"] == "495 * 15 is 7425, not 7455"
