"""A fresh virtualenv for the install tests (test_wheel.py, test_foreign_project.py), offline.

The venv is made without pip and finds this environment's packages (veridot's dependencies)
through a `.pth` line naming this environment's site-packages: a plain path, so the editable
install's own `.pth` there is not processed and the checkout is not on the venv's path.
Imported by its bare name, as `app_fixtures` is: pytest puts `tests/` on sys.path for the
`conftest.py` there.
"""

from __future__ import annotations

import subprocess
import sysconfig
import venv
from pathlib import Path


def offline_venv(env_dir: Path) -> tuple[Path, Path]:
    """Create the venv at `env_dir`; its python and its site-packages."""
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    found = subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    site = Path(found.stdout.strip())
    (site / "outer-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python, site
