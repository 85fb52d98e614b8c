"""Diagrams of Thought, per-step verification, critic messages, reports and dataset runs.

`verify`, `verify_each`, `iter_verify` and `prove` are loaded on first use (module
`__getattr__`), so that importing a submodule such as `veridot.verifier.evaluate` does not also load
the DoT checker. No submodule is named like a re-exported function: importing a submodule binds
it on the package, and `verifier.prove` as a module would shadow the function `prove`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from veridot.verifier.check import iter_verify, verify, verify_each
    from veridot.verifier.prove_claim import prove

__all__ = ["iter_verify", "prove", "verify", "verify_each"]

_HOMES = {
    "iter_verify": "veridot.verifier.check",
    "verify": "veridot.verifier.check",
    "verify_each": "veridot.verifier.check",
    "prove": "veridot.verifier.prove_claim",
}


def __getattr__(name: str) -> object:
    """Import a re-exported function from its module when it is first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'verifier' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value
