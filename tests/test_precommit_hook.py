"""The pre-commit hook (.pre-commit-hooks.yaml), run by pre-commit itself with `try-repo`.

A temporary git repository holds a dataset; `pre-commit try-repo <this checkout> veridot-check`
clones this checkout (with its uncommitted changes), builds the hook's virtualenv with
`pip install .` and runs the hook on the staged files. The build runs offline: pip uses no index
and no build isolation, and PYTHONPATH lets the hook's virtualenv see this environment's
packages (veridot's dependencies and hatchling), so pip builds and installs veridot alone.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = {"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
BAD = {"id": "bad", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "¬P(a)"}]}
OFFLINE_FAILURES = ("No matching distribution", "Could not find a version", "NewConnectionError")

pytest.importorskip("pre_commit")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this as "no build isolation"
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "VERIDOT_CACHE": "off",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "veridot-check"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.mark.slow
def test_hook_passes_good_data_and_fails_a_wrong_step(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("no git")
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("the hook's env is built offline with this environment's hatchling: absent")
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "data" / "cot.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    (repo / "notes.txt").write_text("not a dataset: the hook's files pattern skips it\n")
    (repo / "package.yaml").write_text("{}\n")
    git(repo, "add", ".")

    done = try_repo(repo, tmp_path / "home")
    output = done.stdout + done.stderr
    if done.returncode != 0 and any(sign in output for sign in OFFLINE_FAILURES):
        pytest.skip(f"pre-commit could not build the hook's env offline: {output[-500:]}")
    assert done.returncode == 0, output
    assert "veridot check" in output
    assert "Passed" in output

    (repo / "data" / "more.json").write_text(json.dumps([GOOD, BAD]), encoding="utf-8")
    git(repo, "add", ".")
    done = try_repo(repo, tmp_path / "home")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Failed" in output
    assert "bad: invalid" in output  # the hook's output is veridot's report
    assert "contradicted" in output
