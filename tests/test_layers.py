"""The design card's layering, checked on the source: imports flow api -> verifier -> provers ->
parser, each solver, parsing or web library is imported only in the package that owns it, and
no two of the project's modules import each other (directly or round a longer loop)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
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


def _layer_of(module: str) -> str:
    """What an import names, for the rules here: `veridot.<folder>...` -> the folder; another
    library -> its top-level name; one of our folders imported bare (not through `veridot`) ->
    `bare <folder>`, which the tests refuse (installed, only `veridot` exists)."""
    parts = module.split(".")
    if parts[0] == "veridot":
        return parts[1] if len(parts) > 1 else "veridot"
    return f"bare {parts[0]}" if parts[0] in (*LAYERS, "grammars") else parts[0]


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((_layer_of(alias.name), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "veridot":  # `from veridot import <folder>`
                found.extend((_layer_of(f"veridot.{a.name}"), node.lineno) for a in node.names)
            else:
                found.append((_layer_of(node.module), node.lineno))
    return found


def _sources() -> list[tuple[str, Path]]:
    return [(pkg, path) for pkg in LAYERS for path in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize(("package", "path"), _sources(), ids=lambda v: str(v))
def test_imports_respect_layers_and_owners(package: str, path: Path) -> None:
    allowed_layers = set(LAYERS[: LAYERS.index(package) + 1])
    for module, line in _imports(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        assert not module.startswith("bare "), f"{where}: say veridot.{module[5:]}"
        if module in LAYERS:
            assert module in allowed_layers, f"{where}: {package} must not import {module}"
        if module in OWNED:
            assert package in OWNED[module], f"{where}: only {OWNED[module]} may import {module}"


def test_the_checker_sees_every_package() -> None:
    packages = {package for package, _ in _sources()}
    assert packages == set(LAYERS)


# -- import cycles -------------------------------------------------------------------------
# The module graph, from the source: an edge A -> B when A imports B. Imports are sorted by
# when they run: at module level (when A is imported), deferred (inside a function: when it
# is called) or for typing only (under `if TYPE_CHECKING:`: never at run time).
# Cycles that a run can take (module-level or deferred edges) that are known and not yet
# broken, each as its sorted modules with why; a new cycle fails the test. Issue 13 (the
# redesign) is to keep this empty. Typing-only cycles are allowed (there are none today).
KNOWN_CYCLES: dict[tuple[str, ...], str] = {}

Graph = dict[str, set[str]]


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (source file, is a package's __init__)."""
    found = {}
    for _, path in _sources():
        parts = path.relative_to(ROOT).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        found[".".join(("veridot", *(parts[:-1] if is_package else parts)))] = (
            path,
            is_package,
        )
    return found


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]
) -> set[str]:
    """The project modules an import loads (`from m import f`: m; `from p import m`: p.m)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names} & known
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1] if node.level else []
    stem = ".".join([*base, *([node.module] if node.module else [])])
    found = set()
    for alias in node.names:
        if f"{stem}.{alias.name}" in known:
            found.add(f"{stem}.{alias.name}")
        elif stem in known:
            found.add(stem)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_graphs() -> tuple[Graph, Graph, Graph]:
    """(module-level, deferred, typing-only) import edges of every module."""
    modules = _modules()
    known = set(modules)
    eager: Graph = {m: set() for m in modules}
    deferred: Graph = {m: set() for m in modules}
    typing_only: Graph = {m: set() for m in modules}
    for module, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        # (statements, the graph their imports go to); a function body defers its imports.
        todo: list[tuple[Iterable[ast.AST], Graph]] = [(tree.body, eager)]
        while todo:
            nodes, graph = todo.pop()
            for node in nodes:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    graph[module] |= _targets(node, module, is_package, known) - {module}
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    todo.append(
                        (
                            ast.iter_child_nodes(node),
                            typing_only if graph is typing_only else deferred,
                        )
                    )
                elif isinstance(node, ast.If) and _is_type_checking(node.test):
                    todo.extend([(node.body, typing_only), (node.orelse, graph)])
                else:
                    todo.append((ast.iter_child_nodes(node), graph))
    return eager, deferred, typing_only


def _cycles(graph: Graph) -> list[tuple[str, ...]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(v: str) -> None:  # recursion depth is bounded by the number of modules
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _union(*graphs: Graph) -> Graph:
    return {m: set().union(*(g[m] for g in graphs)) for m in graphs[0]}


def test_no_import_cycle_at_module_level() -> None:
    eager, _, _ = _import_graphs()
    assert _cycles(eager) == []


def test_no_import_cycle_at_run_time() -> None:
    """Deferred imports count too: a function-level import only hides a cycle from the loader.
    Typing-only imports do not (they never run; mypy resolves such cycles)."""
    eager, deferred, _ = _import_graphs()
    assert sorted(set(_cycles(_union(eager, deferred))) - set(KNOWN_CYCLES)) == []


def test_no_import_cycle_even_for_typing() -> None:
    """Issue 13: typing-only imports form no cycle either (a module pair that needs each
    other's names to be typed is one concept split in two, or a missing interface)."""
    eager, deferred, typing_only = _import_graphs()
    assert _cycles(_union(eager, deferred, typing_only)) == []


def test_known_cycles_are_still_cycles() -> None:
    """A known cycle that was broken leaves the list, so it cannot come back unnoticed."""
    eager, deferred, _ = _import_graphs()
    assert set(KNOWN_CYCLES) <= set(_cycles(_union(eager, deferred)))


def test_the_import_graph_sees_every_kind_of_edge() -> None:
    """The graph builder itself: edges it must find in today's source."""
    eager, deferred, typing_only = _import_graphs()
    assert (
        "veridot.verifier.readers.jsonl" in eager["veridot.verifier.readers"]
    )  # `from pkg.mod import f`
    assert (
        "veridot.verifier.evaluate_pool" in deferred["veridot.verifier.evaluate"]
    )  # inside a function
    assert "veridot.verifier.runner" in typing_only["veridot.api.cli.cmd_check"]  # if TYPE_CHECKING
    assert (
        "veridot.verifier.evaluate" not in _union(eager, deferred)["veridot.verifier.evaluate_pool"]
    )
    # and it reports a loop when there is one
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [("a", "b", "c")]


# -- the two rooms of api/ ---------------------------------------------------------------------
# The CLI (api/cli) and the REST service (api/service) are two products: the service never
# imports the CLI, and the web stack is the service's (uvicorn also in the command that starts
# it). Both may import what api/ shares (veridot.api.settings).
WEB = {"fastapi", "starlette", "uvicorn"}


@pytest.mark.parametrize("path", sorted((ROOT / "api").rglob("*.py")), ids=lambda v: str(v))
def test_the_api_rooms_stay_apart(path: Path) -> None:
    relative = path.relative_to(ROOT / "api").parts
    room = relative[0] if len(relative) > 1 else "shared"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [
                f"{node.module}.{alias.name}" for alias in node.names
            ]  # `from veridot.api import cli`
        else:
            continue
        for name in names:
            parts = name.split(".")
            where = f"api/{'/'.join(relative)}:{node.lineno}"
            if parts[:2] == ["veridot", "api"]:
                parts = parts[1:]
            if parts[:2] == ["api", "cli"]:
                assert room == "cli", f"{where}: only the CLI imports the CLI"
            if parts[0] in WEB:
                allowed = room == "service" or (parts[0] == "uvicorn" and path.stem == "cmd_serve")
                assert allowed, f"{where}: {parts[0]} belongs to the service room"


# -- one import name -------------------------------------------------------------------------
# Installed, veridot is one package, `veridot` (issue 14): its code, tests and benchmarks import
# `veridot.<folder>`, never a folder bare. A bare import would work here, where the folders sit
# at the top of the checkout, and fail in a wheel, or pick up a user's own `parser` package.
_CHECKED = (*LAYERS, "grammars", "tests", "bench", "examples")


def test_no_bare_import_of_a_folder_anywhere() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in _CHECKED
        if (ROOT / folder).is_dir()
        for path in sorted((ROOT / folder).rglob("*.py"))
        for module, line in _imports(path)
        if module.startswith("bare ")
    ]
    assert offenders == [], "import veridot.<folder>, not the folder"


def test_a_bare_import_is_told_from_a_veridot_one() -> None:
    folder = LAYERS[0]
    assert _layer_of(f"{folder}.ast") == f"bare {folder}"
    assert _layer_of(f"veridot.{folder}.ast") == folder
    assert _layer_of("fastapi.responses") == "fastapi"
