"""`veridot --help` and `--version`: names not types, `check` first, one name per option."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app, package_version

runner = CliRunner()
COMMANDS = ("check", "prove", "eval", "reason", "serve", "export", "grammar")


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "160"}, terminal_width=160)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"veridot {package_version()}"
    assert re.fullmatch(r"veridot (\d+\.\d+\S*|unknown)", result.stdout.strip())


@pytest.mark.parametrize("command", [(), *((c,) for c in COMMANDS)])
def test_help_shows_no_type_placeholders(command: tuple[str, ...]) -> None:
    text = _help(*command)
    assert not re.search(r"<(bool|str|int|float|list|path)", text, re.IGNORECASE), text


def test_flags_show_no_value_and_options_name_their_value() -> None:
    text = _help("check")
    strict = next(line for line in text.splitlines() if "--strict" in line)
    assert "Incomplete records also exit 1" in strict
    assert re.search(r"--strict\s+Incomplete", strict), strict
    assert re.search(r"--workers\s+WORKERS", text)
    assert re.search(r"--format\s+-f\s+FORMAT", _help("eval"))  # the option's name, not `fmt`


def test_check_is_listed_first() -> None:
    text = _help()
    listed = [c for line in text.splitlines() for c in COMMANDS if re.match(rf"\W*{c}\s", line)]
    assert listed[0] == "check"
    assert sorted(listed) == sorted(COMMANDS)


def test_eval_and_check_both_say_workers() -> None:
    assert "--workers" in _help("eval")
    assert "--jobs" not in _help("eval")  # the old name still works, hidden
    assert "--workers" in _help("check")


@pytest.mark.parametrize("command", ["prove", "eval"])
def test_exit_codes_are_documented(command: str) -> None:
    text = " ".join(_help(command).split())
    assert "Exit codes: 0" in text
    assert "2 on" in text


def test_unknown_prover_lists_the_provers_once(tmp_path: object) -> None:
    result = runner.invoke(app, ["check", "-", "--prover", "nope"], input="{}\n")
    assert result.exit_code == 2
    assert result.stderr.count("z3") == 1, result.stderr
