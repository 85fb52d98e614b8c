"""One import name, `veridot`, over the repository's folders (issue 14 item 1).

In a checkout `veridot/<folder>` are links to the top-level folders, so `veridot.parser` is the
folder `parser/` for Python, mypy and editors alike; where a checkout has no links (git on
Windows without `core.symlinks` writes each as a small text file) `veridot/__init__.py` finds
the folders next to it. The wheel maps the folders under veridot/ (tests/test_wheel.py,
tests/test_foreign_project.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import veridot
import veridot.verifier

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("parser", "provers", "verifier", "api", "grammars")


def test_each_folder_is_a_subpackage_of_veridot_through_a_link() -> None:
    for folder in FOLDERS:
        link = ROOT / "veridot" / folder
        assert link.is_symlink(), f"veridot/{folder} should link to ../{folder}"
        assert link.resolve() == (ROOT / folder).resolve()
    assert Path(veridot.verifier.__file__).resolve() == ROOT / "verifier" / "__init__.py"


def test_the_public_names_are_the_verifiers() -> None:
    from veridot import prove, verify

    assert verify is veridot.verifier.verify
    assert prove is veridot.verifier.prove
    assert sorted(veridot.__all__) == sorted(veridot.verifier.__all__)


def test_a_checkout_without_links_finds_the_folders(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "veridot").mkdir(parents=True)
    shutil.copy(ROOT / "veridot" / "__init__.py", checkout / "veridot" / "__init__.py")
    (checkout / "pyproject.toml").write_text("")
    for folder in FOLDERS:  # what git writes for a link where it cannot make one
        (checkout / "veridot" / folder).write_text(f"../{folder}")
    (checkout / "verifier").mkdir()
    (checkout / "verifier" / "__init__.py").write_text('WHERE = "the checkout"\n')
    code = "import veridot.verifier as v; print(v.WHERE)"
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(checkout)!r}); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "the checkout"


def test_python_m_veridot_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "veridot", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "check" in done.stdout
