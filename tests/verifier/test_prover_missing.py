"""A prover whose solver library is missing: the library says so once, clearly, instead of
reporting every step `unknown`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from veridot.provers.registry import UnknownProverError
from veridot.verifier import verify

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter where `import cvc5` fails, as on a machine without it (the
# public seam: a module set to None in sys.modules cannot be imported).
WITHOUT_CVC5 = """
import sys
sys.modules["cvc5"] = None
from veridot.provers.base import ProverNotInstalledError
from veridot.verifier import iter_verify, verify, verify_each
record = {"id": "r", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
calls = {
    "verify": lambda: verify(record, prover=PROVER, parser="fol"),
    "iter_verify": lambda: list(iter_verify(record, prover=PROVER, parser="fol")),
    "verify_each": lambda: list(verify_each([record], prover=PROVER, parser="fol")),
}
for name, call in calls.items():
    try:
        report = call()
    except ProverNotInstalledError as exc:
        print(name, "raised:", exc)
    else:
        print(name, "returned:", report)
print("z3:", verify(record, prover="z3", parser="fol").verdict.value)
"""


@pytest.mark.parametrize(
    ("prover", "message"),
    [
        ("cvc5", "the cvc5 prover needs the cvc5 package: pip install 'veridot[cvc5]'"),
        ("both", "'both' and 'portfolio' need z3 and cvc5; cvc5 is missing: pip install"),
    ],
)
def test_verify_with_a_missing_prover_raises_not_installed(prover: str, message: str) -> None:
    code = f"PROVER = {prover!r}\n{WITHOUT_CVC5}"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:3]] == ["verify", "iter_verify", "verify_each"]
    for line in lines[:3]:
        assert " raised: " in line, line
        assert message in line
    assert lines[3] == "z3: valid"  # the other backend still works in that interpreter


def test_verify_with_an_unknown_prover_name_raises() -> None:
    record = {"id": "r", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
    with pytest.raises(UnknownProverError, match="unknown prover 'z4'"):
        verify(record, prover="z4", parser="fol")


@pytest.mark.slow
def test_eval_with_workers_and_a_missing_prover_is_one_line(tmp_path: Path) -> None:
    # Every process of the run lacks cvc5 (its workers too): a sitecustomize makes
    # `import cvc5` fail, as on a machine without it.
    (tmp_path / "sitecustomize.py").write_text('import sys\nsys.modules["cvc5"] = None\n')
    problem = '{"premises-FOL": ["Owl(hedwig)"], "conclusion-FOL": "Owl(hedwig)", "label": "True"}'
    data = tmp_path / "folio.jsonl"
    data.write_text((problem + "\n") * 4)
    run = subprocess.run(
        [sys.executable, "-m", "veridot", "eval", str(data), "-f", "folio",
         "--prover", "cvc5", "--workers", "2"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 2
    (line,) = run.stderr.strip().splitlines()  # no worker's traceback
    assert line == "error: the cvc5 prover needs the cvc5 package: pip install 'veridot[cvc5]'"
    assert run.stdout == ""
