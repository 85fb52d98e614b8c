"""The design card's layering, checked on the source: imports flow api -> verifier -> provers ->
parser, and each solver, parsing or web library is imported only in the package that owns it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("parser", "provers", "verifier", "api")  # each may import only those before it
OWNED = {  # third-party top-level module -> the packages allowed to import it
    "z3": {"provers"},
    "cvc5": {"provers"},
    "lark": {"parser"},
    "fastapi": {"api"},
    "starlette": {"api"},
    "uvicorn": {"api"},
}


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno))
    return found


def _sources() -> list[tuple[str, Path]]:
    return [(pkg, path) for pkg in LAYERS for path in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize(("package", "path"), _sources(), ids=lambda v: str(v))
def test_imports_respect_layers_and_owners(package: str, path: Path) -> None:
    allowed_layers = set(LAYERS[: LAYERS.index(package) + 1])
    for module, line in _imports(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        if module in LAYERS:
            assert module in allowed_layers, f"{where}: {package} must not import {module}"
        if module in OWNED:
            assert package in OWNED[module], f"{where}: only {OWNED[module]} may import {module}"


def test_the_checker_sees_every_package() -> None:
    packages = {package for package, _ in _sources()}
    assert packages == set(LAYERS)
