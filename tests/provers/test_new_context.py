"""A Z3 context whose making is interrupted (Ctrl-C) leaves nothing to complain at exit."""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest
import z3
import z3.z3 as z3_module

from veridot.provers.z3_solver import new_context


def _interrupted(*args: Any) -> Any:
    raise KeyboardInterrupt


def test_an_interrupted_context_is_deleted_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    complaints: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", complaints.append)
    monkeypatch.setattr(z3_module, "Z3_mk_context_rc", _interrupted)
    with pytest.raises(KeyboardInterrupt):
        new_context()
    gc.collect()
    assert complaints == []


def test_a_context_made_whole_works() -> None:
    ctx = new_context()
    solver = z3.Solver(ctx=ctx)
    solver.add(z3.Int("x", ctx) > 1)
    assert solver.check() == z3.sat
