"""ARCHITECTURE.md names files and folders of the tree: each one it names exists.

A name may be given whole (`verifier/readers/record.py`) or by its end where the text already
says the folder (`checking/judge.py`, `cmd_check.py`, `static/`), so a name passes when some
file or folder of the tree ends with it. A pattern (`cmd_<name>.py`) is not a name.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("api", "parser", "provers", "verifier", "grammars", "tests", "bench")
OTHERS = ("veridot/",)  # the package's links to the folders: not walked again
NAME = re.compile(r"`([\w./-]+(?:\.py|\.lark|/))`")


def _tree() -> set[str]:
    paths: set[str] = set()
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if "__pycache__" in path.parts:
                continue
            relative = path.relative_to(ROOT).as_posix()
            paths.add(relative + "/" if path.is_dir() else relative)
    return paths | {f + "/" for f in FOLDERS} | {o for o in OTHERS if (ROOT / o).is_dir()}


def test_every_file_the_architecture_names_exists() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    names = set(NAME.findall(text))
    assert "verifier/readers/record.py" in names  # the pattern sees the names
    tree = _tree()
    missing = sorted(n for n in names if not any(p == n or p.endswith("/" + n) for p in tree))
    assert missing == [], f"ARCHITECTURE.md names files that do not exist: {missing}"
