"""The install commands: a slim first command, a test extra that lets no test skip for a package.

The README's first command installs what running veridot needs; its second installs the `test`
extra and runs the tests; `.ci/run` installs `dev` (the test extra and the linters) and runs the
same test command. A test that skips when a package is absent (`pytest.importorskip`) must find
that package in the test extra, or CI would lose its coverage without a sound.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
TEST_TOOLS = {"pytest", "hypothesis", "mypy", "ruff", "playwright", "schemathesis", "ray", "cvc5"}


def extra(name: str) -> set[str]:
    """The distributions an extra brings, through `veridot[...]` references too."""
    found: set[str] = set()
    for line in PROJECT["optional-dependencies"][name]:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == "veridot":
            for inner in requirement.extras:
                found |= extra(inner)
        else:
            found.add(canonicalize_name(requirement.name))
    return found


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```bash\n(.*?)\n```", text, re.M | re.S)[:2]


def test_the_first_command_installs_no_test_tool() -> None:
    first, _ = readme_commands()
    assert "pip install -e . &&" in first
    assert "veridot check examples/chain.jsonl" in first
    base = {canonicalize_name(Requirement(line).name) for line in PROJECT["dependencies"]}
    assert not base & TEST_TOOLS


def test_the_second_command_installs_the_test_extra_and_runs_the_tests() -> None:
    _, second = readme_commands()
    assert second == ". .venv/bin/activate && pip install -e '.[test]' && python -m pytest"
    assert TEST_TOOLS - {"mypy", "ruff"} <= extra("test")


def test_ci_runs_the_readme_test_command_with_the_linters() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[dev]'" in script
    assert extra("test") <= extra("dev")
    assert {"mypy", "ruff"} <= extra("dev")
    assert "\npython -m pytest" in script


def test_every_package_a_test_skips_without_is_in_the_test_extra() -> None:
    skipped_without = {
        module.split(".")[0]
        for path in (ROOT / "tests").rglob("*.py")
        for module in re.findall(r"importorskip\(\"([\w.]+)\"\)", path.read_text(encoding="utf-8"))
    }
    assert {"cvc5", "ray", "playwright", "yaml"} <= skipped_without  # the scan sees them
    # veridot's own modules (veridot.provers.cvc5_prover) stand for the optional package they
    # import.
    skipped_without -= {"veridot"}
    installed = packages_distributions()
    test_extra = extra("test")
    for module in sorted(skipped_without):
        assert module in installed, f"{module} is not installed: pip install -e '.[test]'"
        assert {canonicalize_name(d) for d in installed[module]} & test_extra, module
