"""HTTP statuses are written in api/service/errors.py only (issue 13 item 5): every other module of
the service raises error codes, documents its errors by code and names `OK` / `NOT_READY`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[2] / "api"
_STATUS_WORDS = {"status", "status_code"}


def _is_status(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and 100 <= node.value <= 599


def _written_statuses(tree: ast.AST) -> list[int]:
    """Lines where a literal HTTP status is passed, assigned or documented as one."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in _STATUS_WORDS | {"responses"}:
            values = [node.value]
            if isinstance(node.value, ast.Dict):  # responses={503: {...}}
                values = [key for key in node.value.keys if key is not None]
            found += [v.lineno for v in values if _is_status(v)]
        elif isinstance(node, ast.IfExp) and any(_is_status(v) for v in (node.body, node.orelse)):
            found.append(node.lineno)  # status_code=200 if ready else 503
        elif isinstance(node, ast.Assign | ast.AnnAssign) and _is_status(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(t, "id", None) in _STATUS_WORDS for t in targets):
                found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module in {
            "fastapi.status",
            "starlette.status",
            "http",
        }:
            found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(API.rglob("*.py")) if p.name != "errors.py"],
    ids=lambda p: str(p.relative_to(API)),
)
def test_no_module_but_errors_writes_a_status(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not _written_statuses(tree), f"{path.name}: statuses belong in api/service/errors.py"


def test_the_scan_sees_each_way_of_writing_a_status() -> None:
    samples = [
        "JSONResponse(body, status_code=503)",
        "router.get('/x', responses={503: {}})",
        "JSONResponse(body, status_code=200 if ready else 503)",
        "status = 500",
        "from starlette.status import HTTP_503_SERVICE_UNAVAILABLE",
    ]
    for sample in samples:
        assert _written_statuses(ast.parse(sample)), sample
    assert not _written_statuses(ast.parse("pool = Pool(max_jobs=500)"))
