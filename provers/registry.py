"""Prover backends by name: `get_prover("z3")`, and which ones are installed.

Backends are imported lazily, so asking for Z3 never loads cvc5 and vice versa. A backend
whose solver library is missing raises `ProverNotInstalledError` (or `ImportError`) at import
and is left out of `available_provers()`; tests run the shared corpus against every name it
returns, so a new backend is tested as soon as it is registered here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from veridot.provers.base import Prover, ProverError, ProverNotInstalledError

# name -> (module, class); order is the order of preference.
BACKENDS: dict[str, tuple[str, str]] = {
    "z3": ("veridot.provers.z3_prover", "Z3Prover"),
    "cvc5": ("veridot.provers.cvc5_prover", "Cvc5Prover"),
    "both": ("veridot.provers.combined", "BothProver"),
    "portfolio": ("veridot.provers.combined", "PortfolioProver"),
}


class UnknownProverError(ProverError, ValueError):
    """A prover name that is not registered."""


@cache
def _backend_class(name: str) -> type:
    module_name, class_name = BACKENDS[name]
    try:
        module = importlib.import_module(module_name)
    except ProverNotInstalledError:
        raise
    except ImportError as exc:  # the backend module or its solver library is missing
        raise ProverNotInstalledError(f"prover {name!r} is not available: {exc}") from exc
    backend: type = getattr(module, class_name)
    return backend


# Backends made at run time by tools (e.g. `veridot export`'s recorder); never listed by
# `available_provers`, so the corpus and the CLI choices do not see them.
_RUNTIME: dict[str, Callable[[], Prover]] = {}


def register_prover(name: str, factory: Callable[[], Prover] | None) -> None:
    """Make `get_prover(name)` return `factory()` (None removes it); for tools, not users."""
    if factory is None:
        _RUNTIME.pop(name, None)
    else:
        _RUNTIME[name] = factory


def get_prover(name: str = "z3") -> Prover:
    """A fresh prover instance by name; `ProverNotInstalledError` if its library is missing."""
    if name in _RUNTIME:
        return _RUNTIME[name]()
    require_prover(name)
    prover: Prover = _backend_class(name)()
    return prover


def require_prover(name: str) -> None:
    """Raise what `get_prover(name)` would when `name` cannot be used here
    (`UnknownProverError`, or `ProverNotInstalledError` with the install command), without
    making a prover. A run checks this first: a missing backend is one clear error, not an
    `unknown` verdict for every step. (A tool's run-time backend is trusted as registered.)
    """
    if name in _RUNTIME:
        return
    if name not in BACKENDS:
        known = ", ".join(BACKENDS)
        raise UnknownProverError(f"unknown prover {name!r} (known: {known})")
    _backend_class(name)


def available_provers() -> list[str]:
    """Names of the backends that can be used here (installed and importable)."""
    names = []
    for name in BACKENDS:
        try:
            _backend_class(name)
        except ProverNotInstalledError:
            continue
        names.append(name)
    return names
