"""Diagrams of Thought, per-step verification, critic messages, reports and dataset runs.

`verify`, `verify_each`, `iter_verify` and `prove` are loaded on first use (module
`__getattr__`), so that importing a submodule such as `verifier.evaluate` does not also load
the DoT checker.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from verifier.check import iter_verify, verify, verify_each
    from verifier.prove import prove

__all__ = ["iter_verify", "prove", "verify", "verify_each"]

_HOMES = {
    "iter_verify": "verifier.check",
    "verify": "verifier.check",
    "verify_each": "verifier.check",
    "prove": "verifier.prove",
}


def __getattr__(name: str) -> object:
    """Import a re-exported function from its module when it is first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'verifier' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


class _Package(types.ModuleType):
    """This package, with `prove` naming the function even once `verifier.prove` is imported.

    Importing a submodule binds it as an attribute of its package, so after any
    `from verifier.prove import read_formula` a later `from verifier import prove` would get
    the module `verifier.prove` (not callable) instead of the function.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == value.__name__:
            value = getattr(value, name)  # the submodule has run: its function exists
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
