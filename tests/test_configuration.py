"""README's Configuration table documents every environment variable veridot reads, once.

The names come from the source: each string literal that is a whole `VERIDOT_*` name in the
four packages (what the CLI and the library read), and each field of the service's `Settings`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from veridot.api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"VERIDOT_[A-Z0-9_]+")


def _read_in_source() -> set[str]:
    names = {f"VERIDOT_{field.upper()}" for field in Settings.model_fields}
    for package in ("parser", "provers", "verifier", "api"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    names |= {node.value} if _NAME.fullmatch(node.value) else set()
    return names


def _table_rows() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `VERIDOT_")]


def test_every_variable_is_documented_once_in_the_configuration_table() -> None:
    documented = [_NAME.search(row).group() for row in _table_rows()]  # type: ignore[union-attr]
    assert len(documented) == len(set(documented)), "a variable has two rows"
    read = _read_in_source()
    assert {"VERIDOT_CACHE", "VERIDOT_LLM", "VERIDOT_POOL_SIZE"} <= read  # the scan sees them
    assert read - set(documented) == set(), "read but not documented"
    assert set(documented) - read == set(), "documented but never read"


def test_no_other_table_in_the_readme_documents_a_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `VERIDOT_")]
    assert len(rows) == len(_table_rows())
