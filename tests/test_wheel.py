"""The wheel carries the grammars and its `veridot` script works outside the source tree.

Builds the wheel with the already-installed build backend (no network), installs it without
dependencies into a fresh virtualenv, and lets that venv find the dependencies through a
`.pth` line pointing at the current environment's site-packages (a plain path line: the
editable install's own `.pth` there is not processed, so only the wheel's copy is imported).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from offline_venv import offline_venv

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_proves(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # The dev extra installs the build backend, so the wheel builds offline; without it pip
    # fetches the backend into an isolated build environment.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            *isolation,
            "--quiet",
            "--wheel-dir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = dist.glob("veridot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "veridot/grammars/fol.lark" in names
    assert "veridot/api/cli/main.py" in names
    # one import name: nothing but veridot/ and its metadata at the top of the wheel
    assert {name.split("/")[0] for name in names} == {
        "veridot",
        wheel.name.split("-py3")[0] + ".dist-info",
    }

    env_dir = tmp_path / "venv"
    python, site = offline_venv(env_dir)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    script = env_dir / "bin" / "veridot"
    done = subprocess.run(
        [str(script), "prove", "--premise", "P(a)", "--conclusion", "P(a)", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "entailed"
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import veridot.parser.fol; from veridot.parser.grammar_files import grammar_text; "
            "print(veridot.parser.fol.__file__); print(len(grammar_text('fol.lark')))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(site))  # the wheel's copy, not the source tree
    assert int(where[1]) > 0
