"""Export of checks to SMT-LIB 2 and TPTP; SMT-LIB round-tripped through z3's own parser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import z3
from typer.testing import CliRunner

from veridot.api.cli.main import app
from veridot.parser.fol import parse_fol
from veridot.provers.export import smt_symbol, to_smtlib, to_tptp, tptp_atom

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "entailment.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()
]
# `x / 0` keeps SMT-LIB's meaning in the export; veridot itself answers unknown there.
DECIDED = [case for case in CASES if case["verdict"] != "unknown"]


def z3_answer(script: str) -> str:
    solver = z3.Solver()
    solver.set("timeout", 10_000)
    solver.add(z3.parse_smt2_string(script))
    return str(solver.check())


@pytest.mark.parametrize("case", DECIDED, ids=[case["id"] for case in DECIDED])
def test_smtlib_round_trip_through_z3_agrees_with_the_corpus(case: dict[str, Any]) -> None:
    premises = [parse_fol(text) for text in case["premises"]]
    script = to_smtlib(premises, parse_fol(case["claim"]), name=case["id"])
    answer = z3_answer(script)
    if case["verdict"] in ("entailed", "inconsistent"):
        assert answer == "unsat"  # premises ∧ ¬claim has no model
    else:
        assert answer != "unsat"
    assert script.count("(assert") == len(premises) + 1


def test_awkward_names_are_quoted_or_renamed() -> None:
    assert smt_symbol("and") == "and_"
    assert smt_symbol("Cat") == "Cat"
    assert smt_symbol("9lives") == "|9lives|"
    assert tptp_atom("tom") == "tom"
    assert tptp_atom("Tom") == "'Tom'"
    assert tptp_atom("it's") == "'it\\'s'"
    script = to_smtlib([parse_fol("P(9lives)")], parse_fol("P(9lives)"))
    assert z3_answer(script) == "unsat"


def test_tptp_is_fof_without_numbers_and_tff_with_them() -> None:
    plain = to_tptp(
        [parse_fol("∀x (Man(x) → Mortal(x))"), parse_fol("Man(socrates)")],
        parse_fol("Mortal(socrates)"),
    )
    assert "fof(premise0, axiom, (![V_x]: ('Man'(V_x) => 'Mortal'(V_x))))." in plain
    assert "fof(claim, conjecture, 'Mortal'(socrates))." in plain
    assert "tff" not in plain
    numeric = to_tptp([parse_fol("∀x (age(x) ≥ 18 → Adult(x))")], parse_fol("age(tom) = 1 / 3"))
    assert "tff(claim, conjecture, (age(tom) = $quotient(1.0,3.0)))." in numeric
    assert "age: $i > $real" in numeric
    assert "![V_x: $i]" in numeric
    for text in (plain, numeric):
        for line in text.splitlines()[1:]:
            assert line.count("(") == line.count(")")
            assert re.match(r"(fof|tff)\(\w+, (axiom|conjecture|type), .*\)\.$", line)


def test_cli_writes_one_problem_per_check(tmp_path: Path) -> None:
    data = tmp_path / "chains.jsonl"
    record = {
        "id": "cats",
        "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Cat(tom)"}],
        "steps": [{"fol": "Animal(tom)"}, {"fol": "Dog(tom)"}],
    }
    data.write_text(json.dumps(record) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--format", "smtlib", str(data), "-o", str(out)])
    assert result.exit_code == 2  # the second line is unreadable, the first still exported
    files = sorted(out.glob("*.smt2"))
    assert [f.name for f in files] == ["cats_0.smt2", "cats_1.smt2"]
    assert z3_answer(files[0].read_text(encoding="utf-8")) == "unsat"
    assert z3_answer(files[1].read_text(encoding="utf-8")) == "sat"
    tptp = CliRunner().invoke(app, ["export", "-f", "tptp", str(data)])
    assert tptp.stdout.count("conjecture") == 2
    bad = CliRunner().invoke(app, ["export", "-f", "dimacs", str(data)])
    assert bad.exit_code == 2


FOF_CASES = [
    case
    for case in DECIDED
    if "tff(" not in to_tptp([parse_fol(p) for p in case["premises"]], parse_fol(case["claim"]))
]
SZS = {
    "entailed": "Theorem",
    "inconsistent": "ContradictoryAxioms",
    "contradicted": "CounterSatisfiable",
    "unsupported": "CounterSatisfiable",
}


@pytest.mark.skipif(shutil.which("eprover") is None, reason="the E prover is not installed")
@pytest.mark.parametrize("case", FOF_CASES, ids=[case["id"] for case in FOF_CASES])
def test_fof_export_is_read_and_decided_alike_by_the_e_prover(
    case: dict[str, Any], tmp_path: Path
) -> None:
    problem = tmp_path / "problem.p"
    premises = [parse_fol(text) for text in case["premises"]]
    problem.write_text(to_tptp(premises, parse_fol(case["claim"])), encoding="utf-8")
    run = subprocess.run(
        ["eprover", "--auto", "--cpu-limit=10", "-s", str(problem)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"SZS status {SZS[case['verdict']]}" in run.stdout, run.stderr


def test_exported_divisions_are_guarded() -> None:
    # An external prover's value for x / 0 must not decide the exported check either.
    from veridot.provers.export import to_smtlib, to_tptp

    claim = parse_fol("∃x (x * (1/x) ≠ 1)")
    assert "(and (not (= x 0.0))" in to_smtlib([], claim)
    assert "~ ((V_x = 0.0)) &" in to_tptp([], claim)
