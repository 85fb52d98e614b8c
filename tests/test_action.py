"""The composite GitHub Action (action.yml): its metadata, and its shell steps run for real.

GitHub's runner cannot run here, so the test does what it does for the `run:` steps: it reads
action.yml, evaluates the `${{ }}` expressions of each step's `env:` (inputs with their
defaults, `github.action_path` = this checkout, `runner.temp` = a temporary folder) and runs the
script with bash, in order; `uses:` steps (setup-python, actions/cache) are GitHub's own and are
skipped, standing in for setup-python with this interpreter. The install step runs unchanged,
but offline: pip is told to use no index and no build isolation, and PYTHONPATH lets the new
virtualenv see this environment's packages, so only veridot itself is built and installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

GOOD = '{"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}\n'
BAD = '{"id": "bad", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]}\n'


def action() -> dict[str, Any]:
    loaded = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def steps() -> list[dict[str, Any]]:
    found = action()["runs"]["steps"]
    assert isinstance(found, list)
    return found


@dataclass(frozen=True)
class Result:
    code: int
    out: str


class ActionRunner:
    """Runs the action's `run:` steps the way GitHub's runner would, with given inputs."""

    def __init__(self, temp: Path) -> None:
        self.temp = temp
        self.home = temp / "home"
        self.home.mkdir()

    def context(self, inputs: Mapping[str, str]) -> dict[str, str]:
        declared = action()["inputs"]
        unknown = set(inputs) - set(declared)
        assert not unknown, f"not inputs of action.yml: {unknown}"
        values = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in declared.items()}
        values.update({f"inputs.{name}": value for name, value in inputs.items()})
        values["github.action_path"] = str(ROOT)
        values["runner.temp"] = str(self.temp)
        values["steps.python.outputs.python-path"] = sys.executable
        return values

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ["PATH"],
            "HOME": str(self.home),
            # Offline: the new virtualenv sees this environment's packages, so pip finds every
            # dependency installed; no index, and the build backend is the installed hatchling
            # (pip reads PIP_NO_BUILD_ISOLATION=0 as "no build isolation").
            "PYTHONPATH": sysconfig.get_paths()["purelib"],
            "PIP_NO_INDEX": "1",
            "PIP_NO_BUILD_ISOLATION": "0",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }

    def run(self, step: Mapping[str, Any], inputs: Mapping[str, str], cwd: Path) -> Result:
        values = self.context(inputs)

        def evaluate(text: str) -> str:
            return EXPRESSION.sub(lambda m: values[m.group(1)], text)

        env = self.env() | {name: evaluate(str(v)) for name, v in step.get("env", {}).items()}
        done = subprocess.run(
            ["bash", "-c", step["run"]],  # GitHub runs `shell: bash` as bash -e {0}; the
            cwd=cwd,  # scripts set -euo pipefail themselves
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return Result(done.returncode, done.stdout + done.stderr)


def run_step(name: str) -> dict[str, Any]:
    (step,) = (s for s in steps() if s.get("name") == name)
    return step


def test_action_metadata_is_valid() -> None:
    """action.yml against the published schema of action metadata (vendored: offline)."""
    pytest.importorskip("check_jsonschema")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-actions",
            str(ACTION),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert action()["runs"]["using"] == "composite"


def test_inputs_reach_scripts_only_through_env() -> None:
    """A `${{ }}` inside a script would paste a file name or an argument into the code."""
    for step in steps():
        if "run" in step:
            assert EXPRESSION.search(step["run"]) is None, step["name"]
            assert step.get("shell") == "bash", step["name"]
            assert "if" not in step, step["name"]  # every run step runs, as in the test


def test_every_input_is_used() -> None:
    text = ACTION.read_text(encoding="utf-8").split("\nruns:", 1)[1]
    for name in action()["inputs"]:
        assert f"inputs.{name} " in text or f"inputs.{name}}}" in text, name


def test_cache_is_restored_and_saved_even_after_a_failed_check() -> None:
    by_uses = {s["uses"].split("@")[0]: s for s in steps() if "uses" in s}
    restore, save = by_uses["actions/cache/restore"], by_uses["actions/cache/save"]
    assert restore["with"]["path"] == save["with"]["path"] == "${{ inputs.cache }}"
    assert "always()" in save["if"]
    names = [s["name"] for s in steps()]
    assert names.index(restore["name"]) < names.index("veridot check") < names.index(save["name"])


@pytest.mark.parametrize("extras", ["cvc5]; touch pwned", "cvc5;ray", "$(touch pwned)", "x[y]"])
def test_extras_must_be_names(tmp_path: Path, extras: str) -> None:
    runner = ActionRunner(tmp_path)
    done = runner.run(run_step("Install veridot"), {"files": "x", "extras": extras}, tmp_path)
    assert done.code == 2, done.out
    assert "::error title=veridot::extras must be names separated by commas" in done.out
    assert not (tmp_path / "veridot-venv").exists()  # refused before anything is installed
    assert not list(tmp_path.glob("pwned*"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> ActionRunner:
    """The action's install step, run once for the module (builds and installs veridot)."""
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    runner = ActionRunner(tmp_path_factory.mktemp("runner"))
    done = runner.run(run_step("Install veridot"), {"files": "x"}, runner.temp)
    assert done.code == 0, done.out
    return runner


