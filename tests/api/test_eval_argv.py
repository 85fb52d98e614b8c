"""The fast reader of `veridot eval`'s arguments agrees with the Typer command it bypasses."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

import veridot.api.cli.cmd_eval
from veridot.api.cli.eval_argv import OPTIONS, read
from veridot.api.cli.eval_run import EvalArgs
from veridot.api.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
FOLIO = str(ROOT / "tests" / "fixtures" / "eval" / "folio_small.jsonl")


def _eval_params() -> list[Any]:
    command = typer.main.get_command(app)
    return list(command.commands["eval"].params)  # type: ignore[attr-defined]


def test_the_table_names_every_option_of_the_typer_command() -> None:
    params = _eval_params()
    options = {opt: p for p in params if p.opts != [p.name] for opt in p.opts}
    assert set(OPTIONS) == set(options)
    for opt, spec in OPTIONS.items():
        param = options[opt]
        assert spec.dest == param.name, opt
        assert (spec.kind == "flag") == bool(param.is_flag), opt
        assert spec.minimum == param.min, opt
        assert not param.secondary_opts, opt
        assert not param.multiple, opt
        assert not param.envvar, opt


def test_the_defaults_are_the_typer_commands() -> None:
    defaults = {p.name: p.default for p in _eval_params() if not p.required}
    fields = {f.name: f.default for f in dataclasses.fields(EvalArgs)}
    assert {name: fields[name] for name in defaults} == defaults
    required = {p.name for p in _eval_params() if p.required}
    assert required == {name for name, d in fields.items() if d is dataclasses.MISSING}


PLAIN = [
    [FOLIO, "--format", "folio"],
    ["-f", "linc", FOLIO, "--json", "--details"],
    [FOLIO, "--format=folio", "--timeout", "0.5", "--limit", "3", "-j", "2"],
    [FOLIO, "-f", "folio", "--timeout=2", "--workers", "0", "--jobs", "1", "--overloading"],
    [FOLIO, "-f", "x", "--parser", "fol", "--prover", "cvc5", "--references", "r.json"],
    [FOLIO, "-f", "folio", "--semantics", "proofwriter", "--free-variables", "universal"],
    [FOLIO, "-f", "folio", "-f", "linc", "--timeout", ".25", "--json", "--json"],
]


@pytest.mark.parametrize("argv", PLAIN)
def test_plain_lines_read_as_typer_reads_them(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[EvalArgs] = []

    def capture(args: EvalArgs) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(veridot.api.cli.cmd_eval, "run_eval", capture)
    result = CliRunner().invoke(app, ["eval", *argv])
    assert result.exit_code == 0, result.output
    assert read(argv) == seen[0]


@pytest.mark.parametrize(
    "argv",
    [
        [FOLIO, "--format", "folio", "--help"],
        [FOLIO],  # --format is required
        ["--format", "folio"],  # FILE is required
        [FOLIO, FOLIO, "-f", "folio"],
        [FOLIO, "-f", "folio", "--timeout", "1e-3"],
        [FOLIO, "-f", "folio", "--timeout", "0"],
        [FOLIO, "-f", "folio", "--timeout", "-1"],
        [FOLIO, "-f", "folio", "--limit", "2.0"],
        [FOLIO, "-f", "folio", "-j2"],
        [FOLIO, "-f=folio"],
        [FOLIO, "-f", "folio", "--json=yes"],
        [FOLIO, "-f", "folio", "--unknown"],
        [FOLIO, "-f", "folio", "--"],
        [FOLIO, "-f"],
        ["-", "-f", "folio"],
    ],
)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert read(argv) is None


def _veridot(*args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\nfrom veridot.api.cli.main import main\ntry:\n    main()\nfinally:\n"
        "    print(sorted(m for m in ('typer', 'pydantic') if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _without_times(data: dict[str, Any]) -> dict[str, Any]:
    data.pop("elapsed_s")
    for problem in data["problems"]:
        problem.pop("elapsed_ms")
        for sample in problem["samples"]:
            sample.pop("elapsed_ms")
    return data


def test_a_plain_run_imports_no_typer_and_prints_what_typer_prints() -> None:
    done = _veridot("eval", FOLIO, "--format", "folio", "--json", "--details")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "[]"  # neither typer nor pydantic was imported
    typed = CliRunner().invoke(app, ["eval", FOLIO, "--format", "folio", "--json", "--details"])
    assert _without_times(json.loads(done.stdout)) == _without_times(json.loads(typed.stdout))


def test_a_usage_error_on_the_fast_path_is_typers() -> None:
    done = _veridot("eval", FOLIO, "--format", "csv")
    typed = CliRunner().invoke(app, ["eval", FOLIO, "--format", "csv"])
    assert done.returncode == typed.exit_code == 2
    assert done.stderr.splitlines()[0] == typed.stderr.strip()
    assert done.stdout == ""


def test_lines_the_fast_reader_refuses_still_get_typers_answer() -> None:
    done = _veridot("eval", FOLIO, "--format", "folio", "--timeout", "0")
    assert done.returncode == 2
    assert "--timeout" in done.stderr
    assert "typer" in done.stderr.splitlines()[-1]
