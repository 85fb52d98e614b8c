"""The wheel in a project with its own `parser/` and `api/` packages (issue 14 item 1).

Installing veridot adds one import name, `veridot`, so a user's own `parser`, `api` (or
`verifier`) package is theirs: the library (`from veridot import verify`) and the `veridot`
command both work in such a project. With the old layout the wheel installed top-level
`parser`, `api`, ... and `veridot check` died there with "No module named 'parser.ast'".

Offline, as tests/test_wheel.py: the wheel is built with the installed build backend (no build
isolation), installed without dependencies or an index into a fresh virtualenv, and that venv
finds the dependencies through a `.pth` line naming this environment's site-packages (a plain
path: the editable install's own `.pth` there is not processed, so the checkout is not on its
path). The project's folder is the working directory and on PYTHONPATH, so its packages come
first for the library and for the command alike.
"""

# layout-tools: no-rewrite (the user's `parser` and `api` below are theirs, not ours)

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from offline_venv import offline_venv

ROOT = Path(__file__).resolve().parents[1]

USER_PACKAGES = ("parser", "api", "verifier")
LIBRARY_USE = """
import api, parser, verifier  # the project's own packages
from veridot import prove, verify
import veridot.parser.fol

assert (api.OWNER, parser.OWNER, verifier.OWNER) == ("user", "user", "user")
print(prove(["P(a)", "P(a) → Q(a)"], "Q(a)").verdict.value)
record = {"id": "r", "premises": ["Cat(tom)"], "steps": ["Cat(tom) ∨ Dog(tom)"], "parser": "fol"}
verdict = verify(record).verdict
print(getattr(verdict, "value", verdict))
print(veridot.parser.fol.__file__)
"""


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.slow
def test_the_wheel_works_next_to_a_users_own_parser_and_api(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", str(dist), str(ROOT)],
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("veridot-*.whl")

    env_dir = tmp_path / "venv"
    python, site = offline_venv(env_dir)
    installed = _run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install"),
            *("--no-deps", "--no-index", "--quiet", str(wheel)),
        ],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr

    project = tmp_path / "project"
    for name in USER_PACKAGES:
        (project / name).mkdir(parents=True)
        (project / name / "__init__.py").write_text('OWNER = "user"\n')
    (project / "chain.jsonl").write_text(
        json.dumps(
            {
                "id": "tom",
                "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
                "steps": ["Animal(tom)"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    user_env = {"PYTHONPATH": str(project), "VERIDOT_CACHE": "off"}

    library = _run([str(python), "-c", LIBRARY_USE], cwd=project, **user_env)
    assert library.returncode == 0, library.stderr
    entailed, verdict, source = library.stdout.split()
    assert (entailed, verdict) == ("entailed", "valid")
    assert source.startswith(str(site / "veridot"))  # the wheel's copy, not this checkout

    command = _run(
        [str(env_dir / "bin" / "veridot"), "check", "chain.jsonl", "--parser=fol", "--report=json"],
        cwd=project,
        **user_env,
    )
    assert command.returncode == 0, command.stderr
    assert json.loads(command.stdout)["verdict"] == "valid"
    for name in USER_PACKAGES:  # veridot wrote nothing into them
        assert sorted(p.name for p in (project / name).iterdir()) in (
            ["__init__.py"],
            ["__init__.py", "__pycache__"],
        )


@pytest.mark.slow
def test_an_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    """`pip install -e .` puts the checkout on sys.path: `veridot.<folder>` is the folder here."""
    pytest.importorskip("hatchling")  # the editable wheel is built offline with it
    env_dir = tmp_path / "venv"
    python, _ = offline_venv(env_dir)
    installed = _run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"),
            *("--no-index", "--no-build-isolation", "--quiet", "-e", str(ROOT)),
        ],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    code = "import veridot.parser.fol as m; print(m.__file__)"
    done = _run([str(python), "-c", code], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).resolve() == ROOT / "parser" / "fol.py"
    command = _run([str(env_dir / "bin" / "veridot"), "--version"], cwd=tmp_path)
    assert command.returncode == 0, command.stderr
    assert command.stdout.startswith("veridot ")