def check(runner: ActionRunner, cwd: Path, **inputs: str) -> Result:
    return runner.run(run_step("veridot check"), inputs, cwd)


def workspace(tmp_path: Path) -> Path:
    (tmp_path / "data" / "more").mkdir(parents=True)
    (tmp_path / "data" / "good.jsonl").write_text(GOOD + GOOD, encoding="utf-8")
    (tmp_path / "data" / "more" / "also-good.jsonl").write_text(GOOD, encoding="utf-8")
    (tmp_path / "wrong.jsonl").write_text(GOOD + BAD, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_installs_veridot_from_the_action_checkout(installed: ActionRunner) -> None:
    venv = installed.temp / "veridot-venv"
    done = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import veridot.api.cli.main; print(veridot.api.cli.main.__file__)",
        ],
        cwd=installed.temp,
        env=installed.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith(str(venv)), done.stdout  # a built copy, not this source tree


@pytest.mark.slow
def test_good_files_pass_and_fill_the_cache(installed: ActionRunner, tmp_path: Path) -> None:
    cwd = workspace(tmp_path)
    done = check(installed, cwd, files="data/**/*.jsonl", cache=str(tmp_path / "cache"))
    assert done.code == 0, done.out
    assert "::error" not in done.out
    assert "3 records" in done.out  # both files, through the ** pattern
    assert (tmp_path / "cache" / "cache.sqlite3").is_file()


@pytest.mark.slow
def test_an_invalid_step_fails_with_an_annotation(installed: ActionRunner, tmp_path: Path) -> None:
    cwd = workspace(tmp_path)
    done = check(installed, cwd, files="data/good.jsonl\nwrong.jsonl", workers="1", cache="")
    assert done.code == 1, done.out
    assert re.search(r"^::error file=wrong\.jsonl,line=2,title=veridot bad s0", done.out, re.M)
    assert "data/good.jsonl" not in re.findall(r"file=([^,]+)", done.out)
    assert not (installed.home / ".cache" / "veridot" / "cache.sqlite3").exists()  # "" is off


@pytest.mark.slow
def test_report_args_and_output(installed: ActionRunner, tmp_path: Path) -> None:
    cwd = workspace(tmp_path)
    done = check(
        installed,
        cwd,
        files="wrong.jsonl",
        report="junit",
        output="reports/report.xml",
        args="--allow unsupported",
        parser="fol",
    )
    assert done.code == 0, done.out  # Q(a) is unsupported, which --allow accepts
    assert "<testsuite" in (cwd / "reports" / "report.xml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_html_report_is_written_also_when_the_check_fails(
    installed: ActionRunner, tmp_path: Path
) -> None:
    cwd = workspace(tmp_path)
    done = check(installed, cwd, files="wrong.jsonl", html="out/report.html", workers="1")
    assert done.code == 1, done.out  # the check's own exit code, not the HTML run's
    assert "::error file=wrong.jsonl,line=2" in done.out
    page = (cwd / "out" / "report.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert '"bad"' in page


@pytest.mark.slow
def test_bad_inputs_are_errors_not_code(installed: ActionRunner, tmp_path: Path) -> None:
    cwd = workspace(tmp_path)
    done = check(installed, cwd, files="data/*.json")
    assert done.code == 2, done.out
    assert "::error title=veridot::no file matches 'data/*.json'" in done.out
    done = check(installed, cwd, files="data/good.jsonl", args="; touch pwned $(touch pwned2)")
    assert done.code == 2, done.out  # the words reach veridot as arguments, which it refuses
    assert not list(cwd.glob("pwned*"))
    done = check(installed, cwd, files="missing.jsonl")
    assert done.code == 2, done.out
