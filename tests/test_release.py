"""The release workflow (.github/workflows/release.yml) and the build it runs, here and offline.

The workflow builds the sdist and the wheel with `python -m build` and checks them with
`twine check --strict`; this test runs both on this checkout (without build isolation, so the
installed hatchling builds offline) and validates the workflow against its published schema.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_workflow_is_valid() -> None:
    pytest.importorskip("check_jsonschema")
    done = run("check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_builds_and_checks_what_the_test_does() -> None:
    yaml = pytest.importorskip("yaml")
    build = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]
    scripts = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build\n" in scripts
    assert "twine check --strict dist/*" in scripts


@pytest.mark.slow
def test_sdist_and_wheel_build_and_pass_twine_check(tmp_path: Path) -> None:
    pytest.importorskip("build")
    pytest.importorskip("twine")
    pytest.importorskip("hatchling")
    dist = tmp_path / "dist"
    # As in the workflow: the sdist first, then the wheel built from the unpacked sdist, so a
    # file missing from the sdist breaks the wheel here too.
    done = run("build", "--no-isolation", "--outdir", str(dist), str(ROOT), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    (sdist,) = dist.glob("veridot-*.tar.gz")
    (wheel,) = dist.glob("veridot-*-py3-none-any.whl")

    done = run("twine", "check", "--strict", str(sdist), str(wheel))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2

    with tarfile.open(sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "grammars/fol.lark", "examples/chain.jsonl"} <= members
    assert "veridot/__init__.py" in members
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"veridot/grammars/fol.lark", "veridot/api/cli/main.py"} <= names
    assert {"veridot/__init__.py", "veridot/verifier/check.py"} <= names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)
    (entry_points,) = (name for name in names if name.endswith(".dist-info/entry_points.txt"))
    metadata = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "veridot = veridot.api.cli.main:main" in metadata
