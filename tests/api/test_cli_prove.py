"""`veridot prove`: verdicts with evidence, JSON output, syntax errors, and the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app

runner = CliRunner()


def prove(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["prove", *args])
    return result.exit_code, result.stdout, result.stderr


def test_entailed_shows_used_premises_as_written() -> None:
    code, out, err = prove(
        "--premise",
        "∀x (Man(x) → Mortal(x))",
        "--premise",
        "Greek(plato)",
        "--premise",
        "Man(socrates)",
        "--conclusion",
        "Mortal(socrates)",
    )
    assert (code, err) == (0, "")
    assert out.startswith("entailed")
    # Numbered from 0, as `used_premises` in --json: the text and JSON name the same premises.
    assert "[0] ∀x (Man(x) → Mortal(x))" in out
    assert "[2] Man(socrates)" in out
    assert "[1]" not in out
    assert "Greek(plato)" not in out  # not in the unsat core


def test_json_object_has_the_issue_keys() -> None:
    code, out, _ = prove(
        "-p", "all x. (Bird(x) -> Flies(x))", "-p", "Bird(tweety)", "-c", "Flies(tweety)", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert {"verdict", "used_premises", "countermodel", "elapsed_ms"} <= data.keys()
    assert data["verdict"] == "entailed"
    assert sorted(data["used_premises"]) == [0, 1]
    assert data["countermodel"] is None
    assert isinstance(data["elapsed_ms"], float | int)


def test_contradicted() -> None:
    code, out, _ = prove("-p", "¬Wet(road)", "-c", "Wet(road)", "--json")
    data = json.loads(out)
    assert (code, data["verdict"], data["used_premises"]) == (0, "contradicted", [0])


def test_unsupported_prints_a_readable_countermodel() -> None:
    code, out, _ = prove("-p", "Cat(tom)", "-c", "Black(tom)")
    assert code == 0
    assert out.startswith("unsupported")
    assert "countermodel (premises true, conclusion false):" in out
    assert "domain:" in out
    assert "Cat(" in out
    data = json.loads(prove("-p", "Cat(tom)", "-c", "Black(tom)", "--json")[1])
    model = data["countermodel"]
    assert model is not None
    assert any(atom.startswith("Cat(") for atom in model["true_atoms"])
    assert not any(atom.startswith("Black(") for atom in model["true_atoms"])


def test_inconsistent_premises_are_reported() -> None:
    code, out, _ = prove("-p", "Rain", "-p", "¬Rain", "-c", "Sun")
    assert code == 0
    assert out.startswith("inconsistent")
    assert "[0] Rain" in out
    assert "[1] ¬Rain" in out


def test_arithmetic_claim() -> None:
    code, out, _ = prove("-p", "price = 48 / 2", "-c", "price + 1 = 25", "--json")
    assert (code, json.loads(out)["verdict"]) == (0, "entailed")


def test_syntax_error_has_position_and_caret_on_stderr() -> None:
    code, out, err = prove("-p", "P(a)", "-p", "∀x (P(x) → Q(x)", "-c", "Q(a)")
    assert code == 2
    assert out == ""
    assert "premise [1]" in err  # the second premise, numbered as in the report
    assert "line 1, column" in err
    assert "^" in err
    assert "Traceback" not in err


def test_arity_clash_exits_2() -> None:
    code, out, err = prove("-p", "Likes(ann, bob)", "-c", "Likes(ann)")
    assert code == 2
    assert out == ""
    assert "Likes" in err
    assert "Traceback" not in err


def test_conclusion_is_required_and_timeout_positive() -> None:
    assert prove("-p", "P(a)")[0] == 2
    assert prove("-c", "P(a)", "--timeout", "0")[0] == 2


def test_unknown_prover_is_a_usage_error() -> None:
    code, _, err = prove("-c", "P(a) ∨ ¬P(a)", "--prover", "nosuchprover")
    assert code == 2
    assert "nosuchprover" in err
    assert "Traceback" not in err


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from veridot.api.cli.main import app\n"
        "for args in (['--help'], ['prove', '--help'], ['eval', '--help']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
        "heavy = ('z3', 'spacy', 'langchain', 'langchain_core', 'lark')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def _installed_script() -> str:
    script = Path(sys.executable).with_name("veridot")
    found = str(script) if script.exists() else shutil.which("veridot")
    if not found:
        pytest.fail("the veridot console script is not installed: run pip install -e '.[dev]'")
    return found


def test_installed_console_script_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            _installed_script(),
            "prove",
            "--premise",
            "all x. (P(x) -> Q(x))",
            "--premise",
            "P(a)",
            "--conclusion",
            "Q(a)",
            "--json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "entailed"
    bad = subprocess.run(
        [_installed_script(), "prove", "--conclusion", "P(a) &"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "column" in bad.stderr


def test_deep_nesting_is_a_clear_error_with_a_short_echo() -> None:
    code, out, err = prove("-c", "¬" * 20000 + "P")
    assert code == 2
    assert out == ""
    assert "nested too deeply" in err
    assert len(err.splitlines()[0]) < 120  # the input is echoed shortened
    assert "Traceback" not in err


def test_text_and_json_number_the_used_premises_alike() -> None:
    args = ("-p", "Greek(plato)", "-p", "Man(socrates)", "-p", "∀x (Man(x) → Mortal(x))")
    _, out, _ = prove(*args, "-c", "Mortal(socrates)")
    _, raw, _ = prove(*args, "-c", "Mortal(socrates)", "--json")
    data = json.loads(raw)
    shown = sorted(int(line.split("]")[0].strip(" [")) for line in out.splitlines()[2:])
    assert shown == sorted(data["used_premises"]) == [1, 2]


def test_an_empty_conclusion_is_named_once() -> None:
    code, _, err = prove("-c", "")
    assert code == 2
    assert err.splitlines() == ["error in conclusion '':", "line 1, column 1: empty formula"]
